import type { Group } from './groups.js';
import type { IamState } from './iamState.js';
import type { ManagedPolicy } from './managedPolicies.js';
import type { Role } from './roles.js';
import type { User } from './users.js';

/** GetAccountAuthorizationDetails' `Filter` values (botocore's EntityType enum). */
export type EntityType = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

export type AuthorizationDetail =
  | { kind: 'user'; user: User }
  | { kind: 'group'; group: Group }
  | { kind: 'role'; role: Role }
  | { kind: 'policy'; policy: ManagedPolicy };

const ALL_TYPES: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];
const byName = (a: ManagedPolicy, b: ManagedPolicy) => (a.policyName.toLowerCase() < b.policyName.toLowerCase() ? -1 : 1);

/**
 * Everything GetAccountAuthorizationDetails reports, in the order it pages through it: users,
 * groups, roles, then managed policies (customer managed ones, and the AWS managed policies the
 * account uses: attached or set as a boundary), each by name. An empty filter means all types.
 */
export function authorizationDetails(iam: IamState, filter: EntityType[] = []): AuthorizationDetail[] {
  const types = new Set(filter.length > 0 ? filter : ALL_TYPES);
  const out: AuthorizationDetail[] = [];
  if (types.has('User')) for (const user of iam.users.sorted()) out.push({ kind: 'user', user });
  if (types.has('Group')) for (const group of iam.groups.sorted()) out.push({ kind: 'group', group });
  if (types.has('Role')) for (const role of iam.roles.sorted()) out.push({ kind: 'role', role });
  // Only the AWS managed policies in use: the rest of the shared catalog is never walked here.
  const policies = [
    ...(types.has('LocalManagedPolicy') ? iam.policies.customerPolicies() : []),
    ...(types.has('AWSManagedPolicy') ? iam.policies.awsPoliciesInUse() : []),
  ].sort(byName);
  for (const policy of policies) out.push({ kind: 'policy', policy });
  return out;
}

/**
 * GetAccountSummary's SummaryMap: this account's usage and IAM's default quotas (AWS's IAM
 * quotas page). linkstack has no MFA devices, server or signing certificates, and the root has
 * no password.
 */
export function accountSummary(iam: IamState): Record<string, number> {
  const customerPolicies = iam.policies.customerPolicies();
  return {
    Users: iam.users.sorted().length,
    UsersQuota: 5000,
    Groups: iam.groups.sorted().length,
    GroupsQuota: 300,
    Roles: iam.roles.all().length,
    RolesQuota: 1000,
    Policies: customerPolicies.length,
    PoliciesQuota: 1500,
    PolicyVersionsInUse: customerPolicies.reduce((n, p) => n + p.versions.length, 0),
    PolicyVersionsInUseQuota: 10000,
    VersionsPerPolicyQuota: 5,
    InstanceProfiles: iam.instanceProfiles.size,
    InstanceProfilesQuota: 1000,
    Providers: iam.openIdConnectProviders.size,
    ServerCertificates: 0,
    ServerCertificatesQuota: 20,
    MFADevices: 0,
    MFADevicesInUse: 0,
    AccountMFAEnabled: 0,
    // The root's own keys (CreateAccessKey by the root without UserName).
    AccountAccessKeysPresent: iam.accessKeys.ofUser(undefined).length > 0 ? 1 : 0,
    AccountPasswordPresent: 0,
    AccountSigningCertificatesPresent: 0,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    GroupsPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    AttachedPoliciesPerUserQuota: 10,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    PolicySizeQuota: 6144,
    AssumeRolePolicySizeQuota: 2048,
    GlobalEndpointTokenVersion: 1,
  };
}
