import type { IamState } from '../iam/iamState.js';
import { evaluate, identityPolicy, type AuthorizationQuery, type Decision, type Evaluation, type PolicySource } from './evaluator.js';

/**
 * The policies that speak for an IAM identity, gathered from IAM state: a user's inline and
 * attached policies and those of its groups; a role's inline and attached policies. A
 * permissions boundary and (for role sessions) a session policy can only narrow them.
 */

export type PolicyHolder =
  | { kind: 'user'; userName: string }
  | { kind: 'role'; roleName: string; sessionPolicy?: string; sessionPolicyArns?: string[] };

export interface IdentityPolicySet {
  identity: PolicySource[];
  boundary?: PolicySource;
  /** Present only for role sessions created with a session policy. */
  session?: PolicySource[];
}

function managed(iam: IamState, arn: string): PolicySource | undefined {
  const policy = iam.policies.find(arn);
  if (!policy) return undefined;
  const text = iam.policies.defaultDocument(policy);
  return { id: policy.policyName, type: policy.awsManaged ? 'aws-managed' : 'user-managed', document: identityPolicy(text), text };
}

function inline(type: 'user' | 'group' | 'role', policies: Map<string, string>, out: PolicySource[]): void {
  for (const [name, text] of policies) out.push({ id: name, type, document: identityPolicy(text), text });
}

function attached(iam: IamState, arns: readonly string[], out: PolicySource[]): void {
  for (const arn of arns) {
    const p = managed(iam, arn);
    if (p) out.push(p);
  }
}

/** Everything that decides what the holder may do; an identity that no longer exists has no policies. */
export function identityPolicySet(iam: IamState, holder: PolicyHolder): IdentityPolicySet {
  const identity: PolicySource[] = [];
  let boundaryArn: string | undefined;
  let session: PolicySource[] | undefined;
  if (holder.kind === 'user') {
    const user = iam.users.find(holder.userName);
    if (user) {
      inline('user', user.inlinePolicies, identity);
      attached(iam, user.attachedPolicyArns, identity);
      for (const group of iam.groups.groupsOf(user)) {
        inline('group', group.inlinePolicies, identity);
        attached(iam, group.attachedPolicyArns, identity);
      }
      boundaryArn = user.permissionsBoundary;
    }
  } else {
    const role = iam.roles.find(holder.roleName);
    if (role) {
      inline('role', role.inlinePolicies, identity);
      attached(iam, role.attachedPolicyArns, identity);
      boundaryArn = role.permissionsBoundary;
    }
    if (holder.sessionPolicy !== undefined || (holder.sessionPolicyArns?.length ?? 0) > 0) {
      session = [];
      if (holder.sessionPolicy !== undefined) {
        session.push({ id: 'SessionPolicy', type: 'none', document: identityPolicy(holder.sessionPolicy), text: holder.sessionPolicy });
      }
      attached(iam, holder.sessionPolicyArns ?? [], session);
    }
  }
  const boundary = boundaryArn ? managed(iam, boundaryArn) : undefined;
  return { identity, boundary, session };
}

/** Which kind of policy decided a denial: AWS names it in the AccessDenied message. */
export type DecidingPolicyKind = 'identity-based policy' | 'permissions boundary' | 'session policy';

export interface IdentityDecision {
  decision: Decision;
  /** For denials: the kind of policy that denied, or failed to allow. */
  decidedBy: DecidingPolicyKind;
  evaluation: Evaluation;
}

/**
 * An explicit Deny anywhere wins; otherwise the identity policies must allow, and so must the
 * boundary and the session policy when there are any.
 */
export function evaluateIdentity(set: IdentityPolicySet, q: AuthorizationQuery): IdentityDecision {
  const identity = evaluate(set.identity, q);
  const boundary = set.boundary ? evaluate([set.boundary], q) : undefined;
  const session = set.session ? evaluate(set.session, q) : undefined;
  if (identity.decision === 'explicitDeny') return { decision: 'explicitDeny', decidedBy: 'identity-based policy', evaluation: identity };
  if (boundary?.decision === 'explicitDeny') return { decision: 'explicitDeny', decidedBy: 'permissions boundary', evaluation: boundary };
  if (session?.decision === 'explicitDeny') return { decision: 'explicitDeny', decidedBy: 'session policy', evaluation: session };
  if (identity.decision !== 'allowed') return { decision: 'implicitDeny', decidedBy: 'identity-based policy', evaluation: identity };
  if (boundary && boundary.decision !== 'allowed') {
    return { decision: 'implicitDeny', decidedBy: 'permissions boundary', evaluation: boundary };
  }
  if (session && session.decision !== 'allowed') return { decision: 'implicitDeny', decidedBy: 'session policy', evaluation: session };
  return { decision: 'allowed', decidedBy: 'identity-based policy', evaluation: identity };
}
