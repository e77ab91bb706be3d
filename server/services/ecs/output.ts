import type { Cluster } from '../../../state/ecs/clusters.js';
import type { ContainerInstance, Resource } from '../../../state/ecs/containerInstances.js';
import type { EcsState } from '../../../state/ecs/ecsState.js';
import { deploymentConfigurationView, type Deployment } from '../../../state/ecs/deployments.js';
import { serviceTasks, taskCounts } from '../../../state/ecs/serviceScheduler.js';
import { tasksOn } from '../../../state/ecs/scheduler.js';
import { serviceStatus, type Service } from '../../../state/ecs/services.js';
import type { TaskDefinition } from '../../../state/ecs/taskDefinitions.js';
import {
  containerStatusAt,
  isStartingAt,
  lastStatusAt,
  stopAt,
  taskTimestampsAt,
  versionAt,
} from '../../../state/ecs/taskLifecycle.js';
import { isActive, isLive, isRunning, taskDesiredStatus, taskLastStatus, type Task } from '../../../state/ecs/tasks.js';

/** ECS response structures, shaped as AWS sends them (empty lists present, absent members omitted). */

export type ClusterInclude = 'ATTACHMENTS' | 'CONFIGURATIONS' | 'SETTINGS' | 'STATISTICS' | 'TAGS';
export const allClusterIncludes: readonly ClusterInclude[] = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'];

export function clusterOutput(ecs: EcsState, cluster: Cluster, now: Date, include: readonly string[]) {
  const counters = ecs.counters(cluster, now);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    configuration: include.includes('CONFIGURATIONS') ? cluster.configuration : undefined,
    status: cluster.status,
    ...counters,
    statistics: include.includes('STATISTICS') ? clusterStatistics(cluster, now) : [],
    tags: include.includes('TAGS') ? cluster.tags : [],
    settings: include.includes('SETTINGS') ? cluster.settings : undefined,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    attachments: include.includes('ATTACHMENTS') ? clusterAttachments(cluster) : undefined,
    attachmentsStatus: include.includes('ATTACHMENTS') && cluster.capacityProviderAttachments?.size ? 'UPDATE_COMPLETE' : undefined,
    serviceConnectDefaults: cluster.serviceConnectDefaults,
  };
}

/** The Auto Scaling policy ECS keeps for each associated Auto Scaling group provider. */
function clusterAttachments(cluster: Cluster) {
  return [...(cluster.capacityProviderAttachments ?? new Map())].map(([capacityProviderName, a]) => ({
    id: a.id,
    type: 'as_policy',
    status: 'ACTIVE',
    details: [
      { name: 'capacityProviderName', value: capacityProviderName },
      { name: 'scalingPolicyName', value: a.scalingPolicyName },
    ],
  }));
}

/** The per-launch-type statistics DescribeClusters adds for `include: [STATISTICS]`. */
function clusterStatistics(cluster: Cluster, now: Date) {
  // From the task table's per-launch-type counts: no walk of the cluster's tasks.
  const nowMs = now.getTime();
  const ec2 = cluster.tasks.countsAt(nowMs, 'EC2');
  const fargate = cluster.tasks.countsAt(nowMs, 'FARGATE');
  const external = cluster.tasks.countsAt(nowMs, 'EXTERNAL');
  const count = { runningEC2TasksCount: ec2.running, runningFargateTasksCount: fargate.running, runningExternalTasksCount: external.running };
  const pending = { pendingEC2TasksCount: ec2.pending, pendingFargateTasksCount: fargate.pending, pendingExternalTasksCount: external.pending };
  const services = { activeEC2ServiceCount: 0, activeFargateServiceCount: 0, drainingEC2ServiceCount: 0, drainingFargateServiceCount: 0 };
  for (const s of cluster.services.values()) {
    const status = serviceStatus(s, now);
    const fargate = s.launchType === 'FARGATE';
    if (status === 'ACTIVE') services[fargate ? 'activeFargateServiceCount' : 'activeEC2ServiceCount']++;
    else if (status === 'DRAINING') services[fargate ? 'drainingFargateServiceCount' : 'drainingEC2ServiceCount']++;
  }
  const all: Record<string, number> = {
    ...count,
    ...pending,
    ...services,
  };
  return Object.entries(all).map(([name, value]) => ({ name, value: String(value) }));
}

export function serviceOutput(cluster: Cluster, service: Service, now: Date, withTags: boolean) {
  const status = serviceStatus(service, now);
  const tasks = serviceTasks(cluster, service);
  const { runningCount, pendingCount } = taskCounts(tasks, now);
  const s = service.settings;
  const capacityProviderStrategy = s.capacityProviderStrategy;
  const launchType = capacityProviderStrategy?.length ? undefined : (service.launchType ?? 'EC2');
  const platformVersion = launchType === 'FARGATE' ? (s.platformVersion ?? 'LATEST') : undefined;
  const deployments = status === 'INACTIVE' ? [] : service.deployments;
  const ofDeployment = (d: Deployment) => tasks.filter((t) => t.deploymentId === d.id);
  /** The primary deployment wants the service's desired count; an older one, the tasks it still has. */
  const requested = (d: Deployment, i: number) =>
    i === 0 ? service.desiredCount : ofDeployment(d).filter((t) => isLive(t, now)).length;
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: s.loadBalancers ?? [],
    serviceRegistries: s.serviceRegistries ?? [],
    status,
    desiredCount: service.desiredCount,
    runningCount,
    pendingCount,
    launchType,
    capacityProviderStrategy,
    platformVersion,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: deploymentConfigurationView(s),
    deployments: deployments.map((d, i) => ({
      id: d.id,
      status: i === 0 ? 'PRIMARY' : 'ACTIVE',
      taskDefinition: d.taskDefinitionArn,
      desiredCount: requested(d, i),
      ...taskCounts(ofDeployment(d), now),
      failedTasks: d.failedTasks,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      launchType,
      capacityProviderStrategy,
      platformVersion,
      networkConfiguration: s.networkConfiguration,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    })),
    roleArn: s.role,
    events: service.events.map((e) => ({ id: e.id, createdAt: e.createdAt, message: e.message })),
    createdAt: service.createdAt,
    currentServiceDeployment: deployments[0]?.serviceDeploymentArn,
    currentServiceRevisions: deployments.map((d, i) => {
      const counts = taskCounts(ofDeployment(d), now);
      return {
        arn: d.revisionArn,
        requestedTaskCount: requested(d, i),
        runningTaskCount: counts.runningCount,
        pendingTaskCount: counts.pendingCount,
      };
    }),
    placementConstraints: s.placementConstraints ?? [],
    placementStrategy: s.placementStrategy ?? [],
    networkConfiguration: s.networkConfiguration,
    healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: s.deploymentController ?? { type: 'ECS' },
    tags: withTags ? service.tags : undefined,
    createdBy: service.createdBy,
    enableECSManagedTags: s.enableECSManagedTags ?? false,
    propagateTags: s.propagateTags ?? 'NONE',
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: s.availabilityZoneRebalancing ?? 'DISABLED',
  };
}

export function taskOutput(task: Task, region: string, withTags: boolean, now: Date) {
  const atMs = now.getTime();
  const lifecycle = task.lifecycle;
  const lastStatus = lastStatusAt(lifecycle, atMs);
  const stop = stopAt(lifecycle, atMs);
  const times = taskTimestampsAt(lifecycle, atMs);
  const containerStatus = containerStatusAt(lifecycle, atMs);
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    containerInstanceArn: task.containerInstanceArn,
    overrides: task.overrides,
    lastStatus,
    desiredStatus: taskDesiredStatus(task, now),
    cpu: task.cpu,
    memory: task.memory,
    containers: task.containers.map((c) => {
      // The container that could not be pulled says why; the others never ran either.
      const failed = stop?.containerReason !== undefined;
      return {
        containerArn: c.containerArn,
        taskArn: task.arn,
        name: c.name,
        image: c.image,
        runtimeId: failed ? undefined : c.runtimeId,
        lastStatus: containerStatus,
        exitCode: containerStatus === 'STOPPED' && !failed ? 0 : undefined,
        reason: failed && c.essential && c.image && stop.containerReason ? stop.containerReason : undefined,
        networkBindings: [],
        networkInterfaces: [],
        healthStatus: 'UNKNOWN',
        managedAgents:
          task.enableExecuteCommand && times.startedAt
            ? [{ name: 'ExecuteCommandAgent', lastStartedAt: times.startedAt, lastStatus: containerStatus }]
            : undefined,
        cpu: c.cpu !== undefined ? String(c.cpu) : '0',
        memory: c.memory !== undefined ? String(c.memory) : undefined,
        memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
      };
    }),
    startedBy: task.startedBy,
    version: versionAt(lifecycle, atMs),
    stoppedReason: stop?.reason,
    stopCode: stop?.stopCode,
    connectivity: times.connectivityAt ? 'CONNECTED' : undefined,
    ...times,
    group: task.group,
    launchType: task.launchType,
    capacityProviderName: task.capacityProviderName,
    platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    availabilityZone: `${region}a`,
    attachments: [],
    attributes: [],
    healthStatus: 'UNKNOWN',
    enableExecuteCommand: task.enableExecuteCommand,
    tags: withTags ? task.tags : undefined,
  };
}

function instanceTaskCounts(ecs: EcsState, cluster: Cluster, instance: ContainerInstance, now: Date) {
  if (instance.status === 'INACTIVE') return { runningTasksCount: 0, pendingTasksCount: 0 };
  const on = tasksOn(cluster, instance.id);
  const { runningCount, pendingCount } = taskCounts(on, now);
  return { runningTasksCount: runningCount, pendingTasksCount: pendingCount };
}

/** Registered resources less what the instance's running tasks reserve (CPU and MEMORY). */
function remainingResources(cluster: Cluster, instance: ContainerInstance, now: Date): Resource[] {
  const used = { CPU: 0, MEMORY: 0 };
  if (instance.status !== 'INACTIVE') {
    for (const t of tasksOn(cluster, instance.id)) {
      if (!isActive(t, now)) continue;
      used.CPU += Number(t.cpu ?? 0);
      used.MEMORY += Number(t.memory ?? 0);
    }
  }
  return instance.registeredResources.map((r) =>
    (r.name === 'CPU' || r.name === 'MEMORY') && r.integerValue !== undefined
      ? { ...r, integerValue: Math.max(0, r.integerValue - used[r.name]) }
      : r,
  );
}

export function containerInstanceOutput(ecs: EcsState, cluster: Cluster, instance: ContainerInstance, withTags: boolean, now: Date) {
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    version: instance.version,
    versionInfo: instance.versionInfo ?? {},
    remainingResources: remainingResources(cluster, instance, now),
    registeredResources: instance.registeredResources,
    status: instance.status,
    capacityProviderName: instance.capacityProviderName,
    agentConnected: instance.status !== 'INACTIVE',
    ...instanceTaskCounts(ecs, cluster, instance, now),
    attributes: instance.attributes,
    registeredAt: instance.registeredAt,
    attachments: [],
    tags: withTags ? instance.tags : undefined,
  };
}

export function taskDefinitionOutput(td: TaskDefinition) {
  const s = td.settings;
  const compatibilities = ['EC2', ...(s.networkMode === 'awsvpc' ? ['FARGATE'] : [])];
  return {
    taskDefinitionArn: td.arn,
    containerDefinitions: td.containerDefinitions.map((c) => ({
      cpu: 0,
      portMappings: [],
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      ...c,
    })),
    family: td.family,
    revision: td.revision,
    volumes: [],
    status: td.status,
    requiresAttributes: [],
    placementConstraints: [],
    compatibilities,
    registeredAt: td.registeredAt,
    registeredBy: td.registeredBy,
    deregisteredAt: td.deregisteredAt,
    ...s,
  };
}

export function missing(arn: string) {
  return { arn, reason: 'MISSING' };
}

/**
 * The Describe… calls: each reference that is found is described; one that is not becomes a
 * `MISSING` failure naming its ARN, never an error.
 */
export function describeEach<T, O>(
  refs: readonly string[],
  find: (ref: string) => T | undefined,
  describe: (found: T) => O,
  arnOf: (ref: string) => string,
): { described: O[]; failures: ReturnType<typeof missing>[] } {
  const described: O[] = [];
  const failures: ReturnType<typeof missing>[] = [];
  for (const ref of refs) {
    const found = find(ref);
    if (found !== undefined) described.push(describe(found));
    else failures.push(missing(arnOf(ref)));
  }
  return { described, failures };
}
