import { ecsErrors } from './errors.js';
import { mergeTags, removeTags, type EcsTag, type Tagged } from './tags.js';
import type { EcsState } from './ecsState.js';
import { findTask } from './lookups.js';

/** TagResource, UntagResource and ListTagsForResource: the resource a tagging call names, by full ARN. */

/** The resource a tagging call names, by full ARN (tagging requires the long ARN formats). */
export function taggable(ecs: EcsState, arn: string, now: Date): Tagged {
  if (arn.includes(':capacity-provider/')) {
    const cp = ecs.capacityProviders.findActive(arn, now);
    if (!cp) throw ecsErrors.resourceNotFound();
    return cp;
  }
  const parsed = ecs.arns.own(arn, 'cluster') ?? ownAnyType(ecs, arn);
  if (!parsed) throw ecsErrors.resourceNotFound();
  const [first, second] = parsed.parts;
  if (parsed.type === 'task-definition') {
    const td = parsed.parts.length === 1 ? ecs.taskDefinitions.find(arn) : undefined;
    if (!td) throw ecsErrors.resourceNotFound();
    return td;
  }
  if (parsed.type === 'service' && parsed.parts.length === 1) {
    throw ecsErrors.longArnRequired();
  }
  const cluster = ecs.findCluster(first!);
  if (!cluster) throw ecsErrors.clusterNotFound();
  if (cluster.status !== 'ACTIVE') throw ecsErrors.clusterInactive();
  let found: Tagged | undefined;
  if (parsed.type === 'cluster' && parsed.parts.length === 1) found = cluster;
  else if (parsed.type === 'service' && parsed.parts.length === 2) found = cluster.services.get(second!);
  else if (parsed.type === 'container-instance' && parsed.parts.length === 2) found = cluster.containerInstances.get(second!);
  else if (parsed.type === 'task' && parsed.parts.length === 2) found = findTask(ecs, cluster, arn, now);
  if (!found) throw ecsErrors.resourceNotFound();
  return found;
}

function ownAnyType(ecs: EcsState, arn: string) {
  for (const type of ['service', 'task', 'container-instance', 'task-definition'] as const) {
    const parsed = ecs.arns.own(arn, type);
    if (parsed) return parsed;
  }
  return undefined;
}

export function tagResource(ecs: EcsState, arn: string, tags: EcsTag[], now: Date): void {
  const resource = taggable(ecs, arn, now);
  resource.tags = mergeTags(resource.tags, tags);
}

export function untagResource(ecs: EcsState, arn: string, keys: string[], now: Date): void {
  const resource = taggable(ecs, arn, now);
  resource.tags = removeTags(resource.tags, keys);
}
