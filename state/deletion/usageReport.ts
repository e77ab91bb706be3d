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

export function roleIsInUse(usage: RoleUsage): boolean {
  return usage.usedWhileInProgress || usage.resources.length > 0 || usage.sessions.length > 0;
}

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
 * documentation describes for services that report only some resources.
 */
export function buildUsageReport(roleName: string, servicePrincipal: string, usage: RoleUsage, mode: UsageReportMode): UsageReport {
  const reason = reasonText(roleName, servicePrincipal, usage);
  const limit = reportLimit(mode);
  if (limit === 0) return { reason };
  const byRegion = new Map<string, string[]>();
  for (const group of [...usage.resources, ...usage.sessions]) {
    const list = byRegion.get(group.region) ?? [];
    list.push(...group.resources);
    byRegion.set(group.region, list);
  }
  const roleUsageList: RegionResources[] = [];
  let left = limit;
  for (const region of [...byRegion.keys()].sort()) {
    if (left <= 0) break;
    const resources = byRegion.get(region)!.slice(0, left);
    if (resources.length === 0) continue;
    roleUsageList.push({ region, resources });
    left -= resources.length;
  }
  return { reason, roleUsageList };
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
