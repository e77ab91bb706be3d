import { describe, expect, it } from 'vitest';
import { EcsState } from '../../state/ecs/ecsState.js';
import { SERVICE_DRAINING_MS } from '../../state/ecs/services.js';
import { isLive } from '../../state/ecs/tasks.js';

const t0 = new Date('2026-01-15T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
/** When a new service deployment (PENDING for 0.1 s by default) places its tasks. */
const placed = later(100);

function stateWithTaskDefinition() {
  const ecs = new EcsState('123456789012', 'eu-west-1');
  ecs.taskDefinitions.register(
    { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }], settings: {} },
    t0,
  );
  return ecs;
}

describe('EcsState.serviceLinkedRoleUsage', () => {
  it('is empty for a region without clusters', () => {
    const ecs = new EcsState('123456789012', 'eu-west-1');
    expect(ecs.serviceLinkedRoleUsage(t0)).toEqual([]);
    expect(ecs.activeClusterCount).toBe(0);
  });

  it('lists each ACTIVE cluster, then its services, instances and running tasks, in creation order', () => {
    const ecs = stateWithTaskDefinition();
    const a = ecs.createCluster('a', t0);
    const b = ecs.createCluster('b', t0);
    const instance = ecs.registerContainerInstance('a', {}, t0);
    const service = ecs.createService('a', { serviceName: 'svc', taskDefinition: 'web', desiredCount: 1, settings: {} }, t0);
    const [standalone] = ecs.runTask('b', { taskDefinition: 'web' }, t0);
    ecs.settle(placed.getTime());
    const serviceTask = [...a.tasks.values()][0]!;
    expect(serviceTask.containerInstanceArn).toBe(instance.arn);
    expect(ecs.serviceLinkedRoleUsage(placed)).toEqual([a.arn, service.arn, instance.arn, serviceTask.arn, b.arn, standalone!.arn]);
    expect(ecs.activeClusterCount).toBe(2);
  });

  it('keeps a deleted service while it is DRAINING, and drops it once INACTIVE', () => {
    const ecs = stateWithTaskDefinition();
    const c = ecs.createCluster('c', t0);
    const s = ecs.createService('c', { serviceName: 'svc', taskDefinition: 'web', desiredCount: 0, settings: {} }, t0);
    ecs.deleteService('c', 'svc', false, t0);
    expect(ecs.serviceLinkedRoleUsage(later(SERVICE_DRAINING_MS - 1))).toEqual([c.arn, s.arn]);
    expect(ecs.serviceLinkedRoleUsage(later(SERVICE_DRAINING_MS))).toEqual([c.arn]);
    // Without an instant only never-deleted services are listed.
    expect(ecs.serviceLinkedRoleUsage()).toEqual([c.arn]);
  });

  it('is empty after the seed clean-up: scale to 0, delete services, force-deregister, delete clusters', () => {
    const ecs = stateWithTaskDefinition();
    ecs.createCluster('c', t0);
    const i = ecs.registerContainerInstance('c', {}, t0);
    ecs.createService('c', { serviceName: 'svc', taskDefinition: 'web', desiredCount: 2, settings: {} }, t0);
    ecs.runTask('c', { taskDefinition: 'web' }, t0);
    ecs.updateService('c', 'svc', { desiredCount: 0, settings: {} }, t0);
    ecs.deleteService('c', 'svc', false, t0);
    ecs.deregisterContainerInstance('c', i.arn, true, t0);
    const after = later(SERVICE_DRAINING_MS);
    ecs.deleteCluster('c', after);
    expect(ecs.serviceLinkedRoleUsage(after)).toEqual([]);
    expect(ecs.activeClusterCount).toBe(0);
  });
});

describe('EcsState scheduling', () => {
  it('keeps a DAEMON service at one task per registered instance as instances come and go', () => {
    const ecs = stateWithTaskDefinition();
    const c = ecs.createCluster('c', t0);
    const a = ecs.registerContainerInstance('c', {}, t0);
    const service = ecs.createService('c', { serviceName: 'd', taskDefinition: 'web', schedulingStrategy: 'DAEMON', settings: {} }, t0);
    ecs.settle(placed.getTime());
    ecs.registerContainerInstance('c', {}, placed);
    expect(service.desiredCount).toBe(2);
    ecs.deregisterContainerInstance('c', a.id, true, placed);
    expect(service.desiredCount).toBe(1);
    const running = [...c.tasks.values()].filter((t) => isLive(t, placed));
    expect(running).toHaveLength(1);
    expect(running[0]!.containerInstanceId).not.toBe(a.id);
  });

  it('moves an orphaned service task to another instance, or FARGATE-like when none is left', () => {
    const ecs = stateWithTaskDefinition();
    const c = ecs.createCluster('c', t0);
    const a = ecs.registerContainerInstance('c', {}, t0);
    ecs.createService('c', { serviceName: 's', taskDefinition: 'web', desiredCount: 1, settings: {} }, t0);
    ecs.settle(placed.getTime());
    const b = ecs.registerContainerInstance('c', {}, placed);
    ecs.deregisterContainerInstance('c', a.arn, true, placed);
    let [task] = [...c.tasks.values()].filter((t) => isLive(t, placed));
    expect(task!.containerInstanceId).toBe(b.id);
    ecs.deregisterContainerInstance('c', b.arn, true, placed);
    [task] = [...c.tasks.values()].filter((t) => isLive(t, placed));
    expect(task).toMatchObject({ launchType: 'FARGATE', containerInstanceId: undefined });
  });

  it('counts nothing against the role once a cluster is INACTIVE, and recreating the name starts afresh', () => {
    const ecs = stateWithTaskDefinition();
    ecs.createCluster('c', t0);
    ecs.deleteCluster('c', t0);
    expect(ecs.serviceLinkedRoleUsage(t0)).toEqual([]);
    const again = ecs.createCluster('c', later(1));
    expect(again.createdAt).toEqual(later(1));
    expect(ecs.activeClusterCount).toBe(1);
    expect(ecs.listClusterArns()).toEqual([again.arn]);
  });
});

describe('EcsState.listClusterArns', () => {
  it('follows creations, deletions, re-creations and a restore, in creation order', () => {
    const ecs = new EcsState('123456789012', 'eu-west-1');
    const [a, b, c] = ['a', 'b', 'c'].map((name) => ecs.createCluster(name, t0).arn);
    expect(ecs.listClusterArns()).toEqual([a, b, c]);
    ecs.deleteCluster('b', t0);
    expect(ecs.listClusterArns()).toEqual([a, c]);
    // A re-created name moves to the end.
    ecs.createCluster('b', later(1));
    ecs.createCluster('a', later(1)); // idempotent: stays where it is
    expect(ecs.listClusterArns()).toEqual([a, c, b]);
    const restored = new EcsState('123456789012', 'eu-west-1');
    restored.restore(JSON.parse(JSON.stringify(ecs.toSnapshot())), 'ecs');
    expect(restored.listClusterArns()).toEqual([a, c, b]);
    restored.createCluster('d', later(2));
    expect(restored.listClusterArns()).toEqual([a, c, b, restored.findCluster('d')!.arn]);
  });
});
