import type { EcsArns } from './arns.js';
import type { Cluster } from './clusters.js';
import type { ContainerInstance } from './containerInstances.js';
import { isRegistered } from './containerInstances.js';
import { ecsId, runtimeId } from './ecsIds.js';
import { uuid } from '../ids.js';
import type { Service } from './services.js';
import { serviceStatus } from './services.js';
import type { EcsTag } from './tags.js';
import type { TaskDefinition } from './taskDefinitions.js';
import { stopTask, type Task, type TaskLaunchType } from './tasks.js';
import { placeTasks, runningByProvider } from './capacityPlacement.js';
import type { StrategyItem } from './capacityProviders.js';

/**
 * Task placement and the service scheduler, both immediate: tasks start RUNNING at once, and a
 * service's task set is brought to its desired state whenever something it depends on changes.
 */

export interface TaskLaunch {
  taskDefinition: TaskDefinition;
  /** Where to run it: a container instance, or nowhere in particular (FARGATE-like). */
  instance?: ContainerInstance;
  launchType: TaskLaunchType;
  capacityProviderName?: string;
  group: string;
  startedBy?: string;
  serviceName?: string;
  enableExecuteCommand: boolean;
  tags: EcsTag[];
  overrides: Record<string, unknown>;
}

export function launchTask(arns: EcsArns, cluster: Cluster, launch: TaskLaunch, now: Date): Task {
  const id = ecsId();
  const td = launch.taskDefinition;
  const task: Task = {
    id,
    arn: arns.task(cluster.name, id),
    clusterArn: cluster.arn,
    taskDefinitionArn: td.arn,
    containerInstanceId: launch.instance?.id,
    containerInstanceArn: launch.instance?.arn,
    launchType: launch.launchType,
    capacityProviderName: launch.capacityProviderName,
    group: launch.group,
    startedBy: launch.startedBy,
    serviceName: launch.serviceName,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt: now,
    startedAt: now,
    containers: td.containerDefinitions.map((c) => ({
      containerArn: arns.container(cluster.name, id, uuid()),
      name: c.name!,
      image: c.image,
      runtimeId: runtimeId(id),
      cpu: c.cpu,
      memory: c.memory,
      memoryReservation: c.memoryReservation,
    })),
    enableExecuteCommand: launch.enableExecuteCommand,
    tags: launch.tags,
    overrides: launch.overrides,
    cpu: taskSize(td, 'cpu'),
    memory: taskSize(td, 'memory'),
    version: 1,
  };
  cluster.tasks.set(id, task);
  return task;
}

/** The task-level size, or the sum over containers as ECS reports it for EC2 tasks. */
function taskSize(td: TaskDefinition, member: 'cpu' | 'memory'): string | undefined {
  const declared = td.settings[member];
  if (typeof declared === 'string') return declared;
  let sum = 0;
  for (const c of td.containerDefinitions) sum += (member === 'cpu' ? c.cpu : (c.memory ?? c.memoryReservation)) ?? 0;
  return sum > 0 ? String(sum) : undefined;
}

export function liveTasksOn(cluster: Cluster, instanceId: string): Task[] {
  return [...cluster.tasks.values()].filter((t) => t.lastStatus === 'RUNNING' && t.containerInstanceId === instanceId);
}

/** The registered instance with the fewest running tasks (the earliest registered on a tie). */
export function leastLoadedInstance(cluster: Cluster): ContainerInstance | undefined {
  const load = new Map<string, number>();
  for (const t of cluster.tasks.values()) {
    if (t.lastStatus === 'RUNNING' && t.containerInstanceId) {
      load.set(t.containerInstanceId, (load.get(t.containerInstanceId) ?? 0) + 1);
    }
  }
  let best: ContainerInstance | undefined;
  for (const i of cluster.containerInstances.values()) {
    // DRAINING instances take no new tasks.
    if (i.status !== 'ACTIVE') continue;
    if (!best || (load.get(i.id) ?? 0) < (load.get(best.id) ?? 0)) best = i;
  }
  return best;
}

/**
 * Where a task of the given requested launch type runs: FARGATE-like when asked for FARGATE or
 * when the cluster has no registered instance, otherwise on the least-loaded instance.
 */
export function placement(cluster: Cluster, requested: string | undefined): { instance?: ContainerInstance; launchType: TaskLaunchType } {
  if (requested === 'FARGATE') return { launchType: 'FARGATE' };
  const instance = leastLoadedInstance(cluster);
  if (!instance) return { launchType: 'FARGATE' };
  return { instance, launchType: requested === 'EXTERNAL' ? 'EXTERNAL' : 'EC2' };
}

export function serviceTasks(cluster: Cluster, service: Service): Task[] {
  return [...cluster.tasks.values()].filter((t) => t.serviceName === service.name && t.lastStatus === 'RUNNING');
}

/** Brings a service's running tasks to what it asks for (none once it is deleted). */
export function reconcileService(
  arns: EcsArns,
  cluster: Cluster,
  service: Service,
  taskDefinition: TaskDefinition | undefined,
  now: Date,
): void {
  const stopAll = serviceStatus(service, now) !== 'ACTIVE' || !taskDefinition;
  let live = serviceTasks(cluster, service);
  for (const t of live) {
    if (stopAll) stopTask(t, now, 'ServiceSchedulerInitiated', 'Service deleted');
    else if (t.taskDefinitionArn !== taskDefinition.arn) {
      stopTask(t, now, 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${service.deployment.id})`);
    }
  }
  if (stopAll) return;
  live = live.filter((t) => t.lastStatus === 'RUNNING');
  const launch = (instance: ContainerInstance | undefined, launchType: TaskLaunchType, capacityProviderName?: string) =>
    launchTask(
      arns,
      cluster,
      {
        taskDefinition,
        instance,
        launchType,
        capacityProviderName,
        group: `service:${service.name}`,
        startedBy: service.deployment.id,
        serviceName: service.name,
        enableExecuteCommand: service.enableExecuteCommand,
        tags: [],
        overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
      },
      now,
    );

  if (service.schedulingStrategy === 'DAEMON') {
    // One task on every registered instance.
    const covered = new Set(live.map((t) => t.containerInstanceId));
    for (const i of cluster.containerInstances.values()) {
      if (i.status === 'ACTIVE' && !covered.has(i.id)) launch(i, 'EC2');
    }
    service.desiredCount = [...cluster.containerInstances.values()].filter(isRegistered).length;
    return;
  }
  // Scale in newest first, scale out by placement.
  for (const t of live.slice(service.desiredCount).reverse()) {
    stopTask(t, now, 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${service.deployment.id})`);
  }
  const strategy = (service.settings['capacityProviderStrategy'] as StrategyItem[] | undefined) ?? [];
  const running = runningByProvider(live.slice(0, service.desiredCount));
  // One at a time, so each placement sees the tasks placed before it. A task whose provider has
  // no ACTIVE instance is not started; the service stays below its desired count.
  for (let n = live.length; n < service.desiredCount; n++) {
    const [where] = placeTasks(cluster, { launchType: service.launchType, strategy }, 1, running);
    if (typeof where !== 'string') launch(where!.instance, where!.launchType, where!.capacityProviderName);
  }
}
