import { AccountSettings } from './accountSettings.js';
import { EcsArns, isArn } from './arns.js';
import { CAPACITY_PROVIDER_ATTRIBUTE, effectiveStrategy, placeTasks } from './capacityPlacement.js';
import { CapacityProviderRegistry, type StrategyItem } from './capacityProviders.js';
import { requireNoCapacityProviders, requireStrategyAllowed, setClusterCapacityProviders, validateAssociation } from './clusterCapacity.js';
import { clusterCodec, clusterCounters, type Cluster, type ClusterCounters } from './clusters.js';
import { child, fail, list, readList, readParts, type Json } from '../snapshot/codec.js';
import {
  defaultInstanceResources,
  isAddressable,
  isRegistered,
  keepsClusterInUse,
  type ContainerInstance,
  type Resource,
} from './containerInstances.js';
import { standaloneLinkedRole, type LinkedRole } from '../roleUse.js';
import { defaultAccountConfig, type AccountConfig } from '../accountConfig.js';
import type { ServiceDeployment, ServiceDeploymentStatus, ServiceRevision } from './deployments.js';
import { serviceDeploymentStatusAt } from './deployments.js';
import { ec2InstanceId, ecsId, executeCommandSessionId, sessionToken } from './ecsIds.js';
import { ecsErrors } from './errors.js';
import { launchTask, liveTasksOn } from './scheduler.js';
import {
  nextWakeAfter,
  settleService,
  startDeployment,
  stepService,
  stopAllServiceTasks,
  type SchedulerEnv,
} from './serviceScheduler.js';
import { serviceStatus, type Service } from './services.js';
import { mergeTags, removeTags, type EcsTag, type Tagged } from './tags.js';
import { TaskDefinitionRegistry, type TaskDefinition } from './taskDefinitions.js';
import type { TaskTimings } from './taskLifecycle.js';
import { isActive, isExpired, isLive, isRunning, stopTask, taskDesiredStatus, type Task } from './tasks.js';

const CLUSTER_NAME = /^[a-zA-Z0-9\-_]{1,255}$/;

export interface CreateClusterInput {
  tags?: EcsTag[];
  settings?: { name: string; value: string }[];
  configuration?: unknown;
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: StrategyItem[];
  serviceConnectDefaults?: unknown;
}

export interface CreateServiceInput {
  serviceName: string;
  taskDefinition?: string;
  desiredCount?: number;
  launchType?: Service['launchType'];
  schedulingStrategy?: Service['schedulingStrategy'];
  enableExecuteCommand?: boolean;
  tags?: EcsTag[];
  createdBy?: string;
  settings: Record<string, unknown>;
}

export interface UpdateServiceInput {
  desiredCount?: number;
  taskDefinition?: string;
  forceNewDeployment?: boolean;
  enableExecuteCommand?: boolean;
  settings: Record<string, unknown>;
}

export interface RegisterContainerInstanceInput {
  instanceIdentityDocument?: string;
  totalResources?: Resource[];
  versionInfo?: Record<string, unknown>;
  containerInstanceArn?: string;
  attributes?: ContainerInstance['attributes'];
  tags?: EcsTag[];
}

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

/** What ECS may do on the caller's behalf: create its service-linked role when it is missing. */
export interface EcsCaller {
  mayCreateServiceLinkedRole(): boolean;
}

/** A caller who may do anything (the account root, enforcement off, unit tests). */
const unrestricted: EcsCaller = { mayCreateServiceLinkedRole: () => true };

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

/**
 * The ECS control plane of one account in one region: clusters (with their services, container
 * instances and tasks) and task definitions. Time-dependent states (a DRAINING service becoming
 * INACTIVE, a stopped task expiring) are computed from the `now` each call is given.
 */
export class EcsState {
  readonly arns: EcsArns;
  readonly taskDefinitions: TaskDefinitionRegistry;
  readonly capacityProviders: CapacityProviderRegistry;
  readonly accountSettings: AccountSettings;
  /** By name, in creation order (a re-created name moves to the end). INACTIVE ones stay describable. */
  private readonly clusters = new Map<string, Cluster>();
  private activeClusters = 0;
  /** The earliest instant at which some service scheduler has something to do. */
  private wakeAtMs = Number.POSITIVE_INFINITY;

  constructor(
    readonly accountId: string,
    readonly region: string,
    /** AWSServiceRoleForECS as this region's ECS uses it (created, used, sessions opened). */
    private readonly serviceRole: LinkedRole = standaloneLinkedRole,
    private readonly config: () => AccountConfig = () => defaultAccountConfig,
  ) {
    this.arns = new EcsArns(accountId, region);
    this.taskDefinitions = new TaskDefinitionRegistry(this.arns);
    this.capacityProviders = new CapacityProviderRegistry(this.arns);
    this.accountSettings = new AccountSettings(accountId);
  }

  /** Every cluster of the region, in any status, in creation order. */
  allClusters(): IterableIterator<Cluster> {
    return this.clusters.values();
  }

  // ---- snapshot -------------------------------------------------------------------------------

  toSnapshot(): Json {
    return {
      clusters: list(clusterCodec).encode([...this.clusters.values()]),
      taskDefinitions: this.taskDefinitions.toSnapshot(),
      capacityProviders: this.capacityProviders.toSnapshot(),
      accountSettings: this.accountSettings.toSnapshot(),
    };
  }

  /** Fills a fresh region; ARNs must be this account's and region's. */
  restore(value: unknown, path: string): void {
    const parts = readParts(value, path, ['clusters', 'taskDefinitions', 'capacityProviders', 'accountSettings']);
    this.taskDefinitions.restore(parts.taskDefinitions, child(path, 'taskDefinitions'));
    this.capacityProviders.restore(parts.capacityProviders, child(path, 'capacityProviders'));
    this.accountSettings.restore(parts.accountSettings, child(path, 'accountSettings'));
    const clustersPath = child(path, 'clusters');
    readList(clusterCodec, parts.clusters, clustersPath).forEach((cluster, i) => {
      const at = child(clustersPath, i);
      if (this.clusters.has(cluster.name)) fail(child(at, 'name'), `a cluster named ${cluster.name} comes earlier in the list`);
      if (cluster.arn !== this.arns.cluster(cluster.name)) fail(child(at, 'arn'), `expected ${this.arns.cluster(cluster.name)}`);
      this.clusters.set(cluster.name, cluster);
      if (cluster.status === 'ACTIVE') this.activeClusters++;
    });
    // Restored services act on whatever came due while the state was away.
    this.recomputeWake();
  }

  // ---- time -----------------------------------------------------------------------------------

  private env(cluster: Cluster): SchedulerEnv {
    return {
      arns: this.arns,
      cluster,
      config: this.config(),
      taskDefinition: (arn) => this.taskDefinitions.find(arn),
    };
  }

  /**
   * Lets every service scheduler act on what came due up to `nowMs` (tasks that started, failed
   * or stopped; deployments that began). Costs one comparison when nothing is due.
   */
  settle(nowMs: number): void {
    if (nowMs < this.wakeAtMs) return;
    for (const cluster of this.clusters.values()) {
      if (cluster.status !== 'ACTIVE') continue;
      const env = this.env(cluster);
      for (const s of cluster.services.values()) settleService(env, s, nowMs);
    }
    this.recomputeWake();
  }

  private recomputeWake(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const cluster of this.clusters.values()) {
      if (cluster.status !== 'ACTIVE') continue;
      const env = this.env(cluster);
      for (const s of cluster.services.values()) next = Math.min(next, nextWakeAfter(env, s, s.scheduler.settledAtMs));
    }
    this.wakeAtMs = next;
  }

  /** How long each task phase lasts in this account, now. */
  get taskTimings(): TaskTimings {
    return this.config().tasks;
  }

  /** The scheduler acts on a change a request made, at the request's instant. */
  private reschedule(cluster: Cluster, service: Service, now: Date): void {
    stepService(this.env(cluster), service, now);
    this.recomputeWake();
  }

  // ---- clusters -------------------------------------------------------------------------------

  /** How many ACTIVE clusters the region has, without walking them. */
  get activeClusterCount(): number {
    return this.activeClusters;
  }

  /**
   * ECS acts with its service-linked role, creating it as the caller when the account has none;
   * a caller who may not create it gets ECS's refusal before anything changes.
   */
  private requireServiceRole(now: Date, caller: EcsCaller): void {
    if (!this.serviceRole.ensure(now, () => caller.mayCreateServiceLinkedRole())) throw ecsErrors.serviceLinkedRoleUnavailable();
  }

  /** What capacity providers do with the role: CreateCapacityProvider creates it when missing. */
  useServiceRole(now: Date, caller: EcsCaller = unrestricted): void {
    this.requireServiceRole(now, caller);
  }

  /** The refusal useServiceRole would give, without touching the role: for checks before a change. */
  requireServiceRoleAvailable(caller: EcsCaller = unrestricted): void {
    if (!this.serviceRole.available(() => caller.mayCreateServiceLinkedRole())) throw ecsErrors.serviceLinkedRoleUnavailable();
  }

  /** CreateCluster is idempotent for an ACTIVE name: it answers with the existing cluster. */
  createCluster(name: string, now: Date, input: CreateClusterInput = {}, caller: EcsCaller = unrestricted): Cluster {
    const existing = this.clusters.get(name);
    if (existing?.status === 'ACTIVE') {
      this.requireServiceRole(now, caller);
      return existing;
    }
    const strategy = input.defaultCapacityProviderStrategy ?? [];
    const providers = validateAssociation(this.capacityProviders, name, input.capacityProviders ?? [], strategy, now);
    // After the last refusal, so a refused call leaves the role untouched.
    this.requireServiceRole(now, caller);
    if (existing) this.clusters.delete(name);
    const cluster: Cluster = {
      name,
      arn: this.arns.cluster(name),
      status: 'ACTIVE',
      createdAt: now,
      tags: input.tags ?? [],
      settings: input.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
      configuration: input.configuration,
      capacityProviders: [],
      defaultCapacityProviderStrategy: [],
      serviceConnectDefaults: input.serviceConnectDefaults,
      services: new Map(),
      containerInstances: new Map(),
      tasks: new Map(),
    };
    setClusterCapacityProviders(cluster, providers, strategy);
    this.clusters.set(name, cluster);
    this.activeClusters++;
    return cluster;
  }

  /** A cluster by name or ARN in any status; `default` when no reference is given. */
  findCluster(ref: string = 'default'): Cluster | undefined {
    if (isArn(ref)) {
      const parsed = this.arns.own(ref, 'cluster');
      return parsed && parsed.parts.length === 1 ? this.clusters.get(parsed.parts[0]!) : undefined;
    }
    return this.clusters.get(ref);
  }

  /** The cluster an operation works in: it must exist and be ACTIVE. */
  activeCluster(ref?: string): Cluster {
    const cluster = this.referencedCluster(ref);
    if (!cluster) throw ecsErrors.clusterNotFound();
    if (cluster.status !== 'ACTIVE') throw ecsErrors.clusterInactive();
    return cluster;
  }

  /** The cluster a read works in: INACTIVE clusters still answer. */
  existingCluster(ref?: string): Cluster {
    const cluster = this.referencedCluster(ref);
    if (!cluster) throw ecsErrors.clusterNotFound();
    return cluster;
  }

  /** Like findCluster, but a `cluster` parameter that is no name and no ARN is refused. */
  private referencedCluster(ref: string | undefined): Cluster | undefined {
    if (ref !== undefined && !isArn(ref) && !CLUSTER_NAME.test(ref)) throw ecsErrors.invalidClusterReference(ref);
    return this.findCluster(ref);
  }

  /** Refused while services (ACTIVE or DRAINING), registered instances or running tasks remain. */
  deleteCluster(ref: string, now: Date): Cluster {
    const cluster = this.referencedCluster(ref);
    if (!cluster || cluster.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
    for (const s of cluster.services.values()) {
      if (serviceStatus(s, now) !== 'INACTIVE') throw ecsErrors.clusterContainsServices();
    }
    for (const i of cluster.containerInstances.values()) {
      if (keepsClusterInUse(i)) throw ecsErrors.clusterContainsContainerInstances();
    }
    for (const t of cluster.tasks.values()) {
      if (isActive(t, now)) throw ecsErrors.clusterContainsTasks();
    }
    requireNoCapacityProviders(this.capacityProviders, cluster);
    cluster.status = 'INACTIVE';
    setClusterCapacityProviders(cluster, [], []);
    this.capacityProviders.forgetClusterScoped(cluster.name, now);
    this.activeClusters--;
    return cluster;
  }

  counters(cluster: Cluster, now: Date): ClusterCounters {
    return clusterCounters(cluster, now);
  }

  /** ACTIVE cluster ARNs in creation order (ListClusters). */
  listClusterArns(): string[] {
    const out: string[] = [];
    for (const c of this.clusters.values()) if (c.status === 'ACTIVE') out.push(c.arn);
    return out;
  }

  /**
   * Everything in this region that uses the ECS service-linked role, in a stable order: for each
   * ACTIVE cluster in creation order, the cluster ARN, then its ACTIVE and DRAINING services, its
   * registered container instances and its tasks not yet STOPPED (each in creation order).
   * `at` (a Date or epoch ms) decides which deleted services are still DRAINING; without it only
   * services that were never deleted are listed. Either way the list is
   * empty exactly when the region has no ACTIVE cluster, because a cluster cannot be deleted
   * while it has DRAINING services.
   */
  serviceLinkedRoleUsage(at?: Date | number): string[] {
    const instant = at === undefined ? undefined : new Date(at);
    const out: string[] = [];
    if (this.activeClusters === 0) return out;
    for (const c of this.clusters.values()) {
      if (c.status !== 'ACTIVE') continue;
      out.push(c.arn);
      // Attached Auto Scaling group providers: ECS manages their groups with the role.
      for (const name of c.capacityProviders) {
        const cp = this.capacityProviders.find(name);
        if (cp?.autoScalingGroupProvider) out.push(cp.arn);
      }
      for (const s of c.services.values()) {
        if (instant ? serviceStatus(s, instant) !== 'INACTIVE' : s.deletedAt === undefined) out.push(s.arn);
      }
      for (const i of c.containerInstances.values()) if (keepsClusterInUse(i)) out.push(i.arn);
      for (const t of c.tasks.values()) {
        if (instant ? isActive(t, instant) : t.lifecycle.stop === undefined) out.push(t.arn);
      }
    }
    return out;
  }

  // ---- services -------------------------------------------------------------------------------

  findService(cluster: Cluster, ref: string): Service | undefined {
    if (isArn(ref)) {
      const parsed = this.arns.own(ref, 'service');
      if (!parsed) return undefined;
      // Long format service/<cluster>/<name>; the old short format service/<name> names no cluster.
      if (parsed.parts.length === 2 && parsed.parts[0] !== cluster.name) return undefined;
      if (parsed.parts.length > 2) return undefined;
      return cluster.services.get(parsed.parts[parsed.parts.length - 1]!);
    }
    return cluster.services.get(ref);
  }

  /** Refusals that need no role come before the role is touched, so a failed call creates nothing. */
  createService(clusterRef: string | undefined, input: CreateServiceInput, now: Date, caller: EcsCaller = unrestricted): Service {
    const cluster = this.activeCluster(clusterRef);
    const schedulingStrategy = input.schedulingStrategy ?? 'REPLICA';
    if (input.taskDefinition === undefined) throw ecsErrors.taskDefinitionBlank();
    if (schedulingStrategy === 'REPLICA' && input.desiredCount === undefined) {
      throw ecsErrors.replicaNeedsDesiredCount();
    }
    if (schedulingStrategy === 'DAEMON' && input.desiredCount !== undefined && input.desiredCount !== 0) {
      throw ecsErrors.daemonTakesNoDesiredCount();
    }
    const td = this.taskDefinitions.getActive(input.taskDefinition);
    requireNetworkConfiguration(td, input.settings['networkConfiguration']);
    requireNoRoleWhereServiceLinkedRoleApplies(td, input.settings);
    requireStrategyAllowed(cluster, input.launchType, input.settings['capacityProviderStrategy'] as StrategyItem[] | undefined);
    // Without a launch type or strategy, the service takes the cluster's default strategy (when it has one).
    const strategy = effectiveStrategy(cluster, input.launchType, input.settings['capacityProviderStrategy'] as StrategyItem[] | undefined);
    if (strategy.length > 0) input.settings['capacityProviderStrategy'] = strategy;
    const existing = cluster.services.get(input.serviceName);
    if (existing) {
      const status = serviceStatus(existing, now);
      if (status === 'ACTIVE') throw ecsErrors.serviceNotIdempotent();
      if (status === 'DRAINING') throw ecsErrors.serviceStillDraining();
    }
    // The last refusal: only now may the role be created and its use recorded.
    this.requireServiceRole(now, caller);
    if (existing) cluster.services.delete(input.serviceName);
    const service: Service = {
      name: input.serviceName,
      arn: this.arns.service(cluster.name, input.serviceName),
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
    startDeployment(this.env(cluster), service, td, now);
    this.reschedule(cluster, service, now);
    this.serviceRole.recordUse(now, serviceRoleActions(input.settings));
    return service;
  }

  updateService(
    clusterRef: string | undefined,
    serviceRef: string,
    input: UpdateServiceInput,
    now: Date,
    caller: EcsCaller = unrestricted,
  ): Service {
    const cluster = this.activeCluster(clusterRef);
    const service = this.findService(cluster, serviceRef);
    if (!service) throw ecsErrors.serviceNotFound();
    if (serviceStatus(service, now) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
    const td = input.taskDefinition !== undefined ? this.taskDefinitions.getActive(input.taskDefinition) : undefined;
    requireStrategyAllowed(cluster, undefined, input.settings['capacityProviderStrategy'] as StrategyItem[] | undefined);
    this.requireServiceRole(now, caller);
    if (input.desiredCount !== undefined && service.schedulingStrategy === 'REPLICA') service.desiredCount = input.desiredCount;
    if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
    Object.assign(service.settings, input.settings);
    const newDeployment = (td && td.arn !== service.taskDefinitionArn) || input.forceNewDeployment === true;
    const next = td ?? this.serviceTaskDefinition(service);
    if (newDeployment && next) {
      // A new revision (or a forced deployment, even of the same one) rolls every task over.
      startDeployment(this.env(cluster), service, next, now);
    } else if (service.deployments[0]) {
      service.deployments[0].updatedAt = now;
      service.scheduler.steady = false;
    }
    this.reschedule(cluster, service, now);
    this.serviceRole.recordUse(now, serviceRoleActions(input.settings));
    return service;
  }

  /** Refused while the service is scaled above 0, unless forced; then DRAINING, then INACTIVE. */
  deleteService(clusterRef: string | undefined, serviceRef: string, force: boolean, now: Date): Service {
    const cluster = this.activeCluster(clusterRef);
    const service = this.findService(cluster, serviceRef);
    if (!service) throw ecsErrors.serviceNotFound();
    if (serviceStatus(service, now) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
    if (service.desiredCount > 0 && service.schedulingStrategy === 'REPLICA' && !force) {
      throw ecsErrors.serviceScaledAboveZero();
    }
    service.desiredCount = 0;
    service.deletedAt = now;
    if (service.deployments[0]) service.deployments[0].updatedAt = now;
    stopAllServiceTasks(this.env(cluster), service, now, 'Service deleted');
    this.recomputeWake();
    return service;
  }

  /** ACTIVE services only: DRAINING and INACTIVE ones leave ListServices. */
  listServiceArns(cluster: Cluster, now: Date, filter: { launchType?: string; schedulingStrategy?: string } = {}): string[] {
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

  serviceTaskDefinition(service: Service): TaskDefinition | undefined {
    return service.taskDefinitionArn ? this.taskDefinitions.find(service.taskDefinitionArn) : undefined;
  }

  /** Lets every ACTIVE service of the cluster act on a change (capacity, instances) at `now`. */
  reconcileAll(cluster: Cluster, now: Date): void {
    const env = this.env(cluster);
    for (const s of cluster.services.values()) if (serviceStatus(s, now) === 'ACTIVE') stepService(env, s, now);
    this.recomputeWake();
  }

  // ---- container instances --------------------------------------------------------------------

  findContainerInstance(cluster: Cluster, ref: string): ContainerInstance | undefined {
    if (isArn(ref)) {
      const parsed = this.arns.own(ref, 'container-instance');
      if (!parsed || parsed.parts.length !== 2 || parsed.parts[0] !== cluster.name) return undefined;
      return cluster.containerInstances.get(parsed.parts[1]!);
    }
    return cluster.containerInstances.get(ref);
  }

  registerContainerInstance(clusterRef: string | undefined, input: RegisterContainerInstanceInput, now: Date): ContainerInstance {
    const cluster = this.activeCluster(clusterRef);
    if (input.containerInstanceArn !== undefined) {
      // Re-registration by the agent updates the instance it names.
      const known = this.findContainerInstance(cluster, input.containerInstanceArn);
      if (!known || !isAddressable(known)) throw ecsErrors.containerInstanceNotFound();
      if (input.totalResources) known.registeredResources = input.totalResources;
      if (input.versionInfo) known.versionInfo = input.versionInfo;
      if (input.attributes) known.attributes = input.attributes;
      if (input.tags) known.tags = mergeTags(known.tags, input.tags);
      known.version++;
      return known;
    }
    const id = ecsId();
    const instance: ContainerInstance = {
      id,
      arn: this.arns.containerInstance(cluster.name, id),
      ec2InstanceId: instanceIdFrom(input.instanceIdentityDocument) ?? ec2InstanceId(),
      status: 'ACTIVE',
      registeredAt: now,
      registeredResources: input.totalResources ?? defaultInstanceResources.map((r) => ({ ...r })),
      versionInfo: input.versionInfo,
      attributes: input.attributes ?? [],
      capacityProviderName: input.attributes?.find((a) => a.name === CAPACITY_PROVIDER_ATTRIBUTE)?.value,
      tags: input.tags ?? [],
      version: 1,
    };
    cluster.containerInstances.set(id, instance);
    // DAEMON services start a task on every new instance.
    for (const s of cluster.services.values()) {
      if (s.schedulingStrategy === 'DAEMON' && serviceStatus(s, now) === 'ACTIVE') this.reschedule(cluster, s, now);
    }
    return instance;
  }

  /**
   * Refused while tasks run on the instance, unless forced. Forced, its tasks are orphaned: AWS
   * stops accounting for them, so they leave the cluster, and services replace theirs elsewhere.
   */
  deregisterContainerInstance(clusterRef: string | undefined, ref: string, force: boolean, now: Date): ContainerInstance {
    const cluster = this.activeCluster(clusterRef);
    const instance = this.findContainerInstance(cluster, ref);
    if (!instance || !isAddressable(instance)) throw ecsErrors.containerInstanceNotFound();
    const tasks = liveTasksOn(cluster, instance.id, now);
    if (tasks.length > 0 && !force) throw ecsErrors.containerInstanceHasTasks();
    for (const t of tasks) cluster.tasks.delete(t.id);
    instance.status = 'INACTIVE';
    instance.deregisteredAt = now;
    instance.version++;
    this.reconcileAll(cluster, now);
    return instance;
  }

  listContainerInstanceArns(cluster: Cluster, status?: string): string[] {
    const out: string[] = [];
    for (const i of cluster.containerInstances.values()) {
      if (status ? i.status === status : isRegistered(i)) out.push(i.arn);
    }
    return out;
  }

  runningTasksOn(cluster: Cluster, instance: ContainerInstance, now: Date): number {
    return liveTasksOn(cluster, instance.id, now).length;
  }

  // ---- tasks ----------------------------------------------------------------------------------

  findTask(cluster: Cluster, ref: string, now: Date): Task | undefined {
    let id = ref;
    if (isArn(ref)) {
      const parsed = this.arns.own(ref, 'task');
      if (!parsed || parsed.parts.length !== 2 || parsed.parts[0] !== cluster.name) return undefined;
      id = parsed.parts[1]!;
    }
    const task = cluster.tasks.get(id);
    if (task && isExpired(task, now)) {
      cluster.tasks.delete(id);
      return undefined;
    }
    return task;
  }

  runTask(clusterRef: string | undefined, input: RunTaskInput, now: Date): Task[] {
    const cluster = this.activeCluster(clusterRef);
    const td = this.taskDefinitions.getActive(input.taskDefinition);
    requireNetworkConfiguration(td, input.networkConfiguration);
    this.forgetExpiredTasks(cluster, now);
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
          this.arns,
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
          this.config().tasks,
        ),
      );
    }
    return tasks;
  }

  /**
   * desiredStatus becomes STOPPED now; the task goes through DEACTIVATING, STOPPING and
   * DEPROVISIONING on the clock. A service starts a replacement at once.
   */
  stopTask(clusterRef: string | undefined, ref: string, reason: string | undefined, now: Date): Task {
    const cluster = this.existingCluster(clusterRef);
    const task = this.findTask(cluster, ref, now);
    if (!task) throw ecsErrors.taskNotFound();
    if (isLive(task, now) && stopTask(task, now, this.config().tasks, 'UserInitiated', reason ?? 'Task stopped by user')) {
      const service = task.serviceName ? cluster.services.get(task.serviceName) : undefined;
      if (service && serviceStatus(service, now) === 'ACTIVE') this.reschedule(cluster, service, now);
    }
    return task;
  }

  /**
   * ExecuteCommand: ECS opens the session through its service-linked role, so the role has a
   * session (and is in use) while the command runs, and shows `ssm:StartSession` in Access Advisor.
   */
  executeCommand(clusterRef: string | undefined, input: ExecuteCommandInput, now: Date) {
    const cluster = this.activeCluster(clusterRef);
    if (!input.interactive) throw ecsErrors.interactiveOnly();
    const task = this.findTask(cluster, input.task, now);
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
    this.serviceRole.startSession(now, EXECUTE_COMMAND_SESSION_SECONDS, 'ecs:ExecuteCommand', ['ssm:StartSession']);
    return { cluster, task, container, sessionId: executeCommandSessionId(), tokenValue: sessionToken() };
  }

  listTaskArns(cluster: Cluster, filter: ListTasksFilter, now: Date): string[] {
    this.forgetExpiredTasks(cluster, now);
    const wanted = filter.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING';
    let instanceId: string | undefined;
    if (filter.containerInstance !== undefined) {
      const instance = this.findContainerInstance(cluster, filter.containerInstance);
      if (!instance) return [];
      instanceId = instance.id;
    }
    if (filter.serviceName !== undefined) {
      const service = this.findService(cluster, filter.serviceName);
      if (!service) throw ecsErrors.serviceNotFound();
      filter = { ...filter, serviceName: service.name };
    }
    // ECS never sets a task's desiredStatus to PENDING (only its lastStatus), so nothing matches.
    if (filter.desiredStatus === 'PENDING') return [];
    const out: string[] = [];
    for (const t of cluster.tasks.values()) {
      if (taskDesiredStatus(t, now) !== wanted) continue;
      if (instanceId !== undefined && t.containerInstanceId !== instanceId) continue;
      if (filter.family !== undefined && this.taskDefinitions.find(t.taskDefinitionArn)?.family !== filter.family) continue;
      if (filter.startedBy !== undefined && t.startedBy !== filter.startedBy) continue;
      if (filter.serviceName !== undefined && t.serviceName !== filter.serviceName) continue;
      if (filter.launchType !== undefined && t.launchType !== filter.launchType) continue;
      out.push(t.arn);
    }
    return out;
  }

  private forgetExpiredTasks(cluster: Cluster, now: Date): void {
    for (const [id, t] of cluster.tasks) if (isExpired(t, now)) cluster.tasks.delete(id);
  }

  // ---- tags -----------------------------------------------------------------------------------

  /** The resource a tagging call names, by full ARN (tagging requires the long ARN formats). */
  taggable(arn: string, now: Date): Tagged {
    if (arn.includes(':capacity-provider/')) {
      const cp = this.capacityProviders.findActive(arn, now);
      if (!cp) throw ecsErrors.resourceNotFound();
      return cp;
    }
    const parsed = this.arns.own(arn, 'cluster') ?? this.ownAnyType(arn);
    if (!parsed) throw ecsErrors.resourceNotFound();
    const [first, second] = parsed.parts;
    if (parsed.type === 'task-definition') {
      const td = parsed.parts.length === 1 ? this.taskDefinitions.find(arn) : undefined;
      if (!td) throw ecsErrors.resourceNotFound();
      return td;
    }
    if (parsed.type === 'service' && parsed.parts.length === 1) {
      throw ecsErrors.longArnRequired();
    }
    const cluster = this.clusters.get(first!);
    if (!cluster) throw ecsErrors.clusterNotFound();
    if (cluster.status !== 'ACTIVE') throw ecsErrors.clusterInactive();
    let found: Tagged | undefined;
    if (parsed.type === 'cluster' && parsed.parts.length === 1) found = cluster;
    else if (parsed.type === 'service' && parsed.parts.length === 2) found = cluster.services.get(second!);
    else if (parsed.type === 'container-instance' && parsed.parts.length === 2) found = cluster.containerInstances.get(second!);
    else if (parsed.type === 'task' && parsed.parts.length === 2) found = this.findTask(cluster, arn, now);
    if (!found) throw ecsErrors.resourceNotFound();
    return found;
  }

  tagResource(arn: string, tags: EcsTag[], now: Date): void {
    const resource = this.taggable(arn, now);
    resource.tags = mergeTags(resource.tags, tags);
  }

  untagResource(arn: string, keys: string[], now: Date): void {
    const resource = this.taggable(arn, now);
    resource.tags = removeTags(resource.tags, keys);
  }

  private ownAnyType(arn: string) {
    for (const type of ['service', 'task', 'container-instance', 'task-definition'] as const) {
      const parsed = this.arns.own(arn, type);
      if (parsed) return parsed;
    }
    return undefined;
  }
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
function requireNoRoleWhereServiceLinkedRoleApplies(td: TaskDefinition, settings: Record<string, unknown>): void {
  if (settings['role'] === undefined) return;
  const loadBalancers = (settings['loadBalancers'] as unknown[] | undefined) ?? [];
  const registries = (settings['serviceRegistries'] as unknown[] | undefined) ?? [];
  const controller = (settings['deploymentController'] as { type?: string } | undefined)?.type;
  if (td.settings['networkMode'] === 'awsvpc' || registries.length > 0 || controller === 'EXTERNAL' || loadBalancers.length > 1) {
    throw ecsErrors.roleWithServiceLinkedRole();
  }
}

/** Tasks of an `awsvpc` definition get their own network interface, so they need a network. */
function requireNetworkConfiguration(td: TaskDefinition, networkConfiguration: unknown): void {
  if (td.settings['networkMode'] === 'awsvpc' && networkConfiguration === undefined) {
    throw ecsErrors.networkConfigurationRequired();
  }
}

/** The agent's instance identity document is EC2's JSON, which names the instance. */
function instanceIdFrom(document: string | undefined): string | undefined {
  if (!document) return undefined;
  try {
    const parsed = JSON.parse(document) as { instanceId?: unknown };
    return typeof parsed.instanceId === 'string' && /^i-[0-9a-f]{8,17}$/.test(parsed.instanceId) ? parsed.instanceId : undefined;
  } catch {
    return undefined;
  }
}
