import { isArn } from './arns.js';
import type { Cluster } from './clusters.js';
import type { ContainerInstance } from './containerInstances.js';
import type { Service } from './services.js';
import { isExpired, type Task } from './tasks.js';
import type { EcsState } from './ecsState.js';

/**
 * What a `service`, `containerInstance` or `task` parameter names inside a cluster: a short name
 * or id, or a full ARN of this account and region. Undefined when there is no such thing.
 */

export function findService(ecs: EcsState, cluster: Cluster, ref: string): Service | undefined {
  if (isArn(ref)) {
    const parsed = ecs.arns.own(ref, 'service');
    if (!parsed) return undefined;
    // Long format service/<cluster>/<name>; the old short format service/<name> names no cluster.
    if (parsed.parts.length === 2 && parsed.parts[0] !== cluster.name) return undefined;
    if (parsed.parts.length > 2) return undefined;
    return cluster.services.get(parsed.parts[parsed.parts.length - 1]!);
  }
  return cluster.services.get(ref);
}

export function findContainerInstance(ecs: EcsState, cluster: Cluster, ref: string): ContainerInstance | undefined {
  if (isArn(ref)) {
    const parsed = ecs.arns.own(ref, 'container-instance');
    if (!parsed || parsed.parts.length !== 2 || parsed.parts[0] !== cluster.name) return undefined;
    return cluster.containerInstances.get(parsed.parts[1]!);
  }
  return cluster.containerInstances.get(ref);
}

export function findTask(ecs: EcsState, cluster: Cluster, ref: string, now: Date): Task | undefined {
  let id = ref;
  if (isArn(ref)) {
    const parsed = ecs.arns.own(ref, 'task');
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
