import { effectiveStrategy, placeTasks } from './capacityPlacement.js';
import type { StrategyItem } from './capacityProviders.js';
import { requireStrategyAllowed } from './clusterCapacity.js';
import type { Cluster } from './clusters.js';
import { executeCommandSessionId, sessionToken } from './ecsIds.js';
import { ecsErrors } from './errors.js';
import { launchTask } from './scheduler.js';
import { serviceStatus } from './services.js';
import type { EcsTag } from './tags.js';
import { isLive, isRunning, type Task } from './tasks.js';
import { taskKey } from './taskTable.js';
import type { EcsState } from './ecsState.js';
import { findContainerInstance, findService, findTask } from './lookups.js';
import { requireNetworkConfiguration } from './taskDefinitions.js';

/** RunTask, StopTask, ExecuteCommand and ListTasks. */

export interface RunTaskInput {
  taskDefinition: string;
  count?: number;
  launchType?: string;
  capacityProviderStrategy?: StrategyItem[];
  group?: string;
  startedBy?: string;
  enableExecuteCommand?: boolean;
  tags?: EcsTag[];
  overrides?: Record<string, unknown>;
  networkConfiguration?: unknown;
}

export interface ExecuteCommandInput {
  task: string;
  container?: string;
  interactive: boolean;
}

/** How long the role session behind an ExecuteCommand session lasts (SSM's default idle timeout). */
export const EXECUTE_COMMAND_SESSION_SECONDS = 20 * 60;

export interface ListTasksFilter {
  containerInstance?: string;
  family?: string;
  startedBy?: string;
  serviceName?: string;
  desiredStatus?: 'RUNNING' | 'PENDING' | 'STOPPED';
  launchType?: string;
}

export function runTask(ecs: EcsState, clusterRef: string | undefined, input: RunTaskInput, now: Date): Task[] {
  const cluster = ecs.activeCluster(clusterRef);
  const td = ecs.taskDefinitions.getActive(input.taskDefinition);
  requireNetworkConfiguration(td, input.networkConfiguration);
  forgetExpiredTasks(cluster, now);
  requireStrategyAllowed(cluster, input.launchType, input.capacityProviderStrategy);
  const strategy = effectiveStrategy(cluster, input.launchType, input.capacityProviderStrategy);
  const request = { launchType: input.launchType, strategy };
  // A dry run first, so a refusal starts none of the tasks.
  for (const where of placeTasks(cluster, request, input.count ?? 1, new Map(), now)) {
    if (typeof where === 'string') throw ecsErrors.noCapacityProviderInstances(where);
    if (input.launchType === 'EC2' && !where.instance) {
      throw ecsErrors.noContainerInstances();
    }
  }
  const tasks: Task[] = [];
  const running = new Map<string, number>();
  for (let n = 0; n < (input.count ?? 1); n++) {
    const where = placeTasks(cluster, request, 1, running, now)[0] as Exclude<ReturnType<typeof placeTasks>[number], string>;
    tasks.push(
      launchTask(
        ecs.arns,
        cluster,
        {
          taskDefinition: td,
          instance: where.instance,
          launchType: where.launchType,
          capacityProviderName: where.capacityProviderName,
          group: input.group ?? `family:${td.family}`,
          startedBy: input.startedBy,
          enableExecuteCommand: input.enableExecuteCommand ?? false,
          tags: input.tags ?? [],
          overrides: input.overrides ?? { containerOverrides: [], inferenceAcceleratorOverrides: [] },
        },
        now,
        ecs.config().tasks,
      ),
    );
  }
  return tasks;
}

/**
 * desiredStatus becomes STOPPED now; the task goes through DEACTIVATING, STOPPING and
 * DEPROVISIONING on the clock. A service starts a replacement at once.
 */
export function stopTask(ecs: EcsState, clusterRef: string | undefined, ref: string, reason: string | undefined, now: Date): Task {
  const cluster = ecs.existingCluster(clusterRef);
  const task = findTask(ecs, cluster, ref, now);
  if (!task) throw ecsErrors.taskNotFound();
  if (isLive(task, now) && cluster.tasks.stop(task, now, ecs.config().tasks, 'UserInitiated', reason ?? 'Task stopped by user')) {
    const service = task.serviceName ? cluster.services.get(task.serviceName) : undefined;
    if (service && serviceStatus(service, now) === 'ACTIVE') ecs.reschedule(cluster, service, now);
  }
  return task;
}

/**
 * ExecuteCommand: ECS opens the session through its service-linked role, so the role has a
 * session (and is in use) while the command runs, and shows `ssm:StartSession` in Access Advisor.
 */
export function executeCommand(ecs: EcsState, clusterRef: string | undefined, input: ExecuteCommandInput, now: Date) {
  const cluster = ecs.activeCluster(clusterRef);
  if (!input.interactive) throw ecsErrors.interactiveOnly();
  const task = findTask(ecs, cluster, input.task, now);
  if (!task) throw ecsErrors.taskNotFound();
  if (!isRunning(task, now)) throw ecsErrors.taskNotRunning();
  if (!task.enableExecuteCommand) throw ecsErrors.executeCommandNotEnabled();
  let container = task.containers[0]!;
  if (input.container !== undefined) {
    const named = task.containers.find((c) => c.name === input.container);
    if (!named) throw ecsErrors.containerNotFound(input.container);
    container = named;
  } else if (task.containers.length > 1) {
    throw ecsErrors.containerRequired();
  }
  ecs.serviceRole.startSession(now, EXECUTE_COMMAND_SESSION_SECONDS, 'ecs:ExecuteCommand', ['ssm:StartSession']);
  return { cluster, task, container, sessionId: executeCommandSessionId(), tokenValue: sessionToken() };
}

/** Where a ListTasks page starts (a launch position, from the previous page's token) and its size. */
export interface TaskPageRequest {
  fromSeq: number;
  size: number;
}

/** One page of task ARNs; `nextSeq` is where the next page starts, when one follows. */
export interface TaskArnPage {
  arns: string[];
  nextSeq?: number;
}

/**
 * One ListTasks page, in launch order. The page is read from the task table's index for the
 * narrowest filter given, so it costs its page (plus the tasks the other filters leave out),
 * not the cluster's tasks.
 */
export function listTaskArns(ecs: EcsState, cluster: Cluster, filter: ListTasksFilter, now: Date, request: TaskPageRequest): TaskArnPage {
  forgetExpiredTasks(cluster, now);
  const nowMs = now.getTime();
  const wanted = filter.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
  const keys: string[] = [];
  let instanceId: string | undefined;
  if (filter.containerInstance !== undefined) {
    const instance = findContainerInstance(ecs, cluster, filter.containerInstance);
    if (!instance) return { arns: [] };
    instanceId = instance.id;
    keys.push(taskKey.instance(instance.id));
  }
  let serviceName: string | undefined;
  if (filter.serviceName !== undefined) {
    const service = findService(ecs, cluster, filter.serviceName);
    if (!service) throw ecsErrors.serviceNotFound();
    serviceName = service.name;
    keys.push(taskKey.service(service.name));
  }
  // ECS never sets a task's desiredStatus to PENDING (only its lastStatus), so nothing matches.
  if (filter.desiredStatus === 'PENDING') return { arns: [] };
  if (filter.family !== undefined) keys.push(taskKey.family(filter.family));
  if (filter.startedBy !== undefined) keys.push(taskKey.startedBy(filter.startedBy));
  if (filter.launchType !== undefined) keys.push(taskKey.launchType(filter.launchType));
  let key = taskKey.all;
  let narrowest = Number.POSITIVE_INFINITY;
  for (const k of keys) {
    const size = cluster.tasks.sizeOf(nowMs, k, wanted);
    if (size < narrowest) [key, narrowest] = [k, size];
  }
  const accept = (t: Task) =>
    (instanceId === undefined || t.containerInstanceId === instanceId) &&
    // The index files tasks by the family in their ARN; the definition must also still be known.
    (filter.family === undefined || ecs.taskDefinitions.find(t.taskDefinitionArn)?.family === filter.family) &&
    (filter.startedBy === undefined || t.startedBy === filter.startedBy) &&
    (serviceName === undefined || t.serviceName === serviceName) &&
    (filter.launchType === undefined || t.launchType === filter.launchType);
  const page = cluster.tasks.page(nowMs, key, wanted, request.fromSeq, request.size, accept);
  return { arns: page.tasks.map((t) => t.arn), nextSeq: page.nextSeq };
}

/** Stopped tasks past their retention are forgotten; this costs the ones forgotten. */
function forgetExpiredTasks(cluster: Cluster, now: Date): void {
  cluster.tasks.forgetExpired(now.getTime());
}
