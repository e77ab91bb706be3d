import { parseAccountIamArn } from '../../../state/arns.js';
import { isAwsError } from '../../../state/errors.js';
import type { IamState } from '../../../state/iam/iamState.js';
import { iamErrors } from '../../../state/iam/errors.js';
import { parsePolicyDocument, parseResourcePolicyDocument, type PolicyDocument } from '../../../state/policy/document.js';
import { identityPolicy, type MatchedStatement, type PolicySource } from '../../../state/policy/evaluator.js';
import { identityPolicySet } from '../../../state/policy/identityPolicies.js';
import { statementPositions, type StatementPosition, type TextPosition } from '../../../state/policy/positions.js';
import { RequestValues } from '../../../state/policy/requestValues.js';
import { simulate, type ActionResult, type SimulationInput } from '../../../state/policy/simulation.js';
import { defineOperation, type RequestContext } from '../../operation.js';
import { XmlMap } from '../../protocols/query.js';
import { enumOf, list, req, str, struct, type Infer } from '../../shapes.js';
import { arn, marker, maxItems, policyDocument } from './fields.js';
import { page } from './output.js';

const contextEntry = struct({
  ContextKeyName: str({ min: 5, max: 256 }),
  ContextKeyValues: list(str()),
  ContextKeyType: enumOf([
    'string',
    'stringList',
    'numeric',
    'numericList',
    'boolean',
    'booleanList',
    'ip',
    'ipList',
    'binary',
    'binaryList',
    'date',
    'dateList',
  ] as const),
});

const commonMembers = {
  PermissionsBoundaryPolicyInputList: list(policyDocument()),
  ActionNames: req(list(str({ min: 3, max: 128 }))),
  ResourceArns: list(str({ min: 1, max: 2048 })),
  ResourcePolicy: policyDocument(),
  ResourceOwner: str({ min: 1, max: 2048 }),
  CallerArn: str({ min: 1, max: 2048 }),
  ContextEntries: list(contextEntry),
  ResourceHandlingOption: str({ min: 1, max: 64 }),
  MaxItems: maxItems(),
  Marker: marker(),
};

/** Documents given to the simulator are checked like any policy, but refused with InvalidInput. */
function parseInput(text: string, parse: (t: string) => PolicyDocument = parsePolicyDocument): PolicyDocument {
  try {
    return parse(text);
  } catch (e) {
    if (isAwsError(e) && e.code === 'MalformedPolicyDocument') throw iamErrors.simulationPolicyInvalid(e);
    throw e;
  }
}

function inputPolicies(texts: string[] | undefined, listName: string): PolicySource[] {
  return (texts ?? []).map((t, i) => ({ id: `${listName}.${i + 1}`, type: 'none', document: parseInput(t), text: t }));
}

/** Context entries as the evaluator's request values; list types are multi-valued keys. */
function contextValues(entries: Infer<typeof contextEntry>[] | undefined): RequestValues {
  const values = new RequestValues();
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const v = e.ContextKeyValues ?? [];
    values.set(e.ContextKeyName, e.ContextKeyType?.endsWith('List') ? v : v.length === 1 ? v[0]! : v);
  }
  return values;
}

/** The account an ARN names (the 5th field), if any. */
function accountOf(value: string | undefined): string | undefined {
  const account = value?.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

const positionCache = new Map<string, StatementPosition[]>();

function positionsIn(text: string): StatementPosition[] {
  let p = positionCache.get(text);
  if (!p) {
    if (positionCache.size > 500) positionCache.clear();
    p = statementPositions(text);
    positionCache.set(text, p);
  }
  return p;
}

const position = (p: TextPosition) => ({ Line: p.line, Column: p.column });

function statementsOutput(statements: MatchedStatement[]) {
  const seen = new Set<string>();
  const out: { SourcePolicyId: string; SourcePolicyType: string; StartPosition?: object; EndPosition?: object }[] = [];
  for (const s of statements) {
    const key = `${s.sourcePolicyType}/${s.sourcePolicyId}/${s.statementIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const span = s.sourceText !== undefined ? positionsIn(s.sourceText)[s.statementIndex] : undefined;
    out.push({
      SourcePolicyId: s.sourcePolicyId,
      SourcePolicyType: s.sourcePolicyType,
      StartPosition: span && position(span.start),
      EndPosition: span && position(span.end),
    });
  }
  return out;
}

function resultsOutput(results: ActionResult[], input: { ResourceArns?: string[] }, crossAccount: boolean) {
  const named = (input.ResourceArns?.length ?? 0) > 0;
  return results.map((r) => ({
    EvalActionName: r.action,
    EvalResourceName: r.resources.length === 1 ? r.resources[0]!.resource : '*',
    EvalDecision: r.decision,
    MatchedStatements: statementsOutput(r.matchedStatements),
    MissingContextValues: r.missingContextValues,
    // AWS: present but empty for same-account simulations that name resources, absent for `*`.
    EvalDecisionDetails: named && !crossAccount ? new XmlMap({}) : undefined,
    PermissionsBoundaryDecisionDetail:
      r.allowedByPermissionsBoundary === undefined ? undefined : { AllowedByPermissionsBoundary: r.allowedByPermissionsBoundary },
    ResourceSpecificResults: named
      ? r.resources.map((x) => ({
          EvalResourceName: x.resource,
          EvalResourceDecision: x.decision,
          MatchedStatements: statementsOutput(x.matchedStatements),
          MissingContextValues: x.missingContextValues,
          PermissionsBoundaryDecisionDetail:
            x.allowedByPermissionsBoundary === undefined ? undefined : { AllowedByPermissionsBoundary: x.allowedByPermissionsBoundary },
        }))
      : undefined,
  }));
}

type CommonInput = Infer<ReturnType<typeof struct<typeof commonMembers>>>;

function run(ctx: RequestContext, input: CommonInput, identity: PolicySource[], boundary: PolicySource[], caller?: { arn: string; accountId: string }) {
  const resourcePolicy = input.ResourcePolicy !== undefined ? parseInput(input.ResourcePolicy, parseResourcePolicyDocument) : undefined;
  const resourceOwnerAccountId = accountOf(input.ResourceOwner) ?? ctx.account.id;
  const simulation: SimulationInput = {
    identity,
    boundary,
    resourcePolicy,
    resourcePolicyText: input.ResourcePolicy,
    caller,
    resourceOwnerAccountId,
    actions: input.ActionNames,
    resources: input.ResourceArns ?? [],
    values: contextValues(input.ContextEntries),
  };
  const crossAccount = resourcePolicy !== undefined && caller !== undefined && caller.accountId !== resourceOwnerAccountId;
  const p = page(resultsOutput(simulate(simulation), input, crossAccount), input.Marker, input.MaxItems);
  return { EvaluationResults: p.items, IsTruncated: p.IsTruncated, Marker: p.Marker };
}

/** The policies of the user, group or role a PolicySourceArn names, as enforcement would see them. */
function sourcePolicies(iam: IamState, sourceArn: string): { identity: PolicySource[]; boundary: PolicySource[] } {
  const parsed = parseAccountIamArn(sourceArn, 'user', 'group', 'role');
  if (!parsed || parsed.accountId !== iam.accountId) throw iamErrors.invalidSourceArn(sourceArn);
  const { type: kind, name } = parsed;
  if (kind === 'group') {
    const group = iam.groups.get(name);
    if (group.arn !== sourceArn) throw iamErrors.groupNotFound(name);
    const identity: PolicySource[] = [];
    for (const [policyName, text] of group.inlinePolicies) identity.push({ id: policyName, type: 'group', document: identityPolicy(text), text });
    for (const policyArn of group.attachedPolicyArns) {
      const policy = iam.policies.find(policyArn);
      if (policy) {
        const text = iam.policies.defaultDocument(policy);
        identity.push({ id: policy.policyName, type: policy.awsManaged ? 'aws-managed' : 'user-managed', document: identityPolicy(text), text });
      }
    }
    return { identity, boundary: [] };
  }
  const entity = kind === 'user' ? iam.users.get(name) : iam.roles.get(name);
  if (entity.arn !== sourceArn) {
    throw kind === 'user' ? iamErrors.userNotFound(name) : iamErrors.roleNotFound(name);
  }
  const set = identityPolicySet(iam, kind === 'user' ? { kind: 'user', userName: name } : { kind: 'role', roleName: name });
  return { identity: set.identity, boundary: set.boundary ? [set.boundary] : [] };
}

export const simulatePrincipalPolicy = defineOperation({
  name: 'SimulatePrincipalPolicy',
  input: struct({
    PolicySourceArn: req(arn()),
    PolicyInputList: list(policyDocument()),
    PolicyExclusionList: list(str({ min: 1, max: 2048 })),
    ...commonMembers,
  }),
  handle(input, ctx) {
    const source = sourcePolicies(ctx.account.iam, input.PolicySourceArn);
    const excluded = new Set(input.PolicyExclusionList ?? []);
    const identity = [...source.identity.filter((p) => !excluded.has(p.id)), ...inputPolicies(input.PolicyInputList, 'PolicyInputList')];
    const boundary =
      input.PermissionsBoundaryPolicyInputList !== undefined
        ? inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList')
        : source.boundary;
    const callerArn = input.CallerArn ?? input.PolicySourceArn;
    return run(ctx, input, identity, boundary, { arn: callerArn, accountId: accountOf(callerArn) ?? ctx.account.id });
  },
  authorize: (input) => ({ action: 'iam:SimulatePrincipalPolicy', resource: input.PolicySourceArn }),
});

export const simulateCustomPolicy = defineOperation({
  name: 'SimulateCustomPolicy',
  input: struct({ PolicyInputList: req(list(policyDocument())), ...commonMembers }),
  handle(input, ctx) {
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) {
      throw iamErrors.simulationNeedsCallerArn();
    }
    const caller = input.CallerArn ? { arn: input.CallerArn, accountId: accountOf(input.CallerArn) ?? ctx.account.id } : undefined;
    return run(
      ctx,
      input,
      inputPolicies(input.PolicyInputList, 'PolicyInputList'),
      inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList'),
      caller,
    );
  },
  authorize: () => ({ action: 'iam:SimulateCustomPolicy', resource: '*' }),
});

export const simulateOperations = [simulatePrincipalPolicy, simulateCustomPolicy];
