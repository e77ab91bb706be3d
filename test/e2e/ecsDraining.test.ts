import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateContainerInstancesStateCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs();
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }),
  );
});
afterEach(async () => {
  await emu.close();
});

async function register() {
  const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
  return containerInstance!.containerInstanceArn!;
}

async function tasksOn(instance: string) {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'c1', containerInstance: instance }));
  return taskArns!;
}

const drain = (instances: string[], status: 'DRAINING' | 'ACTIVE' = 'DRAINING') =>
  ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c1', containerInstances: instances, status }));

describe('UpdateContainerInstancesState', () => {
  it('DRAINING moves service tasks to other instances and leaves tasks of no service running', async () => {
    const a = await register();
    const b = await register();
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's', taskDefinition: 'web', desiredCount: 2 }));
    await emu.passTime(TASK_SECONDS); // the deployment places the service's tasks
    const { tasks: [standalone] = [] } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', launchType: 'EC2' }));
    const onA = await tasksOn(a);
    expect(onA.length).toBeGreaterThan(0);

    const { containerInstances, failures } = await drain([a]);
    expect(failures).toEqual([]);
    expect(containerInstances![0]).toMatchObject({ containerInstanceArn: a, status: 'DRAINING' });

    // The service's tasks on a are stopped and replaced on b; the standalone task stays.
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: onA }));
    for (const t of tasks!) {
      if (t.taskArn === standalone!.taskArn) expect(t.desiredStatus).toBe('RUNNING');
      else expect(t).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' });
    }
    const { taskArns: serviceTasks } = await ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: 's' }));
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: serviceTasks! }));
    expect(described.tasks!.map((t) => t.containerInstanceArn)).toEqual([b, b]);
  });

  it('a DRAINING instance takes no new tasks; ACTIVE again, it does', async () => {
    const a = await register();
    await drain([a]);
    const refused = await caught(ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', launchType: 'EC2' })));
    expect(refused.message).toBe('No Container Instances were found in your cluster.');
    const { containerInstances } = await drain([a], 'ACTIVE');
    expect(containerInstances![0]!.status).toBe('ACTIVE');
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', launchType: 'EC2' }));
    expect(tasks![0]!.containerInstanceArn).toBe(a);
  });

  it('ListContainerInstances filters by DRAINING; DescribeContainerInstances shows the status and a new version', async () => {
    const a = await register();
    const b = await register();
    await drain([a]);
    const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1', status: 'DRAINING' }));
    expect(containerInstanceArns).toEqual([a]);
    const all = await ecs.send(new ListContainerInstancesCommand({ cluster: 'c1' }));
    expect(all.containerInstanceArns).toEqual([a, b]);
    const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'c1', containerInstances: [a] }));
    expect(containerInstances![0]).toMatchObject({ status: 'DRAINING', version: 2, agentConnected: true });
  });

  it('reports unknown instances as MISSING failures and refuses statuses other than ACTIVE and DRAINING', async () => {
    const a = await register();
    const { containerInstances, failures } = await drain([a, 'nope']);
    expect(containerInstances).toHaveLength(1);
    expect(failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/c1/nope', reason: 'MISSING' }]);
    const e = await caught(
      ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'c1', containerInstances: [a], status: 'REGISTERING' })),
    );
    expect(e.name).toBe('InvalidParameterException');
    const many = await caught(drain(Array.from({ length: 11 }, () => a)));
    expect(many.name).toBe('InvalidParameterException');
  });
});

describe('DeleteCluster refusals, as AWS words them', () => {
  it('while services are active, then while instances are active or draining, then while tasks are active', async () => {
    const a = await register();
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's', taskDefinition: 'web', desiredCount: 0 }));
    const services = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect([services.name, services.message]).toEqual([
      'ClusterContainsServicesException',
      'The Cluster cannot be deleted while Services are active.',
    ]);
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's' }));
    await emu.admin('clock', { advanceSeconds: 60 });
    await drain([a]);
    const instances = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect([instances.name, instances.message]).toEqual([
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active or draining.',
    ]);
    await ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'c1', containerInstance: a }));
    const { tasks } = await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web' }));
    const running = await caught(ecs.send(new DeleteClusterCommand({ cluster: 'c1' })));
    expect([running.name, running.message]).toEqual([
      'ClusterContainsTasksException',
      'The Cluster cannot be deleted while Tasks are active.',
    ]);
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: tasks![0]!.taskArn! }));
    await emu.admin('clock', { advanceSeconds: 60 });
    const { cluster } = await ecs.send(new DeleteClusterCommand({ cluster: 'c1' }));
    expect(cluster!.status).toBe('INACTIVE');
  });
});
