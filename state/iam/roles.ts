import { iamArn, SERVICE_ROLE_PATH_PREFIX, serviceLinkedRolePath } from '../arns.js';
import { iamUniqueId } from '../ids.js';
import { parsePolicyDocument, parseTrustPolicyDocument } from '../policy/document.js';
import { iamErrors } from './errors.js';
import { attachManagedPolicy, detachManagedPolicy, findName, inlinePoliciesCodec, inlinePolicyOf, noInlinePolicies, putInlinePolicyOn } from './policyHolder.js';
import { requireBoundaryPolicy, setPermissionsBoundary } from './permissionsBoundaries.js';
import { mergeTags, removeTags, requireDistinctTagKeys, type Tag } from './tags.js';

export type { Tag } from './tags.js';
import { ManagedPolicyRegistry } from './managedPolicies.js';
import { findLinkedService, type LinkedService } from './serviceLinkedRoleCatalog.js';
import { fail, instant, int, list, object, optional, readList, str, child, type Codec, type Json } from '../snapshot/codec.js';
import { iamTagCodec } from './tags.js';

export interface Role {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  createDate: Date;
  /** The trust policy exactly as it was sent (AWS returns it byte for byte, URL-encoded). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  tags: Tag[];
  /** Inline policies by name, in insertion order. */
  inlinePolicies: Map<string, string>;
  /** Attached managed policy ARNs, in attachment order. */
  attachedPolicyArns: string[];
  /** Set for service-linked roles: the service principal that owns the role. */
  linkedService?: string;
  lastUsed?: { date: Date; region: string };
  /** ARN of the managed policy set as the role's permissions boundary. */
  permissionsBoundary?: string;
}

export interface NewRole {
  roleName: string;
  path?: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration?: number;
  tags?: Tag[];
  permissionsBoundary?: string;
}

/** A role as the snapshot keeps it. */
export const roleCodec: Codec<Role> = object({
  roleName: str,
  roleId: str,
  path: str,
  arn: str,
  createDate: instant,
  assumeRolePolicyDocument: str,
  description: optional(str),
  maxSessionDuration: int,
  tags: list(iamTagCodec),
  inlinePolicies: inlinePoliciesCodec,
  attachedPolicyArns: list(str),
  linkedService: optional(str),
  lastUsed: optional(object({ date: instant, region: str })),
  permissionsBoundary: optional(str),
});

/** IAM counts policy sizes without white space. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/** IAM's default quotas on role policies, with the texts IAM sends when one is passed. */
const TRUST_POLICY_QUOTA = 2048;
const INLINE_POLICIES_PER_ROLE_QUOTA = 10240;
const MANAGED_POLICIES_PER_ROLE_QUOTA = 10;

function checkTrustPolicySize(document: string): void {
  if (policySize(document) > TRUST_POLICY_QUOTA) {
    throw iamErrors.quotaExceeded('ACLSizePerRole', TRUST_POLICY_QUOTA);
  }
}

export function trustPolicyFor(servicePrincipal: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * The roles of one account. IAM names are unique without regard to case, so the map is keyed by
 * the lower-cased name while the role keeps the name as it was given.
 */
export class RoleRegistry {
  private readonly roles = new Map<string, Role>();
  /** sorted()'s answer until the next add or delete: a cache, not state (a # field, so state dumps never see it). */
  #inOrder: Role[] | undefined;

  constructor(
    private readonly accountId: string,
    private readonly policies: ManagedPolicyRegistry,
  ) {}

  find(roleName: string): Role | undefined {
    return this.roles.get(roleName.toLowerCase());
  }

  get(roleName: string): Role {
    const role = this.find(roleName);
    if (!role) throw iamErrors.roleNotFound(roleName);
    return role;
  }

  all(): Role[] {
    return [...this.roles.values()];
  }

  /**
   * Roles sorted as ListRoles returns them (by name, case-insensitively). Kept between changes,
   * so a ListRoles page costs its page, not a sort of every role; read-only for callers.
   */
  sorted(): readonly Role[] {
    this.#inOrder ??= this.all().sort((a, b) => a.roleName.toLowerCase().localeCompare(b.roleName.toLowerCase()));
    return this.#inOrder;
  }

  add(role: Role): Role {
    this.roles.set(role.roleName.toLowerCase(), role);
    this.#inOrder = undefined;
    return role;
  }

  /**
   * CreateServiceLinkedRole: the name, path, trust policy and policies all come from the
   * service; the caller may only choose the description and (for some services) a suffix.
   */
  createServiceLinkedRole(
    servicePrincipal: string,
    now: Date,
    options: { description?: string; customSuffix?: string } = {},
  ): Role {
    const service = findLinkedService(servicePrincipal);
    if (!service) throw iamErrors.invalidServiceName(servicePrincipal);
    if (options.customSuffix !== undefined && !service.acceptsCustomSuffix) {
      throw iamErrors.customSuffixNotAllowed(servicePrincipal);
    }
    const roleName = options.customSuffix ? `${service.roleName}_${options.customSuffix}` : service.roleName;
    if (this.find(roleName)) throw iamErrors.serviceRoleNameTaken(roleName);
    // A role with a custom suffix gets no default description: AWS leaves it empty.
    const description = options.description ?? (options.customSuffix ? undefined : service.description);
    const role = this.newServiceLinkedRole(service, roleName, now, description);
    for (const arn of role.attachedPolicyArns) this.policies.attach(arn, 'service-linked-role');
    return this.add(role);
  }

  private newServiceLinkedRole(service: LinkedService, roleName: string, now: Date, description?: string): Role {
    return {
      roleName,
      roleId: iamUniqueId('AROA'),
      path: serviceLinkedRolePath(service.servicePrincipal),
      arn: iamArn.serviceLinkedRole(this.accountId, service.servicePrincipal, roleName),
      createDate: now,
      assumeRolePolicyDocument: trustPolicyFor(service.servicePrincipal),
      description,
      maxSessionDuration: 3600,
      tags: [],
      inlinePolicies: noInlinePolicies(),
      attachedPolicyArns: [...service.policyArns],
      linkedService: service.servicePrincipal,
    };
  }

  /** CreateRole: any role but a service-linked one, which only CreateServiceLinkedRole makes. */
  create(input: NewRole, now: Date): Role {
    const path = input.path ?? '/';
    if (path.startsWith(SERVICE_ROLE_PATH_PREFIX)) {
      throw iamErrors.serviceRolePathReserved(SERVICE_ROLE_PATH_PREFIX);
    }
    if (this.find(input.roleName)) {
      throw iamErrors.roleExists(input.roleName);
    }
    parseTrustPolicyDocument(input.assumeRolePolicyDocument);
    checkTrustPolicySize(input.assumeRolePolicyDocument);
    const tags = input.tags ?? [];
    requireDistinctTagKeys(tags);
    if (input.permissionsBoundary !== undefined) {
      requireBoundaryPolicy(this.policies, input.permissionsBoundary);
      this.policies.countBoundaryUse(input.permissionsBoundary, 1);
    }
    return this.add({
      roleName: input.roleName,
      roleId: iamUniqueId('AROA'),
      path,
      arn: iamArn.role(this.accountId, path, input.roleName),
      createDate: now,
      assumeRolePolicyDocument: input.assumeRolePolicyDocument,
      description: input.description,
      maxSessionDuration: input.maxSessionDuration ?? 3600,
      tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      inlinePolicies: noInlinePolicies(),
      attachedPolicyArns: [],
      permissionsBoundary: input.permissionsBoundary,
    });
  }

  /** Put/DeleteRolePermissionsBoundary (`undefined` clears it); not on a service-linked role. */
  setPermissionsBoundary(roleName: string, policyArn: string | undefined): void {
    const role = this.get(roleName);
    this.requireModifiable(role);
    setPermissionsBoundary(role, this.policies, policyArn);
  }

  /** UpdateRole: the description of any role; the session duration only of ordinary roles. */
  update(roleName: string, changes: { description?: string; maxSessionDuration?: number }): Role {
    const role = this.get(roleName);
    if (changes.maxSessionDuration !== undefined) {
      this.requireModifiable(role);
      role.maxSessionDuration = changes.maxSessionDuration;
    }
    if (changes.description !== undefined) role.description = changes.description;
    return role;
  }

  /**
   * Removes the role with its bookkeeping: policy attachment and boundary counts. The one way a
   * role leaves the account; the rules of when it may are IamState.deleteRole's and the
   * deletion task's.
   */
  delete(role: Role): void {
    for (const arn of role.attachedPolicyArns) this.policies.detach(arn);
    if (role.permissionsBoundary) this.policies.countBoundaryUse(role.permissionsBoundary, -1);
    this.roles.delete(role.roleName.toLowerCase());
    this.#inOrder = undefined;
  }

  updateAssumeRolePolicy(roleName: string, document: string): void {
    const role = this.get(roleName);
    this.requireModifiable(role);
    parseTrustPolicyDocument(document);
    checkTrustPolicySize(document);
    role.assumeRolePolicyDocument = document;
  }

  putInlinePolicy(roleName: string, policyName: string, document: string): void {
    const role = this.get(roleName);
    this.requireModifiable(role);
    parsePolicyDocument(document);
    const existing = findName(role.inlinePolicies.keys(), policyName);
    let total = policySize(document);
    for (const [name, other] of role.inlinePolicies) if (name !== existing) total += policySize(other);
    if (total > INLINE_POLICIES_PER_ROLE_QUOTA) {
      throw iamErrors.rolePolicySizeExceeded(INLINE_POLICIES_PER_ROLE_QUOTA, role.roleName);
    }
    putInlinePolicyOn(role, policyName, document);
  }

  inlinePolicy(roleName: string, policyName: string): { roleName: string; policyName: string; document: string } {
    const role = this.get(roleName);
    return { roleName: role.roleName, ...inlinePolicyOf(role, policyName, 'role') };
  }

  deleteInlinePolicy(roleName: string, policyName: string): void {
    const role = this.get(roleName);
    this.requireModifiable(role);
    const { policyName: name } = this.inlinePolicy(roleName, policyName);
    role.inlinePolicies.delete(name);
  }

  /** AttachRolePolicy. Attaching a policy that is already attached changes nothing, as in AWS. */
  attachPolicy(roleName: string, policyArn: string): void {
    ManagedPolicyRegistry.requireParsableArn(policyArn);
    const role = this.get(roleName);
    this.requireModifiable(role);
    attachManagedPolicy(role, this.policies, policyArn, 'role', { name: 'PoliciesPerRole', max: MANAGED_POLICIES_PER_ROLE_QUOTA });
  }

  detachPolicy(roleName: string, policyArn: string): void {
    const role = this.get(roleName);
    this.requireModifiable(role);
    detachManagedPolicy(role, this.policies, policyArn);
  }


  /** TagRole. AWS allows tagging service-linked roles too. */
  tag(roleName: string, tags: Tag[]): void {
    const role = this.get(roleName);
    role.tags = mergeTags(role.tags, tags);
  }

  untag(roleName: string, keys: string[]): void {
    const role = this.get(roleName);
    role.tags = removeTags(role.tags, keys);
  }

  toSnapshot(): Json {
    return list(roleCodec).encode(this.all());
  }

  /** Fills an empty registry from a snapshot; `path` names the list in errors. */
  restore(value: unknown, path: string): void {
    readList(roleCodec, value, path).forEach((role, i) => {
      const at = child(path, i);
      if (this.find(role.roleName)) fail(child(at, 'roleName'), `a role named ${role.roleName} comes earlier in the list`);
      const arn = iamArn.role(this.accountId, role.path, role.roleName);
      if (role.arn !== arn) fail(child(at, 'arn'), `expected ${arn}, the ARN of role ${role.roleName} at path ${role.path}`);
      this.add(role);
    });
  }

  /** Everything but the description of a service-linked role belongs to AWS. */
  requireModifiable(role: Role): void {
    if (role.linkedService) throw iamErrors.unmodifiableEntity(role.roleName);
  }
}

