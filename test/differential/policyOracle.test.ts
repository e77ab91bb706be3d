import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument } from '../../state/policy/document.js';
import { evaluate, type Decision } from '../../state/policy/evaluator.js';
import { RequestValues } from '../../state/policy/requestValues.js';

/**
 * Differential test: a few hundred generated policy/request pairs, decided by linkstack's own
 * evaluator and by @cloud-copilot/iam-simulate (AGPL, a devDependency used only here as an
 * oracle). They must agree, except for the deliberate differences listed below.
 */

const ACCOUNT = '000000000000';
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** A small deterministic PRNG (mulberry32), so every run checks the same cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REQUESTS: { action: string; resource: string }[] = [
  { action: 'iam:CreateServiceLinkedRole', resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS` },
  {
    action: 'iam:CreateServiceLinkedRole',
    resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`,
  },
  { action: 'iam:UpdateRoleDescription', resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS` },
  { action: 'iam:DeleteServiceLinkedRole', resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS_x` },
  { action: 'iam:GetRole', resource: `arn:aws:iam::${ACCOUNT}:role/alice` },
  { action: 'iam:GetRole', resource: `arn:aws:iam::${ACCOUNT}:role/App1` },
  { action: 'iam:CreateAccessKey', resource: USER_ARN },
  { action: 'ecs:CreateCluster', resource: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/c1` },
  { action: 'ecs:DeleteCluster', resource: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod` },
  { action: 'ecs:ListClusters', resource: '*' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/alice/notes.txt' },
  { action: 'ec2:DescribeInstances', resource: '*' },
];

const ACTION_PATTERNS = [
  '*',
  'iam:*',
  'iam:Get*',
  'IAM:getrole',
  'iam:*ServiceLinkedRole',
  'iam:CreateServiceLinkedRole',
  'iam:UpdateRoleDescription',
  'ecs:*',
  'ecs:?reateCluster',
  'ecs:List*',
  's3:GetObject',
  'ec2:Describe*',
];

const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
  'arn:aws:iam::*:role/*',
  `arn:aws:iam::${ACCOUNT}:role/App?`,
  'arn:aws:iam::*:role/${aws:username}',
  'arn:aws:iam::*:user/${aws:username}',
  'arn:aws:ecs:eu-*:*:cluster/*',
  'arn:aws:ecs:*:*:cluster/c?',
  'arn:aws:s3:::bucket/${aws:username}/*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:iam::111122223333:role/*',
];

type Block = Record<string, Record<string, string | string[]>>;

const CONDITIONS: Block[] = [
  { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
  { StringEquals: { 'iam:AWSServiceName': ['ecs.amazonaws.com', 'elasticbeanstalk.amazonaws.com'] } },
  { StringNotEquals: { 'aws:username': 'bob' } },
  { StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } },
  { StringNotLike: { 'aws:RequestedRegion': 'us-*' } },
  { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
  { StringEqualsIfExists: { 'aws:ResourceTag/team': 'blue' } },
  { Null: { 'aws:ResourceTag/team': 'false' } },
  { Null: { 'aws:ResourceTag/team': 'true' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
  { NumericLessThan: { 's3:max-keys': '10' } },
  { NumericGreaterThanEquals: { 's3:max-keys': '10' } },
  { DateLessThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } },
  { DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/a*' } },
  { ArnNotEquals: { 'aws:PrincipalArn': USER_ARN } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
  { 'ForAllValues:StringLike': { 'aws:TagKeys': 't*' } },
  { StringLike: { 's3:prefix': '${aws:username}/*' } },
];

/** Request values a generated case may include. */
const CONTEXT_CHOICES: Record<string, (string | string[])[]> = {
  'iam:AWSServiceName': ['ecs.amazonaws.com', 'elasticbeanstalk.amazonaws.com'],
  'aws:RequestedRegion': ['eu-west-1', 'us-east-1'],
  'aws:ResourceTag/team': ['blue', 'red'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:MultiFactorAuthPresent': ['true', 'false'],
  's3:max-keys': ['5', '10', '50'],
  'aws:CurrentTime': ['2026-01-15T10:00:00Z', '2026-07-01T00:00:00Z'],
  'aws:SourceIp': ['10.1.2.3', '192.168.1.1', '8.8.8.8'],
  'aws:TagKeys': [['team'], ['team', 'env'], ['team', 'owner']],
  's3:prefix': ['alice/docs', 'bob/docs'],
};

/**
 * Who calls. As in enforcement, aws:PrincipalArn is always known and aws:username exists for
 * IAM users only; a role session leaves `${aws:username}` without a value.
 */
const PRINCIPALS: { arn: string; context: Record<string, string> }[] = [
  { arn: USER_ARN, context: { 'aws:username': 'alice', 'aws:PrincipalArn': USER_ARN } },
  { arn: `arn:aws:iam::${ACCOUNT}:user/bob`, context: { 'aws:username': 'bob', 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/bob` } },
  {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/builder/session`,
    context: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/builder` },
  },
];

interface Case {
  principal: string;
  policy: { Version: string; Statement: Record<string, unknown>[] };
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

function generate(count: number, seed: number): Case[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const some = <T>(xs: readonly T[], max: number): T[] => {
    const n = 1 + Math.floor(rand() * max);
    return [...new Set(Array.from({ length: n }, () => pick(xs)))];
  };
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const statements = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const s: Record<string, unknown> = { Effect: rand() < 0.65 ? 'Allow' : 'Deny' };
      s[rand() < 0.85 ? 'Action' : 'NotAction'] = some(ACTION_PATTERNS, 3);
      s[rand() < 0.85 ? 'Resource' : 'NotResource'] = some(RESOURCE_PATTERNS, 2);
      if (rand() < 0.5) {
        const condition: Block = {};
        for (const block of some(CONDITIONS, 2)) {
          for (const [op, keys] of Object.entries(block)) condition[op] = { ...(condition[op] ?? {}), ...keys };
        }
        s.Condition = condition;
      }
      return s;
    });
    const principal = pick(PRINCIPALS);
    const context: Record<string, string | string[]> = { ...principal.context };
    for (const [key, values] of Object.entries(CONTEXT_CHOICES)) if (rand() < 0.5) context[key] = pick(values);
    const request = pick(REQUESTS);
    cases.push({ principal: principal.arn, policy: { Version: '2012-10-17', Statement: statements }, action: request.action, resource: request.resource, context });
  }
  return cases;
}

const ORACLE_NAMES: Record<string, Decision> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

function ours(c: Case): Decision {
  const document = parsePolicyDocument(JSON.stringify(c.policy));
  return evaluate([{ id: 'p', type: 'user', document }], { action: c.action, resource: c.resource, values: new RequestValues(c.context) })
    .decision;
}

function oracle(c: Case): Decision {
  const result = runUnsafeSimulation(
    {
      request: { principal: c.principal, action: c.action, resource: { resource: c.resource, accountId: ACCOUNT }, contextVariables: c.context },
      identityPolicies: [{ name: 'p', policy: c.policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return ORACLE_NAMES[result]!;
}

/**
 * Deliberate differences: the only reasons a disagreement may have. Each must still explain at
 * least one generated case, so that the list stays true.
 */
const DELIBERATE: { reason: string; applies: (c: Case) => boolean }[] = [
  {
    reason:
      'Actions without resource types (ecs:ListClusters, ec2:DescribeInstances) are requested on "*". AWS documents that ' +
      'such actions need a statement whose Resource is "*"; linkstack matches "*" like any other ARN, while ' +
      'iam-simulate lets a "*" request match every Resource/NotResource pattern.',
    applies: (c) => c.resource === '*',
  },
];

describe('differential: linkstack evaluator vs @cloud-copilot/iam-simulate', () => {
  const cases = generate(500, 20260115);

  it('generates a spread of outcomes (the comparison is not trivially all-deny)', () => {
    const counts = { allowed: 0, explicitDeny: 0, implicitDeny: 0 };
    for (const c of cases) counts[ours(c)]++;
    expect(counts.allowed).toBeGreaterThan(40);
    expect(counts.explicitDeny).toBeGreaterThan(15);
    expect(counts.implicitDeny).toBeGreaterThan(50);
  });

  it('agrees on every generated case except the listed deliberate differences', () => {
    const disagreements: { case: Case; ours: Decision; oracle: Decision; deliberate?: string }[] = [];
    for (const c of cases) {
      const a = ours(c);
      const b = oracle(c);
      if (a !== b) disagreements.push({ case: c, ours: a, oracle: b, deliberate: DELIBERATE.find((d) => d.applies(c))?.reason });
    }
    const unexplained = disagreements.filter((d) => !d.deliberate);
    expect(unexplained.map((d) => JSON.stringify(d))).toEqual([]);
    for (const d of DELIBERATE) expect(disagreements.some((x) => x.deliberate === d.reason), d.reason).toBe(true);
    // The deliberate differences stay a small minority of the cases.
    expect(disagreements.length).toBeLessThan(cases.length / 10);
  });
});
