import { uuid } from '../ids.js';
import {
  CAPACITY_PROVIDERS_PER_CLUSTER,
  capacityProviderStatus,
  isFargateProvider,
  validateStrategy,
  type CapacityProvider,
  type CapacityProviderRegistry,
  type CreateCapacityProviderInput,
  type StrategyItem,
} from './capacityProviders.js';
import type { Cluster } from './clusters.js';
import type { EcsCaller, EcsState } from './ecsState.js';
import { ecsErrors } from './errors.js';
import { serviceStatus } from './services.js';
import { isActive } from './tasks.js';

/**
 * The rules between clusters and capacity providers: which providers a cluster may have, which
 * it may let go, and what its attachments look like.
 */

/** The providers a cluster may be given (CreateCluster, PutClusterCapacityProviders): ACTIVE, its own if cluster-scoped, at most 20. */
export function validateAssociation(
  registry: CapacityProviderRegistry,
  clusterName: string,
  providers: readonly string[],
  strategy: readonly StrategyItem[],
  now: Date,
): string[] {
  const names: string[] = [];
  for (const ref of providers) {
    const cp = registry.find(ref);
    if (!cp || capacityProviderStatus(cp, now) !== 'ACTIVE') throw ecsErrors.capacityProviderNotActive(ref);
    if (cp.cluster !== undefined && cp.cluster !== clusterName) throw ecsErrors.managedInstancesProviderOfAnotherCluster();
    if (!names.includes(cp.name)) names.push(cp.name);
  }
  if (names.length > CAPACITY_PROVIDERS_PER_CLUSTER) throw ecsErrors.tooManyCapacityProviders();
  validateStrategy(strategy, names);
  return names;
}

/** A provider is in use by a cluster while its live tasks were placed with it or its services' strategies name it. */
export function providerInUse(cluster: Cluster, name: string, now: Date): boolean {
  for (const t of cluster.tasks.values()) if (t.capacityProviderName === name && isActive(t, now)) return true;
  for (const s of cluster.services.values()) {
    if (serviceStatus(s, now) === 'INACTIVE') continue;
    const strategy = s.settings.capacityProviderStrategy;
    if (strategy?.some((i) => i.capacityProvider === name)) return true;
  }
  return false;
}

/**
 * PutClusterCapacityProviders: the list replaces the cluster's; providers left out must not be
 * in use (ResourceInUseException). Cluster-scoped providers stay associated whatever the list says.
 */
export function putClusterCapacityProviders(
  registry: CapacityProviderRegistry,
  cluster: Cluster,
  providers: readonly string[],
  strategy: StrategyItem[],
  now: Date,
): void {
  const scoped = cluster.capacityProviders.filter((n) => registry.find(n)?.cluster === cluster.name);
  const wanted = validateAssociation(registry, cluster.name, [...providers, ...scoped.filter((n) => !providers.includes(n))], strategy, now);
  for (const removed of cluster.capacityProviders) {
    if (!wanted.includes(removed) && providerInUse(cluster, removed, now)) throw ecsErrors.capacityProviderInUse();
  }
  setClusterCapacityProviders(cluster, wanted, strategy);
}

/** Replaces the association and keeps one scaling-policy attachment per Auto Scaling group provider. */
export function setClusterCapacityProviders(cluster: Cluster, providers: string[], strategy: StrategyItem[]): void {
  const attachments = cluster.capacityProviderAttachments ?? new Map<string, { id: string; scalingPolicyName: string }>();
  for (const name of [...attachments.keys()]) if (!providers.includes(name)) attachments.delete(name);
  for (const name of providers) {
    if (!isFargateProvider(name) && !attachments.has(name)) {
      attachments.set(name, { id: uuid(), scalingPolicyName: `ECSManagedAutoScalingPolicy-${uuid()}` });
    }
  }
  cluster.capacityProviders = providers;
  cluster.defaultCapacityProviderStrategy = strategy.map((i) => ({ capacityProvider: i.capacityProvider, weight: i.weight ?? 0, base: i.base ?? 0 }));
  cluster.capacityProviderAttachments = attachments;
}

/** The ACTIVE cluster a provider is associated with, if any (DeleteCapacityProvider's check). */
export function associatedCluster(clusters: Iterable<Cluster>, name: string): string | undefined {
  for (const c of clusters) if (c.status === 'ACTIVE' && c.capacityProviders.includes(name)) return c.name;
  return undefined;
}

/** DeleteCluster refuses while custom (non-Fargate) providers are attached. */
export function requireNoCapacityProviders(registry: CapacityProviderRegistry, cluster: Cluster): void {
  const custom = cluster.capacityProviders.filter((n) => !isFargateProvider(n));
  if (custom.length === 0) return;
  throw ecsErrors.clusterContainsCapacityProviders(custom.some((n) => registry.find(n)?.cluster === cluster.name));
}

/** The strategy a service or task is checked against: the cluster's associated providers. */
export function requireStrategyAllowed(cluster: Cluster, launchType: string | undefined, strategy: readonly StrategyItem[] | undefined): void {
  if (!strategy || strategy.length === 0) return;
  if (launchType !== undefined) throw ecsErrors.launchTypeAndStrategy();
  validateStrategy(strategy, cluster.capacityProviders);
}

/**
 * CreateCapacityProvider. A Managed Instances provider belongs to the ACTIVE cluster it names and
 * is associated with it at once; an Auto Scaling group provider belongs to the account.
 */
export function createCapacityProvider(ecs: EcsState, input: CreateCapacityProviderInput, now: Date, caller?: EcsCaller): CapacityProvider {
  // Capacity providers run on the service-linked role (its AutoScalingManagement statement); it is
  // taken up only once the provider is created, so a refused call leaves the role untouched.
  ecs.requireServiceRoleAvailable(caller);
  const cluster = input.cluster !== undefined && input.managedInstancesProvider ? ecs.activeCluster(input.cluster) : undefined;
  const cp = ecs.capacityProviders.create({ ...input, cluster: cluster?.name ?? input.cluster }, now);
  ecs.useServiceRole(now, caller);
  if (cluster) setClusterCapacityProviders(cluster, [...cluster.capacityProviders, cp.name], cluster.defaultCapacityProviderStrategy);
  return cp;
}

/** DeleteCapacityProvider: refused (DELETE_FAILED) while an ACTIVE cluster has the provider. */
export function deleteCapacityProvider(ecs: EcsState, ref: string, now: Date): CapacityProvider {
  return ecs.capacityProviders.delete(ref, (name) => associatedCluster(ecs.allClusters(), name), now);
}

/** PutClusterCapacityProviders on the cluster a request names (it must be ACTIVE). */
export function putCapacityProvidersOf(
  ecs: EcsState,
  clusterRef: string,
  providers: readonly string[],
  strategy: StrategyItem[],
  now: Date,
): Cluster {
  const cluster = ecs.activeCluster(clusterRef);
  putClusterCapacityProviders(ecs.capacityProviders, cluster, providers, strategy, now);
  return cluster;
}
