import { effectiveStrategy } from './capacityPlacement.js';
import { requireStrategyAllowed } from './clusterCapacity.js';
import type { Cluster } from './clusters.js';
import { isRegistered } from './containerInstances.js';
import { ecsErrors } from './errors.js';
import { startDeployment, stopAllServiceTasks } from './serviceScheduler.js';
import { serviceStatus, type Service, type ServiceSettings } from './services.js';
import type { EcsTag } from './tags.js';
import type { TaskDefinition } from './taskDefinitions.js';
import { unrestricted, type EcsCaller } from './ecsCaller.js';
import type { EcsState } from './ecsState.js';
import { findService } from './lookups.js';
import { requireNetworkConfiguration } from './taskDefinitions.js';

/** CreateService, UpdateService, DeleteService and ListServices: the service rules of one region. */

export interface CreateServiceInput {
  serviceName: string;
  taskDefinition?: string;
  desiredCount?: number;
  launchType?: Service['launchType'];
  schedulingStrategy?: Service['schedulingStrategy'];
  enableExecuteCommand?: boolean;
  tags?: EcsTag[];
  createdBy?: string;
  settings: ServiceSettings;
}

export interface UpdateServiceInput {
  desiredCount?: number;
  taskDefinition?: string;
  forceNewDeployment?: boolean;
  enableExecuteCommand?: boolean;
  settings: ServiceSettings;
}

/** Refusals that need no role come before the role is touched, so a failed call creates nothing. */
export function createService(ecs: EcsState, clusterRef: string | undefined, input: CreateServiceInput, now: Date, caller: EcsCaller = unrestricted): Service {
  const cluster = ecs.activeCluster(clusterRef);
  const schedulingStrategy = input.schedulingStrategy ?? 'REPLICA';
  if (input.taskDefinition === undefined) throw ecsErrors.taskDefinitionBlank();
  if (schedulingStrategy === 'REPLICA' && input.desiredCount === undefined) {
    throw ecsErrors.replicaNeedsDesiredCount();
  }
  if (schedulingStrategy === 'DAEMON' && input.desiredCount !== undefined && input.desiredCount !== 0) {
    throw ecsErrors.daemonTakesNoDesiredCount();
  }
  const td = ecs.taskDefinitions.getActive(input.taskDefinition);
  requireNetworkConfiguration(td, input.settings.networkConfiguration);
  requireNoRoleWhereServiceLinkedRoleApplies(td, input.settings);
  requireStrategyAllowed(cluster, input.launchType, input.settings.capacityProviderStrategy);
  // Without a launch type or strategy, the service takes the cluster's default strategy (when it has one).
  const strategy = effectiveStrategy(cluster, input.launchType, input.settings.capacityProviderStrategy);
  if (strategy.length > 0) input.settings.capacityProviderStrategy = strategy;
  const existing = cluster.services.get(input.serviceName);
  if (existing) {
    const status = serviceStatus(existing, now);
    if (status === 'ACTIVE') throw ecsErrors.serviceNotIdempotent();
    if (status === 'DRAINING') throw ecsErrors.serviceStillDraining();
  }
  // The last refusal: only now may the role be created and its use recorded.
  ecs.requireServiceRole(now, caller);
  if (existing) cluster.services.delete(input.serviceName);
  const service: Service = {
    name: input.serviceName,
    arn: ecs.arns.service(cluster.name, input.serviceName),
    clusterArn: cluster.arn,
    taskDefinitionArn: td.arn,
    // A DAEMON service wants one task per registered instance.
    desiredCount:
      schedulingStrategy === 'DAEMON'
        ? [...cluster.containerInstances.values()].filter(isRegistered).length
        : (input.desiredCount ?? 0),
    launchType: input.launchType,
    schedulingStrategy,
    createdAt: now,
    createdBy: input.createdBy,
    deployments: [],
    serviceDeployments: [],
    revisions: new Map(),
    events: [],
    scheduler: { settledAtMs: now.getTime(), steady: false, consecutiveStartFailures: 0, nextLaunchAtMs: 0 },
    tags: input.tags ?? [],
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    settings: input.settings,
  };
  cluster.services.set(service.name, service);
  startDeployment(ecs.env(cluster), service, td, now);
  ecs.reschedule(cluster, service, now);
  ecs.serviceRole.recordUse(now, serviceRoleActions(input.settings));
  return service;
}

export function updateService(ecs: EcsState, 
  clusterRef: string | undefined,
  serviceRef: string,
  input: UpdateServiceInput,
  now: Date,
  caller: EcsCaller = unrestricted,
): Service {
  const cluster = ecs.activeCluster(clusterRef);
  const service = findService(ecs, cluster, serviceRef);
  if (!service) throw ecsErrors.serviceNotFound();
  if (serviceStatus(service, now) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  const td = input.taskDefinition !== undefined ? ecs.taskDefinitions.getActive(input.taskDefinition) : undefined;
  requireStrategyAllowed(cluster, undefined, input.settings.capacityProviderStrategy);
  ecs.requireServiceRole(now, caller);
  if (input.desiredCount !== undefined && service.schedulingStrategy === 'REPLICA') service.desiredCount = input.desiredCount;
  if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
  Object.assign(service.settings, input.settings);
  const newDeployment = (td && td.arn !== service.taskDefinitionArn) || input.forceNewDeployment === true;
  const next = td ?? ecs.serviceTaskDefinition(service);
  if (newDeployment && next) {
    // A new revision (or a forced deployment, even of the same one) rolls every task over.
    startDeployment(ecs.env(cluster), service, next, now);
  } else if (service.deployments[0]) {
    service.deployments[0].updatedAt = now;
    service.scheduler.steady = false;
  }
  ecs.reschedule(cluster, service, now);
  ecs.serviceRole.recordUse(now, serviceRoleActions(input.settings));
  return service;
}

/** Refused while the service is scaled above 0, unless forced; then DRAINING, then INACTIVE. */
export function deleteService(ecs: EcsState, clusterRef: string | undefined, serviceRef: string, force: boolean, now: Date): Service {
  const cluster = ecs.activeCluster(clusterRef);
  const service = findService(ecs, cluster, serviceRef);
  if (!service) throw ecsErrors.serviceNotFound();
  if (serviceStatus(service, now) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  if (service.desiredCount > 0 && service.schedulingStrategy === 'REPLICA' && !force) {
    throw ecsErrors.serviceScaledAboveZero();
  }
  service.desiredCount = 0;
  service.deletedAt = now;
  if (service.deployments[0]) service.deployments[0].updatedAt = now;
  stopAllServiceTasks(ecs.env(cluster), service, now, 'Service deleted');
  ecs.recomputeWake();
  return service;
}

/** ACTIVE services only: DRAINING and INACTIVE ones leave ListServices. */
export function listServiceArns(ecs: EcsState, cluster: Cluster, now: Date, filter: { launchType?: string; schedulingStrategy?: string } = {}): string[] {
  const out: string[] = [];
  for (const s of cluster.services.values()) {
    if (serviceStatus(s, now) !== 'ACTIVE') continue;
    // A service created without a launch type or strategy runs as EC2, as DescribeServices shows.
    if (filter.launchType && (s.launchType ?? 'EC2') !== filter.launchType) continue;
    if (filter.schedulingStrategy && s.schedulingStrategy !== filter.schedulingStrategy) continue;
    out.push(s.arn);
  }
  return out;
}

/**
 * What ECS does with the role for a service, as Access Advisor shows it: network interfaces for
 * `awsvpc` tasks and load balancer targets.
 */
function serviceRoleActions(settings: { networkConfiguration?: unknown; loadBalancers?: unknown }): string[] {
  const actions: string[] = [];
  if ((settings.networkConfiguration as { awsvpcConfiguration?: unknown } | undefined)?.awsvpcConfiguration) {
    actions.push('ec2:CreateNetworkInterface');
  }
  if (Array.isArray(settings.loadBalancers) && settings.loadBalancers.length > 0) actions.push('elasticloadbalancing:RegisterTargets');
  return actions;
}

/**
 * AWS documents when the service-linked role is required (awsvpc tasks, service discovery, an
 * external deployment controller, several target groups); a service of that kind may not name
 * a `role` of its own.
 */
function requireNoRoleWhereServiceLinkedRoleApplies(td: TaskDefinition, settings: ServiceSettings): void {
  if (settings.role === undefined) return;
  const loadBalancers = settings.loadBalancers ?? [];
  const registries = settings.serviceRegistries ?? [];
  const controller = settings.deploymentController?.type;
  if (td.settings.networkMode === 'awsvpc' || registries.length > 0 || controller === 'EXTERNAL' || loadBalancers.length > 1) {
    throw ecsErrors.roleWithServiceLinkedRole();
  }
}
