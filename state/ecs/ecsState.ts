import { AccountSettings } from './accountSettings.js';
import { EcsArns, isArn } from './arns.js';
import { CapacityProviderRegistry, type StrategyItem } from './capacityProviders.js';
import { requireNoCapacityProviders, setClusterCapacityProviders, validateAssociation } from './clusterCapacity.js';
import { clusterCodec, clusterCounters, type Cluster, type ClusterCounters } from './clusters.js';
import { child, fail, list, readList, readParts, type Json } from '../snapshot/codec.js';
import { keepsClusterInUse, type ContainerInstance } from './containerInstances.js';
import { standaloneLinkedRole, type LinkedRole } from '../roleUse.js';
import { unrestricted, type EcsCaller } from './ecsCaller.js';
import { deregisterContainerInstance, listContainerInstanceArns, registerContainerInstance } from './containerInstanceCommands.js';
import { findContainerInstance, findService, findTask } from './lookups.js';
import { createService, deleteService, listServiceArns, updateService } from './serviceCommands.js';
import { taggable, tagResource, untagResource } from './tagging.js';
import { executeCommand, listTaskArns, runTask, stopTask as stopTaskCommand } from './taskCommands.js';
import { defaultAccountConfig, type AccountConfig } from '../accountConfig.js';
import { ecsErrors } from './errors.js';
import { liveTasksOn } from './scheduler.js';
import { nextWakeAfter, settleService, stepService, type SchedulerEnv } from './serviceScheduler.js';
import { serviceStatus, type Service } from './services.js';
import type { EcsTag } from './tags.js';
import { TaskDefinitionRegistry, type TaskDefinition } from './taskDefinitions.js';
import type { TaskTimings } from './taskLifecycle.js';
import { isActive } from './tasks.js';
import { TaskTable } from './taskTable.js';

const CLUSTER_NAME = /^[a-zA-Z0-9\-_]{1,255}$/;

/** A command's parameters after the region's state, which the EcsState delegate supplies. */
type Rest<F> = F extends (ecs: EcsState, ...rest: infer R) => unknown ? R : never;

export type { CreateServiceInput, UpdateServiceInput } from './serviceCommands.js';
export type { RegisterContainerInstanceInput } from './containerInstanceCommands.js';
export type { ExecuteCommandInput, ListTasksFilter, RunTaskInput } from './taskCommands.js';
export { EXECUTE_COMMAND_SESSION_SECONDS } from './taskCommands.js';

export interface CreateClusterInput {
  tags?: EcsTag[];
  settings?: { name: string; value: string }[];
  configuration?: unknown;
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: StrategyItem[];
  serviceConnectDefaults?: unknown;
}

export type { EcsCaller } from './ecsCaller.js';

/**
 * The ECS control plane of one account in one region: clusters (with their services, container
 * instances and tasks) and task definitions. Time-dependent states (a DRAINING service becoming
 * INACTIVE, a stopped task expiring) are computed from the `now` each call is given.
 *
 * This class holds the region's registries and clusters and owns the cluster rules; the other
 * commands live in focused modules (serviceCommands, containerInstanceCommands, taskCommands,
 * tagging, and lookups for what a parameter names), and the methods below that only pass
 * `this` on keep one entry point per region for handlers.
 */
export class EcsState {
  readonly arns: EcsArns;
  readonly taskDefinitions: TaskDefinitionRegistry;
  readonly capacityProviders: CapacityProviderRegistry;
  readonly accountSettings: AccountSettings;
  /** By name, in creation order (a re-created name moves to the end). INACTIVE ones stay describable. */
  private readonly clusters = new Map<string, Cluster>();
  private activeClusters = 0;
  /** listClusterArns' answer until a cluster is created or deleted: a cache, not state. */
  #activeArns: string[] | undefined;
  /** The earliest instant at which some service scheduler has something to do. */
  private wakeAtMs = Number.POSITIVE_INFINITY;

  constructor(
    readonly accountId: string,
    readonly region: string,
    /** AWSServiceRoleForECS as this region's ECS uses it (created, used, sessions opened). */
    readonly serviceRole: LinkedRole = standaloneLinkedRole,
    readonly config: () => AccountConfig = () => defaultAccountConfig,
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
      this.#activeArns = undefined;
    });
    // Restored services act on whatever came due while the state was away.
    this.recomputeWake();
  }

  // ---- time -----------------------------------------------------------------------------------

  env(cluster: Cluster): SchedulerEnv {
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

  recomputeWake(): void {
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
  reschedule(cluster: Cluster, service: Service, now: Date): void {
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
  requireServiceRole(now: Date, caller: EcsCaller): void {
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
      tasks: TaskTable.of(),
    };
    setClusterCapacityProviders(cluster, providers, strategy);
    this.clusters.set(name, cluster);
    this.activeClusters++;
    this.#activeArns = undefined;
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
    this.#activeArns = undefined;
    setClusterCapacityProviders(cluster, [], []);
    this.capacityProviders.forgetClusterScoped(cluster.name, now);
    this.activeClusters--;
    return cluster;
  }

  counters(cluster: Cluster, now: Date): ClusterCounters {
    return clusterCounters(cluster, now);
  }

  /**
   * ACTIVE cluster ARNs in creation order (ListClusters). Kept between creations and deletions,
   * so a page costs its page, not a walk of every cluster; read-only for callers.
   */
  listClusterArns(): readonly string[] {
    if (!this.#activeArns) {
      this.#activeArns = [];
      for (const c of this.clusters.values()) if (c.status === 'ACTIVE') this.#activeArns.push(c.arn);
    }
    return this.#activeArns;
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

  findService(...args: Rest<typeof findService>) {
    return findService(this, ...args);
  }

  createService(...args: Rest<typeof createService>) {
    return createService(this, ...args);
  }

  updateService(...args: Rest<typeof updateService>) {
    return updateService(this, ...args);
  }

  deleteService(...args: Rest<typeof deleteService>) {
    return deleteService(this, ...args);
  }

  listServiceArns(...args: Rest<typeof listServiceArns>) {
    return listServiceArns(this, ...args);
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

  findContainerInstance(...args: Rest<typeof findContainerInstance>) {
    return findContainerInstance(this, ...args);
  }

  registerContainerInstance(...args: Rest<typeof registerContainerInstance>) {
    return registerContainerInstance(this, ...args);
  }

  deregisterContainerInstance(...args: Rest<typeof deregisterContainerInstance>) {
    return deregisterContainerInstance(this, ...args);
  }

  listContainerInstanceArns(...args: Rest<typeof listContainerInstanceArns>) {
    return listContainerInstanceArns(this, ...args);
  }

  runningTasksOn(cluster: Cluster, instance: ContainerInstance, now: Date): number {
    return liveTasksOn(cluster, instance.id, now).length;
  }

  // ---- tasks ----------------------------------------------------------------------------------

  findTask(...args: Rest<typeof findTask>) {
    return findTask(this, ...args);
  }

  runTask(...args: Rest<typeof runTask>) {
    return runTask(this, ...args);
  }

  stopTask(...args: Rest<typeof stopTaskCommand>) {
    return stopTaskCommand(this, ...args);
  }

  executeCommand(...args: Rest<typeof executeCommand>) {
    return executeCommand(this, ...args);
  }

  listTaskArns(...args: Rest<typeof listTaskArns>) {
    return listTaskArns(this, ...args);
  }

  // ---- tags -----------------------------------------------------------------------------------

  taggable(...args: Rest<typeof taggable>) {
    return taggable(this, ...args);
  }

  tagResource(...args: Rest<typeof tagResource>) {
    tagResource(this, ...args);
  }

  untagResource(...args: Rest<typeof untagResource>) {
    untagResource(this, ...args);
  }

}
