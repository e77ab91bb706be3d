import type { AccountConfig } from '../accountConfig.js';
import { uuid } from '../ids.js';
import type { EcsArns } from './arns.js';
import type { Cluster } from './clusters.js';
import { isRegistered, type ContainerInstance } from './containerInstances.js';
import {
  CIRCUIT_BREAKER_FAILED_REASON,
  circuitBreakerThreshold,
  completedReason,
  deploymentConfigurationView,
  deploymentSettingsOf,
  inProgressReason,
  newServiceRevision,
  rollingBackReason,
  SERVICE_DEPLOYMENTS_KEPT,
  type Deployment,
  type ServiceDeployment,
} from './deployments.js';
import { deploymentId, serviceDeploymentId } from './ecsIds.js';
import { placeTasks, runningByProvider } from './capacityPlacement.js';
import { launchTask } from './scheduler.js';
import { SERVICE_EVENTS_KEPT, serviceStatus, type Service } from './services.js';
import type { TaskDefinition } from './taskDefinitions.js';
import { failedToStartBy, isRunningAt, isStartingAt, nextChangeAfter, reachedRunning } from './taskLifecycle.js';
import { isActive, isLive, type Task, type TaskLaunchType } from './tasks.js';
import { taskKey } from './taskTable.js';

/**
 * The ECS service scheduler, on the clock. It acts at the instants something changes (a task
 * reaches RUNNING or STOPPED, fails to start, a deployment's PENDING time ends, a throttled
 * launch comes due) and when a request changes the service; `settleService` replays those
 * instants in order up to `now`, so no timer is needed. At each instant it:
 *   1. counts tasks that reached RUNNING and tasks that failed to start (circuit breaker, throttle);
 *   2. fails the primary deployment when the circuit breaker's threshold is met (and rolls back);
 *   3. places and stops tasks as a rolling update within minimumHealthyPercent/maximumPercent;
 *   4. forgets older deployments whose tasks have all STOPPED;
 *   5. completes the primary deployment and reports a steady state.
 */

export interface SchedulerEnv {
  arns: EcsArns;
  cluster: Cluster;
  config: AccountConfig;
  taskDefinition(arn: string): TaskDefinition | undefined;
}

/** Launches slow down after this many tasks in a row failed to start [chosen]. */
const THROTTLE_AFTER_FAILURES = 3;
const THROTTLE_FIRST_DELAY_MS = 10_000;
/** AWS's documented maximum time between restart attempts. */
const THROTTLE_MAX_DELAY_MS = 27 * 60_000;
/** A step repeats at one instant while it changes something (zero timings); this bounds it. */
const MAX_PASSES_PER_INSTANT = 20;

/** The service's tasks: those its scheduler started since it was created (a re-used name starts afresh). */
export function serviceTasks(cluster: Cluster, service: Service): Task[] {
  const since = service.createdAt.getTime();
  return cluster.tasks.withKey(taskKey.service(service.name)).filter((t) => t.createdAt.getTime() >= since);
}

export function addServiceEvent(service: Service, at: Date, message: string): void {
  service.events.unshift({ id: uuid(), createdAt: at, message });
  if (service.events.length > SERVICE_EVENTS_KEPT) service.events.length = SERVICE_EVENTS_KEPT;
}

function taskList(tasks: Task[]): string {
  return tasks.map((t) => `(task ${t.id})`).join(' ');
}

/**
 * Starts a deployment of `td`: a new service revision and service deployment (PENDING for the
 * account's `deployments.startDelayMs`, then IN_PROGRESS) and a new PRIMARY deployment. A
 * service deployment still in progress is superseded (STOPPED).
 */
export function startDeployment(env: SchedulerEnv, service: Service, td: TaskDefinition, now: Date): Deployment {
  const nowMs = now.getTime();
  const id = deploymentId();
  // The revision's id is the deployment's number (`ecs-svc/<n>` deploys `service-revision/…/<n>`):
  // Terraform's wait_for_steady_state finds the service deployment of a PRIMARY deployment so.
  const revision = newServiceRevision(
    env.arns.serviceRevision(env.cluster.name, service.name, id.slice(id.indexOf('/') + 1)),
    service,
    td,
    now,
  );
  service.revisions.set(revision.arn, revision);
  const sources = [...new Set(service.deployments.map((d) => d.revisionArn))];
  for (const sd of service.serviceDeployments) {
    if (sd.status === 'IN_PROGRESS' || sd.status === 'ROLLBACK_IN_PROGRESS') {
      sd.status = 'STOPPED';
      sd.statusReason = 'Stopped by a newer service deployment.'; // [O]
      sd.stoppedAt = now;
      sd.updatedAt = now;
    }
  }
  const settings = deploymentSettingsOf(service.settings);
  const startedAtMs = nowMs + env.config.deployments.startDelayMs;
  const sd: ServiceDeployment = {
    arn: env.arns.serviceDeployment(env.cluster.name, service.name, serviceDeploymentId()),
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    createdAt: now,
    startedAtMs,
    updatedAt: now,
    sourceRevisionArns: sources,
    targetRevisionArn: revision.arn,
    status: 'IN_PROGRESS',
    deploymentConfiguration: deploymentConfigurationView(service.settings),
    circuitBreaker: {
      enabled: settings.circuitBreaker.enable,
      failureCount: 0,
      threshold: circuitBreakerThreshold(service.desiredCount),
      triggered: false,
    },
    deploymentIds: [id],
  };
  service.serviceDeployments.unshift(sd);
  forgetOldServiceDeployments(service);
  const deployment: Deployment = {
    id,
    createdAt: now,
    updatedAt: now,
    taskDefinitionArn: td.arn,
    revisionArn: revision.arn,
    serviceDeploymentArn: sd.arn,
    startsAtMs: startedAtMs,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: inProgressReason(id),
    failedTasks: 0,
    everRunning: false,
  };
  service.deployments.unshift(deployment);
  service.taskDefinitionArn = td.arn;
  // A new task definition returns a throttled service to normal at once (AWS documents this).
  service.scheduler.consecutiveStartFailures = 0;
  service.scheduler.nextLaunchAtMs = 0;
  service.scheduler.steady = false;
  return deployment;
}

function forgetOldServiceDeployments(service: Service): void {
  if (service.serviceDeployments.length <= SERVICE_DEPLOYMENTS_KEPT) return;
  service.serviceDeployments.length = SERVICE_DEPLOYMENTS_KEPT;
  const named = new Set<string>();
  for (const sd of service.serviceDeployments) {
    named.add(sd.targetRevisionArn);
    for (const arn of sd.sourceRevisionArns) named.add(arn);
    if (sd.rollback) named.add(sd.rollback.serviceRevisionArn);
  }
  for (const d of service.deployments) named.add(d.revisionArn);
  for (const arn of service.revisions.keys()) if (!named.has(arn)) service.revisions.delete(arn);
}

export function serviceDeploymentOf(service: Service, deployment: Deployment): ServiceDeployment | undefined {
  return service.serviceDeployments.find((sd) => sd.arn === deployment.serviceDeploymentArn);
}

/** One scheduler visit at `at`, repeated while it changes something at that same instant. */
export function stepService(env: SchedulerEnv, service: Service, at: Date): void {
  for (let pass = 0; pass < MAX_PASSES_PER_INSTANT; pass++) {
    if (!stepOnce(env, service, at)) break;
  }
  service.scheduler.settledAtMs = Math.max(service.scheduler.settledAtMs, at.getTime());
}

/** Replays every instant at which the service's scheduler has something to do, up to `nowMs`. */
export function settleService(env: SchedulerEnv, service: Service, nowMs: number): void {
  for (;;) {
    const next = nextWakeAfter(env, service, service.scheduler.settledAtMs);
    if (next > nowMs) return;
    stepService(env, service, new Date(next));
  }
}

/** The next instant after `afterMs` at which the scheduler has something to look at. */
export function nextWakeAfter(env: SchedulerEnv, service: Service, afterMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const t of serviceTasks(env.cluster, service)) next = Math.min(next, nextChangeAfter(t.lifecycle, afterMs));
  for (const d of service.deployments) if (d.startsAtMs > afterMs) next = Math.min(next, d.startsAtMs);
  const throttle = service.scheduler.nextLaunchAtMs;
  if (throttle > afterMs) next = Math.min(next, throttle);
  return next;
}

/** One pass; true when it changed something (so another pass at the same instant may act). */
function stepOnce(env: SchedulerEnv, service: Service, at: Date): boolean {
  const atMs = at.getTime();
  const tasks = serviceTasks(env.cluster, service);
  let changed = noteStartsAndFailures(env, service, tasks, at);
  const primary = service.deployments[0];
  if (!primary) return changed;
  if (serviceStatus(service, at) === 'ACTIVE') {
    if (tripCircuitBreaker(env, service, primary, at)) changed = true;
    if (place(env, service, at)) changed = true;
  }
  // Older deployments leave the list once their last task has STOPPED.
  const kept = service.deployments.filter(
    (d, i) => i === 0 || tasks.some((t) => t.deploymentId === d.id && isActive(t, atMs)),
  );
  if (kept.length !== service.deployments.length) {
    service.deployments = kept;
    changed = true;
  }
  if (completeDeployment(service, tasks, at)) changed = true;
  reportSteadyState(service, tasks, at);
  return changed;
}

function noteStartsAndFailures(env: SchedulerEnv, service: Service, tasks: Task[], at: Date): boolean {
  const atMs = at.getTime();
  let changed = false;
  for (const task of tasks) {
    const noted = (task.noted ??= {});
    const deployment = service.deployments.find((d) => d.id === task.deploymentId);
    if (!noted.running && reachedRunning(task.lifecycle, atMs)) {
      noted.running = true;
      service.scheduler.consecutiveStartFailures = 0;
      if (deployment && !deployment.everRunning) {
        // Once a deployment has a running task, its failed-task count resets and stops counting.
        deployment.everRunning = true;
        deployment.failedTasks = 0;
      }
      changed = true;
    }
    if (!noted.failed && failedToStartBy(task.lifecycle, atMs)) {
      noted.failed = true;
      changed = true;
      if (deployment && !deployment.everRunning) {
        deployment.failedTasks++;
        deployment.updatedAt = at;
        const sd = serviceDeploymentOf(service, deployment);
        if (sd && sd.circuitBreaker.enabled) sd.circuitBreaker.failureCount++;
      }
      const failures = ++service.scheduler.consecutiveStartFailures;
      if (failures >= THROTTLE_AFTER_FAILURES) {
        const delay = Math.min(THROTTLE_FIRST_DELAY_MS * 2 ** (failures - THROTTLE_AFTER_FAILURES), THROTTLE_MAX_DELAY_MS);
        service.scheduler.nextLaunchAtMs = atMs + delay;
        if (failures === THROTTLE_AFTER_FAILURES) {
          addServiceEvent(service, at, `(service ${service.name}) is unable to consistently start tasks successfully.`);
        }
      }
    }
  }
  return changed;
}

/** FAILED once the primary deployment's failed tasks reach the threshold; then rollback, if enabled. */
function tripCircuitBreaker(env: SchedulerEnv, service: Service, primary: Deployment, at: Date): boolean {
  const breaker = deploymentSettingsOf(service.settings).circuitBreaker;
  if (!breaker.enable || primary.rolloutState !== 'IN_PROGRESS') return false;
  if (primary.failedTasks < circuitBreakerThreshold(service.desiredCount)) return false;
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = CIRCUIT_BREAKER_FAILED_REASON;
  primary.updatedAt = at;
  addServiceEvent(service, at, `(service ${service.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`);
  const sd = serviceDeploymentOf(service, primary);
  if (sd) {
    sd.circuitBreaker.triggered = true;
    sd.updatedAt = at;
  }
  const target = service.scheduler.lastCompleted;
  const td = target && env.taskDefinition(target.taskDefinitionArn);
  if (breaker.rollback && primary.rollbackOf === undefined && target && td) {
    addServiceEvent(service, at, `(service ${service.name}) rolling back to deployment ${target.deploymentId}.`);
    const rollback: Deployment = {
      id: deploymentId(),
      createdAt: at,
      updatedAt: at,
      taskDefinitionArn: td.arn,
      revisionArn: target.revisionArn,
      serviceDeploymentArn: primary.serviceDeploymentArn,
      startsAtMs: at.getTime(),
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: rollingBackReason(target.deploymentId),
      failedTasks: 0,
      everRunning: false,
      rollbackOf: target.deploymentId,
    };
    service.deployments.unshift(rollback);
    service.taskDefinitionArn = td.arn;
    service.scheduler.consecutiveStartFailures = 0;
    service.scheduler.nextLaunchAtMs = 0;
    if (sd) {
      sd.status = 'ROLLBACK_IN_PROGRESS';
      sd.rollback = { reason: 'The circuit breaker detected a deployment failure.', startedAt: at, serviceRevisionArn: target.revisionArn }; // [O]
      sd.deploymentIds.push(rollback.id);
    }
  } else if (sd) {
    // Without a rollback (or with nothing to return to) the service deployment stops as it is.
    sd.status = primary.rollbackOf !== undefined ? 'ROLLBACK_FAILED' : 'STOPPED';
    sd.statusReason = CIRCUIT_BREAKER_FAILED_REASON;
    sd.stoppedAt = at;
  }
  return true;
}

/** Launches and stops tasks toward the primary deployment's desired count. */
function place(env: SchedulerEnv, service: Service, at: Date): boolean {
  const atMs = at.getTime();
  const primary = service.deployments[0]!;
  if (atMs < primary.startsAtMs || primary.rolloutState === 'FAILED') return false;
  const td = env.taskDefinition(primary.taskDefinitionArn);
  if (!td) return false;
  const live = serviceTasks(env.cluster, service).filter((t) => isLive(t, atMs));
  const mine = live.filter((t) => t.deploymentId === primary.id);
  const old = live.filter((t) => t.deploymentId !== primary.id);
  const reason = `Scaling activity initiated by (deployment ${primary.id})`;
  const stopped: Task[] = [];
  const stop = (t: Task) => {
    if (env.cluster.tasks.stop(t, at, env.config.tasks, 'ServiceSchedulerInitiated', reason)) stopped.push(t);
  };
  const started: Task[] = [];
  const launch = (instance: ContainerInstance | undefined, launchType: TaskLaunchType, capacityProviderName?: string) =>
    started.push(
      launchTask(
        env.arns,
        env.cluster,
        {
          taskDefinition: td,
          instance,
          launchType,
          capacityProviderName,
          group: `service:${service.name}`,
          startedBy: primary.id,
          serviceName: service.name,
          deploymentId: primary.id,
          revisionArn: primary.revisionArn,
          enableExecuteCommand: service.enableExecuteCommand,
          tags: [],
          overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
        },
        at,
        env.config.tasks,
      ),
    );
  const throttled = service.scheduler.consecutiveStartFailures >= THROTTLE_AFTER_FAILURES && atMs < service.scheduler.nextLaunchAtMs;

  if (service.schedulingStrategy === 'DAEMON') {
    // One task per registered instance: an instance without a task of the primary deployment
    // has its older task replaced.
    const instances = [...env.cluster.containerInstances.values()].filter(isRegistered);
    service.desiredCount = instances.length;
    for (const instance of instances) {
      // A DRAINING instance keeps its count but takes no new task.
      if (instance.status !== 'ACTIVE') continue;
      if (mine.some((t) => t.containerInstanceId === instance.id)) continue;
      for (const t of old) if (t.containerInstanceId === instance.id) stop(t);
      if (!throttled) launch(instance, 'EC2');
    }
  } else {
    const desired = service.desiredCount;
    const { maximumPercent, minimumHealthyPercent } = deploymentSettingsOf(service.settings);
    // Scale in: tasks still starting go first, then the newest.
    if (mine.length > desired) {
      const order = [...mine].sort(
        (a, b) =>
          Number(isRunningAt(a.lifecycle, atMs)) - Number(isRunningAt(b.lifecycle, atMs)) ||
          b.createdAt.getTime() - a.createdAt.getTime(),
      );
      for (const t of order.slice(0, mine.length - desired)) stop(t);
    }
    const mineLive = mine.filter((t) => isLive(t, atMs));
    // Older tasks not yet running serve nobody: they go at once. Running ones go as far as the
    // minimum healthy percent allows.
    const oldRunning: Task[] = [];
    for (const t of old) {
      if (isRunningAt(t.lifecycle, atMs)) oldRunning.push(t);
      else stop(t);
    }
    const healthy = oldRunning.length + mineLive.filter((t) => isRunningAt(t.lifecycle, atMs)).length;
    const minimumHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
    let stoppable = Math.max(0, healthy - minimumHealthy);
    const oldKept: Task[] = [];
    for (const t of oldRunning) {
      if (stoppable > 0) {
        stop(t);
        stoppable--;
      } else oldKept.push(t);
    }
    const maximum = Math.max(desired, Math.floor((desired * maximumPercent) / 100));
    const room = Math.min(desired - mineLive.length, maximum - mineLive.length - oldKept.length);
    if (!throttled && room > 0) {
      // One at a time, so each placement sees the tasks placed before it. A task whose capacity
      // provider has no ACTIVE instance is not started; the service stays below its desired count.
      const strategy = service.settings.capacityProviderStrategy ?? [];
      const running = runningByProvider(mineLive);
      for (let n = 0; n < room; n++) {
        const [where] = placeTasks(env.cluster, { launchType: service.launchType, strategy }, 1, running, at);
        if (typeof where !== 'string') launch(where!.instance, where!.launchType, where!.capacityProviderName);
      }
    }
  }
  if (started.length > 0) {
    addServiceEvent(service, at, `(service ${service.name}) has started ${started.length} tasks: ${taskList(started)}.`);
  }
  if (stopped.length > 0) {
    addServiceEvent(service, at, `(service ${service.name}) has stopped ${stopped.length} running tasks: ${taskList(stopped)}.`);
  }
  return started.length > 0 || stopped.length > 0;
}

/** COMPLETED when the primary deployment alone runs the desired count. */
function completeDeployment(service: Service, tasks: Task[], at: Date): boolean {
  const atMs = at.getTime();
  const primary = service.deployments[0]!;
  if (primary.rolloutState !== 'IN_PROGRESS' || atMs < primary.startsAtMs || service.deployments.length !== 1) return false;
  if (serviceStatus(service, at) !== 'ACTIVE') return false;
  const mine = tasks.filter((t) => t.deploymentId === primary.id && isLive(t, atMs));
  if (mine.length !== service.desiredCount || mine.some((t) => !isRunningAt(t.lifecycle, atMs))) return false;
  primary.rolloutState = 'COMPLETED';
  primary.rolloutStateReason = completedReason(primary.id);
  primary.updatedAt = at;
  addServiceEvent(service, at, `(service ${service.name}) (deployment ${primary.id}) deployment completed.`);
  service.scheduler.lastCompleted = {
    deploymentId: primary.id,
    revisionArn: primary.revisionArn,
    taskDefinitionArn: primary.taskDefinitionArn,
  };
  const sd = serviceDeploymentOf(service, primary);
  if (sd && (sd.status === 'IN_PROGRESS' || sd.status === 'ROLLBACK_IN_PROGRESS')) {
    sd.status = sd.status === 'IN_PROGRESS' ? 'SUCCESSFUL' : 'ROLLBACK_SUCCESSFUL';
    sd.finishedAt = at;
    sd.updatedAt = at;
  }
  return true;
}

/** "(service x) has reached a steady state." each time the service becomes steady. */
function reportSteadyState(service: Service, tasks: Task[], at: Date): void {
  const atMs = at.getTime();
  const primary = service.deployments[0]!;
  let steady = serviceStatus(service, at) === 'ACTIVE' && service.deployments.length === 1 && primary.rolloutState === 'COMPLETED';
  if (steady) {
    let running = 0;
    for (const t of tasks) {
      if (!isLive(t, atMs)) continue;
      if (isStartingAt(t.lifecycle, atMs)) steady = false;
      else if (isRunningAt(t.lifecycle, atMs)) running++;
    }
    steady &&= running === service.desiredCount;
  }
  if (steady && !service.scheduler.steady) addServiceEvent(service, at, `(service ${service.name}) has reached a steady state.`);
  service.scheduler.steady = steady;
}

/** A deleted service stops all its tasks at once. */
export function stopAllServiceTasks(env: SchedulerEnv, service: Service, at: Date, reason: string): void {
  const stopped: Task[] = [];
  for (const t of serviceTasks(env.cluster, service)) {
    if (isLive(t, at) && env.cluster.tasks.stop(t, at, env.config.tasks, 'ServiceSchedulerInitiated', reason)) stopped.push(t);
  }
  if (stopped.length > 0) {
    addServiceEvent(service, at, `(service ${service.name}) has stopped ${stopped.length} running tasks: ${taskList(stopped)}.`);
  }
}

/** runningCount and pendingCount over some tasks, as DescribeServices counts them. */
export function taskCounts(tasks: Iterable<Task>, at: Date): { runningCount: number; pendingCount: number } {
  const atMs = at.getTime();
  let runningCount = 0;
  let pendingCount = 0;
  for (const t of tasks) {
    if (isStartingAt(t.lifecycle, atMs)) pendingCount++;
    else if (isLive(t, atMs) && isRunningAt(t.lifecycle, atMs)) runningCount++;
  }
  return { runningCount, pendingCount };
}
