import { desiredStatusAt, isStartingAt, lastStatusAt, nextChangeAfter, stopAt, type TaskStopCode, type TaskTimings } from './taskLifecycle.js';
import { STOPPED_TASK_RETENTION_MS, stopTask, type Task, type TaskLaunchType } from './tasks.js';
import { TimeQueue } from './timeQueue.js';

/**
 * A cluster's tasks by id, in launch order (a Map, as before), with indexes kept beside it so
 * that reads cost what they answer, not the cluster's size:
 *
 * - running and pending counts per launch type (DescribeClusters' counters and statistics);
 * - for each ListTasks filter value (all, service, container instance, startedBy, family,
 *   launch type) the tasks whose desiredStatus is RUNNING and those whose desiredStatus is
 *   STOPPED, each list in launch order, so a page is a slice from a launch position;
 * - when each stopped task's retention ends.
 *
 * A task's statuses are read off its lifecycle for an instant (taskLifecycle.ts), so the
 * indexes hold each task as it is at `cursorMs`, and a queue says when each task next changes:
 * moving the cursor forward costs the changes that came due, not a walk of the tasks. A read
 * at an earlier instant (a clock set back) re-indexes every task at that instant.
 *
 * The indexes are not state: snapshots write the Map's entries only, and a restored table is
 * indexed afresh. Every change of a task's lifecycle must come through `stop`, so the indexes
 * see it.
 */

type Desired = 'RUNNING' | 'STOPPED';
type Counted = 'running' | 'pending' | undefined;

interface Entry {
  readonly task: Task;
  /** Launch position in this table: list order, and what a ListTasks token points at. */
  readonly seq: number;
  readonly keys: readonly string[];
  desired: Desired;
  counted: Counted;
  /** Bumped on every re-index, so queued changes planned for an older version are skipped. */
  version: number;
}

interface Due {
  entry: Entry;
  version: number;
}

/** The lists of one filter value: tasks by desiredStatus, each in launch order. */
interface Lists {
  RUNNING: Entry[];
  STOPPED: Entry[];
}

export interface TaskCounts {
  running: number;
  pending: number;
}

/** Which index a ListTasks filter value lives in. */
export const taskKey = {
  all: '',
  service: (name: string) => `s:${name}`,
  instance: (id: string) => `i:${id}`,
  startedBy: (value: string) => `b:${value}`,
  family: (family: string) => `f:${family}`,
  launchType: (type: string) => `l:${type}`,
};

/** The family named in a task definition ARN (…:task-definition/<family>:<revision>). */
export function familyOfArn(taskDefinitionArn: string): string {
  const name = taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

/**
 * Tasks of one service, definition and placement share one keys array: a cluster of thousands of
 * tasks holds a few of them, not one per task (the cache lives as long as the table).
 */
function keysOf(task: Task, cache: Map<string, readonly string[]>): readonly string[] {
  const signature = `${task.taskDefinitionArn}\n${task.launchType}\n${task.serviceName ?? '\u0000'}\n${task.containerInstanceId ?? '\u0000'}\n${task.startedBy ?? '\u0000'}`;
  let keys = cache.get(signature);
  if (!keys) {
    keys = newKeys(task);
    cache.set(signature, keys);
  }
  return keys;
}

function newKeys(task: Task): string[] {
  const keys = [taskKey.all, taskKey.family(familyOfArn(task.taskDefinitionArn)), taskKey.launchType(task.launchType)];
  if (task.serviceName !== undefined) keys.push(taskKey.service(task.serviceName));
  if (task.containerInstanceId !== undefined) keys.push(taskKey.instance(task.containerInstanceId));
  if (task.startedBy !== undefined) keys.push(taskKey.startedBy(task.startedBy));
  return keys;
}

/** Index of the first entry whose seq is at least `seq`. */
function lowerBound(list: readonly Entry[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertBySeq(list: Entry[], entry: Entry): void {
  if (list.length === 0 || list[list.length - 1]!.seq < entry.seq) list.push(entry);
  else list.splice(lowerBound(list, entry.seq), 0, entry);
}

function removeBySeq(list: Entry[], entry: Entry): void {
  const i = lowerBound(list, entry.seq);
  if (list[i] === entry) list.splice(i, 1);
}

export interface TaskPage {
  tasks: Task[];
  /** The launch position of the next match, when one follows. */
  nextSeq?: number;
}

export class TaskTable extends Map<string, Task> {
  readonly #byId = new Map<string, Entry>();
  readonly #lists = new Map<string, Lists>();
  readonly #counts = new Map<TaskLaunchType, TaskCounts>();
  readonly #changes = new TimeQueue<Due>();
  readonly #expiries = new TimeQueue<Entry>();
  readonly #keys = new Map<string, readonly string[]>();
  #nextSeq = 0;
  #cursorMs = Number.NEGATIVE_INFINITY;

  /** Empty: Map's constructor would add given entries before these fields exist (use `of`). */
  constructor() {
    super();
  }

  /** A table holding the given tasks, in their order. */
  static of(tasks: Iterable<[string, Task]> = []): TaskTable {
    const table = new TaskTable();
    for (const [id, task] of tasks) table.set(id, task);
    return table;
  }

  override set(id: string, task: Task): this {
    // A task set again goes to the end, as in the Map, so launch positions keep the Map's order.
    this.delete(id);
    // Launches move the cursor on, so the queue never holds much more than the live tasks'
    // next changes, even where nothing reads the counters.
    this.advanceTo(Math.max(this.#cursorMs, task.lifecycle.start.createdAtMs));
    super.set(id, task);
    const entry: Entry = { task, seq: this.#nextSeq++, keys: keysOf(task, this.#keys), desired: 'RUNNING', counted: undefined, version: 0 };
    this.#byId.set(id, entry);
    for (const key of entry.keys) this.listsOf(key).RUNNING.push(entry);
    this.reindex(entry, this.#cursorMs);
    this.planExpiry(entry);
    return this;
  }

  override delete(id: string): boolean {
    if (!super.has(id)) return false;
    this.unindex(id);
    return super.delete(id);
  }

  override clear(): void {
    super.clear();
    this.#byId.clear();
    this.#lists.clear();
    this.#counts.clear();
    this.#changes.clear();
    this.#expiries.clear();
    this.#keys.clear();
  }

  /**
   * Asks the task to stop at `now` (tasks.stopTask), keeping the indexes in step; false if it
   * was already asked.
   */
  stop(task: Task, now: Date, timings: TaskTimings, stopCode: TaskStopCode, reason: string): boolean {
    if (!stopTask(task, now, timings, stopCode, reason)) return false;
    const entry = this.#byId.get(task.id);
    if (entry?.task === task) {
      this.reindex(entry, this.#cursorMs);
      this.planExpiry(entry);
    }
    return true;
  }

  /** Running and pending tasks of one launch type at `nowMs`. */
  countsAt(nowMs: number, launchType: TaskLaunchType): TaskCounts {
    this.advanceTo(nowMs);
    const c = this.#counts.get(launchType);
    return { running: c?.running ?? 0, pending: c?.pending ?? 0 };
  }

  /** Running and pending tasks of every launch type at `nowMs`. */
  totalsAt(nowMs: number): TaskCounts {
    this.advanceTo(nowMs);
    let running = 0;
    let pending = 0;
    for (const c of this.#counts.values()) {
      running += c.running;
      pending += c.pending;
    }
    return { running, pending };
  }

  /**
   * Up to `size` tasks with the given desiredStatus at `nowMs`, in launch order from launch
   * position `fromSeq`, among those under `key` that `accept` lets through. Choose the
   * narrowest key: only the others' filters cost a look at a task that is then left out.
   */
  page(nowMs: number, key: string, desired: Desired, fromSeq: number, size: number, accept: (task: Task) => boolean): TaskPage {
    this.advanceTo(nowMs);
    const list = this.#lists.get(key)?.[desired] ?? [];
    const tasks: Task[] = [];
    for (let i = lowerBound(list, fromSeq); i < list.length; i++) {
      const entry = list[i]!;
      if (!accept(entry.task)) continue;
      if (tasks.length === size) return { tasks, nextSeq: entry.seq };
      tasks.push(entry.task);
    }
    return { tasks };
  }

  /** How many tasks under `key` have the given desiredStatus at `nowMs`. */
  sizeOf(nowMs: number, key: string, desired: Desired): number {
    this.advanceTo(nowMs);
    return this.#lists.get(key)?.[desired].length ?? 0;
  }

  /** Every task under `key`, in launch order (a service's tasks, an instance's tasks). */
  withKey(key: string): Task[] {
    const lists = this.#lists.get(key);
    if (!lists) return [];
    const { RUNNING: a, STOPPED: b } = lists;
    const out: Task[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) out.push(a[i++]!.task);
      else out.push(b[j++]!.task);
    }
    return out;
  }

  /** Forgets the stopped tasks whose retention has ended by `nowMs`; costs the ones it forgets. */
  forgetExpired(nowMs: number): void {
    for (let entry = this.#expiries.popDue(nowMs); entry; entry = this.#expiries.popDue(nowMs)) {
      if (this.#byId.get(entry.task.id) !== entry) continue;
      const stop = stopAt(entry.task.lifecycle, nowMs);
      // A replaced (earlier) stop queued its own expiry; this one may be the older, later one.
      if (stop && nowMs >= stop.stoppedAtMs + STOPPED_TASK_RETENTION_MS) this.delete(entry.task.id);
    }
  }

  // ---- bookkeeping ------------------------------------------------------------------------------

  private listsOf(key: string): Lists {
    let lists = this.#lists.get(key);
    if (!lists) {
      lists = { RUNNING: [], STOPPED: [] };
      this.#lists.set(key, lists);
    }
    return lists;
  }

  private countsOf(launchType: TaskLaunchType): TaskCounts {
    let c = this.#counts.get(launchType);
    if (!c) {
      c = { running: 0, pending: 0 };
      this.#counts.set(launchType, c);
    }
    return c;
  }

  private advanceTo(nowMs: number): void {
    if (nowMs < this.#cursorMs) {
      // The clock went back: index every task afresh at the earlier instant.
      this.#cursorMs = nowMs;
      this.#changes.clear();
      for (const entry of this.#byId.values()) this.reindex(entry, nowMs);
      return;
    }
    this.#cursorMs = nowMs;
    for (let due = this.#changes.popDue(nowMs); due; due = this.#changes.popDue(nowMs)) {
      if (due.version === due.entry.version && this.#byId.get(due.entry.task.id) === due.entry) this.reindex(due.entry, nowMs);
    }
  }

  /** Puts the task where it belongs at `atMs`, and queues its next change. */
  private reindex(entry: Entry, atMs: number): void {
    const lifecycle = entry.task.lifecycle;
    const desired = desiredStatusAt(lifecycle, atMs);
    if (desired !== entry.desired) {
      for (const key of entry.keys) {
        const lists = this.listsOf(key);
        removeBySeq(lists[entry.desired], entry);
        insertBySeq(lists[desired], entry);
      }
      entry.desired = desired;
    }
    const status = lastStatusAt(lifecycle, atMs);
    const counted: Counted = status === 'RUNNING' ? 'running' : isStartingAt(lifecycle, atMs) ? 'pending' : undefined;
    if (counted !== entry.counted) {
      const c = this.countsOf(entry.task.launchType);
      if (entry.counted) c[entry.counted]--;
      if (counted) c[counted]++;
      entry.counted = counted;
    }
    entry.version++;
    const next = nextChangeAfter(lifecycle, atMs);
    if (next !== Number.POSITIVE_INFINITY) this.#changes.push(next, { entry, version: entry.version });
  }

  private planExpiry(entry: Entry): void {
    const stop = entry.task.lifecycle.stop;
    if (stop) this.#expiries.push(stop.stoppedAtMs + STOPPED_TASK_RETENTION_MS, entry);
  }

  private unindex(id: string): void {
    const entry = this.#byId.get(id);
    if (!entry) return;
    this.#byId.delete(id);
    for (const key of entry.keys) {
      const lists = this.#lists.get(key)!;
      removeBySeq(lists[entry.desired], entry);
      if (lists.RUNNING.length === 0 && lists.STOPPED.length === 0) this.#lists.delete(key);
    }
    if (entry.counted) this.countsOf(entry.task.launchType)[entry.counted]--;
  }
}
