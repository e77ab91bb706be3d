import type { TaskDefinition, TaskDefinitionRegistry } from './taskDefinitions.js';

/** The failure reason for an ACTIVE revision (chosen; AWS's wording was not found). */
const STILL_ACTIVE_REASON = 'The specified task definition is still in ACTIVE status. Deregister it first.';

/**
 * DeleteTaskDefinitions: an INACTIVE revision moves to DELETE_IN_PROGRESS at once and can no
 * longer start tasks or services; tasks and services that use it keep running (AWS keeps such a
 * revision until they are gone; linkstack keeps it, so it stays describable). An ACTIVE revision
 * is a failure, as is one that does not exist.
 */
export function deleteTaskDefinitions(
  registry: TaskDefinitionRegistry,
  refs: readonly string[],
  now: Date,
): { deleted: TaskDefinition[]; failures: { ref: string; reason: string }[] } {
  const deleted: TaskDefinition[] = [];
  const failures: { ref: string; reason: string }[] = [];
  for (const ref of refs) {
    // A revision must be named, as for DeregisterTaskDefinition.
    const td = ref.startsWith('arn:') || ref.includes(':') ? registry.find(ref) : undefined;
    if (!td) failures.push({ ref, reason: 'MISSING' });
    else if (td.status === 'ACTIVE') failures.push({ ref: td.arn, reason: STILL_ACTIVE_REASON });
    else {
      if (td.status === 'INACTIVE') {
        td.status = 'DELETE_IN_PROGRESS';
        td.deleteRequestedAt = now;
      }
      deleted.push(td);
    }
  }
  return { deleted, failures };
}
