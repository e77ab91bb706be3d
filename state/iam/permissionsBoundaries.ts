import { iamErrors } from './errors.js';
import type { ManagedPolicyRegistry } from './managedPolicies.js';

/** A role or user: the entities that may have a permissions boundary. */
export interface BoundedEntity {
  permissionsBoundary?: string;
}

/** The policy a boundary names must exist and may not be a service-linked role's own policy. */
export function requireBoundaryPolicy(policies: ManagedPolicyRegistry, arn: string): void {
  const policy = policies.get(arn);
  if (policy.serviceLinkedRolePolicy) throw iamErrors.notABoundaryPolicy(arn);
}

/**
 * Put…PermissionsBoundary (an ARN) and Delete…PermissionsBoundary (undefined): sets, replaces or
 * clears the boundary, keeping each policy's PermissionsBoundaryUsageCount true. Clearing an
 * entity without a boundary changes nothing.
 */
export function setPermissionsBoundary(entity: BoundedEntity, policies: ManagedPolicyRegistry, arn: string | undefined): void {
  if (arn !== undefined) requireBoundaryPolicy(policies, arn);
  if (entity.permissionsBoundary === arn) return;
  if (arn !== undefined) policies.countBoundaryUse(arn, 1);
  if (entity.permissionsBoundary !== undefined) policies.countBoundaryUse(entity.permissionsBoundary, -1);
  entity.permissionsBoundary = arn;
}
