import type { AccountConfig, UsageReportMode } from '../accountConfig.js';
import { serviceLinkedRolePath } from '../arns.js';
import { uuid } from '../ids.js';
import type { RegionResources, UsageReport } from './usageReport.js';
import { bool, child, fail, instantMs, list, matching, object, oneOf, optional, readList, str, type Codec, type Json } from '../snapshot/codec.js';
import { usageReportModeCodec } from '../accountConfig.js';

export type DeletionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

/** How a task ended. A task has no outcome until it is settled at or after its finish instant. */
export type DeletionOutcome =
  | { status: 'SUCCEEDED' }
  | {
      status: 'FAILED';
      report: UsageReport;
      /**
       * Everything that used the role at the finish instant, reported or not (for the dashboard);
       * absent when the report named it all.
       */
      inUse?: RegionResources[];
    };

/**
 * One submission of DeleteServiceLinkedRole. There are no timers: the task only records when
 * it was submitted, starts and finishes; its status is read off the clock, and it is settled
 * (judged, and the role removed or kept) by the first request at or after `finishesAtMs`.
 */
export interface DeletionTask {
  id: string;
  roleName: string;
  servicePrincipal: string;
  submittedAtMs: number;
  startsAtMs: number;
  finishesAtMs: number;
  /** Timings and report mode are the account's configuration when the task was submitted. */
  reportMode: UsageReportMode;
  /** The role was used (e.g. a cluster was created) while the task was IN_PROGRESS. */
  usedWhileInProgress: boolean;
  outcome?: DeletionOutcome;
}

/** `task/aws-service-role/<service-principal>/<role-name>/<uuid>`, as AWS documents it. */
const TASK_ID = /^task\/aws-service-role\/([a-z0-9.-]+)\/([\w+=,.@-]{1,64})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const regionResourcesCodec = object({ region: str, resources: list(str) });
/** A FAILED outcome has its report; members a SUCCEEDED one lacks are simply absent. */
const outcomeFields = () =>
  object({ status: oneOf('SUCCEEDED', 'FAILED'), report: optional(usageReportCodec), inUse: optional(list(regionResourcesCodec)) });
const outcomeCodec: Codec<DeletionOutcome> = {
  encode: (o) => outcomeFields().encode(o),
  decode: (v, path) => {
    const outcome = outcomeFields().decode(v, path);
    if (outcome.status === 'FAILED' && !outcome.report) fail(child(path, 'report'), 'missing (a FAILED task has a report)');
    return outcome as DeletionOutcome;
  },
};
const usageReportCodec: Codec<UsageReport> = object({ reason: str, roleUsageList: optional(list(regionResourcesCodec)) });

export const deletionTaskCodec: Codec<DeletionTask> = object({
  id: matching(TASK_ID, 'a DeletionTaskId (task/aws-service-role/<service>/<role>/<uuid>)'),
  roleName: str,
  servicePrincipal: str,
  submittedAtMs: instantMs,
  startsAtMs: instantMs,
  finishesAtMs: instantMs,
  reportMode: usageReportModeCodec,
  usedWhileInProgress: bool,
  outcome: optional(outcomeCodec),
});

export function parseDeletionTaskId(id: string): { servicePrincipal: string; roleName: string } | undefined {
  const m = TASK_ID.exec(id);
  return m ? { servicePrincipal: m[1]!, roleName: m[2]! } : undefined;
}

export function deletionStatus(task: DeletionTask, atMs: number): DeletionStatus {
  if (task.outcome) return task.outcome.status;
  return atMs < task.startsAtMs ? 'NOT_STARTED' : 'IN_PROGRESS';
}

/** The deletion tasks of one account, and the one unfinished task each role may have. */
export class DeletionTaskRegistry {
  private readonly tasks = new Map<string, DeletionTask>();
  /** Unsettled tasks by lower-cased role name: a role has at most one. */
  private readonly pending = new Map<string, DeletionTask>();
  /**
   * The earliest instant at which an unsettled task finishes. Every request compares the clock
   * with this one number, so an account with nothing due costs nothing to settle.
   */
  nextDueAtMs = Number.POSITIVE_INFINITY;

  find(id: string): DeletionTask | undefined {
    return this.tasks.get(id);
  }

  all(): DeletionTask[] {
    return [...this.tasks.values()];
  }

  pendingFor(roleName: string): DeletionTask | undefined {
    return this.pending.get(roleName.toLowerCase());
  }

  /**
   * Submit a deletion. While a task for the role is unfinished, a new submission returns that
   * task (AWS returns the earlier DeletionTaskId) instead of queueing another.
   */
  submit(
    roleName: string,
    servicePrincipal: string,
    nowMs: number,
    config: AccountConfig,
  ): DeletionTask {
    const existing = this.pendingFor(roleName);
    if (existing) return existing;
    const startsAtMs = nowMs + config.deletion.startDelayMs;
    const task: DeletionTask = {
      id: `task${serviceLinkedRolePath(servicePrincipal)}${roleName}/${uuid()}`,
      roleName,
      servicePrincipal,
      submittedAtMs: nowMs,
      startsAtMs,
      finishesAtMs: startsAtMs + config.deletion.durationMs,
      reportMode: config.usageReport,
      usedWhileInProgress: false,
    };
    this.tasks.set(task.id, task);
    this.pending.set(roleName.toLowerCase(), task);
    this.nextDueAtMs = Math.min(this.nextDueAtMs, task.finishesAtMs);
    return task;
  }

  /**
   * A service used the role. If the role's deletion is IN_PROGRESS at that instant, the task
   * will fail: the linked service took the role back while IAM was removing it.
   */
  noteRoleUse(roleName: string, nowMs: number): void {
    const task = this.pendingFor(roleName);
    if (task && deletionStatus(task, nowMs) === 'IN_PROGRESS') task.usedWhileInProgress = true;
  }

  /** Unsettled tasks whose finish instant has come, earliest first. */
  due(nowMs: number): DeletionTask[] {
    if (nowMs < this.nextDueAtMs) return [];
    return [...this.pending.values()].filter((t) => t.finishesAtMs <= nowMs).sort((a, b) => a.finishesAtMs - b.finishesAtMs);
  }

  /** Forgets settled tasks that finished before `beforeMs` (AWS purges finished tasks too). */
  forgetFinishedBefore(beforeMs: number): void {
    for (const [id, task] of this.tasks) if (task.outcome && task.finishesAtMs < beforeMs) this.tasks.delete(id);
  }

  toSnapshot(): Json {
    return list(deletionTaskCodec).encode(this.all());
  }

  /** Fills an empty registry; the unfinished tasks and the next due instant are recomputed. */
  restore(value: unknown, path: string): void {
    readList(deletionTaskCodec, value, path).forEach((task, i) => {
      const at = child(path, i);
      if (this.tasks.has(task.id)) fail(child(at, 'id'), 'this task comes earlier in the list');
      if (!(task.submittedAtMs <= task.startsAtMs && task.startsAtMs <= task.finishesAtMs)) {
        fail(at, 'submittedAtMs ≤ startsAtMs ≤ finishesAtMs must hold');
      }
      if (!task.outcome) {
        if (this.pendingFor(task.roleName)) fail(child(at, 'outcome'), `role ${task.roleName} has another unfinished task earlier in the list`);
        this.pending.set(task.roleName.toLowerCase(), task);
        this.nextDueAtMs = Math.min(this.nextDueAtMs, task.finishesAtMs);
      }
      this.tasks.set(task.id, task);
    });
  }

  /** Records how a due task ended and forgets it as the role's unfinished task. */
  settle(task: DeletionTask, outcome: DeletionOutcome): void {
    task.outcome = outcome;
    this.pending.delete(task.roleName.toLowerCase());
    let next = Number.POSITIVE_INFINITY;
    for (const t of this.pending.values()) next = Math.min(next, t.finishesAtMs);
    this.nextDueAtMs = next;
  }
}
