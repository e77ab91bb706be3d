import { iamErrors } from '../iam/errors.js';
import { pruneExpired } from '../retention.js';
import type { Account } from '../store.js';
import { parseDeletionTaskId, type DeletionTask } from './deletionTasks.js';
import { ecsResourcesUsingRole, roleUsageAt, type LinkedResourceSource } from './roleUsage.js';
import { buildUsageReport, resourceCount, roleIsInUse, usageByRegion } from './usageReport.js';

/**
 * The life of a service-linked role deletion: DeleteServiceLinkedRole submits a task, the
 * clock moves it NOT_STARTED → IN_PROGRESS, and the first request at or after its finish
 * instant settles it: SUCCEEDED (the role, with its policy attachments, is removed in one
 * step) or FAILED (nothing changes; the report says what still uses the role).
 */

export function submitServiceLinkedRoleDeletion(account: Account, roleName: string, nowMs: number): DeletionTask {
  const role = account.iam.roles.get(roleName);
  if (!role.linkedService) throw iamErrors.roleNotServiceLinked(role.roleName);
  return account.deletionTasks.submit(role.roleName, role.linkedService, nowMs, account.config);
}

/** The task a DeletionTaskId names in this account, or AWS's error for the id. */
export function findDeletionTask(account: Account, id: string): DeletionTask {
  if (!parseDeletionTaskId(id)) throw iamErrors.malformedDeletionTaskId(id);
  const task = account.deletionTasks.find(id);
  if (!task) throw iamErrors.deletionTaskNotFound(id);
  return task;
}

/**
 * Settles the account's tasks that are due at `nowMs`, then forgets what has outlived its
 * retention. Cheap when nothing is due: two comparisons.
 */
export function settleDueDeletionTasks(
  account: Account,
  nowMs: number,
  linkedResources: LinkedResourceSource = ecsResourcesUsingRole,
): void {
  const due = nowMs >= account.deletionTasks.nextDueAtMs;
  if (due) for (const task of account.deletionTasks.due(nowMs)) settleTask(account, task, linkedResources);
  pruneExpired(account, nowMs, due);
}

function settleTask(account: Account, task: DeletionTask, linkedResources: LinkedResourceSource): void {
  const role = account.iam.roles.find(task.roleName);
  if (!role) {
    account.deletionTasks.settle(task, { status: 'SUCCEEDED' });
    return;
  }
  const usage = roleUsageAt(account, role, task.finishesAtMs, task.usedWhileInProgress, linkedResources);
  if (roleIsInUse(usage)) {
    const report = buildUsageReport(role.roleName, task.servicePrincipal, usage, task.reportMode);
    const inUse = usageByRegion(usage);
    account.deletionTasks.settle(task, {
      status: 'FAILED',
      report,
      // What the report left out, for the dashboard: kept only when it left something out.
      ...(resourceCount(report.roleUsageList) === resourceCount(inUse) ? {} : { inUse }),
    });
    return;
  }
  account.iam.deleteServiceLinkedRole(role);
  account.accessAdvisor.forgetEntity(role.arn);
  account.deletionTasks.settle(task, { status: 'SUCCEEDED' });
}

