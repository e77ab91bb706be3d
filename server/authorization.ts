import { parseAccountIamArn } from '../state/arns.js';
import type { Tag } from '../state/iam/roles.js';
import { parseTrustPolicyDocument, type PolicyDocument } from '../state/policy/document.js';
import { evaluate, type PrincipalIdentity } from '../state/policy/evaluator.js';
import {
  evaluateIdentity,
  identityPolicySet,
  type DecidingPolicyKind,
  type IdentityDecision,
  type PolicyHolder,
} from '../state/policy/identityPolicies.js';
import { RequestValues } from '../state/policy/requestValues.js';
import type { Account } from '../state/store.js';
import type { EnforcementMode } from './config.js';
import type { AnyOperation, AuthRequest, Principal, RequestContext, ServiceDefinition } from './operation.js';

/**
 * The enforcement step between validation and the handler. Each operation declares the IAM
 * request it makes (`authorize`: action, resource ARN, operation-specific condition keys; the
 * default is `<service>:<Operation>` on `*`); this step adds the global condition keys, gathers
 * the caller's policies from IAM state and asks the evaluator. `off` skips all of it, `soft`
 * logs would-be denials and allows, `strict` refuses them as AWS does. The account root is
 * always allowed.
 */

/** What the HTTP layer knows about the request that policies can test. */
export interface Transport {
  sourceIp: string;
  secure: boolean;
}

const ARTICLE: Record<DecidingPolicyKind, string> = {
  'identity-based policy': 'an',
  'permissions boundary': 'a',
  'session policy': 'a',
};

export function denialMessage(principal: Principal, request: AuthRequest, decided?: IdentityDecision): string {
  const head = `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  if (!decided) return head;
  return decided.decision === 'explicitDeny'
    ? `${head} with an explicit deny in ${ARTICLE[decided.decidedBy]} ${decided.decidedBy}`
    : `${head} because no ${decided.decidedBy} allows the ${request.action} action`;
}

function holderOf(principal: Principal, account: Account): PolicyHolder | undefined {
  if (principal.kind === 'user') return { kind: 'user', userName: principal.userName };
  if (principal.kind === 'assumed-role') {
    const session = account.iam.temporaryCredentials.find(principal.accessKeyId);
    return {
      kind: 'role',
      roleName: principal.roleName,
      sessionPolicy: session?.sessionPolicy,
      sessionPolicyArns: session?.sessionPolicyArns,
    };
  }
  return undefined;
}

function principalTags(principal: Principal, account: Account): Tag[] {
  if (principal.kind === 'user') return account.iam.users.find(principal.userName)?.tags ?? [];
  if (principal.kind === 'assumed-role') return account.iam.roles.find(principal.roleName)?.tags ?? [];
  return [];
}

const ECS_RESOURCE = /^arn:aws:ecs:([^:]+):(\d{12}):/;

/**
 * Tags of the resource a request names, for aws:ResourceTag/… (and iam:ResourceTag/… on IAM
 * resources): IAM roles, users, instance profiles and OIDC providers, and ECS clusters, services,
 * tasks, task definitions and container instances of the caller's account.
 */
function resourceTags(resource: string, account: Account, now: Date): Tag[] {
  if (resource.startsWith('arn:aws:iam:')) return account.iam.resourceTags(resource) ?? [];
  const e = ECS_RESOURCE.exec(resource);
  const ecs = e && e[2] === account.id ? account.regions.get(e[1]!)?.ecs : undefined;
  if (!ecs) return [];
  try {
    return ecs.taggable(resource, now).tags.map((t) => ({ Key: t.key, Value: t.value }));
  } catch {
    return []; // not (or no longer) there: no tags to test
  }
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function tagValue(tags: Tag[], lowerCaseKey: string): string | undefined {
  for (const t of tags) if (t.Key.toLowerCase() === lowerCaseKey) return t.Value;
  return undefined;
}

/**
 * The global condition keys AWS fills for every request, plus the operation's own. Global keys
 * are computed only when a policy asks for them, so most requests compute none.
 */
export function requestValues(ctx: RequestContext, service: ServiceDefinition, request: AuthRequest, transport: Transport): RequestValues {
  const p = ctx.principal;
  const global = (key: string): string | undefined => {
    switch (key) {
      // IAM has one endpoint, in us-east-1, whatever region the client signs with.
      case 'aws:requestedregion':
        return service.name === 'iam' ? 'us-east-1' : ctx.region;
      case 'aws:currenttime':
        return isoSeconds(ctx.now);
      case 'aws:epochtime':
        return String(Math.floor(ctx.now.getTime() / 1000));
      case 'aws:securetransport':
        return transport.secure ? 'true' : 'false';
      case 'aws:sourceip':
        return transport.sourceIp;
      case 'aws:principalaccount':
        return p.accountId;
      case 'aws:principalarn':
        return p.kind === 'assumed-role' ? p.roleArn : p.arn;
      case 'aws:principaltype':
        return p.kind === 'user' ? 'User' : p.kind === 'assumed-role' ? 'AssumedRole' : 'Account';
      case 'aws:userid':
        return p.userId;
      case 'aws:username':
        return p.kind === 'user' ? p.userName : undefined;
      case 'aws:tokenissuetime':
        return p.kind === 'assumed-role' ? isoSeconds(p.issuedAt) : undefined;
      case 'aws:principalisawsservice':
      case 'aws:viaawsservice':
        return 'false';
    }
    if (key.startsWith('aws:principaltag/')) return tagValue(principalTags(p, ctx.account), key.slice('aws:principaltag/'.length));
    if (key.startsWith('aws:resourcetag/') || (key.startsWith('iam:resourcetag/') && request.resource.startsWith('arn:aws:iam:'))) {
      return tagValue(resourceTags(request.resource, ctx.account, ctx.now), key.slice(key.indexOf('/') + 1));
    }
    return undefined;
  };
  const values = new RequestValues(undefined, global);
  if (request.context) for (const k in request.context) values.set(k, request.context[k]!);
  return values;
}

export interface AuthorizationOutcome {
  allowed: boolean;
  message?: string;
  /** The identity decision behind the outcome, when policies were evaluated (for the request log). */
  identity?: IdentityDecision;
}

/**
 * sts:AssumeRole also needs the role's trust policy. A trust statement naming the caller
 * itself is enough within the account; one naming only the account (or any other account)
 * needs the caller's own policies to allow sts:AssumeRole too. Service-linked roles trust only
 * their service, so no IAM identity gets past this.
 */
function decideAssumeRole(ctx: RequestContext, request: AuthRequest, values: RequestValues, identity: IdentityDecision): AuthorizationOutcome {
  const p = ctx.principal;
  const denied = (decided?: IdentityDecision) => ({ allowed: false, message: denialMessage(p, request, decided), identity });
  if (identity.decision === 'explicitDeny') return denied(identity);
  const parsed = parseAccountIamArn(request.resource, 'role');
  const account = parsed ? ctx.store.accounts.get(parsed.accountId) : undefined;
  const role = parsed ? account?.iam.roles.find(parsed.name) : undefined;
  if (!role || role.arn !== request.resource) return denied();
  const trust = [{ id: 'AssumeRolePolicyDocument', type: 'resource' as const, document: trustPolicy(role.assumeRolePolicyDocument) }];
  const arns = p.kind === 'assumed-role' ? [p.arn, p.roleArn] : [p.arn];
  const ask = (who: PrincipalIdentity) => evaluate(trust, { action: request.action, resource: request.resource, values, principal: who }).decision;
  const viaAccount = ask({ arns, accountId: p.accountId });
  if (viaAccount === 'explicitDeny' || viaAccount === 'implicitDeny') return denied();
  const sameAccount = account!.id === p.accountId;
  if (sameAccount && ask({ arns }) === 'allowed') return { allowed: true, identity };
  return identity.decision === 'allowed' ? { allowed: true, identity } : denied(identity);
}

/** Trust policies are validated when written; parsed ones are cached by their text. */
const trustCache = new Map<string, PolicyDocument>();
function trustPolicy(text: string): PolicyDocument {
  let doc = trustCache.get(text);
  if (!doc) {
    if (trustCache.size > 1000) trustCache.clear();
    doc = parseTrustPolicyDocument(text);
    trustCache.set(text, doc);
  }
  return doc;
}

/** Whether the caller may make one IAM request (the root always may). */
export function decide(ctx: RequestContext, service: ServiceDefinition, request: AuthRequest, transport: Transport): AuthorizationOutcome {
  const holder = holderOf(ctx.principal, ctx.account);
  if (!holder) return { allowed: true };
  const values = requestValues(ctx, service, request, transport);
  const identity = evaluateIdentity(identityPolicySet(ctx.account.iam, holder), { action: request.action, resource: request.resource, values });
  if (request.action.toLowerCase() === 'sts:assumerole') return decideAssumeRole(ctx, request, values, identity);
  if (identity.decision === 'allowed') return { allowed: true, identity };
  return { allowed: false, message: denialMessage(ctx.principal, request, identity), identity };
}

/** The IAM requests an operation makes with this input. */
export function authRequests(operation: AnyOperation, service: ServiceDefinition, input: unknown, ctx: RequestContext): AuthRequest[] {
  if (!operation.authorize) return [{ action: `${service.name}:${operation.name}`, resource: '*' }];
  const r = operation.authorize(input, ctx);
  return Array.isArray(r) ? r : [r];
}

/**
 * The enforcement step. Strict mode throws the first denial; soft mode logs each would-be
 * denial at warn level and lets the request through.
 */
export function enforce(
  mode: EnforcementMode,
  operation: AnyOperation,
  service: ServiceDefinition,
  input: unknown,
  ctx: RequestContext,
  transport: Transport,
): void {
  if (mode === 'off' || ctx.principal.kind === 'root') return;
  for (const request of authRequests(operation, service, input, ctx)) {
    const outcome = decide(ctx, service, request, transport);
    recordDecision(ctx, request, outcome, mode === 'strict');
    if (outcome.allowed) continue;
    if (mode === 'strict') throw service.protocol.accessDenied(outcome.message!);
    ctx.log.warn({ requestId: ctx.requestId, action: request.action, resource: request.resource }, `IAM enforcement (soft) would deny: ${outcome.message}`);
  }
}

/**
 * For operations that do something on the caller's behalf (ECS creating its service-linked
 * role): whether the caller may make that request, under the same mode. Soft mode logs and
 * answers yes.
 */
export function permits(mode: EnforcementMode, service: ServiceDefinition, ctx: RequestContext, request: AuthRequest, transport: Transport): boolean {
  if (mode === 'off' || ctx.principal.kind === 'root') return true;
  const outcome = decide(ctx, service, request, transport);
  recordDecision(ctx, request, outcome, mode === 'strict');
  if (outcome.allowed) return true;
  if (mode === 'soft') {
    ctx.log.warn({ requestId: ctx.requestId, action: request.action, resource: request.resource }, `IAM enforcement (soft) would deny: ${outcome.message}`);
    return true;
  }
  return false;
}

/** Keeps the decision for the request log (only when the log is on: the trace exists). */
function recordDecision(ctx: RequestContext, request: AuthRequest, outcome: AuthorizationOutcome, enforced: boolean): void {
  if (!ctx.trace) return;
  const identity = outcome.identity;
  (ctx.trace.decisions ??= []).push({
    action: request.action,
    resource: request.resource,
    decision: outcome.allowed ? 'allowed' : identity?.decision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny',
    enforced,
    decidedBy: outcome.allowed ? undefined : identity?.decidedBy,
    statements: (identity?.evaluation.matchedStatements ?? []).map((m) => ({
      policy: m.sourcePolicyId,
      policyType: m.sourcePolicyType,
      statementIndex: m.statementIndex,
      effect: m.effect,
    })),
    message: outcome.message,
  });
}
