import { describe, expect, it } from 'vitest';
import { parsePolicyDocument, parseTrustPolicyDocument, type PolicyDocument } from '../../state/policy/document.js';
import { evaluate, type PolicySource } from '../../state/policy/evaluator.js';
import { RequestValues } from '../../state/policy/requestValues.js';

const ECS_ROLE = 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS';
const EB_ROLE =
  'arn:aws:iam::000000000000:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk';

function policy(...statements: Record<string, unknown>[]): PolicySource {
  return { id: 'p', type: 'user', document: parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements })) };
}

function decide(p: PolicySource | PolicySource[], action: string, resource: string, values: Record<string, string | string[]> = {}) {
  return evaluate(Array.isArray(p) ? p : [p], { action, resource, values: new RequestValues(values) }).decision;
}

const seedCreate = policy({
  Effect: 'Allow',
  Action: ['iam:CreateServiceLinkedRole'],
  Resource: 'arn:aws:iam::*:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS*',
  Condition: { StringLike: { 'iam:AWSServiceName': 'ecs.amazonaws.com' } },
});

describe('evaluate: effects', () => {
  it('allows what the seed statement allows, and nothing else', () => {
    expect(decide(seedCreate, 'iam:CreateServiceLinkedRole', ECS_ROLE, { 'iam:AWSServiceName': 'ecs.amazonaws.com' })).toBe('allowed');
    expect(
      decide(seedCreate, 'iam:CreateServiceLinkedRole', EB_ROLE, { 'iam:AWSServiceName': 'elasticbeanstalk.amazonaws.com' }),
    ).toBe('implicitDeny');
    expect(decide(seedCreate, 'iam:CreateServiceLinkedRole', ECS_ROLE, {})).toBe('implicitDeny');
    expect(decide(seedCreate, 'iam:DeleteServiceLinkedRole', ECS_ROLE, { 'iam:AWSServiceName': 'ecs.amazonaws.com' })).toBe(
      'implicitDeny',
    );
  });

  it('lets an explicit Deny win over any Allow', () => {
    const deny = policy({ Effect: 'Deny', Action: 'iam:*', Resource: '*' });
    expect(decide([seedCreate, deny], 'iam:CreateServiceLinkedRole', ECS_ROLE, { 'iam:AWSServiceName': 'ecs.amazonaws.com' })).toBe(
      'explicitDeny',
    );
  });

  it('denies implicitly with no policies at all', () => {
    expect(decide([], 'iam:GetRole', ECS_ROLE)).toBe('implicitDeny');
  });

  it('reports the deciding statements and the condition keys the request lacked', () => {
    const r = evaluate([seedCreate], { action: 'iam:CreateServiceLinkedRole', resource: ECS_ROLE, values: new RequestValues() });
    expect(r.missingContextValues).toEqual(['iam:AWSServiceName']);
    const ok = evaluate([seedCreate], {
      action: 'iam:CreateServiceLinkedRole',
      resource: ECS_ROLE,
      values: new RequestValues({ 'iam:AWSServiceName': 'ecs.amazonaws.com' }),
    });
    expect(ok.matchedStatements).toEqual([{ sourcePolicyId: 'p', sourcePolicyType: 'user', statementIndex: 0, effect: 'Allow' }]);
  });
});

describe('evaluate: actions and resources', () => {
  it('matches actions without regard to case, with * and ? wildcards', () => {
    const p = policy({ Effect: 'Allow', Action: ['IAM:get*', 'ecs:Describe?lusters'], Resource: '*' });
    expect(decide(p, 'iam:GetRole', ECS_ROLE)).toBe('allowed');
    expect(decide(p, 'ecs:DescribeClusters', '*')).toBe('allowed');
    expect(decide(p, 'ecs:DescribeXXlusters', '*')).toBe('implicitDeny');
    expect(decide(p, 'iam:ListRoles', '*')).toBe('implicitDeny');
  });

  it('matches ARNs with case, segment by segment', () => {
    const p = policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: 'arn:aws:iam::*:role/App?' });
    expect(decide(p, 'iam:GetRole', 'arn:aws:iam::000000000000:role/App1')).toBe('allowed');
    expect(decide(p, 'iam:GetRole', 'arn:aws:iam::000000000000:role/app1')).toBe('implicitDeny');
    expect(decide(p, 'iam:GetRole', 'arn:aws:iam::000000000000:role/App12')).toBe('implicitDeny');
    const region = policy({ Effect: 'Allow', Action: 'ecs:*', Resource: 'arn:aws:ecs:eu-*:111122223333:cluster/*' });
    expect(decide(region, 'ecs:DeleteCluster', 'arn:aws:ecs:eu-west-1:111122223333:cluster/c')).toBe('allowed');
    expect(decide(region, 'ecs:DeleteCluster', 'arn:aws:ecs:us-east-1:111122223333:cluster/c')).toBe('implicitDeny');
  });

  it('reads NotAction and NotResource as "everything but"', () => {
    const p = policy({ Effect: 'Allow', NotAction: 'iam:Delete*', NotResource: 'arn:aws:iam::*:role/aws-service-role/*' });
    expect(decide(p, 'iam:GetRole', 'arn:aws:iam::1:role/x')).toBe('allowed');
    expect(decide(p, 'iam:DeleteRole', 'arn:aws:iam::1:role/x')).toBe('implicitDeny');
    expect(decide(p, 'iam:GetRole', ECS_ROLE)).toBe('implicitDeny');
  });
});

describe('evaluate: condition operators', () => {
  const when = (condition: Record<string, unknown>) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition });
  const check = (condition: Record<string, unknown>, values: Record<string, string | string[]>) =>
    decide(when(condition), 's3:GetObject', '*', values) === 'allowed';

  it.each([
    [{ StringEquals: { 'aws:username': 'Bob' } }, { 'aws:username': 'Bob' }, true],
    [{ StringEquals: { 'aws:username': 'Bob' } }, { 'aws:username': 'bob' }, false],
    [{ StringEqualsIgnoreCase: { 'aws:username': 'Bob' } }, { 'aws:username': 'bob' }, true],
    [{ StringNotEquals: { 'aws:username': ['a', 'b'] } }, { 'aws:username': 'c' }, true],
    [{ StringNotEquals: { 'aws:username': ['a', 'b'] } }, { 'aws:username': 'b' }, false],
    [{ StringNotEquals: { 'aws:username': 'a' } }, {}, true],
    [{ StringLike: { 'aws:username': 'b*' } }, { 'aws:username': 'bob' }, true],
    [{ StringNotLike: { 'aws:username': 'b*' } }, { 'aws:username': 'bob' }, false],
    [{ StringNotEqualsIgnoreCase: { 'aws:username': 'BOB' } }, { 'aws:username': 'bob' }, false],
    [{ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '9' }, true],
    [{ NumericLessThan: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }, false],
    [{ NumericLessThanEquals: { 's3:max-keys': 10 } }, { 's3:max-keys': '10' }, true],
    [{ NumericGreaterThan: { 's3:max-keys': '10' } }, { 's3:max-keys': 'ten' }, false],
    [{ NumericNotEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '11' }, true],
    [{ NumericGreaterThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.0' }, true],
    [{ DateLessThan: { 'aws:CurrentTime': '2026-02-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-01-15T10:00:00Z' }, true],
    [{ DateGreaterThan: { 'aws:CurrentTime': '2026-02-01T00:00:00Z' } }, { 'aws:CurrentTime': '2026-01-15T10:00:00Z' }, false],
    [{ DateEquals: { 'aws:EpochTime': '1768471200' } }, { 'aws:EpochTime': '1768471200' }, true],
    [{ DateGreaterThanEquals: { 'aws:CurrentTime': 1768471200 } }, { 'aws:CurrentTime': '2026-01-15T10:00:00Z' }, true],
    [{ DateNotEquals: { 'aws:CurrentTime': '2026-01-15T10:00:00Z' } }, { 'aws:CurrentTime': '2026-01-15T10:00:00Z' }, false],
    [{ Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'false' }, false],
    [{ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }, true],
    [{ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' }, true],
    [{ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '11.1.2.3' }, false],
    [{ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }, true],
    [{ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '11.1.2.3' }, true],
    [{ IpAddress: { 'aws:SourceIp': '10.0.0.1' } }, { 'aws:SourceIp': '10.0.0.1' }, true],
    [{ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/dev-*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:user/dev-a' }, true],
    [{ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::1:user/a' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:user/A' }, false],
    [{ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/dev-*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::1:user/ops' }, true],
    [{ Null: { 'aws:ResourceTag/AmazonECSManaged': 'false' } }, { 'aws:ResourceTag/AmazonECSManaged': 'x' }, true],
    [{ Null: { 'aws:ResourceTag/AmazonECSManaged': 'false' } }, {}, false],
    [{ Null: { 'aws:ResourceTag/AmazonECSManaged': 'true' } }, {}, true],
    [{ StringEqualsIfExists: { 'aws:username': 'a' } }, {}, true],
    [{ StringEqualsIfExists: { 'aws:username': 'a' } }, { 'aws:username': 'b' }, false],
    [{ StringEquals: { 'AWS:USERNAME': 'a' } }, { 'aws:username': 'a' }, true],
    [{ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['c', 'b'] }, true],
    [{ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, {}, false],
    [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'b'] }, true],
    [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:TagKeys': ['a', 'c'] }, false],
    [{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, {}, true],
    [{ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:TagKeys': ['b', 'c'] }, true],
    [{ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['a*'] } }, { 'aws:TagKeys': ['ab', 'c'] }, true],
  ])('%j with %j → %s', (condition, values, expected) => {
    expect(check(condition, values)).toBe(expected);
  });

  it('ANDs operators and keys, ORs the values of one key', () => {
    const c = { StringEquals: { 'aws:username': ['a', 'b'], 'aws:RequestedRegion': 'eu-west-1' } };
    expect(check(c, { 'aws:username': 'b', 'aws:RequestedRegion': 'eu-west-1' })).toBe(true);
    expect(check(c, { 'aws:username': 'b', 'aws:RequestedRegion': 'us-east-1' })).toBe(false);
  });

  it('fails closed on an operator it does not know: such an Allow never allows, such a Deny always denies', () => {
    const doc: PolicyDocument = {
      version: '2012-10-17',
      statements: [
        {
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: ['*'],
          conditions: [{ operator: 'StringSounds', baseOperator: 'StringSounds', ifExists: false, key: 'aws:username', values: ['a'] }],
        },
      ],
    };
    const allow: PolicySource = { id: 'odd', type: 'user', document: doc };
    expect(decide(allow, 's3:GetObject', '*', { 'aws:username': 'a' })).toBe('implicitDeny');
    const deny: PolicySource = { id: 'odd', type: 'user', document: { ...doc, statements: [{ ...doc.statements[0]!, effect: 'Deny' }] } };
    const everything = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
    expect(decide([everything, deny], 's3:GetObject', '*', { 'aws:username': 'b' })).toBe('explicitDeny');
  });
});

describe('evaluate: policy variables', () => {
  const home = policy({ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::*:user/${aws:username}' });

  it('substitutes request values into resources', () => {
    expect(decide(home, 'iam:CreateAccessKey', 'arn:aws:iam::1:user/alice', { 'aws:username': 'alice' })).toBe('allowed');
    expect(decide(home, 'iam:CreateAccessKey', 'arn:aws:iam::1:user/bob', { 'aws:username': 'alice' })).toBe('implicitDeny');
  });

  it('matches nothing when the variable has no value, unless a default is given', () => {
    expect(decide(home, 'iam:CreateAccessKey', 'arn:aws:iam::1:user/alice', {})).toBe('implicitDeny');
    const withDefault = policy({ Effect: 'Allow', Action: 's3:*', Resource: "arn:aws:s3:::b/${aws:username, 'anon'}/*" });
    expect(decide(withDefault, 's3:GetObject', 'arn:aws:s3:::b/anon/x', {})).toBe('allowed');
  });

  it('treats substituted text literally, and ${*} as a literal star', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/${*}' });
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::b/t*/*', { 'aws:PrincipalTag/team': 't*' })).toBe('allowed');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::b/tx/*', { 'aws:PrincipalTag/team': 't*' })).toBe('implicitDeny');
    expect(decide(p, 's3:GetObject', 'arn:aws:s3:::b/t*/x', { 'aws:PrincipalTag/team': 't*' })).toBe('implicitDeny');
  });

  it('substitutes in condition values', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } });
    expect(decide(p, 's3:ListBucket', '*', { 'aws:username': 'al', 's3:prefix': 'home/al/docs' })).toBe('allowed');
    expect(decide(p, 's3:ListBucket', '*', { 'aws:username': 'al', 's3:prefix': 'home/bo/docs' })).toBe('implicitDeny');
  });

  it('does not apply a NotResource that a missing variable leaves undecided', () => {
    const p = policy({ Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::*:role/${aws:username}' });
    const everything = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
    // A role session has no aws:username: the Deny neither excludes nor covers role/x.
    expect(decide([everything, p], 'iam:GetRole', 'arn:aws:iam::1:role/x', {})).toBe('allowed');
    // Where the text around the variable already differs (user/… is never role/…), it applies.
    const users = policy({ Effect: 'Deny', Action: 'iam:*', NotResource: 'arn:aws:iam::*:user/${aws:username}' });
    expect(decide([everything, users], 'iam:GetRole', 'arn:aws:iam::1:role/x', {})).toBe('explicitDeny');
    expect(decide([everything, p], 'iam:GetRole', 'arn:aws:iam::1:role/x', { 'aws:username': 'x' })).toBe('allowed');
    expect(decide([everything, p], 'iam:GetRole', 'arn:aws:iam::1:role/x', { 'aws:username': 'y' })).toBe('explicitDeny');
  });

  it('does not let a negated operator hold when its value names a missing variable', () => {
    const p = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringNotLike: { 's3:prefix': '${aws:username}/*' } } });
    expect(decide(p, 's3:ListBucket', '*', { 's3:prefix': 'x/y' })).toBe('implicitDeny');
    expect(decide(p, 's3:ListBucket', '*', { 's3:prefix': 'x/y', 'aws:username': 'al' })).toBe('allowed');
  });

  it('leaves ${…} literal in policies without Version 2012-10-17', () => {
    const old: PolicySource = {
      id: 'old',
      type: 'user',
      document: parsePolicyDocument(JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}' } })),
    };
    expect(decide(old, 's3:GetObject', 'arn:aws:s3:::b/alice', { 'aws:username': 'alice' })).toBe('implicitDeny');
    expect(decide(old, 's3:GetObject', 'arn:aws:s3:::b/${aws:username}', { 'aws:username': 'alice' })).toBe('allowed');
  });
});

describe('evaluate: principals (trust policies)', () => {
  const trust: PolicySource = {
    id: 'trust',
    type: 'resource',
    document: parseTrustPolicyDocument(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/alice' }, Action: 'sts:AssumeRole' },
          { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      }),
    ),
  };
  const ask = (principal: { arns: string[]; accountId?: string; service?: string }) =>
    evaluate([trust], { action: 'sts:AssumeRole', resource: 'arn:aws:iam::000000000000:role/r', values: new RequestValues(), principal }).decision;

  it('allows the named user and the named service, and no one else', () => {
    expect(ask({ arns: ['arn:aws:iam::000000000000:user/alice'] })).toBe('allowed');
    expect(ask({ arns: [], service: 'ecs.amazonaws.com' })).toBe('allowed');
    expect(ask({ arns: ['arn:aws:iam::000000000000:user/bob'], accountId: '000000000000' })).toBe('implicitDeny');
  });
});
