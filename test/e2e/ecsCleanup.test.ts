import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_DRAINING_MS } from '../../state/ecs/services.js';
import { caught, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-2'];

/** A cluster per region with EC2 instances, a scaled service and a standalone task. */
async function buildEstate(ecs: ECSClient) {
  await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
  await ecs.send(new CreateClusterCommand({ clusterName: 'batch' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
  );
  await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'prod' }));
  await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'prod' }));
  await ecs.send(new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web', desiredCount: 3 }));
  await ecs.send(new CreateServiceCommand({ cluster: 'batch', serviceName: 'jobs', taskDefinition: 'web', desiredCount: 1, launchType: 'FARGATE' }));
  await ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'web' }));
}

/** The seed's first steps, per region: scale services to 0 and delete them, force-deregister instances. */
async function retireServicesAndInstances(ecs: ECSClient) {
  const { clusterArns } = await ecs.send(new ListClustersCommand({}));
  for (const cluster of clusterArns!) {
    for (const service of (await ecs.send(new ListServicesCommand({ cluster }))).serviceArns!) {
      await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 }));
      await ecs.send(new DeleteServiceCommand({ cluster, service }));
    }
    for (const containerInstance of (await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns!) {
      await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance, force: true }));
    }
  }
}

/** The seed's last step: delete the clusters. */
async function deleteClusters(ecs: ECSClient) {
  const { clusterArns } = await ecs.send(new ListClustersCommand({}));
  for (const cluster of clusterArns!) await ecs.send(new DeleteClusterCommand({ cluster }));
}

const usage = (region: string) => emu.store.account().region(region).ecs.serviceLinkedRoleUsage(emu.clock.now());

describe('the seed clean-up path in every region', () => {
  it('leaves no resource that uses AWSServiceRoleForECS in any region', async () => {
    await Promise.all(REGIONS.map((r) => buildEstate(emu.ecs(r))));
    await emu.passTime(TASK_SECONDS); // the services' deployments place their tasks
    for (const r of REGIONS) {
      // 2 clusters + 2 services + 2 instances + 4 tasks on prod and 1 on batch.
      expect(usage(r)).toHaveLength(11);
      expect(usage(r)[0]).toBe(`arn:aws:ecs:${r}:000000000000:cluster/prod`);
    }
    // The role exists, made by ECS, without anyone creating it by hand.
    await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));

    await Promise.all(REGIONS.map((r) => retireServicesAndInstances(emu.ecs(r))));
    await emu.passTime(TASK_SECONDS); // the services' tasks stop
    // Deleted services drain before their clusters can go; until then the clusters are in use.
    const e = await caught(deleteClusters(emu.ecs(REGIONS[0])));
    expect(e.name).toBe('ClusterContainsServicesException');
    const arn = (path: string) => `arn:aws:ecs:${REGIONS[0]}:000000000000:${path}`;
    expect(usage(REGIONS[0]!)).toEqual([arn('cluster/prod'), arn('service/prod/web'), arn('cluster/batch'), arn('service/batch/jobs')]);
    emu.clock.advance(SERVICE_DRAINING_MS);
    await Promise.all(REGIONS.map((r) => deleteClusters(emu.ecs(r))));
    for (const r of REGIONS) {
      expect(usage(r), r).toEqual([]);
      expect(emu.store.account().region(r).ecs.activeClusterCount).toBe(0);
    }
  });

  it('stops short while a service still runs tasks: DeleteService refuses and nothing is lost', async () => {
    const ecs = emu.ecs('eu-west-1');
    await buildEstate(ecs);
    await emu.passTime(TASK_SECONDS);
    const before = usage('eu-west-1');
    const e = await caught(ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'web' })));
    expect(e.message).toBe('The service cannot be stopped while it is scaled above 0.');
    expect(usage('eu-west-1')).toEqual(before);
  });
});
