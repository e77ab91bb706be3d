import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../state/ecs/clusters.js';
import { EcsState, type ListTasksFilter } from '../../state/ecs/ecsState.js';
import { desiredStatusAt, isStartingAt, lastStatusAt } from '../../state/ecs/taskLifecycle.js';
import { isExpired, STOPPED_TASK_RETENTION_MS, type Task } from '../../state/ecs/tasks.js';

/**
 * The task table's indexes (counters, ListTasks pages, expiry) answer what a walk of every task
 * answers, at every instant: the reference below reads each task's lifecycle directly.
 */

const t0 = new Date('2026-01-15T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function reference(cluster: Cluster, nowMs: number) {
  const counts = { EC2: { running: 0, pending: 0 }, FARGATE: { running: 0, pending: 0 }, EXTERNAL: { running: 0, pending: 0 } };
  for (const t of cluster.tasks.values()) {
    if (lastStatusAt(t.lifecycle, nowMs) === 'RUNNING') counts[t.launchType].running++;
    else if (isStartingAt(t.lifecycle, nowMs)) counts[t.launchType].pending++;
  }
  return counts;
}

/** What ListTasks answered before the indexes: every task in launch order, filtered. */
function referenceList(ecs: EcsState, cluster: Cluster, filter: ListTasksFilter, nowMs: number): string[] {
  const wanted = filter.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
  const instanceId = filter.containerInstance && ecs.findContainerInstance(cluster, filter.containerInstance)?.id;
  return [...cluster.tasks.values()]
    .filter(
      (t) =>
        !isExpired(t, new Date(nowMs)) &&
        desiredStatusAt(t.lifecycle, nowMs) === wanted &&
        (filter.containerInstance === undefined || t.containerInstanceId === instanceId) &&
        (filter.family === undefined || ecs.taskDefinitions.find(t.taskDefinitionArn)?.family === filter.family) &&
        (filter.startedBy === undefined || t.startedBy === filter.startedBy) &&
        (filter.serviceName === undefined || t.serviceName === filter.serviceName) &&
        (filter.launchType === undefined || t.launchType === filter.launchType),
    )
    .map((t) => t.arn);
}

/** Every page of a ListTasks call, `size` at a time, joined. */
function allPages(ecs: EcsState, cluster: Cluster, filter: ListTasksFilter, now: Date, size: number): string[] {
  const out: string[] = [];
  let fromSeq = 0;
  for (;;) {
    const page = ecs.listTaskArns(cluster, filter, now, { fromSeq, size });
    expect(page.arns.length).toBeLessThanOrEqual(size);
    out.push(...page.arns);
    if (page.nextSeq === undefined) return out;
    expect(page.arns).toHaveLength(size);
    fromSeq = page.nextSeq;
  }
}

function counters(ecs: EcsState, cluster: Cluster, nowMs: number) {
  const c = ecs.counters(cluster, new Date(nowMs));
  return { running: c.runningTasksCount, pending: c.pendingTasksCount };
}

function totals(ref: ReturnType<typeof reference>) {
  const all = Object.values(ref);
  return { running: all.reduce((n, c) => n + c.running, 0), pending: all.reduce((n, c) => n + c.pending, 0) };
}

/**
 * A cluster with standalone tasks of two families (FARGATE, and EC2 on an instance), one whose
 * image cannot be pulled, a service of three, and stops at different phases.
 */
function busyCluster() {
  const ecs = new EcsState('123456789012', 'eu-west-1');
  ecs.taskDefinitions.register({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }], settings: {} }, t0);
  ecs.taskDefinitions.register({ family: 'batch', containerDefinitions: [{ name: 'job', image: 'busybox', memory: 64 }], settings: {} }, t0);
  ecs.taskDefinitions.register(
    { family: 'broken', containerDefinitions: [{ name: 'app', image: 'linkstack/fail', memory: 64 }], settings: {} },
    t0,
  );
  const cluster = ecs.createCluster('c1', t0);
  const instance = ecs.registerContainerInstance('c1', {}, t0);
  const fargate = ecs.runTask('c1', { taskDefinition: 'web', launchType: 'FARGATE', count: 4, startedBy: 'ci' }, t0);
  const onInstance = ecs.runTask('c1', { taskDefinition: 'batch', launchType: 'EC2', count: 3 }, at(100));
  ecs.runTask('c1', { taskDefinition: 'broken', launchType: 'FARGATE', count: 2 }, at(150));
  ecs.createService('c1', { serviceName: 'svc', taskDefinition: 'web', desiredCount: 3, settings: {} }, at(200));
  return { ecs, cluster, instance, fargate, onInstance };
}

const filters = (instanceArn: string): ListTasksFilter[] => [
  {},
  { desiredStatus: 'STOPPED' },
  { family: 'web' },
  { family: 'batch', desiredStatus: 'STOPPED' },
  { serviceName: 'svc' },
  { serviceName: 'svc', desiredStatus: 'STOPPED' },
  { startedBy: 'ci' },
  { containerInstance: instanceArn },
  { launchType: 'FARGATE', family: 'web' },
  { family: 'web', startedBy: 'ci', desiredStatus: 'STOPPED' },
];

describe('TaskTable counters (DescribeClusters, STATISTICS)', () => {
  it('count running and pending tasks per launch type as tasks start, fail, stop, are replaced and forgotten', () => {
    const { ecs, cluster, fargate, onInstance } = busyCluster();
    const stops: [number, () => void][] = [
      [300, () => ecs.stopTask('c1', fargate[0]!.arn, undefined, at(300))], // before RUNNING
      [900, () => ecs.stopTask('c1', onInstance[0]!.arn, undefined, at(900))], // while RUNNING
      [1_500, () => ecs.updateService('c1', 'svc', { desiredCount: 1, settings: {} }, at(1_500))],
      [2_000, () => ecs.stopTask('c1', [...cluster.tasks.values()].find((t) => t.serviceName === 'svc' && !t.lifecycle.stop)!.arn, undefined, at(2_000))],
    ];
    const instants = [...Array(60).keys()].map((i) => i * 50).concat([10_000, STOPPED_TASK_RETENTION_MS + 2_000, STOPPED_TASK_RETENTION_MS + 5_000]);
    for (const ms of instants) {
      while (stops.length > 0 && stops[0]![0] <= ms) stops.shift()![1]();
      ecs.settle(ms + t0.getTime());
      const nowMs = t0.getTime() + ms;
      const ref = reference(cluster, nowMs);
      expect(counters(ecs, cluster, nowMs), `at +${ms} ms`).toEqual(totals(ref));
      for (const type of ['EC2', 'FARGATE', 'EXTERNAL'] as const) expect(cluster.tasks.countsAt(nowMs, type)).toEqual(ref[type]);
    }
  });

  it('answer for an instant earlier than the last read (a clock set back) as they would have then', () => {
    const { ecs, cluster } = busyCluster();
    const late = t0.getTime() + 5_000;
    ecs.settle(late);
    expect(counters(ecs, cluster, late)).toEqual(totals(reference(cluster, late)));
    for (const ms of [0, 120, 450, 800, 3_000]) {
      expect(counters(ecs, cluster, t0.getTime() + ms)).toEqual(totals(reference(cluster, t0.getTime() + ms)));
    }
  });

  it('drop the tasks a forced deregistration takes away', () => {
    const { ecs, cluster, instance } = busyCluster();
    const nowMs = t0.getTime() + 1_000;
    ecs.settle(nowMs);
    const before = counters(ecs, cluster, nowMs);
    ecs.deregisterContainerInstance('c1', instance.arn, true, new Date(nowMs));
    ecs.settle(nowMs);
    expect(counters(ecs, cluster, nowMs)).toEqual(totals(reference(cluster, nowMs)));
    expect(counters(ecs, cluster, nowMs).running).toBeLessThan(before.running);
  });
});

describe('TaskTable pages (ListTasks)', () => {
  it('join up to the walk of every task, for each filter, page size and instant', () => {
    const { ecs, cluster, instance, fargate, onInstance } = busyCluster();
    ecs.stopTask('c1', fargate[1]!.arn, undefined, at(400));
    for (const ms of [0, 160, 450, 900, 1_200, 5_000, STOPPED_TASK_RETENTION_MS + 1_000, STOPPED_TASK_RETENTION_MS + 10_000]) {
      const now = at(ms);
      ecs.settle(now.getTime());
      // Stops after a read at the same instant: the pages see them at once.
      if (ms === 900) ecs.listTaskArns(cluster, {}, now, { fromSeq: 0, size: 1 });
      if (ms === 900) ecs.stopTask('c1', onInstance[1]!.arn, undefined, now);
      if (ms === 1_200) ecs.updateService('c1', 'svc', { desiredCount: 0, settings: {} }, now);
      for (const filter of filters(instance.arn)) {
        const expected = referenceList(ecs, cluster, filter, now.getTime());
        for (const size of [1, 2, 5, 100]) expect(allPages(ecs, cluster, filter, now, size), `${JSON.stringify(filter)} at +${ms} ms`).toEqual(expected);
      }
    }
  });

  it('continue from the launch position a token names: a task stopped between pages is neither repeated nor makes one skipped', () => {
    const { ecs, cluster } = busyCluster();
    const now = at(1_000);
    ecs.settle(now.getTime());
    const all = referenceList(ecs, cluster, {}, now.getTime());
    const first = ecs.listTaskArns(cluster, {}, now, { fromSeq: 0, size: 3 });
    expect(first.arns).toEqual(all.slice(0, 3));
    // Stop one already listed: the next page still starts with the fourth task.
    ecs.stopTask('c1', all[0]!, undefined, now);
    const second = ecs.listTaskArns(cluster, {}, now, { fromSeq: first.nextSeq!, size: 3 });
    expect(second.arns).toEqual(all.slice(3, 6));
  });

  it('list nothing for a container instance of another cluster or desiredStatus PENDING', () => {
    const { ecs, cluster } = busyCluster();
    expect(ecs.listTaskArns(cluster, { containerInstance: 'no-such-instance' }, at(1_000), { fromSeq: 0, size: 100 })).toEqual({ arns: [] });
    expect(ecs.listTaskArns(cluster, { desiredStatus: 'PENDING' }, at(1_000), { fromSeq: 0, size: 100 })).toEqual({ arns: [] });
  });
});

describe('TaskTable expiry', () => {
  it('forgets stopped tasks once their retention ends, and only then', () => {
    const { ecs, cluster, fargate } = busyCluster();
    ecs.stopTask('c1', fargate[0]!.arn, undefined, at(300));
    const stoppedAt = fargate[0]!.lifecycle.stop!.stoppedAtMs;
    ecs.listTaskArns(cluster, {}, new Date(stoppedAt + STOPPED_TASK_RETENTION_MS - 1), { fromSeq: 0, size: 1 });
    expect(cluster.tasks.has(fargate[0]!.id)).toBe(true);
    ecs.listTaskArns(cluster, {}, new Date(stoppedAt + STOPPED_TASK_RETENTION_MS), { fromSeq: 0, size: 1 });
    expect(cluster.tasks.has(fargate[0]!.id)).toBe(false);
  });
});

describe('TaskTable and snapshots', () => {
  it('writes the same snapshot as before indexing, and a restored region answers as the original', () => {
    const { ecs, cluster, instance, fargate } = busyCluster();
    ecs.stopTask('c1', fargate[2]!.arn, undefined, at(900));
    const now = at(1_000);
    ecs.settle(now.getTime());
    const snapshot = ecs.toSnapshot();
    // Tasks are written as [id, task] pairs, as a Map was: nothing of the indexes.
    const tasks = (snapshot as { clusters: { tasks: [string, Task][] }[] }).clusters[0]!.tasks;
    expect(tasks.map(([id]) => id)).toEqual([...cluster.tasks.keys()]);
    expect(Object.keys(tasks[0]![1]).sort()).toEqual(Object.keys(JSON.parse(JSON.stringify(tasks[0]![1]))).sort());

    const restored = new EcsState('123456789012', 'eu-west-1');
    restored.restore(JSON.parse(JSON.stringify(snapshot)), 'ecs');
    expect(restored.toSnapshot()).toEqual(snapshot);
    const again = restored.findCluster('c1')!;
    for (const ms of [1_000, 2_000, STOPPED_TASK_RETENTION_MS + 5_000]) {
      const later = at(ms);
      restored.settle(later.getTime());
      ecs.settle(later.getTime());
      expect(counters(restored, again, later.getTime())).toEqual(counters(ecs, cluster, later.getTime()));
      for (const filter of filters(instance.arn)) expect(allPages(restored, again, filter, later, 2)).toEqual(allPages(ecs, cluster, filter, later, 2));
    }
  });
});
