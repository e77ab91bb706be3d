import { bool, instantMs, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';

/**
 * The life of one ECS task on the clock, with no timers. A task records the instants of its
 * start phases when it is placed, and the instants of its stop phases when a stop is requested
 * (or, for a task that cannot start, when it is placed); every status and timestamp AWS reports
 * is read off those instants for the `now` of the request:
 *
 *   PROVISIONING → PENDING → ACTIVATING → RUNNING                (start)
 *   DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED           (stop)
 *
 * A task stopped before it reached RUNNING skips DEACTIVATING: there is nothing to deregister.
 */

export type TaskLastStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export type TaskStopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

/** How long each phase lasts, per account (`/_linkstack/config` → `tasks`). */
export interface TaskTimings {
  provisioningMs: number;
  pendingMs: number;
  activatingMs: number;
  deactivatingMs: number;
  stoppingMs: number;
  deprovisioningMs: number;
}

export const taskTimingNames = [
  'provisioningMs',
  'pendingMs',
  'activatingMs',
  'deactivatingMs',
  'stoppingMs',
  'deprovisioningMs',
] as const satisfies readonly (keyof TaskTimings)[];

/** About 0.7 s to start and 0.7 s to stop: quick for real-time polling, visible to a watcher. */
export const defaultTaskTimings: TaskTimings = {
  provisioningMs: 200,
  pendingMs: 300,
  activatingMs: 200,
  deactivatingMs: 200,
  stoppingMs: 300,
  deprovisioningMs: 200,
};

/** When the start phases begin. `createdAtMs` is PROVISIONING. */
export interface TaskStartPlan {
  createdAtMs: number;
  pendingAtMs: number;
  activatingAtMs: number;
  runningAtMs: number;
}

/** When the stop phases begin, and why. `requestedAtMs` is when desiredStatus became STOPPED. */
export interface TaskStopPlan {
  requestedAtMs: number;
  /** Whether the task had reached RUNNING when the stop came (then it goes through DEACTIVATING). */
  wasRunning: boolean;
  stoppingAtMs: number;
  deprovisioningAtMs: number;
  stoppedAtMs: number;
  stopCode: TaskStopCode;
  reason: string;
  /** For a task that failed to start: the reason its essential container gives. */
  containerReason?: string;
}

export interface TaskLifecycle {
  start: TaskStartPlan;
  stop?: TaskStopPlan;
}

/**
 * The marker that makes a container fail to start: an image whose name contains it cannot be
 * pulled, so the task stops with `TaskFailedToStart` / `CannotPullContainerError` at the end of
 * PENDING. This is how users test failure paths (waiters, the deployment circuit breaker).
 */
export const FAILING_IMAGE_MARKER = 'linkstack/fail';

export function imageFailsToStart(image: string | undefined): boolean {
  return image !== undefined && image.includes(FAILING_IMAGE_MARKER);
}

/** The stoppedReason of a task whose image cannot be pulled, in the agent's words [O]. */
export function cannotPullReason(image: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${image}: not found`;
}

export function planTaskStart(nowMs: number, timings: TaskTimings): TaskStartPlan {
  const pendingAtMs = nowMs + timings.provisioningMs;
  const activatingAtMs = pendingAtMs + timings.pendingMs;
  return { createdAtMs: nowMs, pendingAtMs, activatingAtMs, runningAtMs: activatingAtMs + timings.activatingMs };
}

function planStop(
  lifecycle: TaskLifecycle,
  atMs: number,
  timings: TaskTimings,
  stopCode: TaskStopCode,
  reason: string,
  containerReason?: string,
): TaskStopPlan {
  const wasRunning = atMs >= lifecycle.start.runningAtMs;
  const stoppingAtMs = atMs + (wasRunning ? timings.deactivatingMs : 0);
  const deprovisioningAtMs = stoppingAtMs + timings.stoppingMs;
  return {
    requestedAtMs: atMs,
    wasRunning,
    stoppingAtMs,
    deprovisioningAtMs,
    stoppedAtMs: deprovisioningAtMs + timings.deprovisioningMs,
    stopCode,
    reason,
    containerReason,
  };
}

/** A new task's lifecycle; a task whose image cannot be pulled is planned to fail at the end of PENDING. */
export function newTaskLifecycle(nowMs: number, timings: TaskTimings, failingImage?: string): TaskLifecycle {
  const lifecycle: TaskLifecycle = { start: planTaskStart(nowMs, timings) };
  if (failingImage !== undefined) {
    const reason = cannotPullReason(failingImage);
    lifecycle.stop = planStop(lifecycle, lifecycle.start.activatingAtMs, timings, 'TaskFailedToStart', reason, reason);
  }
  return lifecycle;
}

/**
 * Asks the task to stop at `atMs`. A stop already requested by then wins (StopTask twice changes
 * nothing); a planned failure still in the future is replaced by this stop.
 */
export function requestStop(lifecycle: TaskLifecycle, atMs: number, timings: TaskTimings, stopCode: TaskStopCode, reason: string): boolean {
  if (lifecycle.stop && lifecycle.stop.requestedAtMs <= atMs) return false;
  lifecycle.stop = planStop(lifecycle, atMs, timings, stopCode, reason);
  return true;
}

/** The stop as of `atMs`: undefined until it has been requested. */
export function stopAt(lifecycle: TaskLifecycle, atMs: number): TaskStopPlan | undefined {
  const stop = lifecycle.stop;
  return stop && stop.requestedAtMs <= atMs ? stop : undefined;
}

export function lastStatusAt(lifecycle: TaskLifecycle, atMs: number): TaskLastStatus {
  const stop = stopAt(lifecycle, atMs);
  if (stop) {
    if (atMs >= stop.stoppedAtMs) return 'STOPPED';
    if (atMs >= stop.deprovisioningAtMs) return 'DEPROVISIONING';
    if (atMs >= stop.stoppingAtMs) return 'STOPPING';
    return 'DEACTIVATING';
  }
  const start = lifecycle.start;
  if (atMs >= start.runningAtMs) return 'RUNNING';
  if (atMs >= start.activatingAtMs) return 'ACTIVATING';
  if (atMs >= start.pendingAtMs) return 'PENDING';
  return 'PROVISIONING';
}

export function desiredStatusAt(lifecycle: TaskLifecycle, atMs: number): 'RUNNING' | 'STOPPED' {
  return stopAt(lifecycle, atMs) ? 'STOPPED' : 'RUNNING';
}

/** Still meant to run: counts toward a service's tasks and holds its share of an instance. */
export function isLiveAt(lifecycle: TaskLifecycle, atMs: number): boolean {
  return lifecycle.start.createdAtMs <= atMs && !stopAt(lifecycle, atMs);
}

/** Exists and is not yet STOPPED: what keeps a cluster from being deleted. */
export function isActiveAt(lifecycle: TaskLifecycle, atMs: number): boolean {
  return lifecycle.start.createdAtMs <= atMs && lastStatusAt(lifecycle, atMs) !== 'STOPPED';
}

/** PROVISIONING, PENDING or ACTIVATING, and still meant to run: what pendingCount counts. */
export function isStartingAt(lifecycle: TaskLifecycle, atMs: number): boolean {
  if (!isLiveAt(lifecycle, atMs)) return false;
  return atMs < lifecycle.start.runningAtMs;
}

export function isRunningAt(lifecycle: TaskLifecycle, atMs: number): boolean {
  return lastStatusAt(lifecycle, atMs) === 'RUNNING';
}

/** Whether the task reached RUNNING by `atMs` (before any stop). */
export function reachedRunning(lifecycle: TaskLifecycle, atMs: number): boolean {
  const runningAtMs = lifecycle.start.runningAtMs;
  const stop = lifecycle.stop;
  return runningAtMs <= atMs && (!stop || runningAtMs <= stop.requestedAtMs);
}

/** Whether the task failed to start (its stop, by `atMs`, is TaskFailedToStart). */
export function failedToStartBy(lifecycle: TaskLifecycle, atMs: number): boolean {
  return stopAt(lifecycle, atMs)?.stopCode === 'TaskFailedToStart';
}

/** The timestamps DescribeTasks shows at `atMs`: each appears once its instant has come. */
export function taskTimestampsAt(lifecycle: TaskLifecycle, atMs: number) {
  const start = lifecycle.start;
  const stop = stopAt(lifecycle, atMs);
  /** A start instant counts only if it came before the task was asked to stop. */
  const reached = (instant: number) => instant <= atMs && (!stop || instant <= stop.requestedAtMs);
  const failedPull = stop?.stopCode === 'TaskFailedToStart';
  const at = (ms: number | undefined) => (ms !== undefined && ms <= atMs ? new Date(ms) : undefined);
  return {
    createdAt: new Date(start.createdAtMs),
    connectivityAt: reached(start.pendingAtMs) ? new Date(start.pendingAtMs) : undefined,
    pullStartedAt: reached(start.pendingAtMs) ? new Date(start.pendingAtMs) : undefined,
    pullStoppedAt: !failedPull && reached(start.activatingAtMs) ? new Date(start.activatingAtMs) : undefined,
    startedAt: reachedRunning(lifecycle, atMs) ? new Date(start.runningAtMs) : undefined,
    stoppingAt: stop ? new Date(stop.requestedAtMs) : undefined,
    executionStoppedAt: at(stop?.deprovisioningAtMs),
    stoppedAt: at(stop?.stoppedAtMs),
  };
}

/** A container is PENDING until its task runs, RUNNING until the task's execution stops, then STOPPED. */
export function containerStatusAt(lifecycle: TaskLifecycle, atMs: number): 'PENDING' | 'RUNNING' | 'STOPPED' {
  const stop = stopAt(lifecycle, atMs);
  if (stop && atMs >= stop.deprovisioningAtMs) return 'STOPPED';
  if (stop && !stop.wasRunning) return atMs >= stop.stoppingAtMs ? 'STOPPED' : 'PENDING';
  return atMs >= lifecycle.start.runningAtMs ? 'RUNNING' : 'PENDING';
}

/** All instants at which the task changes, in order. */
function instants(lifecycle: TaskLifecycle): number[] {
  const s = lifecycle.start;
  const stop = lifecycle.stop;
  const out = [s.createdAtMs, s.pendingAtMs, s.activatingAtMs, s.runningAtMs].filter((ms) => !stop || ms < stop.requestedAtMs);
  if (stop) out.push(stop.requestedAtMs, stop.stoppingAtMs, stop.deprovisioningAtMs, stop.stoppedAtMs);
  return out;
}

/** The first instant after `afterMs` at which the task changes, or Infinity. */
export function nextChangeAfter(lifecycle: TaskLifecycle, afterMs: number): number {
  for (const ms of instants(lifecycle)) if (ms > afterMs) return ms;
  return Number.POSITIVE_INFINITY;
}

/** DescribeTasks' `version`: 1 when placed, one more for every change of status since. */
export function versionAt(lifecycle: TaskLifecycle, atMs: number): number {
  let changes = 0;
  let last: TaskLastStatus | undefined;
  for (const ms of instants(lifecycle)) {
    if (ms > atMs) break;
    const status = lastStatusAt(lifecycle, ms);
    if (status !== last) changes++;
    last = status;
  }
  return Math.max(1, changes);
}

const startPlanCodec = object({ createdAtMs: instantMs, pendingAtMs: instantMs, activatingAtMs: instantMs, runningAtMs: instantMs });
const stopPlanCodec = object({
  requestedAtMs: instantMs,
  wasRunning: bool,
  stoppingAtMs: instantMs,
  deprovisioningAtMs: instantMs,
  stoppedAtMs: instantMs,
  stopCode: oneOf('TaskFailedToStart', 'EssentialContainerExited', 'UserInitiated', 'ServiceSchedulerInitiated'),
  reason: str,
  containerReason: optional(str),
});

/** A task's planned instants, in snapshots (its statuses are read off them, so nothing else is kept). */
export const taskLifecycleCodec: Codec<TaskLifecycle> = object({ start: startPlanCodec, stop: optional(stopPlanCodec) });
