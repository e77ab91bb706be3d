import { isAddressable, type ContainerInstance } from './containerInstances.js';
import type { EcsState } from './ecsState.js';
import { ecsErrors } from './errors.js';
import { liveTasksOn } from './scheduler.js';
import { isLive } from './tasks.js';

/**
 * UpdateContainerInstancesState. DRAINING: the instance takes no new tasks, and the service
 * tasks on it are stopped and started again elsewhere by their services (tasks that belong to
 * no service keep running, as AWS documents). ACTIVE again: the scheduler may use it.
 */

export const DRAINING_STOP_REASON = 'Container instance is being drained.';

export interface InstanceStateChange {
  instances: ContainerInstance[];
  /** References that name no registered instance of the cluster. */
  missing: string[];
}

export function updateContainerInstancesState(
  ecs: EcsState,
  clusterRef: string | undefined,
  refs: readonly string[],
  status: string,
  now: Date,
): InstanceStateChange {
  const cluster = ecs.activeCluster(clusterRef);
  if (status !== 'ACTIVE' && status !== 'DRAINING') throw ecsErrors.containerInstanceStatus();
  const instances: ContainerInstance[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const instance = ecs.findContainerInstance(cluster, ref);
    if (!instance || !isAddressable(instance)) missing.push(ref);
    else instances.push(instance);
  }
  for (const instance of instances) {
    if (instance.status === status) continue;
    instance.status = status;
    instance.version++;
    if (status !== 'DRAINING') continue;
    for (const t of liveTasksOn(cluster, instance.id, now)) {
      if (t.serviceName && isLive(t, now)) cluster.tasks.stop(t, now, ecs.taskTimings, 'ServiceSchedulerInitiated', DRAINING_STOP_REASON);
    }
  }
  ecs.reconcileAll(cluster, now);
  return { instances, missing };
}
