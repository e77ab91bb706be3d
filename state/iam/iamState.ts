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
import type { Tag } from './tags.js';
import { UserRegistry } from './users.js';
import { child, fail, list, matching, readList, readParts, type Json } from '../snapshot/codec.js';

/** The parts of IAM's snapshot, in the order they are restored (policies before what attaches them). */
const IAM_PARTS = [
  'policies',
  'roles',
  'users',
  'groups',
  'accessKeys',
  'instanceProfiles',
  'openIdConnectProviders',
  'accountAliases',
  'temporaryCredentials',
] as const;
const accountAliasCodec = matching(/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/, 'an account alias');

/**
 * IAM is global: one of these per account, shared by every region. The registries keep one kind
 * of entity each; the commands here own the rules that span them (what must go before an entity
 * can be deleted), so no handler repeats or orders those checks.
 */
/** IAM resources that carry tags a policy can test, by ARN. */
const TAGGED_RESOURCE = /^arn:aws:iam::(\d{12}):(role|user|instance-profile|oidc-provider)(\/.+)$/;

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

  /**
   * The tags of the IAM resource an ARN names in this account (roles, users, instance profiles,
   * OIDC providers), for aws:ResourceTag/…; undefined when it names none of them.
   */
  resourceTags(arn: string): Tag[] | undefined {
    const m = TAGGED_RESOURCE.exec(arn);
    if (!m || m[1] !== this.accountId) return undefined;
    const name = m[3]!.slice(m[3]!.lastIndexOf('/') + 1);
    const entity =
      m[2] === 'role'
        ? this.roles.find(name)
        : m[2] === 'user'
          ? this.users.find(name)
          : m[2] === 'instance-profile'
            ? this.instanceProfiles.find(name)
            : this.openIdConnectProviders.find(arn);
    return entity && entity.arn === arn ? entity.tags : undefined;
  }

  toSnapshot(): Json {
    return {
      policies: this.policies.toSnapshot(),
      roles: this.roles.toSnapshot(),
      users: this.users.toSnapshot(),
      groups: this.groups.toSnapshot(),
      accessKeys: this.accessKeys.toSnapshot(),
      instanceProfiles: this.instanceProfiles.toSnapshot(),
      openIdConnectProviders: this.openIdConnectProviders.toSnapshot(),
      accountAliases: list(accountAliasCodec).encode(this.accountAliases),
      temporaryCredentials: this.temporaryCredentials.toSnapshot(),
    };
  }

  /** Fills a fresh IamState. */
  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, IAM_PARTS);
    this.policies.restore(parts.policies, child(path, 'policies'));
    this.roles.restore(parts.roles, child(path, 'roles'));
    this.roles.all().forEach((r, i) => this.policies.requireKnown(r.attachedPolicyArns, child(child(child(path, 'roles'), i), 'attachedPolicyArns')));
    this.users.restore(parts.users, child(path, 'users'));
    this.groups.restore(parts.groups, child(path, 'groups'));
    this.accessKeys.restore(parts.accessKeys, child(path, 'accessKeys'), (name) => this.users.find(name) !== undefined);
    this.instanceProfiles.restore(parts.instanceProfiles, child(path, 'instanceProfiles'));
    this.openIdConnectProviders.restore(parts.openIdConnectProviders, child(path, 'openIdConnectProviders'));
    const aliases = readList(accountAliasCodec, parts.accountAliases, child(path, 'accountAliases'));
    if (aliases.length > 1) fail(child(path, 'accountAliases'), 'an account has at most one alias');
    this.accountAliases.push(...aliases);
    this.temporaryCredentials.restore(parts.temporaryCredentials, child(path, 'temporaryCredentials'));
  }
}
