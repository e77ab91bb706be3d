import type { ContainerInstance } from './containerInstances.js';
import { isRegistered } from './containerInstances.js';
import type { Service } from './services.js';
import { serviceStatus } from './services.js';
import type { EcsTag } from './tags.js';
import { taskCodec } from './tasks.js';
import { TaskTable } from './taskTable.js';
import { containerInstanceCodec } from './containerInstances.js';
import { serviceCodec } from './services.js';
import { ecsTagCodec } from './tags.js';
import { instant, json, list, mapOf, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';
import { strategyItemCodec, type StrategyItem } from './capacityProviders.js';

export interface Cluster {
  name: string;
  arn: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: Date;
  tags: EcsTag[];
  settings: { name: string; value: string }[];
  configuration?: unknown;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: StrategyItem[];
  /** One Auto Scaling policy attachment per associated Auto Scaling group provider, by provider name. */
  capacityProviderAttachments?: Map<string, { id: string; scalingPolicyName: string }>;
  serviceConnectDefaults?: unknown;
  /** By service name; a name freed by an INACTIVE service can be reused. */
  services: Map<string, Service>;
  /** By container-instance id, in registration order. */
  containerInstances: Map<string, ContainerInstance>;
  /** By task id, in launch order (stopped tasks too, until their retention ends), indexed. */
  tasks: TaskTable;
}

export interface ClusterCounters {
  activeServicesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  registeredContainerInstancesCount: number;
}

/**
 * The counters DescribeClusters reports. Task counts come from the task table's indexes (they
 * cost the task changes since the last read, not the cluster's tasks); services and instances
 * are walked (a cluster holds few).
 */
export function clusterCounters(cluster: Cluster, now: Date): ClusterCounters {
  let activeServicesCount = 0;
  for (const s of cluster.services.values()) if (serviceStatus(s, now) === 'ACTIVE') activeServicesCount++;
  // Tasks still PROVISIONING, PENDING or ACTIVATING count as pending, as ECS counts them.
  const { running: runningTasksCount, pending: pendingTasksCount } = cluster.tasks.totalsAt(now.getTime());
  let registeredContainerInstancesCount = 0;
  for (const i of cluster.containerInstances.values()) if (isRegistered(i)) registeredContainerInstancesCount++;
  return { activeServicesCount, runningTasksCount, pendingTasksCount, registeredContainerInstancesCount };
}

/** The tasks inside a cluster, written as [id, task] pairs; a read table is indexed afresh. */
const taskTableCodec: Codec<TaskTable> = (() => {
  const pairs = mapOf(str, taskCodec);
  return { encode: (table) => pairs.encode(table), decode: (value, path) => TaskTable.of(pairs.decode(value, path)) };
})();

/** Services, instances and tasks are written inside their cluster, by their map keys. */
export const clusterCodec: Codec<Cluster> = object({
  name: str,
  arn: str,
  status: oneOf('ACTIVE', 'INACTIVE'),
  createdAt: instant,
  tags: list(ecsTagCodec),
  settings: list(object({ name: str, value: str })),
  configuration: optional(json),
  capacityProviders: list(str),
  defaultCapacityProviderStrategy: list(strategyItemCodec),
  capacityProviderAttachments: optional(mapOf(str, object({ id: str, scalingPolicyName: str }))),
  serviceConnectDefaults: optional(json),
  services: mapOf(str, serviceCodec),
  containerInstances: mapOf(str, containerInstanceCodec),
  tasks: taskTableCodec,
});
