import { effectiveStrategy, placeTasks } from './capacityPlacement.js';
import type { StrategyItem } from './capacityProviders.js';
import { requireStrategyAllowed } from './clusterCapacity.js';
import type { Cluster } from './clusters.js';
import { executeCommandSessionId, sessionToken } from './ecsIds.js';
import { ecsErrors } from './errors.js';
import { launchTask } from './scheduler.js';
import { serviceStatus } from './services.js';
import type { EcsTag } from './tags.js';
import { isExpired, isLive, isRunning, taskDesiredStatus, type Task } from './tasks.js';
import type { EcsState } from './ecsState.js';
import { findContainerInstance, findService, findTask } from './lookups.js';
import { requireNetworkConfiguration } from './taskDefinitions.js';
import { stopTask as markStopped } from './tasks.js';

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
  forgetExpiredTasks(ecs, cluster, now);
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
  if (isLive(task, now) && markStopped(task, now, ecs.config().tasks, 'UserInitiated', reason ?? 'Task stopped by user')) {
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

export function listTaskArns(ecs: EcsState, cluster: Cluster, filter: ListTasksFilter, now: Date): string[] {
  forgetExpiredTasks(ecs, cluster, now);
  const wanted = filter.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
  let instanceId: string | undefined;
  if (filter.containerInstance !== undefined) {
    const instance = findContainerInstance(ecs, cluster, filter.containerInstance);
    if (!instance) return [];
    instanceId = instance.id;
  }
  if (filter.serviceName !== undefined) {
    const service = findService(ecs, cluster, filter.serviceName);
    if (!service) throw ecsErrors.serviceNotFound();
    filter = { ...filter, serviceName: service.name };
  }
  // ECS never sets a task's desiredStatus to PENDING (only its lastStatus), so nothing matches.
  if (filter.desiredStatus === 'PENDING') return [];
  const out: string[] = [];
  for (const t of cluster.tasks.values()) {
    if (taskDesiredStatus(t, now) !== wanted) continue;
    if (instanceId !== undefined && t.containerInstanceId !== instanceId) continue;
    if (filter.family !== undefined && ecs.taskDefinitions.find(t.taskDefinitionArn)?.family !== filter.family) continue;
    if (filter.startedBy !== undefined && t.startedBy !== filter.startedBy) continue;
    if (filter.serviceName !== undefined && t.serviceName !== filter.serviceName) continue;
    if (filter.launchType !== undefined && t.launchType !== filter.launchType) continue;
    out.push(t.arn);
  }
  return out;
}

function forgetExpiredTasks(ecs: EcsState, cluster: Cluster, now: Date): void {
  for (const [id, t] of cluster.tasks) if (isExpired(t, now)) cluster.tasks.delete(id);
}
