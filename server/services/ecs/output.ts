import type { Cluster } from '../../../state/ecs/clusters.js';
import type { ContainerInstance, Resource } from '../../../state/ecs/containerInstances.js';
import type { EcsState } from '../../../state/ecs/ecsState.js';
import { serviceStatus, type Service } from '../../../state/ecs/services.js';
import type { TaskDefinition } from '../../../state/ecs/taskDefinitions.js';
import type { Task } from '../../../state/ecs/tasks.js';

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
  const count = { runningEC2TasksCount: 0, runningFargateTasksCount: 0, runningExternalTasksCount: 0 };
  for (const t of cluster.tasks.values()) {
    if (t.lastStatus !== 'RUNNING') continue;
    if (t.launchType === 'EC2') count.runningEC2TasksCount++;
    else if (t.launchType === 'FARGATE') count.runningFargateTasksCount++;
    else count.runningExternalTasksCount++;
  }
  const services = { activeEC2ServiceCount: 0, activeFargateServiceCount: 0, drainingEC2ServiceCount: 0, drainingFargateServiceCount: 0 };
  for (const s of cluster.services.values()) {
    const status = serviceStatus(s, now);
    const fargate = s.launchType === 'FARGATE';
    if (status === 'ACTIVE') services[fargate ? 'activeFargateServiceCount' : 'activeEC2ServiceCount']++;
    else if (status === 'DRAINING') services[fargate ? 'drainingFargateServiceCount' : 'drainingEC2ServiceCount']++;
  }
  const all: Record<string, number> = {
    ...count,
    pendingEC2TasksCount: 0,
    pendingFargateTasksCount: 0,
    pendingExternalTasksCount: 0,
    ...services,
  };
  return Object.entries(all).map(([name, value]) => ({ name, value: String(value) }));
}

const defaultDeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

export function serviceOutput(cluster: Cluster, service: Service, now: Date, withTags: boolean) {
  const status = serviceStatus(service, now);
  let runningCount = 0;
  for (const t of cluster.tasks.values()) if (t.serviceName === service.name && t.lastStatus === 'RUNNING') runningCount++;
  const s = service.settings;
  const capacityProviderStrategy = s['capacityProviderStrategy'] as unknown[] | undefined;
  const launchType = capacityProviderStrategy?.length ? undefined : (service.launchType ?? 'EC2');
  const platformVersion = launchType === 'FARGATE' ? ((s['platformVersion'] as string | undefined) ?? 'LATEST') : undefined;
  const deployment = service.deployment;
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: s['loadBalancers'] ?? [],
    serviceRegistries: s['serviceRegistries'] ?? [],
    status,
    desiredCount: service.desiredCount,
    runningCount,
    pendingCount: 0,
    launchType,
    capacityProviderStrategy,
    platformVersion,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: s['deploymentConfiguration'] ?? defaultDeploymentConfiguration,
    deployments:
      status === 'INACTIVE'
        ? []
        : [
            {
              id: deployment.id,
              status: 'PRIMARY',
              taskDefinition: service.taskDefinitionArn,
              desiredCount: service.desiredCount,
              pendingCount: 0,
              runningCount,
              failedTasks: 0,
              createdAt: deployment.createdAt,
              updatedAt: deployment.updatedAt,
              launchType,
              capacityProviderStrategy,
              platformVersion,
              networkConfiguration: s['networkConfiguration'],
              rolloutState: 'COMPLETED',
              rolloutStateReason: 'ECS deployment ' + deployment.id + ' completed.',
            },
          ],
    roleArn: s['role'] as string | undefined,
    events: [],
    createdAt: service.createdAt,
    placementConstraints: s['placementConstraints'] ?? [],
    placementStrategy: s['placementStrategy'] ?? [],
    networkConfiguration: s['networkConfiguration'],
    healthCheckGracePeriodSeconds: s['healthCheckGracePeriodSeconds'],
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: s['deploymentController'] ?? { type: 'ECS' },
    tags: withTags ? service.tags : undefined,
    createdBy: service.createdBy,
    enableECSManagedTags: (s['enableECSManagedTags'] as boolean | undefined) ?? false,
    propagateTags: (s['propagateTags'] as string | undefined) ?? 'NONE',
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: s['availabilityZoneRebalancing'] ?? 'DISABLED',
  };
}

export function taskOutput(task: Task, region: string, withTags: boolean) {
  const stopped = task.lastStatus === 'STOPPED';
  return {
    taskArn: task.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    containerInstanceArn: task.containerInstanceArn,
    overrides: task.overrides,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    cpu: task.cpu,
    memory: task.memory,
    containers: task.containers.map((c) => ({
      containerArn: c.containerArn,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      runtimeId: c.runtimeId,
      lastStatus: task.lastStatus,
      exitCode: stopped ? 0 : undefined,
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: 'UNKNOWN',
      managedAgents: task.enableExecuteCommand
        ? [{ name: 'ExecuteCommandAgent', lastStartedAt: task.startedAt, lastStatus: task.lastStatus }]
        : undefined,
      cpu: c.cpu !== undefined ? String(c.cpu) : '0',
      memory: c.memory !== undefined ? String(c.memory) : undefined,
      memoryReservation: c.memoryReservation !== undefined ? String(c.memoryReservation) : undefined,
    })),
    startedBy: task.startedBy,
    version: task.version,
    stoppedReason: task.stoppedReason,
    stopCode: task.stopCode,
    connectivity: stopped ? undefined : 'CONNECTED',
    connectivityAt: task.createdAt,
    pullStartedAt: task.createdAt,
    pullStoppedAt: task.startedAt,
    executionStoppedAt: task.stoppedAt,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    stoppingAt: task.stoppingAt,
    stoppedAt: task.stoppedAt,
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

/** Registered resources less what the instance's running tasks reserve (CPU and MEMORY). */
function remainingResources(cluster: Cluster, instance: ContainerInstance): Resource[] {
  const used = { CPU: 0, MEMORY: 0 };
  if (instance.status !== 'INACTIVE') {
    for (const t of cluster.tasks.values()) {
      if (t.containerInstanceId !== instance.id || t.lastStatus !== 'RUNNING') continue;
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

export function containerInstanceOutput(ecs: EcsState, cluster: Cluster, instance: ContainerInstance, withTags: boolean) {
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    version: instance.version,
    versionInfo: instance.versionInfo ?? {},
    remainingResources: remainingResources(cluster, instance),
    registeredResources: instance.registeredResources,
    status: instance.status,
    capacityProviderName: instance.capacityProviderName,
    agentConnected: instance.status !== 'INACTIVE',
    runningTasksCount: instance.status !== 'INACTIVE' ? ecs.runningTasksOn(cluster, instance) : 0,
    pendingTasksCount: 0,
    attributes: instance.attributes,
    registeredAt: instance.registeredAt,
    attachments: [],
    tags: withTags ? instance.tags : undefined,
  };
}

export function taskDefinitionOutput(td: TaskDefinition) {
  const s = td.settings;
  const compatibilities = ['EC2', ...(s['networkMode'] === 'awsvpc' ? ['FARGATE'] : [])];
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
