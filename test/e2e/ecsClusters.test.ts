import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  paginateListClusters,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

describe('CreateCluster', () => {
  it('creates an ACTIVE cluster with zero counters and the ARN of its region', async () => {
    const { cluster } = await emu.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'c1', tags: [{ key: 'team', value: 'a' }] }));
    expect(cluster).toMatchObject({
      clusterArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/c1',
      clusterName: 'c1',
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
      tags: [{ key: 'team', value: 'a' }],
      settings: [{ name: 'containerInsights', value: 'disabled' }],
      capacityProviders: [],
      defaultCapacityProviderStrategy: [],
    });
  });

  it('creates AWSServiceRoleForECS when it is missing and records the use with the region', async () => {
    await emu.ecs('ap-south-1').send(new CreateClusterCommand({ clusterName: 'c1' }));
    const { Role } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role).toMatchObject({
      Path: '/aws-service-role/ecs.amazonaws.com/',
      RoleLastUsed: { LastUsedDate: FROZEN_AT, Region: 'ap-south-1' },
    });
  });
});
