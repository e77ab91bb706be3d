import { TemporaryCredentialRegistry } from '../sts/temporaryCredentials.js';
import { AccessKeyRegistry } from './accessKeys.js';
import { iamErrors } from './errors.js';
import { GroupRegistry } from './groups.js';
import type { AwsManagedPolicyCatalog } from './awsManagedPolicyCatalog.js';
import { InstanceProfileRegistry } from './instanceProfiles.js';
import { ManagedPolicyRegistry } from './managedPolicies.js';
import { OpenIdConnectProviderRegistry } from './openIdConnectProviders.js';
import { RoleRegistry, type Role } from './roles.js';
import { findLinkedService } from './serviceLinkedRoleCatalog.js';
import { UserRegistry } from './users.js';

/**
 * IAM is global: one of these per account, shared by every region. The registries keep one kind
 * of entity each; the commands here own the rules that span them (what must go before an entity
 * can be deleted), so no handler repeats or orders those checks.
 */
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

  constructor(readonly accountId: string, awsManagedPolicies?: AwsManagedPolicyCatalog) {
    this.policies = new ManagedPolicyRegistry(accountId, awsManagedPolicies);
    this.roles = new RoleRegistry(accountId, this.policies);
    this.users = new UserRegistry(accountId, this.policies);
    this.groups = new GroupRegistry(accountId, this.policies, this.users);
    this.temporaryCredentials = new TemporaryCredentialRegistry(accountId);
    this.instanceProfiles = new InstanceProfileRegistry(accountId, this.roles);
    this.openIdConnectProviders = new OpenIdConnectProviderRegistry(accountId);
  }

  /** The role a linked service uses (by the name the service gives it), if the account has it. */
  serviceLinkedRoleOf(servicePrincipal: string): Role | undefined {
    const service = findLinkedService(servicePrincipal);
    return service ? this.roles.find(service.roleName) : undefined;
  }

  /**
   * DeleteRole. Refused for service-linked roles (DeleteServiceLinkedRole removes those) and,
   * in AWS's order, while inline or attached policies remain or an instance profile holds it.
   */
  deleteRole(roleName: string): void {
    const role = this.roles.get(roleName);
    this.roles.requireModifiable(role);
    if (role.inlinePolicies.size > 0) throw iamErrors.deletePoliciesFirst();
    if (role.attachedPolicyArns.length > 0) throw iamErrors.detachPoliciesFirst();
    if (this.instanceProfiles.holding(role.roleName).length > 0) throw iamErrors.removeRolesFromInstanceProfileFirst();
    this.roles.delete(role);
  }

  /**
   * The end of a successful service-linked role deletion: the role goes with its policy
   * attachments, in one step, whatever it still holds (AWS owns its policies).
   */
  deleteServiceLinkedRole(role: Role): void {
    this.roles.delete(role);
  }

  /** DeleteUser: access keys, inline policies, attached policies and group memberships must go first. */
  deleteUser(userName: string): void {
    const user = this.users.get(userName);
    if (this.accessKeys.ofUser(user.userName).length > 0) throw iamErrors.deleteAccessKeysFirst();
    if (user.inlinePolicies.size > 0) throw iamErrors.deletePoliciesFirst();
    if (user.attachedPolicyArns.length > 0) throw iamErrors.detachPoliciesFirst();
    if (user.groups.size > 0) throw iamErrors.removeFromGroupsFirst();
    this.users.delete(user);
  }

  /** DeleteGroup: members, inline policies and attached policies must go first. */
  deleteGroup(groupName: string): void {
    const group = this.groups.get(groupName);
    if (group.members.size > 0) throw iamErrors.removeMembersFirst();
    if (group.inlinePolicies.size > 0) throw iamErrors.deletePoliciesFirst();
    if (group.attachedPolicyArns.length > 0) throw iamErrors.detachPoliciesFirst();
    this.groups.delete(group);
  }
}
