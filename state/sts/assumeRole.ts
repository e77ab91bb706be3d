import { parseAccountIamArn } from '../arns.js';
import type { Role } from '../iam/roles.js';
import { parsePolicyDocument } from '../policy/document.js';
import type { Store } from '../store.js';
import { recordRoleUse } from '../roleUse.js';
import { stsErrors } from './errors.js';
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

const DEFAULT_DURATION_SECONDS = 3600;
/** AWS caps sessions made with role-session credentials (role chaining) at one hour. */
const ROLE_CHAINING_LIMIT_SECONDS = 3600;

/** The role an ARN names, in whichever account holds it; unknown roles are a plain denial, as in AWS. */
function roleFor(store: Store, caller: AssumingCaller, roleArn: string): { role: Role; accountId: string } {
  const parsed = parseAccountIamArn(roleArn, 'role');
  const account = parsed ? store.accounts.get(parsed.accountId) : undefined;
  const role = parsed ? account?.iam.roles.find(parsed.name) : undefined;
  if (!account || !role || role.arn !== roleArn) throw stsErrors.assumeRoleDenied(caller.arn, roleArn);
  return { role, accountId: account.id };
}

/**
 * sts:AssumeRole after authorization: issue ASIA… credentials that act as the role. Whether the
 * caller may assume the role (trust policy, identity policies) is the enforcement step's
 * question; a service-linked role, which only its service may assume, is refused here always.
 */
export function assumeRole(store: Store, caller: AssumingCaller, input: AssumeRoleInput, now: Date, region: string): AssumedRoleCredentials {
  const { role, accountId } = roleFor(store, caller, input.roleArn);
  if (role.linkedService) throw stsErrors.assumeRoleDenied(caller.arn, input.roleArn);
  const duration = input.durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (caller.roleSession && duration > ROLE_CHAINING_LIMIT_SECONDS) {
    throw stsErrors.roleChainingDurationExceeded();
  }
  if (duration > role.maxSessionDuration) {
    throw stsErrors.maxSessionDurationExceeded();
  }
  if (input.sessionPolicy !== undefined) parsePolicyDocument(input.sessionPolicy);
  const iam = store.account(accountId).iam;
  for (const arn of input.sessionPolicyArns ?? []) {
    if (!iam.policies.find(arn)) throw stsErrors.sessionPolicyNotFound(arn);
  }
  recordRoleUse(store.account(accountId), role, { now, region });
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
