import type { EcsArns } from './arns.js';
import type { Cluster } from './clusters.js';
import type { ContainerInstance } from './containerInstances.js';
import { ecsId, runtimeId } from './ecsIds.js';
import { uuid } from '../ids.js';
import type { EcsTag } from './tags.js';
import type { TaskDefinition } from './taskDefinitions.js';
import { imageFailsToStart, newTaskLifecycle, type TaskTimings } from './taskLifecycle.js';
import { isActive, isLive, type Task, type TaskLaunchType } from './tasks.js';
import { taskKey } from './taskTable.js';

/**
 * Task placement and launching. A launched task starts PROVISIONING and moves on with the clock
 * (taskLifecycle.ts); the service scheduler (serviceScheduler.ts) decides what to launch and stop.
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
  deploymentId?: string;
  revisionArn?: string;
  enableExecuteCommand: boolean;
  tags: EcsTag[];
  overrides: Record<string, unknown>;
}

export function launchTask(arns: EcsArns, cluster: Cluster, launch: TaskLaunch, now: Date, timings: TaskTimings): Task {
  const id = ecsId();
  const td = launch.taskDefinition;
  const containers = td.containerDefinitions.map((c) => ({
    containerArn: arns.container(cluster.name, id, uuid()),
    name: c.name!,
    image: c.image,
    runtimeId: runtimeId(id),
    cpu: c.cpu,
    memory: c.memory,
    memoryReservation: c.memoryReservation,
    essential: c['essential'] !== false,
  }));
  // An essential container whose image carries the failure marker cannot be pulled.
  const failing = containers.find((c) => c.essential && imageFailsToStart(c.image));
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
    deploymentId: launch.deploymentId,
    revisionArn: launch.revisionArn,
    createdAt: now,
    lifecycle: newTaskLifecycle(now.getTime(), timings, failing?.image),
    containers,
    enableExecuteCommand: launch.enableExecuteCommand,
    tags: launch.tags,
    overrides: launch.overrides,
    cpu: taskSize(td, 'cpu'),
    memory: taskSize(td, 'memory'),
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

/** Every task placed on an instance (stopped ones too, until forgotten), in launch order. */
export function tasksOn(cluster: Cluster, instanceId: string): Task[] {
  return cluster.tasks.withKey(taskKey.instance(instanceId));
}

/** Tasks on an instance that are not yet STOPPED: they hold its resources. */
export function liveTasksOn(cluster: Cluster, instanceId: string, now: Date): Task[] {
  return tasksOn(cluster, instanceId).filter((t) => isActive(t, now));
}

/** The registered instance with the fewest live tasks (the earliest registered on a tie). */
export function leastLoadedInstance(cluster: Cluster, now: Date): ContainerInstance | undefined {
  let best: ContainerInstance | undefined;
  let bestLoad = 0;
  for (const i of cluster.containerInstances.values()) {
    // DRAINING instances take no new tasks.
    if (i.status !== 'ACTIVE') continue;
    let load = 0;
    for (const t of tasksOn(cluster, i.id)) if (isLive(t, now)) load++;
    if (!best || load < bestLoad) [best, bestLoad] = [i, load];
  }
  return best;
}

/**
 * Where a task of the given requested launch type runs: FARGATE-like when asked for FARGATE or
 * when the cluster has no registered instance, otherwise on the least-loaded instance.
 */
export function placement(
  cluster: Cluster,
  requested: string | undefined,
  now: Date,
): { instance?: ContainerInstance; launchType: TaskLaunchType } {
  if (requested === 'FARGATE') return { launchType: 'FARGATE' };
  const instance = leastLoadedInstance(cluster, now);
  if (!instance) return { launchType: 'FARGATE' };
  return { instance, launchType: requested === 'EXTERNAL' ? 'EXTERNAL' : 'EC2' };
}
