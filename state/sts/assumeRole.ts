import { AwsError } from '../errors.js';
import type { Role } from '../iam/roles.js';
import { parsePolicyDocument } from '../policy/document.js';
import type { Store } from '../store.js';
import type { AssumedRoleCredentials } from './temporaryCredentials.js';

export interface AssumeRoleInput {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  sessionPolicy?: string;
  sessionPolicyArns?: string[];
}

/** Who is assuming: used for AWS's AccessDenied text and the role-chaining limit. */
export interface AssumingCaller {
  arn: string;
  /** True when the caller is itself a role session (role chaining). */
  roleSession: boolean;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const DEFAULT_DURATION_SECONDS = 3600;
/** AWS caps sessions made with role-session credentials (role chaining) at one hour. */
const ROLE_CHAINING_LIMIT_SECONDS = 3600;

export function assumeRoleDenied(callerArn: string, roleArn: string): AwsError {
  return new AwsError('AccessDenied', `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
}

/** The role an ARN names, in whichever account holds it; unknown roles are a plain denial, as in AWS. */
function roleFor(store: Store, caller: AssumingCaller, roleArn: string): { role: Role; accountId: string } {
  const m = ROLE_ARN.exec(roleArn);
  const account = m ? store.accounts.get(m[1]!) : undefined;
  const role = m ? account?.iam.roles.find(m[2]!) : undefined;
  if (!account || !role || role.arn !== roleArn) throw assumeRoleDenied(caller.arn, roleArn);
  return { role, accountId: account.id };
}

/**
 * sts:AssumeRole after authorization: issue ASIA… credentials that act as the role. Whether the
 * caller may assume the role (trust policy, identity policies) is the enforcement step's
 * question; a service-linked role, which only its service may assume, is refused here always.
 */
export function assumeRole(store: Store, caller: AssumingCaller, input: AssumeRoleInput, now: Date, region: string): AssumedRoleCredentials {
  const { role, accountId } = roleFor(store, caller, input.roleArn);
  if (role.linkedService) throw assumeRoleDenied(caller.arn, input.roleArn);
  const duration = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (caller.roleSession && duration > ROLE_CHAINING_LIMIT_SECONDS) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      400,
    );
  }
  if (duration > role.maxSessionDuration) {
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  }
  if (input.sessionPolicy !== undefined) parsePolicyDocument(input.sessionPolicy);
  const iam = store.account(accountId).iam;
  for (const arn of input.sessionPolicyArns ?? []) {
    if (!iam.policies.find(arn)) throw new AwsError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`, 400);
  }
  iam.roles.recordUse(role.roleName, now, region);
  return iam.temporaryCredentials.issue(
    role,
    {
      sessionName: input.sessionName,
      durationSeconds: duration,
      sessionPolicy: input.sessionPolicy,
      sessionPolicyArns: input.sessionPolicyArns,
    },
    now,
  );
}
