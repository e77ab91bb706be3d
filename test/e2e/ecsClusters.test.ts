import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  paginateListClusters,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_DRAINING_MS } from '../../state/ecs/services.js';
import { caught, FROZEN_AT, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];

async function registerWeb(ecs: ECSClient) {
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
  );
}

describe('CreateCluster', () => {
  it('creates an ACTIVE cluster with zero counters and the ARN of its region', async () => {
    const { cluster } = await emu
      .ecs('eu-west-1')
      .send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'team', value: 'a' }] }));
    expect(cluster).toEqual({
      clusterArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/c1',
      clusterName: 'c1',
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
      statistics: expect.any(Array),
      tags: [{ key: 'team', value: 'a' }],
      settings: [{ name: 'containerInsights', value: 'disabled' }],
      capacityProviders: [],
      defaultCapacityProviderStrategy: [],
      attachments: [],
    });
  });

  it('names the cluster "default" when no name is given', async () => {
    const { cluster } = await emu.ecs().send(new CreateClusterCommand({}));
    expect(cluster!.clusterArn).toBe('arn:aws:ecs:us-east-1:000000000000:cluster/default');
  });

  it('is idempotent for an ACTIVE name: the same cluster comes back, unchanged', async () => {
    const ecs = emu.ecs();
    const first = await ecs.send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'k', value: '1' }] }));
    const second = await ecs.send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'k', value: '2' }] }));
    expect(second.cluster).toEqual(first.cluster);
    expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([first.cluster!.clusterArn]);
  });

  it('creates a fresh ACTIVE cluster under the name of an INACTIVE one', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    expect(cluster!.status).toBe('ACTIVE');
  });

  it('keeps regions apart: the same name in three regions is three clusters', async () => {
    await Promise.all(REGIONS.map((r) => emu.ecs(r).send(new CreateClusterCommand({ clusterName: 'shared' }))));
    for (const r of REGIONS) {
      const { clusterArns } = await emu.ecs(r).send(new ListClustersCommand({}));
      expect(clusterArns).toEqual([`arn:aws:ecs:${r}:000000000000:cluster/shared`]);
    }
    await emu.ecs('eu-west-1').send(new DeleteClusterCommand({ cluster: 'shared' }));
    expect((await emu.ecs('us-east-1').send(new ListClustersCommand({}))).clusterArns).toHaveLength(1);
  });

  it('creates AWSServiceRoleForECS when it is missing and records the use with the region', async () => {
    const iam = emu.iam();
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })))).name).toBe('NoSuchEntityException');
    await emu.ecs('ap-south-1').send(new CreateClusterCommand({ clusterName: 'c1' }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role).toMatchObject({
      Path: '/aws-service-role/ecs.amazonaws.com/',
      CreateDate: FROZEN_AT,
      RoleLastUsed: { LastUsedDate: FROZEN_AT, Region: 'ap-south-1' },
    });
  });

  it('reuses the existing role and moves RoleLastUsed to the latest region and time', async () => {
    await emu.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'a' }));
    const { Role: before } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    emu.clock.advance(60_000);
    await emu.ecs('us-east-1').send(new CreateClusterCommand({ clusterName: 'b' }));
    const { Role: after } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(after!.RoleId).toBe(before!.RoleId);
    expect(after!.RoleLastUsed).toEqual({ LastUsedDate: new Date(FROZEN_AT.getTime() + 60_000), Region: 'us-east-1' });
  });
});

describe('DescribeClusters', () => {
  it('describes by name or ARN and reports unknown ones as MISSING failures', async () => {
    const ecs = emu.ecs('eu-west-1');
    const { cluster } = await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    const res = await ecs.send(new DescribeClustersCommand({ clusters: ['c1', cluster!.clusterArn!, 'ghost'] }));
    expect(res.clusters!.map((c) => c.clusterName)).toEqual(['c1', 'c1']);
    expect(res.failures).toEqual([{ arn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/ghost', reason: 'MISSING' }]);
  });

  it('describes the default cluster when none is named', async () => {
    const res = await emu.ecs().send(new DescribeClustersCommand({}));
    expect(res.clusters).toEqual([]);
    expect(res.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:000000000000:cluster/default', reason: 'MISSING' }]);
  });

  it('does not find a cluster of another region by its ARN', async () => {
    const { cluster } = await emu.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'c1' }));
    const res = await emu.ecs('us-east-1').send(new DescribeClustersCommand({ clusters: [cluster!.clusterArn!] }));
    expect(res.failures).toEqual([{ arn: cluster!.clusterArn, reason: 'MISSING' }]);
  });

  it('still describes a deleted cluster, as INACTIVE', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    const res = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }));
    expect(res.clusters![0]!.status).toBe('INACTIVE');
    expect(res.failures).toEqual([]);
  });

  it('adds tags, settings and statistics only when asked to', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'k', value: 'v' }] }));
    const plain = (await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }))).clusters![0]!;
    expect(plain.tags).toEqual([]);
    expect(plain.settings).toBeUndefined();
    expect(plain.statistics).toEqual([]);
    const full = (
      await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['TAGS', 'SETTINGS', 'STATISTICS'] }))
    ).clusters![0]!;
    expect(full.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect(full.settings).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
    expect(full.statistics).toContainEqual({ name: 'runningFargateTasksCount', value: '0' });
  });

  it('keeps the counters true to the state as services, instances and tasks come and go', async () => {
    const ecs = emu.ecs('eu-west-1');
    const counters = async () => {
      const c = (await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }))).clusters![0]!;
      return [c.activeServicesCount, c.registeredContainerInstancesCount, c.runningTasksCount, c.pendingTasksCount];
    };
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await registerWeb(ecs);
    expect(await counters()).toEqual([0, 0, 0, 0]);
    const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    expect(await counters()).toEqual([0, 1, 0, 0]);
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 3 }));
    // The deployment is PENDING for 0.1 s, then its tasks are pending until they run.
    expect(await counters()).toEqual([1, 1, 0, 0]);
    await emu.passTime(0.1);
    expect(await counters()).toEqual([1, 1, 0, 3]);
    await emu.passTime(TASK_SECONDS);
    expect(await counters()).toEqual([1, 1, 3, 0]);
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', count: 2 }));
    expect(await counters()).toEqual([1, 1, 3, 2]);
    await emu.passTime(TASK_SECONDS);
    expect(await counters()).toEqual([1, 1, 5, 0]);
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: tasks![0]!.taskArn }));
    expect(await counters()).toEqual([1, 1, 4, 0]);
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 1 }));
    expect(await counters()).toEqual([1, 1, 2, 0]);
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1', force: true }));
    expect(await counters()).toEqual([0, 1, 1, 0]);
    await ecs.send(
      new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: containerInstance!.containerInstanceArn, force: true }),
    );
    // The standalone task ran on the instance: forced deregistration orphans it.
    expect(await counters()).toEqual([0, 0, 0, 0]);
  });
});

describe('DescribeClusters counters and snapshots', () => {
  it('stay true after a snapshot is restored, as restored tasks start and stop', async () => {
    const ecs = emu.ecs('eu-west-1');
    const counters = async () => {
      const c = (await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['STATISTICS'] }))).clusters![0]!;
      const stat = (name: string) => Number(c.statistics!.find((s) => s.name === name)!.value);
      return [c.runningTasksCount, c.pendingTasksCount, stat('runningFargateTasksCount'), stat('pendingFargateTasksCount')];
    };
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await registerWeb(ecs);
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', count: 3, launchType: 'FARGATE' }));
    await emu.passTime(TASK_SECONDS);
    await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', count: 2, launchType: 'FARGATE' }));
    expect(await counters()).toEqual([3, 2, 3, 2]);
    const snapshot = (await emu.admin('snapshot')).body;
    expect((await emu.admin('reset', {})).status).toBe(200);
    expect((await emu.admin('snapshot', snapshot)).status).toBe(200);
    expect(await counters()).toEqual([3, 2, 3, 2]);
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: tasks![0]!.taskArn }));
    expect(await counters()).toEqual([2, 2, 2, 2]);
    await emu.passTime(TASK_SECONDS);
    expect(await counters()).toEqual([4, 0, 4, 0]);
  });
});

describe('ListClusters', () => {
  it('lists ACTIVE clusters in creation order, page by page', async () => {
    const ecs = emu.ecs();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await ecs.send(new CreateClusterCommand({ clusterName: name }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c' }));
    const first = await ecs.send(new ListClustersCommand({ maxResults: 2 }));
    expect(first.clusterArns!.map((a) => a.split('/')[1])).toEqual(['a', 'b']);
    expect(first.nextToken).toBeDefined();
    const names: string[] = [];
    for await (const page of paginateListClusters({ client: ecs, pageSize: 3 }, {})) {
      names.push(...page.clusterArns!.map((a) => a.split('/')[1]!));
    }
    expect(names).toEqual(['a', 'b', 'd', 'e']);
    const last = await ecs.send(new ListClustersCommand({ maxResults: 4 }));
    expect(last.nextToken).toBeUndefined();
  });
});

describe('DeleteCluster', () => {
  it('returns the cluster as INACTIVE and removes it from ListClusters', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: 'arn:aws:ecs:us-east-1:000000000000:cluster/c1' }));
    expect(cluster!.status).toBe('INACTIVE');
    expect((await ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
  });

  it('refuses an unknown or already deleted cluster with ClusterNotFoundException', async () => {
    const ecs = emu.ecs();
    let e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'ghost' })));
    expect(e.name).toBe('ClusterNotFoundException');
    expect(e.message).toBe('Cluster not found.');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterNotFoundException');
  });

  it('refuses while services are ACTIVE, and while a deleted one is still DRAINING', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await registerWeb(ecs);
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 0 }));
    let e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterContainsServicesException');
    expect(e.message).toBe('The Cluster cannot be deleted while Services are active.');
    expect(e.$metadata.httpStatusCode).toBe(400);
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1' }));
    e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterContainsServicesException');
    emu.clock.advance(SERVICE_DRAINING_MS);
    const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    expect(cluster!.status).toBe('INACTIVE');
  });

  it('refuses while container instances are registered', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    const e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterContainsContainerInstancesException');
    expect(e.message).toBe('The Cluster cannot be deleted while Container Instances are active or draining.');
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['c1'] }));
    expect(clusters![0]!.status).toBe('ACTIVE');
  });

  it('refuses while tasks are active, until they have STOPPED', async () => {
    const ecs = emu.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
    await registerWeb(ecs);
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', launchType: 'FARGATE' }));
    const e = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect(e.name).toBe('ClusterContainsTasksException');
    expect(e.message).toBe('The Cluster cannot be deleted while Tasks are active.');
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: tasks![0]!.taskArn }));
    // A stopping task is still active.
    expect((await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })))).name).toBe('ClusterContainsTasksException');
    await emu.passTime(TASK_SECONDS);
    expect((await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }))).cluster!.status).toBe('INACTIVE');
  });
});
