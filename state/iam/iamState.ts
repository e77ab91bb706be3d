import { TemporaryCredentialRegistry } from '../sts/temporaryCredentials.js';
import { AccessKeyRegistry } from './accessKeys.js';
import { GroupRegistry } from './groups.js';
import { ManagedPolicyRegistry } from './managedPolicies.js';
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
  /** ASIA… credentials from sts:AssumeRole of this account's roles. */
  readonly temporaryCredentials: TemporaryCredentialRegistry;

  constructor(readonly accountId: string) {
    this.policies = new ManagedPolicyRegistry(accountId);
    this.roles = new RoleRegistry(accountId, this.policies);
    this.users = new UserRegistry(accountId, this.policies);
    this.groups = new GroupRegistry(accountId, this.policies, this.users);
    this.temporaryCredentials = new TemporaryCredentialRegistry(accountId);
  }
}
