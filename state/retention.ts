import type { Account } from './store.js';

/**
 * How long finished things stay readable before they are forgotten, so that nothing grows
 * without bound on a long-running server: expired STS credentials (and expired service sessions),
 * completed Access Advisor report jobs, and finished service-linked role deletion tasks.
 * `deletionTasksMs: 0` reproduces AWS's fast purge: once a task has finished,
 * GetServiceLinkedRoleDeletionStatus answers NoSuchEntity.
 */
export interface Retention {
  credentialsMs: number;
  accessAdvisorJobsMs: number;
  deletionTasksMs: number;
}

export const defaultRetention: Retention = {
  credentialsMs: 3_600_000,
  accessAdvisorJobsMs: 3_600_000,
  deletionTasksMs: 900_000,
};

/** At most one sweep per emulated second, unless a deletion task was just settled. */
const SWEEP_EVERY_MS = 1000;
/**
 * When each account's next sweep is due: bookkeeping of this module, not state (a snapshot
 * neither carries nor compares it; a restored account is swept on its first request).
 */
const nextSweepAtMs = new WeakMap<Account, number>();

export function pruneExpired(account: Account, nowMs: number, force = false): void {
  if (!force && nowMs < (nextSweepAtMs.get(account) ?? Number.NEGATIVE_INFINITY)) return;
  nextSweepAtMs.set(account, nowMs + SWEEP_EVERY_MS);
  const retention = account.retention;
  account.iam.temporaryCredentials.forgetExpiredBefore(nowMs - retention.credentialsMs);
  account.roleSessions.forgetExpiredBefore(nowMs - retention.credentialsMs);
  account.accessAdvisor.forgetJobsCompletedBefore(nowMs - retention.accessAdvisorJobsMs);
  // `<=` for 0: a task that finished at this very instant is gone at once.
  account.deletionTasks.forgetFinishedBefore(nowMs - retention.deletionTasksMs + (retention.deletionTasksMs === 0 ? 1 : 0));
}
