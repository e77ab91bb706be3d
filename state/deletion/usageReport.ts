import type { UsageReportMode } from '../accountConfig.js';

/** Resources of one region that use a role (ARNs, in the order the service lists them). */
export interface RegionResources {
  region: string;
  resources: string[];
}

/** Why the role is still in use, as a deletion task judges it at its finish instant. */
export interface RoleUsage {
  /** Resources of the linked service that use the role, region by region. */
  resources: RegionResources[];
  /** ARNs of the role's unexpired sessions, region by region. */
  sessions: RegionResources[];
  /** The role was used while the deletion was IN_PROGRESS. */
  usedWhileInProgress: boolean;
}

/** What GetServiceLinkedRoleDeletionStatus returns as `Reason` for a FAILED task. */
export interface UsageReport {
  reason: string;
  /** Absent when the account's report mode hides the resources. */
  roleUsageList?: RegionResources[];
}

/** How many resources a list names. */
export function resourceCount(list: readonly RegionResources[] | undefined): number {
  return list?.reduce((n, group) => n + group.resources.length, 0) ?? 0;
}

export function roleIsInUse(usage: RoleUsage): boolean {
  return usage.usedWhileInProgress || usage.resources.length > 0 || usage.sessions.length > 0;
}

/**
 * A report names at most this many resources per region, whatever the mode: AWS documents that
 * a service may report only some of the resources that use the role, and a role used by tens of
 * thousands of tasks must not make every FAILED task hold (and every status answer carry) them all.
 */
export const MAX_REPORTED_RESOURCES = 1000;

/** How many resources a report may name under the mode. */
function reportLimit(mode: UsageReportMode): number {
  if (mode === 'all') return Number.POSITIVE_INFINITY;
  if (mode === 'none') return 0;
  return Number(mode.slice('limit:'.length));
}

/**
 * Builds the failure report. Regions are listed in name order; within a region the service's
 * resources come first, then the role's sessions. Under `limit:N` the first N of that order are
 * named, so removing what a report names and submitting again reveals the rest, as AWS's
 * documentation describes for services that report only some resources. No region names more
 * than MAX_REPORTED_RESOURCES.
 */
export function buildUsageReport(roleName: string, servicePrincipal: string, usage: RoleUsage, mode: UsageReportMode): UsageReport {
  const reason = reasonText(roleName, servicePrincipal, usage);
  const limit = reportLimit(mode);
  if (limit === 0) return { reason };
  const roleUsageList: RegionResources[] = [];
  let left = limit;
  for (const group of usageByRegion(usage)) {
    if (left <= 0) break;
    const resources = group.resources.slice(0, Math.min(left, MAX_REPORTED_RESOURCES));
    if (resources.length === 0) continue;
    roleUsageList.push({ region: group.region, resources });
    left -= resources.length;
  }
  return { reason, roleUsageList };
}

/** Everything that uses the role, regions in name order; in each, resources, then sessions. */
export function usageByRegion(usage: RoleUsage): RegionResources[] {
  const byRegion = new Map<string, string[]>();
  for (const group of [...usage.resources, ...usage.sessions]) {
    const list = byRegion.get(group.region) ?? [];
    list.push(...group.resources);
    byRegion.set(group.region, list);
  }
  return [...byRegion.keys()].sort().map((region) => ({ region, resources: byRegion.get(region)! }));
}

/** AWS publishes no text for this; linkstack's says what is wrong and what to do about it. */
export function reasonText(roleName: string, servicePrincipal: string, usage: RoleUsage): string {
  const parts = [`Service-linked role ${roleName} is in use and cannot be deleted.`];
  if (usage.resources.length > 0) {
    parts.push(
      `${servicePrincipal} still has resources that use the role: remove them in every region, then submit the deletion again.`,
    );
  }
  if (usage.sessions.length > 0) {
    parts.push('The role has active sessions, which cannot be revoked: wait until they expire, then submit the deletion again.');
  }
  if (usage.usedWhileInProgress) {
    parts.push(`${servicePrincipal} used the role while the deletion was in progress.`);
  }
  return parts.join(' ');
}
