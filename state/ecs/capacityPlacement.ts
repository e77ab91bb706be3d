import { isFargateProvider, nextProvider, type StrategyItem } from './capacityProviders.js';
import type { Cluster } from './clusters.js';
import type { ContainerInstance } from './containerInstances.js';
import { liveTasksOn, placement } from './scheduler.js';
import type { Task, TaskLaunchType } from './tasks.js';

/**
 * Where tasks go when a capacity provider strategy decides: the strategy given, or the
 * cluster's default one when neither a launch type nor a strategy is given. Fargate providers
 * run FARGATE tasks; an Auto Scaling group provider runs EC2 tasks on the ACTIVE container
 * instances that belong to it (registered with the `linkstack.capacity-provider` attribute).
 */

export interface Placement {
  instance?: ContainerInstance;
  launchType: TaskLaunchType;
  capacityProviderName?: string;
}

/** The attribute that ties a registered container instance to a capacity provider. */
export const CAPACITY_PROVIDER_ATTRIBUTE = 'linkstack.capacity-provider';

/** The strategy that applies: none when a launch type is given, else the given one, else the cluster's default. */
export function effectiveStrategy(cluster: Cluster, launchType: string | undefined, strategy: readonly StrategyItem[] | undefined): StrategyItem[] {
  if (launchType !== undefined) return [];
  if (strategy && strategy.length > 0) return [...strategy];
  return [...cluster.defaultCapacityProviderStrategy];
}

/** The ACTIVE instance of a provider with the fewest live tasks (the earliest registered on a tie). */
function leastLoadedOf(cluster: Cluster, provider: string, load: ReadonlyMap<string, number>): ContainerInstance | undefined {
  let best: ContainerInstance | undefined;
  for (const i of cluster.containerInstances.values()) {
    if (i.status !== 'ACTIVE' || i.capacityProviderName !== provider) continue;
    if (!best || (load.get(i.id) ?? 0) < (load.get(best.id) ?? 0)) best = i;
  }
  return best;
}

function instanceLoad(cluster: Cluster, now: Date): Map<string, number> {
  const load = new Map<string, number>();
  for (const i of cluster.containerInstances.values()) if (i.status === 'ACTIVE') load.set(i.id, liveTasksOn(cluster, i.id, now).length);
  return load;
}

/**
 * Places `count` tasks. `running` counts the group's live tasks per provider (a service's own
 * tasks; empty for RunTask); it is updated as tasks are placed. A string entry could not be
 * placed: it names the provider that has no ACTIVE instance (or '' when no provider has weight).
 */
export function placeTasks(
  cluster: Cluster,
  request: { launchType?: string; strategy: readonly StrategyItem[] },
  count: number,
  running: Map<string, number>,
  now: Date,
): (Placement | string)[] {
  const out: (Placement | string)[] = [];
  if (request.strategy.length === 0) {
    for (let n = 0; n < count; n++) out.push(placement(cluster, request.launchType, now));
    return out;
  }
  const load = instanceLoad(cluster, now);
  for (let n = 0; n < count; n++) {
    const provider = nextProvider(request.strategy, running);
    if (provider === undefined) {
      out.push('');
      continue;
    }
    running.set(provider, (running.get(provider) ?? 0) + 1);
    if (isFargateProvider(provider)) {
      out.push({ launchType: 'FARGATE', capacityProviderName: provider });
      continue;
    }
    const instance = leastLoadedOf(cluster, provider, load);
    if (!instance) {
      out.push(provider);
      continue;
    }
    load.set(instance.id, (load.get(instance.id) ?? 0) + 1);
    out.push({ instance, launchType: 'EC2', capacityProviderName: provider });
  }
  return out;
}

/** The strategy item names of a provider-using group's live tasks, counted per provider. */
export function runningByProvider(tasks: Iterable<Task>): Map<string, number> {
  const running = new Map<string, number>();
  for (const t of tasks) {
    if (t.capacityProviderName) running.set(t.capacityProviderName, (running.get(t.capacityProviderName) ?? 0) + 1);
  }
  return running;
}
