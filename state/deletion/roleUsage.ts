import type { Role } from '../iam/roles.js';
import { ECS_SERVICE_LINKED_ROLE, ECS_SERVICE_PRINCIPAL } from '../iam/serviceLinkedRoleCatalog.js';
import { sessionArn } from '../roleSessions.js';
import type { Account } from '../store.js';
import type { RegionResources, RoleUsage } from './usageReport.js';

/** Where a linked service's resources that use a role come from (ECS, or a test's stand-in). */
export type LinkedResourceSource = (account: Account, role: Role, at: Date) => RegionResources[];

/**
 * ECS resources that use AWSServiceRoleForECS, in every region of the account: each ACTIVE
 * cluster, then its services, container instances and tasks, as ECS lists them.
 */
export const ecsResourcesUsingRole: LinkedResourceSource = (account, role, at) => {
  if (role.linkedService !== ECS_SERVICE_PRINCIPAL || role.roleName !== ECS_SERVICE_LINKED_ROLE) return [];
  const out: RegionResources[] = [];
  for (const [region, state] of account.regions) {
    const resources = state.ecs.serviceLinkedRoleUsage(at);
    if (resources.length > 0) out.push({ region, resources });
  }
  return out.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
};

/** The role's unexpired sessions at an instant, grouped by region. */
export function activeSessionUsage(account: Account, roleName: string, atMs: number): RegionResources[] {
  const byRegion = new Map<string, string[]>();
  for (const s of account.roleSessions.activeFor(roleName, atMs)) {
    const list = byRegion.get(s.region) ?? [];
    list.push(sessionArn(account.id, s));
    byRegion.set(s.region, list);
  }
  return [...byRegion.entries()].map(([region, resources]) => ({ region, resources }));
}

/**
 * Everything that keeps the role in use at `atMs`. Linked resources are read as they are now,
 * as of that instant: tasks are settled by the first request at or after their finish
 * instant, and no request can change the account between that instant and that one.
 */
export function roleUsageAt(
  account: Account,
  role: Role,
  atMs: number,
  usedWhileInProgress: boolean,
  linkedResources: LinkedResourceSource = ecsResourcesUsingRole,
): RoleUsage {
  return {
    resources: linkedResources(account, role, new Date(atMs)),
    sessions: activeSessionUsage(account, role.roleName, atMs),
    usedWhileInProgress,
  };
}
