import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeServicesCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import {
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('us-east-1');
});
afterEach(async () => {
  await emu.close();
});

const ROLE = 'AWSServiceRoleForECS';

async function admin(path: string, body: unknown, method = 'POST') {
  const res = await emu.admin(path, body, method);
  expect(res.status).toBe(200);
  return res.body;
}
const advance = (seconds: number) => admin('clock', { advanceSeconds: seconds });

async function submit(): Promise<string> {
  return (await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE }))).DeletionTaskId!;
}
const status = (DeletionTaskId: string) => iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));

/** Submits a deletion, lets it run to its end on the clock, and returns the final status. */
async function deleteRoleAndWait() {
  const id = await submit();
  await advance(2);
  return status(id);
}

async function registerInstance(ecs: ECSClient, cluster: string) {
  const { containerInstance } = await ecs.send(
    new RegisterContainerInstanceCommand({
      cluster,
      totalResources: [
        { name: 'CPU', type: 'INTEGER', integerValue: 2048 },
        { name: 'MEMORY', type: 'INTEGER', integerValue: 4096 },
      ],
    }),
  );
  return containerInstance!.containerInstanceArn!;
}

describe("the seed's story: 6 resources in 3 regions, reported 5 then 1", () => {
  it('fails listing 5, then the remaining 1, then succeeds', async () => {
    await admin('config', { usageReport: 'limit:5' }, 'PUT');
    const seoul = emu.ecs('ap-northeast-2');
    const ireland = emu.ecs('eu-west-1');
    const virginia = emu.ecs('us-east-1');

    // ap-northeast-2: a cluster with a FARGATE service running one task (3 resources).
    const web = (await seoul.send(new CreateClusterCommand({ clusterName: 'web' }))).cluster!.clusterArn!;
    await seoul.send(
      new RegisterTaskDefinitionCommand({
        family: 'api',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'api', image: 'nginx', essential: true }],
      }),
    );
    const api = (
      await seoul.send(
        new CreateServiceCommand({
          cluster: 'web',
          serviceName: 'api',
          taskDefinition: 'api',
          desiredCount: 1,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } },
        }),
      )
    ).service!.serviceArn!;
    await advance(1); // the deployment places the task, which starts
    const [apiTask] = (await seoul.send(new ListTasksCommand({ cluster: 'web' }))).taskArns!;
    expect(apiTask).toBeDefined();
    // eu-west-1: a cluster with a registered container instance (2 resources).
    const batch = (await ireland.send(new CreateClusterCommand({ clusterName: 'batch' }))).cluster!.clusterArn!;
    const instance = await registerInstance(ireland, 'batch');
    // us-east-1: a cluster (1 resource).
    const legacy = (await virginia.send(new CreateClusterCommand({ clusterName: 'legacy' }))).cluster!.clusterArn!;

    // First attempt: 5 of the 6 are reported, grouped by region.
    const first = await deleteRoleAndWait();
    expect(first.Status).toBe('FAILED');
    expect(first.Reason).toEqual({
      Reason:
        'Service-linked role AWSServiceRoleForECS is in use and cannot be deleted. ecs.amazonaws.com still has resources ' +
        'that use the role: remove them in every region, then submit the deletion again.',
      RoleUsageList: [
        { Region: 'ap-northeast-2', Resources: [web, api, apiTask] },
        { Region: 'eu-west-1', Resources: [batch, instance] },
      ],
    });

    // The user removes those 5, as the seed's clean-up path says: scale services to 0 and
    // delete them, force-deregister container instances, delete clusters.
    await seoul.send(new UpdateServiceCommand({ cluster: 'web', service: 'api', desiredCount: 0 }));
    await seoul.send(new DeleteServiceCommand({ cluster: 'web', service: 'api' }));
    await advance(30); // the service drains to INACTIVE
    expect((await seoul.send(new DescribeServicesCommand({ cluster: 'web', services: ['api'] }))).services![0]!.status).toBe(
      'INACTIVE',
    );
    await seoul.send(new DeleteClusterCommand({ cluster: 'web' }));
    await ireland.send(new DeregisterContainerInstanceCommand({ cluster: 'batch', containerInstance: instance, force: true }));
    await ireland.send(new DeleteClusterCommand({ cluster: 'batch' }));

    // Second attempt: the remaining 1.
    const second = await deleteRoleAndWait();
    expect(second.Status).toBe('FAILED');
    expect(second.Reason!.RoleUsageList).toEqual([{ Region: 'us-east-1', Resources: [legacy] }]);

    // Third attempt, after removing it: SUCCEEDED, and the role is gone.
    await virginia.send(new DeleteClusterCommand({ cluster: 'legacy' }));
    const third = await deleteRoleAndWait();
    expect(third).toMatchObject({ Status: 'SUCCEEDED' });
    expect(third.Reason).toBeUndefined();
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: ROLE })))).name).toBe('NoSuchEntityException');
  });

  it('reports all 6 under the default mode, and none (a reason only) under mode none', async () => {
    const regions = ['us-east-1', 'eu-west-1', 'ap-northeast-2'];
    for (const [i, region] of regions.entries()) {
      await emu.ecs(region).send(new CreateClusterCommand({ clusterName: `c${i}a` }));
      await emu.ecs(region).send(new CreateClusterCommand({ clusterName: `c${i}b` }));
    }
    const all = await deleteRoleAndWait();
    expect(all.Reason!.RoleUsageList!.map((u) => [u.Region, u.Resources!.length])).toEqual([
      ['ap-northeast-2', 2],
      ['eu-west-1', 2],
      ['us-east-1', 2],
    ]);
    await admin('config', { usageReport: 'none' }, 'PUT');
    const none = await deleteRoleAndWait();
    expect(none.Status).toBe('FAILED');
    expect(none.Reason!.Reason).toContain('still has resources that use the role');
    expect(none.Reason!.RoleUsageList ?? []).toEqual([]);
  });
});

describe('usage is judged as of the finish instant', () => {
  it('lists a deleted service only if it is still DRAINING when the task finishes, however late it is settled', async () => {
    const ecs = emu.ecs('eu-west-1');
    const cluster = (await ecs.send(new CreateClusterCommand({ clusterName: 'c' }))).cluster!.clusterArn!;
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'f', containerDefinitions: [{ name: 'f', image: 'busybox', memory: 64 }] }));
    const svc = (await ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 's', taskDefinition: 'f', desiredCount: 0 })))
      .service!.serviceArn!;
    await ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 's' })); // DRAINING for 10 s

    const early = await submit(); // finishes at +2 s: still DRAINING then
    await advance(600); // settled ten minutes later (within the 15 minutes a finished task stays readable)
    expect((await status(early)).Reason!.RoleUsageList).toEqual([{ Region: 'eu-west-1', Resources: [cluster, svc] }]);

    const late = await submit(); // finishes long after the service became INACTIVE
    await advance(2);
    expect((await status(late)).Reason!.RoleUsageList).toEqual([{ Region: 'eu-west-1', Resources: [cluster] }]);
  });
});

describe('races between ECS and a deletion task', () => {
  it('a cluster created while the task is IN_PROGRESS makes it fail', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'old' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'old' }));
    const id = await submit();
    await advance(0.5);
    expect((await status(id)).Status).toBe('IN_PROGRESS');
    const late = (await ecs.send(new CreateClusterCommand({ clusterName: 'late' }))).cluster!.clusterArn!;
    await advance(1.5);
    const failed = await status(id);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason!.RoleUsageList).toEqual([{ Region: 'eu-west-1', Resources: [late] }]);
    expect((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role).toBeDefined();
  });

  it('a cluster created and deleted again while IN_PROGRESS still fails the task', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'first' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'first' }));
    const id = await submit();
    await advance(1);
    await ecs.send(new CreateClusterCommand({ clusterName: 'blip' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'blip' }));
    await advance(1);
    const failed = await status(id);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason!.Reason).toContain('used the role while the deletion was in progress');
  });

  it('a cluster created and deleted while NOT_STARTED does not fail it: usage is judged at the end', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'first' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'first' }));
    const id = await submit();
    await ecs.send(new CreateClusterCommand({ clusterName: 'blip' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'blip' }));
    await advance(2);
    expect((await status(id)).Status).toBe('SUCCEEDED');
  });

  it('concurrent deletes yield one task', async () => {
    await emu.ecs('us-east-1').send(new CreateClusterCommand({ clusterName: 'c' }));
    await emu.ecs('us-east-1').send(new DeleteClusterCommand({ cluster: 'c' }));
    const ids = await Promise.all(Array.from({ length: 8 }, () => submit()));
    expect(new Set(ids).size).toBe(1);
  });

  it('ECS re-creates the role on the next CreateCluster after SUCCEEDED', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
    const before = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    await ecs.send(new DeleteClusterCommand({ cluster: 'c' }));
    expect((await deleteRoleAndWait()).Status).toBe('SUCCEEDED');
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: ROLE })))).name).toBe('NoSuchEntityException');

    await ecs.send(new CreateClusterCommand({ clusterName: 'again' }));
    const after = (await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!;
    expect(after.Arn).toBe(before.Arn);
    expect(after.RoleId).not.toBe(before.RoleId);
    // And the new role is in use again.
    expect((await deleteRoleAndWait()).Status).toBe('FAILED');
  });
});
