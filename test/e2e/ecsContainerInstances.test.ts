import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  paginateListContainerInstances,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('us-west-2');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', cpu: 256, memory: 512 }] }),
  );
});
afterEach(async () => {
  await emu.close();
});

const register = (extra: Record<string, unknown> = {}) =>
  ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1', ...extra })).then((r) => r.containerInstance!);

describe('RegisterContainerInstance', () => {
  it('registers an ACTIVE instance with a long-format ARN, its EC2 id and resources', async () => {
    const instance = await register({
      instanceIdentityDocument: JSON.stringify({ instanceId: 'i-0123456789abcdef0', region: 'us-west-2' }),
      versionInfo: { agentVersion: '1.80.0', dockerVersion: '24.0.5' },
      attributes: [{ name: 'ecs.os-type', value: 'linux' }],
    });
    expect(instance.containerInstanceArn).toMatch(/^arn:aws:ecs:us-west-2:000000000000:container-instance\/c1\/[0-9a-f]{32}$/);
    expect(instance).toMatchObject({
      ec2InstanceId: 'i-0123456789abcdef0',
      status: 'ACTIVE',
      agentConnected: true,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      registeredAt: FROZEN_AT,
      versionInfo: { agentVersion: '1.80.0', dockerVersion: '24.0.5' },
      attributes: [{ name: 'ecs.os-type', value: 'linux' }],
    });
    expect(instance.registeredResources).toContainEqual(expect.objectContaining({ name: 'CPU', integerValue: 2048 }));
  });

  it('makes up an EC2 instance id when the agent sends no identity document', async () => {
    expect((await register()).ec2InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
  });

  it('refuses an unknown cluster', async () => {
    const e = await caught(ecs.send(new RegisterContainerInstanceCommand({ cluster: 'ghost' })));
    expect(e.name).toBe('ClusterNotFoundException');
  });
});

describe('DescribeContainerInstances', () => {
  it('counts the tasks on the instance and what they leave of its resources', async () => {
    const instance = await register();
    await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', count: 2 }));
    const { containerInstances, failures } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'c1', containerInstances: [instance.containerInstanceArn!, 'ghost'] }),
    );
    // Placed tasks are pending at first, and already hold their share of the instance.
    expect(containerInstances![0]).toMatchObject({ runningTasksCount: 0, pendingTasksCount: 2 });
    expect(containerInstances![0]!.remainingResources).toContainEqual(expect.objectContaining({ name: 'CPU', integerValue: 2048 - 512 }));
    expect(containerInstances![0]!.remainingResources).toContainEqual(expect.objectContaining({ name: 'MEMORY', integerValue: 3943 - 1024 }));
    expect(failures).toEqual([{ arn: 'arn:aws:ecs:us-west-2:000000000000:container-instance/c1/ghost', reason: 'MISSING' }]);
    await emu.passTime(TASK_SECONDS);
    const later = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c1', containerInstances: [instance.containerInstanceArn!] }));
    expect(later.containerInstances![0]).toMatchObject({ runningTasksCount: 2, pendingTasksCount: 0 });
  });

  it('finds an instance by its id as well as its ARN, with tags on request', async () => {
    const instance = await register({ tags: [{ key: 'k', value: 'v' }] });
    const id = instance.containerInstanceArn!.split('/').pop()!;
    const { containerInstances } = await ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'c1', containerInstances: [id], include: ['TAGS'] }),
    );
    expect(containerInstances![0]!.tags).toEqual([{ key: 'k', value: 'v' }]);
  });
});

describe('ListContainerInstances', () => {
  it('lists registered instances in registration order, by status, page by page', async () => {
    const a = await register();
    const b = await register();
    const c = await register();
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: b.containerInstanceArn }));
    expect((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1' }))).containerInstanceArns).toEqual([
      a.containerInstanceArn,
      c.containerInstanceArn,
    ]);
    expect((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1', status: 'DRAINING' }))).containerInstanceArns).toEqual([]);
    const paged: string[] = [];
    for await (const page of paginateListContainerInstances({ client: ecs, pageSize: 1 }, { cluster: 'c1' })) {
      paged.push(...page.containerInstanceArns!);
    }
    expect(paged).toEqual([a.containerInstanceArn, c.containerInstanceArn]);
  });
});

describe('DeregisterContainerInstance', () => {
  it('deregisters an idle instance: INACTIVE, and gone from the list', async () => {
    const instance = await register();
    const { containerInstance } = await ecs.send(
      new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: instance.containerInstanceArn }),
    );
    expect(containerInstance).toMatchObject({ status: 'INACTIVE', agentConnected: false });
    expect((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1' }))).containerInstanceArns).toEqual([]);
  });

  it('refuses while tasks run on the instance, unless forced', async () => {
    const instance = await register();
    await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web' }));
    const e = await caught(
      ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: instance.containerInstanceArn })),
    );
    expect(e.name).toBe('InvalidParameterException');
    expect((await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1' }))).containerInstanceArns).toHaveLength(1);
    await ecs.send(
      new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: instance.containerInstanceArn, force: true }),
    );
    // Orphaned: ECS no longer accounts for the task.
    expect((await ecs.send(new ListTasksCommand({ cluster: 'c1' }))).taskArns).toEqual([]);
  });

  it('forced, lets services replace their tasks elsewhere', async () => {
    const a = await register();
    const b = await register();
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 2 }));
    await emu.passTime(TASK_SECONDS);
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: a.containerInstanceArn, force: true }));
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: 's1' }));
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: taskArns }));
    expect(tasks!.map((t) => t.containerInstanceArn)).toEqual([b.containerInstanceArn, b.containerInstanceArn]);
  });

  it('refuses an unknown instance', async () => {
    const e = await caught(ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: 'ghost' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The referenced container instance was not found.');
  });
});
