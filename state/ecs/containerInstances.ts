import { ecsTagCodec, type EcsTag } from './tags.js';
import { instant, int, jsonObject, list, num, object, oneOf, optional, str, type Codec } from '../snapshot/codec.js';

export interface Resource {
  name: string;
  type: string;
  doubleValue?: number;
  longValue?: number;
  integerValue?: number;
  stringSetValue?: string[];
}

export interface ContainerInstance {
  id: string;
  arn: string;
  ec2InstanceId: string;
  /** DRAINING takes no new tasks; its service tasks move elsewhere (UpdateContainerInstancesState). */
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** The capacity provider the instance's capacity belongs to, from its `linkstack.capacity-provider` attribute. */
  capacityProviderName?: string;
  registeredAt: Date;
  deregisteredAt?: Date;
  registeredResources: Resource[];
  versionInfo?: Record<string, unknown>;
  attributes: { name: string; value?: string; targetType?: string; targetId?: string }[];
  tags: EcsTag[];
  version: number;
}

/** What an instance registers with when the agent reports nothing (a small two-vCPU host). */
export const defaultInstanceResources: readonly Resource[] = [
  { name: 'CPU', type: 'INTEGER', integerValue: 2048, doubleValue: 0, longValue: 0 },
  { name: 'MEMORY', type: 'INTEGER', integerValue: 3943, doubleValue: 0, longValue: 0 },
  { name: 'PORTS', type: 'STRINGSET', stringSetValue: ['22', '2375', '2376', '51678', '51679'], doubleValue: 0, longValue: 0, integerValue: 0 },
  { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [], doubleValue: 0, longValue: 0, integerValue: 0 },
];

/*
 * Three questions about an instance that today have the same answer (it has not been
 * deregistered), named apart because they are different rules and need not stay equal (an
 * instance DEREGISTERING with tasks still draining, say, would answer them differently).
 */

/** Counted and listed as registered (DescribeClusters' count, ListContainerInstances, DAEMON placement). */
export function isRegistered(instance: ContainerInstance): boolean {
  return instance.status !== 'INACTIVE';
}

/** Keeps its cluster in use: DeleteCluster is refused, and the service-linked role deletion reports it. */
export function keepsClusterInUse(instance: ContainerInstance): boolean {
  return instance.status !== 'INACTIVE';
}

/** Still answers calls that address it (re-registration by the agent, DeregisterContainerInstance). */
export function isAddressable(instance: ContainerInstance): boolean {
  return instance.status !== 'INACTIVE';
}

const resourceCodec: Codec<Resource> = object({
  name: str,
  type: str,
  doubleValue: optional(num),
  longValue: optional(num),
  integerValue: optional(num),
  stringSetValue: optional(list(str)),
});

export const containerInstanceCodec: Codec<ContainerInstance> = object({
  id: str,
  arn: str,
  ec2InstanceId: str,
  status: oneOf('ACTIVE', 'DRAINING', 'INACTIVE'),
  capacityProviderName: optional(str),
  registeredAt: instant,
  deregisteredAt: optional(instant),
  registeredResources: list(resourceCodec),
  versionInfo: optional(jsonObject),
  attributes: list(object({ name: str, value: optional(str), targetType: optional(str), targetId: optional(str) })),
  tags: list(ecsTagCodec),
  version: int,
});
