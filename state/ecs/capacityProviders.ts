import type { EcsArns } from './arns.js';
import { isArn } from './arns.js';
import { ecsErrors } from './errors.js';
import { ecsTagCodec, mergeTags, type EcsTag } from './tags.js';
import { child, fail, instant, int, jsonObject, list, object, oneOf, optional, readList, str, type Codec, type Json } from '../snapshot/codec.js';

/**
 * Capacity providers of one account in one region: AWS's two Fargate providers, which every
 * account has, and the Auto Scaling group (and cluster-scoped Managed Instances) providers users
 * create. Deletion is asynchronous in AWS; here it is computed from the clock.
 */

export const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'] as const;
export function isFargateProvider(name: string): boolean {
  return (FARGATE_PROVIDERS as readonly string[]).includes(name);
}

/** How long a deleted provider is DEPROVISIONING before it is INACTIVE (AWS gives no figure). */
export const CAPACITY_PROVIDER_DEPROVISIONING_MS = 1000;
/** AWS's quota of capacity providers per cluster (the service quotas page: 20). */
export const CAPACITY_PROVIDERS_PER_CLUSTER = 20;
/** A capacity provider strategy holds at most 20 items (the API reference). */
export const STRATEGY_ITEMS_MAX = 20;

export interface ManagedScaling {
  status: 'ENABLED' | 'DISABLED';
  targetCapacity: number;
  minimumScalingStepSize: number;
  maximumScalingStepSize: number;
  instanceWarmupPeriod: number;
}

export interface AutoScalingGroupProvider {
  autoScalingGroupArn: string;
  managedScaling: ManagedScaling;
  managedTerminationProtection: 'ENABLED' | 'DISABLED';
  managedDraining: 'ENABLED' | 'DISABLED';
}

export type CapacityProviderUpdateStatus =
  | 'CREATE_COMPLETE'
  | 'UPDATE_COMPLETE'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export interface CapacityProvider {
  name: string;
  arn: string;
  type: 'EC2_AUTOSCALING' | 'MANAGED_INSTANCES' | 'FARGATE' | 'FARGATE_SPOT';
  autoScalingGroupProvider?: AutoScalingGroupProvider;
  /** Managed Instances configuration, echoed back as given. */
  managedInstancesProvider?: Record<string, unknown>;
  /** The cluster a Managed Instances provider belongs to (cluster-scoped providers). */
  cluster?: string;
  tags: EcsTag[];
  updateStatus?: CapacityProviderUpdateStatus;
  updateStatusReason?: string;
  /** When a DeleteCapacityProvider that was not refused ran; the status is derived from it. */
  deletedAt?: Date;
}

export type CapacityProviderStatus = 'ACTIVE' | 'DEPROVISIONING' | 'INACTIVE';

export function capacityProviderStatus(cp: CapacityProvider, now: Date): CapacityProviderStatus {
  if (!cp.deletedAt) return 'ACTIVE';
  return now.getTime() < cp.deletedAt.getTime() + CAPACITY_PROVIDER_DEPROVISIONING_MS ? 'DEPROVISIONING' : 'INACTIVE';
}

/** The update status as it reads at `now`: a finished deletion is DELETE_COMPLETE. */
export function capacityProviderUpdateStatus(cp: CapacityProvider, now: Date): CapacityProviderUpdateStatus | undefined {
  if (cp.deletedAt && capacityProviderStatus(cp, now) === 'INACTIVE') return 'DELETE_COMPLETE';
  return cp.updateStatus;
}

export interface StrategyItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export const strategyItemCodec: Codec<StrategyItem> = object({ capacityProvider: str, weight: optional(int), base: optional(int) });

const autoScalingGroupProviderCodec: Codec<AutoScalingGroupProvider> = object({
  autoScalingGroupArn: str,
  managedScaling: object({
    status: oneOf('ENABLED', 'DISABLED'),
    targetCapacity: int,
    minimumScalingStepSize: int,
    maximumScalingStepSize: int,
    instanceWarmupPeriod: int,
  }),
  managedTerminationProtection: oneOf('ENABLED', 'DISABLED'),
  managedDraining: oneOf('ENABLED', 'DISABLED'),
});

export const capacityProviderCodec: Codec<CapacityProvider> = object({
  name: str,
  arn: str,
  type: oneOf('EC2_AUTOSCALING', 'MANAGED_INSTANCES', 'FARGATE', 'FARGATE_SPOT'),
  autoScalingGroupProvider: optional(autoScalingGroupProviderCodec),
  managedInstancesProvider: optional(jsonObject),
  cluster: optional(str),
  tags: list(ecsTagCodec),
  updateStatus: optional(oneOf('CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE', 'DELETE_FAILED')),
  updateStatusReason: optional(str),
  deletedAt: optional(instant),
});

export interface ManagedScalingInput {
  status?: 'ENABLED' | 'DISABLED';
  targetCapacity?: number;
  minimumScalingStepSize?: number;
  maximumScalingStepSize?: number;
  instanceWarmupPeriod?: number;
}

export interface CreateCapacityProviderInput {
  name: string;
  cluster?: string;
  autoScalingGroupProvider?: {
    autoScalingGroupArn: string;
    managedScaling?: ManagedScalingInput;
    managedTerminationProtection?: 'ENABLED' | 'DISABLED';
    managedDraining?: 'ENABLED' | 'DISABLED';
  };
  managedInstancesProvider?: Record<string, unknown>;
  tags?: EcsTag[];
}

export interface UpdateCapacityProviderInput {
  autoScalingGroupProvider?: {
    managedScaling?: ManagedScalingInput;
    managedTerminationProtection?: 'ENABLED' | 'DISABLED';
    managedDraining?: 'ENABLED' | 'DISABLED';
  };
  managedInstancesProvider?: Record<string, unknown>;
}

/** Reserved prefixes of provider names (the API reference: not "aws", "ecs" or "fargate"). */
const RESERVED_PREFIX = /^(aws|ecs|fargate)/i;
const NAME = /^[a-zA-Z0-9_-]{1,255}$/;

export class CapacityProviderRegistry {
  /** Custom providers by name, in creation order. INACTIVE ones stay describable by name. */
  private readonly providers = new Map<string, CapacityProvider>();
  /** AWS's Fargate providers exist in every account and region. */
  private readonly fargate: CapacityProvider[];

  constructor(private readonly arns: EcsArns) {
    this.fargate = FARGATE_PROVIDERS.map((name) => ({ name, arn: this.arnOf(name), type: name, tags: [] }));
  }

  /** The custom providers (AWS's Fargate ones exist anyway). */
  toSnapshot(): Json {
    return list(capacityProviderCodec).encode([...this.providers.values()]);
  }

  restore(value: unknown, path: string): void {
    readList(capacityProviderCodec, value, path).forEach((cp, i) => {
      const at = child(path, i);
      if (this.find(cp.name)) fail(child(at, 'name'), `a capacity provider named ${cp.name} comes earlier in the list, or is AWS's`);
      if (cp.arn !== this.arnOf(cp.name)) fail(child(at, 'arn'), `expected ${this.arnOf(cp.name)}`);
      this.providers.set(cp.name, cp);
    });
  }

  arnOf(name: string): string {
    return this.arns.capacityProvider(name);
  }

  /** A provider by name or ARN, in any status. */
  find(ref: string): CapacityProvider | undefined {
    let name = ref;
    if (isArn(ref)) {
      const prefix = this.arnOf('');
      if (!ref.startsWith(prefix)) return undefined;
      name = ref.slice(prefix.length);
    }
    return this.fargate.find((f) => f.name === name) ?? this.providers.get(name);
  }

  /** A provider that exists and has not been deleted. */
  findActive(ref: string, now: Date): CapacityProvider | undefined {
    const cp = this.find(ref);
    return cp && capacityProviderStatus(cp, now) === 'ACTIVE' ? cp : undefined;
  }

  /** Everything DescribeCapacityProviders lists without names: the Fargate providers, then the rest not yet INACTIVE. */
  listed(now: Date, cluster?: string): CapacityProvider[] {
    const custom = [...this.providers.values()].filter((cp) => capacityProviderStatus(cp, now) !== 'INACTIVE');
    if (cluster !== undefined) return custom.filter((cp) => cp.cluster === cluster);
    return [...this.fargate, ...custom.filter((cp) => cp.cluster === undefined)];
  }

  /**
   * Validates and creates. `clusterExists` answers for the `cluster` of a Managed Instances
   * provider; the caller attaches such a provider to its cluster.
   */
  create(input: CreateCapacityProviderInput, now: Date): CapacityProvider {
    if (!NAME.test(input.name) || RESERVED_PREFIX.test(input.name)) throw ecsErrors.capacityProviderNameInvalid();
    const asg = input.autoScalingGroupProvider;
    const mi = input.managedInstancesProvider;
    if (!asg && !mi) throw ecsErrors.capacityProviderConfigurationRequired();
    if (asg && mi) throw ecsErrors.capacityProviderConfigurationAmbiguous();
    if (mi && input.cluster === undefined) throw ecsErrors.managedInstancesClusterRequired();
    if (asg && input.cluster !== undefined) throw ecsErrors.autoScalingProviderClusterScoped();
    const existing = this.providers.get(input.name);
    // A deleted provider frees its name once it is INACTIVE.
    if (existing && capacityProviderStatus(existing, now) !== 'INACTIVE') throw ecsErrors.capacityProviderExists();
    let autoScalingGroupProvider: AutoScalingGroupProvider | undefined;
    if (asg) {
      for (const other of this.providers.values()) {
        if (capacityProviderStatus(other, now) === 'INACTIVE') continue;
        if (other.autoScalingGroupProvider?.autoScalingGroupArn === asg.autoScalingGroupArn) {
          throw ecsErrors.autoScalingGroupInUse();
        }
      }
      autoScalingGroupProvider = {
        autoScalingGroupArn: asg.autoScalingGroupArn,
        managedScaling: managedScaling(undefined, asg.managedScaling),
        managedTerminationProtection: asg.managedTerminationProtection ?? 'DISABLED',
        managedDraining: asg.managedDraining ?? 'ENABLED',
      };
      requireScalingForTerminationProtection(autoScalingGroupProvider);
    }
    if (existing) this.providers.delete(input.name);
    const cp: CapacityProvider = {
      name: input.name,
      arn: this.arnOf(input.name),
      type: asg ? 'EC2_AUTOSCALING' : 'MANAGED_INSTANCES',
      autoScalingGroupProvider,
      managedInstancesProvider: mi,
      cluster: input.cluster,
      tags: input.tags ?? [],
      updateStatus: 'CREATE_COMPLETE',
    };
    this.providers.set(cp.name, cp);
    return cp;
  }

  /** UpdateCapacityProvider: changes apply at once (UPDATE_COMPLETE), as seen from the next describe. */
  update(ref: string, input: UpdateCapacityProviderInput, now: Date): CapacityProvider {
    const cp = this.findActive(ref, now);
    if (!cp) throw ecsErrors.capacityProviderNotFound();
    if (isFargateProvider(cp.name)) throw ecsErrors.capacityProviderReserved();
    if (input.autoScalingGroupProvider) {
      const current = cp.autoScalingGroupProvider;
      if (!current) throw ecsErrors.capacityProviderTypeMismatch();
      const next: AutoScalingGroupProvider = {
        autoScalingGroupArn: current.autoScalingGroupArn,
        managedScaling: managedScaling(current.managedScaling, input.autoScalingGroupProvider.managedScaling),
        managedTerminationProtection: input.autoScalingGroupProvider.managedTerminationProtection ?? current.managedTerminationProtection,
        managedDraining: input.autoScalingGroupProvider.managedDraining ?? current.managedDraining,
      };
      requireScalingForTerminationProtection(next);
      cp.autoScalingGroupProvider = next;
    }
    if (input.managedInstancesProvider) {
      if (cp.type !== 'MANAGED_INSTANCES') throw ecsErrors.capacityProviderTypeMismatch();
      cp.managedInstancesProvider = { ...cp.managedInstancesProvider, ...input.managedInstancesProvider };
    }
    cp.updateStatus = 'UPDATE_COMPLETE';
    cp.updateStatusReason = undefined;
    return cp;
  }

  /**
   * DeleteCapacityProvider. A provider still associated with a cluster is not deleted: the call
   * answers with the provider, `updateStatus` DELETE_FAILED and AWS's reason, as AWS does.
   */
  delete(ref: string, associatedCluster: (name: string) => string | undefined, now: Date): CapacityProvider {
    const cp = this.find(ref);
    if (!cp || capacityProviderStatus(cp, now) === 'INACTIVE') throw ecsErrors.capacityProviderNotFound();
    if (isFargateProvider(cp.name)) throw ecsErrors.capacityProviderReserved();
    if (cp.deletedAt) return cp;
    const cluster = associatedCluster(cp.name);
    if (cluster !== undefined) {
      cp.updateStatus = 'DELETE_FAILED';
      cp.updateStatusReason = associatedReason(cluster);
      return cp;
    }
    cp.deletedAt = now;
    cp.updateStatus = 'DELETE_IN_PROGRESS';
    cp.updateStatusReason = undefined;
    return cp;
  }

  tag(cp: CapacityProvider, tags: EcsTag[]): void {
    cp.tags = mergeTags(cp.tags, tags);
  }

  /** Cluster-scoped providers of a cluster that is deleted go with it. */
  forgetClusterScoped(cluster: string, now: Date): void {
    for (const cp of this.providers.values()) {
      if (cp.cluster === cluster && !cp.deletedAt) {
        cp.deletedAt = now;
        cp.updateStatus = 'DELETE_IN_PROGRESS';
      }
    }
  }
}

/** The `updateStatusReason` of a refused DeleteCapacityProvider (AWS's text, seen in Terraform's acceptance tests). */
function associatedReason(cluster: string): string {
  return `The capacity provider cannot be deleted because it is associated with cluster: ${cluster}. Remove the capacity provider from the cluster and try again.`;
}

/** Managed scaling with AWS's documented defaults for what is not given. */
function managedScaling(current: ManagedScaling | undefined, input: ManagedScalingInput | undefined): ManagedScaling {
  const base: ManagedScaling = current ?? {
    status: 'DISABLED',
    targetCapacity: 100,
    minimumScalingStepSize: 1,
    maximumScalingStepSize: 10000,
    instanceWarmupPeriod: 300,
  };
  const next = { ...base, ...withoutUndefined(input ?? {}) } as ManagedScaling;
  if (next.minimumScalingStepSize > next.maximumScalingStepSize) throw ecsErrors.scalingStepSizes();
  return next;
}

/** AWS: "When using managed termination protection, managed scaling must also be used." */
function requireScalingForTerminationProtection(p: AutoScalingGroupProvider): void {
  if (p.managedTerminationProtection === 'ENABLED' && p.managedScaling.status !== 'ENABLED') {
    throw ecsErrors.terminationProtectionNeedsScaling();
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The checks a capacity provider strategy gets wherever it is given (CreateCluster,
 * PutClusterCapacityProviders, CreateService, UpdateService, RunTask): every provider in it is
 * associated with the cluster, at most one has a base, some weight is positive when there are
 * several, and Fargate and Auto Scaling providers are not mixed.
 */
export function validateStrategy(strategy: readonly StrategyItem[], associated: readonly string[]): void {
  if (strategy.length > STRATEGY_ITEMS_MAX) throw ecsErrors.strategyTooLong();
  const names = new Set<string>();
  for (const item of strategy) {
    if (!associated.includes(item.capacityProvider)) throw ecsErrors.strategyProviderNotAssociated();
    if (names.has(item.capacityProvider)) throw ecsErrors.strategyDuplicate();
    names.add(item.capacityProvider);
  }
  if (strategy.filter((i) => (i.base ?? 0) > 0).length > 1) throw ecsErrors.strategyMultipleBases();
  if (strategy.length > 0 && strategy.every((i) => (i.weight ?? 0) === 0) && !(strategy.length === 1)) {
    throw ecsErrors.strategyAllWeightsZero();
  }
  const fargate = strategy.filter((i) => isFargateProvider(i.capacityProvider)).length;
  if (fargate > 0 && fargate < strategy.length) throw ecsErrors.strategyMixesFargate();
}

/**
 * Which provider of a strategy the next task goes to, given how many of the group's tasks each
 * provider already runs: bases first, then the provider furthest below its weighted share
 * (the earliest in the strategy on a tie). Providers with weight 0 only take their base.
 */
export function nextProvider(strategy: readonly StrategyItem[], running: ReadonlyMap<string, number>): string | undefined {
  if (strategy.length === 0) return undefined;
  for (const item of strategy) {
    if ((running.get(item.capacityProvider) ?? 0) < (item.base ?? 0)) return item.capacityProvider;
  }
  // A single provider with weight 0 still places (AWS treats a lone provider's weight as 1).
  if (strategy.length === 1) return strategy[0]!.capacityProvider;
  let best: StrategyItem | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const item of strategy) {
    const weight = item.weight ?? 0;
    if (weight <= 0) continue;
    const beyondBase = Math.max(0, (running.get(item.capacityProvider) ?? 0) - (item.base ?? 0));
    const score = (beyondBase + 1) / weight;
    if (score < bestScore) {
      best = item;
      bestScore = score;
    }
  }
  return best?.capacityProvider;
}
