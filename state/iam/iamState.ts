import { ManagedPolicyRegistry } from './managedPolicies.js';
import { RoleRegistry } from './roles.js';

/** IAM is global: one of these per account, shared by every region. */
export class IamState {
  /** AWS-managed and customer managed policies, with this account's attachment counts. */
  readonly policies: ManagedPolicyRegistry;
  readonly roles: RoleRegistry;

  constructor(readonly accountId: string) {
    this.policies = new ManagedPolicyRegistry(accountId);
    this.roles = new RoleRegistry(accountId, this.policies);
  }
}
