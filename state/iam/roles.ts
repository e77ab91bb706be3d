import { iamUniqueId } from '../ids.js';
import { iamErrors } from './errors.js';
import type { ManagedPolicyRegistry } from './managedPolicies.js';
import { findLinkedService, type LinkedService } from './serviceLinkedRoleCatalog.js';

export interface Tag {
  Key: string;
  Value: string;
}

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

  constructor(
    private readonly accountId: string,
    private readonly policies: ManagedPolicyRegistry,
  ) {}

  find(roleName: string): Role | undefined {
    return this.roles.get(roleName.toLowerCase());
  }

  get(roleName: string): Role {
    const role = this.find(roleName);
    if (!role) throw iamErrors.noSuchRole(roleName);
    return role;
  }

  all(): Role[] {
    return [...this.roles.values()];
  }

  /** Roles sorted as ListRoles returns them (by name, case-insensitively). */
  sorted(): Role[] {
    return this.all().sort((a, b) => a.roleName.toLowerCase().localeCompare(b.roleName.toLowerCase()));
  }

  add(role: Role): Role {
    this.roles.set(role.roleName.toLowerCase(), role);
    return role;
  }

  remove(roleName: string): void {
    this.roles.delete(roleName.toLowerCase());
  }

  arnFor(path: string, roleName: string): string {
    return `arn:aws:iam::${this.accountId}:role${path}${roleName}`;
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
    if (!service) throw iamErrors.invalidInput(`Invalid service name: ${servicePrincipal}`);
    if (options.customSuffix !== undefined && !service.acceptsCustomSuffix) {
      throw iamErrors.customSuffixNotAllowed(servicePrincipal);
    }
    const roleName = options.customSuffix ? `${service.roleName}_${options.customSuffix}` : service.roleName;
    if (this.find(roleName)) throw iamErrors.serviceRoleNameTaken(roleName);
    const role = this.newServiceLinkedRole(service, roleName, now, options.description);
    for (const arn of role.attachedPolicyArns) this.policies.attach(arn, 'service-linked-role');
    return this.add(role);
  }

  private newServiceLinkedRole(service: LinkedService, roleName: string, now: Date, description?: string): Role {
    const path = `/aws-service-role/${service.servicePrincipal}/`;
    return {
      roleName,
      roleId: iamUniqueId('AROA'),
      path,
      arn: this.arnFor(path, roleName),
      createDate: now,
      assumeRolePolicyDocument: trustPolicyFor(service.servicePrincipal),
      description: description ?? service.description,
      maxSessionDuration: 3600,
      tags: [],
      inlinePolicies: new Map(),
      attachedPolicyArns: [...service.policyArns],
      linkedService: service.servicePrincipal,
    };
  }

  /** A service used the role in a region (what GetRole's RoleLastUsed shows). */
  recordUse(roleName: string, now: Date, region: string): void {
    const role = this.find(roleName);
    if (role) role.lastUsed = { date: now, region };
  }

  /** Everything but the description of a service-linked role belongs to AWS. */
  requireModifiable(role: Role): void {
    if (role.linkedService) throw iamErrors.unmodifiableEntity(role.roleName);
  }
}
