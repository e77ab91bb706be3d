import { CAPACITY_PROVIDER_ATTRIBUTE } from './capacityPlacement.js';
import type { Cluster } from './clusters.js';
import { defaultInstanceResources, isAddressable, isRegistered, type ContainerInstance, type Resource } from './containerInstances.js';
import { ec2InstanceId, ecsId } from './ecsIds.js';
import { ecsErrors } from './errors.js';
import { liveTasksOn } from './scheduler.js';
import { serviceStatus } from './services.js';
import { mergeTags, type EcsTag } from './tags.js';
import type { EcsState } from './ecsState.js';
import { findContainerInstance } from './lookups.js';

/** RegisterContainerInstance, DeregisterContainerInstance and ListContainerInstances. */

export interface RegisterContainerInstanceInput {
  instanceIdentityDocument?: string;
  totalResources?: Resource[];
  versionInfo?: Record<string, unknown>;
  containerInstanceArn?: string;
  attributes?: ContainerInstance['attributes'];
  tags?: EcsTag[];
}

export function registerContainerInstance(ecs: EcsState, clusterRef: string | undefined, input: RegisterContainerInstanceInput, now: Date): ContainerInstance {
  const cluster = ecs.activeCluster(clusterRef);
  if (input.containerInstanceArn !== undefined) {
    // Re-registration by the agent updates the instance it names.
    const known = findContainerInstance(ecs, cluster, input.containerInstanceArn);
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
    arn: ecs.arns.containerInstance(cluster.name, id),
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
    if (s.schedulingStrategy === 'DAEMON' && serviceStatus(s, now) === 'ACTIVE') ecs.reschedule(cluster, s, now);
  }
  return instance;
}

/**
 * Refused while tasks run on the instance, unless forced. Forced, its tasks are orphaned: AWS
 * stops accounting for them, so they leave the cluster, and services replace theirs elsewhere.
 */
export function deregisterContainerInstance(ecs: EcsState, clusterRef: string | undefined, ref: string, force: boolean, now: Date): ContainerInstance {
  const cluster = ecs.activeCluster(clusterRef);
  const instance = findContainerInstance(ecs, cluster, ref);
  if (!instance || !isAddressable(instance)) throw ecsErrors.containerInstanceNotFound();
  const tasks = liveTasksOn(cluster, instance.id, now);
  if (tasks.length > 0 && !force) throw ecsErrors.containerInstanceHasTasks();
  for (const t of tasks) cluster.tasks.delete(t.id);
  instance.status = 'INACTIVE';
  instance.deregisteredAt = now;
  instance.version++;
  ecs.reconcileAll(cluster, now);
  return instance;
}

export function listContainerInstanceArns(ecs: EcsState, cluster: Cluster, status?: string): string[] {
  const out: string[] = [];
  for (const i of cluster.containerInstances.values()) {
    if (status ? i.status === status : isRegistered(i)) out.push(i.arn);
  }
  return out;
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
