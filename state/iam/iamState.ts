import { TemporaryCredentialRegistry } from '../sts/temporaryCredentials.js';
import { AccessKeyRegistry } from './accessKeys.js';
import { GroupRegistry } from './groups.js';
import { InstanceProfileRegistry } from './instanceProfiles.js';
import { ManagedPolicyRegistry } from './managedPolicies.js';
import { OpenIdConnectProviderRegistry } from './openIdConnectProviders.js';
import { RoleRegistry } from './roles.js';
import { UserRegistry } from './users.js';

/** IAM is global: one of these per account, shared by every region. */
export class IamState {
  /** AWS-managed and customer managed policies, with this account's attachment counts. */
  readonly policies: ManagedPolicyRegistry;
  readonly roles: RoleRegistry;
  readonly users: UserRegistry;
  readonly groups: GroupRegistry;
  readonly accessKeys = new AccessKeyRegistry();
  readonly instanceProfiles: InstanceProfileRegistry;
  readonly openIdConnectProviders: OpenIdConnectProviderRegistry;
  /** At most one; unique across accounts (see accountAliases.ts). */
  readonly accountAliases: string[] = [];
  /** ASIA… credentials from sts:AssumeRole of this account's roles. */
  readonly temporaryCredentials: TemporaryCredentialRegistry;

  constructor(readonly accountId: string) {
    this.policies = new ManagedPolicyRegistry(accountId);
    this.roles = new RoleRegistry(accountId, this.policies);
    this.users = new UserRegistry(accountId, this.policies);
    this.groups = new GroupRegistry(accountId, this.policies, this.users);
    this.temporaryCredentials = new TemporaryCredentialRegistry(accountId);
    this.instanceProfiles = new InstanceProfileRegistry(accountId, this.roles);
    this.openIdConnectProviders = new OpenIdConnectProviderRegistry(accountId);
  }

  /** DeleteRole: refused while an instance profile holds the role (after the policy checks). */
  deleteRole(roleName: string): void {
    this.roles.delete(roleName, this.instanceProfiles.holding(roleName).length);
  }
}
