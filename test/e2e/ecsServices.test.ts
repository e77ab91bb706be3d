import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  paginateListServices,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICE_DRAINING_MS } from '../../state/ecs/services.js';
import { caught, FROZEN_AT, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('eu-west-1');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  for (let i = 0; i < 2; i++) {
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: `nginx:${i}`, memory: 128 }] }),
    );
  }
});
afterEach(async () => {
  await emu.close();
});

const svcArn = (name: string) => `arn:aws:ecs:eu-west-1:000000000000:service/c1/${name}`;
const tdArn = (rev: number) => `arn:aws:ecs:eu-west-1:000000000000:task-definition/web:${rev}`;

async function serviceTasks(name: string) {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: name }));
  if (taskArns!.length === 0) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: taskArns }))).tasks!;
}

/** Removes the role behind the API's back, to see ECS create it again. */
function forgetRole() {
  const iam = emu.store.account().iam;
  iam.roles.delete(iam.roles.get('AWSServiceRoleForECS'));
}

describe('CreateService', () => {
  it('creates an ACTIVE service whose deployment is IN_PROGRESS until its tasks run, FARGATE-like without instances', async () => {
    const { service } = await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web:1', desiredCount: 2, launchType: 'FARGATE' }),
    );
    expect(service).toMatchObject({
      serviceArn: svcArn('s1'),
      serviceName: 's1',
      clusterArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/c1',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 0,
      pendingCount: 0,
      launchType: 'FARGATE',
      taskDefinition: tdArn(1),
      schedulingStrategy: 'REPLICA',
      createdAt: FROZEN_AT,
      createdBy: 'arn:aws:iam::000000000000:root',
      deployments: [expect.objectContaining({ status: 'PRIMARY', desiredCount: 2, runningCount: 0, rolloutState: 'IN_PROGRESS' })],
    });
    expect(service!.deployments![0]!.id).toMatch(/^ecs-svc\/\d{19}$/);
    await emu.passTime(TASK_SECONDS);
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['s1'] }));
    expect(services![0]).toMatchObject({
      runningCount: 2,
      deployments: [expect.objectContaining({ runningCount: 2, rolloutState: 'COMPLETED' })],
    });
    const tasks = await serviceTasks('s1');
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t).toMatchObject({ lastStatus: 'RUNNING', launchType: 'FARGATE', group: 'service:s1', taskDefinitionArn: tdArn(1) });
      expect(t.containerInstanceArn).toBeUndefined();
    }
  });

  it('places tasks on registered container instances, spreading them', async () => {
    const a = (await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }))).containerInstance!;
    const b = (await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }))).containerInstance!;
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 4 }));
    await emu.passTime(TASK_SECONDS);
    const tasks = await serviceTasks('s1');
    expect(tasks.map((t) => t.launchType)).toEqual(['EC2', 'EC2', 'EC2', 'EC2']);
    const on = (arn: string) => tasks.filter((t) => t.containerInstanceArn === arn).length;
    expect([on(a.containerInstanceArn!), on(b.containerInstanceArn!)]).toEqual([2, 2]);
  });

  it('runs one task per container instance for a DAEMON service', async () => {
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    const { service } = await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 'd1', taskDefinition: 'web', schedulingStrategy: 'DAEMON' }),
    );
    expect(service).toMatchObject({ schedulingStrategy: 'DAEMON', desiredCount: 2, runningCount: 0 });
    await emu.passTime(TASK_SECONDS);
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['d1'] }));
    expect(services![0]).toMatchObject({ desiredCount: 2, runningCount: 2 });
    await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    expect(await serviceTasks('d1')).toHaveLength(3);
  });

  it('creates AWSServiceRoleForECS when it is missing and records the use', async () => {
    forgetRole();
    emu.clock.advance(5_000);
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 0 }));
    const { Role } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    const at = new Date(FROZEN_AT.getTime() + 5_000);
    expect(Role).toMatchObject({ CreateDate: at, RoleLastUsed: { LastUsedDate: at, Region: 'eu-west-1' } });
  });

  it('refuses a name already ACTIVE, or still DRAINING, and accepts it again once INACTIVE', async () => {
    const create = () =>
      ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 0 }));
    await create();
    let e = await caught(create());
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('Creation of service was not idempotent.');
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1' }));
    e = await caught(create());
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('Unable to Start a service that is still Draining.');
    emu.clock.advance(SERVICE_DRAINING_MS);
    expect((await create()).service!.status).toBe('ACTIVE');
  });

  it('refuses an unknown cluster, an INACTIVE cluster and an unknown task definition, creating nothing', async () => {
    forgetRole();
    let e = await caught(
      ecs.send(new CreateServiceCommand({ cluster: 'ghost', serviceName: 's1', taskDefinition: 'web', desiredCount: 1 })),
    );
    expect(e.name).toBe('ClusterNotFoundException');
    expect(e.message).toBe('Cluster not found.');
    expect((await caught(emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })))).name).toBe(
      'NoSuchEntityException',
    );
    await ecs.send(new CreateClusterCommand({ clusterName: 'gone' }));
    await ecs.send(new DeleteClusterCommand({ cluster: 'gone' }));
    e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'gone', serviceName: 's1', taskDefinition: 'web', desiredCount: 1 })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The specified cluster is inactive. Specify an active cluster and try again.');
    e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'nope', desiredCount: 1 })));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe('Unable to describe task definition.');
    expect((await ecs.send(new ListServicesCommand({ cluster: 'c1' }))).serviceArns).toEqual([]);
  });

  it('requires a desired count for a REPLICA service, none for a DAEMON one, and a task definition', async () => {
    let e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The desired count must be specified for services using the REPLICA scheduling strategy.');
    e = await caught(
      ecs.send(
        new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', schedulingStrategy: 'DAEMON', desiredCount: 2 }),
      ),
    );
    expect(e.message).toBe('The desired count cannot be specified for services using the DAEMON scheduling strategy.');
    e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', desiredCount: 1 })));
    expect(e.message).toBe('TaskDefinition can not be blank.');
    await ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'vpc', networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }),
    );
    e = await caught(ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'vpc', desiredCount: 1 })));
    expect(e.message).toBe("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    expect((await ecs.send(new ListServicesCommand({ cluster: 'c1' }))).serviceArns).toEqual([]);
  });
});

describe('UpdateService', () => {
  beforeEach(async () => {
    await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web:1', desiredCount: 2, launchType: 'FARGATE' }),
    );
    await emu.passTime(TASK_SECONDS);
  });

  it('refuses a desired count above the tasks-per-service quota of 5000', async () => {
    const e = await caught(ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 5001 })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe(
      "1 validation error detected: Value '5001' at 'desiredCount' failed to satisfy constraint: Member must have value less than or equal to 5000",
    );
    expect(await serviceTasks('s1')).toHaveLength(2);
  });

  it('scales the running tasks to the desired count', async () => {
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 5 }));
    expect(service).toMatchObject({ desiredCount: 5, runningCount: 2, pendingCount: 3 });
    await emu.passTime(TASK_SECONDS);
    expect((await serviceTasks('s1')).map((t) => t.lastStatus)).toEqual(Array(5).fill('RUNNING'));
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: svcArn('s1'), desiredCount: 1 }));
    expect(await serviceTasks('s1')).toHaveLength(1);
  });

  it('replaces the tasks with the new task definition in a new deployment', async () => {
    const before = (await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['s1'] }))).services![0]!;
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', taskDefinition: 'web:2' }));
    expect(service!.taskDefinition).toBe(tdArn(2));
    expect(service!.deployments![0]!.id).not.toBe(before.deployments![0]!.id);
    // New tasks start (0.1 s + 0.7 s), then the old ones stop (0.7 s).
    await emu.passTime(2 * TASK_SECONDS);
    const tasks = await serviceTasks('s1');
    expect(tasks.map((t) => t.taskDefinitionArn)).toEqual([tdArn(2), tdArn(2)]);
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }));
    expect(taskArns).toHaveLength(2);
  });

  it('creates AWSServiceRoleForECS when it is missing and records the region of the call', async () => {
    forgetRole();
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 1 }));
    const { Role } = await emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role!.RoleLastUsed).toEqual({ LastUsedDate: emu.clock.now(), Region: 'eu-west-1' });
  });

  it('refuses an unknown service with ServiceNotFoundException and a deleted one with ServiceNotActiveException', async () => {
    let e = await caught(ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'ghost', desiredCount: 1 })));
    expect(e.name).toBe('ServiceNotFoundException');
    expect(e.message).toBe('Service not found.');
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1', force: true }));
    e = await caught(ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 1 })));
    expect(e.name).toBe('ServiceNotActiveException');
    expect(e.message).toBe('Service was not ACTIVE.');
  });
});

describe('DeleteService', () => {
  beforeEach(async () => {
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 2 }));
    await emu.passTime(TASK_SECONDS);
  });

  it('refuses while the service is scaled above 0', async () => {
    const e = await caught(ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The service cannot be stopped while it is scaled above 0.');
    expect(await serviceTasks('s1')).toHaveLength(2);
  });

  it('after scaling to 0, moves the service ACTIVE → DRAINING → INACTIVE on the clock', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 's1', desiredCount: 0 }));
    const { service } = await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1' }));
    expect(service!.status).toBe('DRAINING');
    const status = async () => (await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['s1'] }))).services![0]!.status;
    emu.clock.advance(SERVICE_DRAINING_MS - 1);
    expect(await status()).toBe('DRAINING');
    emu.clock.advance(1);
    expect(await status()).toBe('INACTIVE');
  });

  it('with force, deletes a scaled service and stops its tasks', async () => {
    const { service } = await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's1', force: true }));
    expect(service).toMatchObject({ status: 'DRAINING', desiredCount: 0, runningCount: 0 });
    expect(await serviceTasks('s1')).toEqual([]);
  });

  it('refuses an unknown service and an unknown cluster', async () => {
    let e = await caught(ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 'ghost' })));
    expect(e.name).toBe('ServiceNotFoundException');
    e = await caught(ecs.send(new DeleteServiceCommand({ cluster: 'ghost', service: 's1' })));
    expect(e.name).toBe('ClusterNotFoundException');
  });
});

describe('DescribeServices', () => {
  it('describes by name or ARN, with tags on request, and reports unknown ones as MISSING', async () => {
    await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 0, tags: [{ key: 'k', value: 'v' }] }),
    );
    const res = await ecs.send(
      new DescribeServicesCommand({ cluster: 'c1', services: ['s1', svcArn('s1'), 'ghost'], include: ['TAGS'] }),
    );
    expect(res.services!.map((s) => s.serviceName)).toEqual(['s1', 's1']);
    expect(res.services![0]!.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect(res.failures).toEqual([{ arn: svcArn('ghost'), reason: 'MISSING' }]);
  });

  it('refuses an unknown cluster, and a cluster parameter that is neither a name nor an ARN', async () => {
    let e = await caught(ecs.send(new DescribeServicesCommand({ cluster: 'ghost', services: ['s1'] })));
    expect(e.name).toBe('ClusterNotFoundException');
    e = await caught(ecs.send(new DescribeServicesCommand({ cluster: 'c1\n', services: ['s1'] })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was c1\n');
  });
});

describe('ListServices', () => {
  it('lists ACTIVE services only, ten per page by default', async () => {
    for (let i = 0; i < 12; i++) {
      await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: `s${i}`, taskDefinition: 'web', desiredCount: 0 }));
    }
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 's0' }));
    const first = await ecs.send(new ListServicesCommand({ cluster: 'c1' }));
    expect(first.serviceArns).toHaveLength(10);
    expect(first.serviceArns![0]).toBe(svcArn('s1'));
    const all: string[] = [];
    for await (const page of paginateListServices({ client: ecs }, { cluster: 'c1' })) all.push(...page.serviceArns!);
    expect(all).toHaveLength(11);
    expect(all).not.toContain(svcArn('s0'));
  });

  it('filters by launch type and scheduling strategy', async () => {
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 'ec2', taskDefinition: 'web', desiredCount: 0 }));
    await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 'fg', taskDefinition: 'web', desiredCount: 0, launchType: 'FARGATE' }),
    );
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 'd', taskDefinition: 'web', schedulingStrategy: 'DAEMON' }));
    const list = async (filter: Record<string, unknown>) => (await ecs.send(new ListServicesCommand({ cluster: 'c1', ...filter }))).serviceArns;
    expect(await list({ launchType: 'FARGATE' })).toEqual([svcArn('fg')]);
    expect(await list({ launchType: 'EC2' })).toEqual([svcArn('ec2'), svcArn('d')]);
    expect(await list({ schedulingStrategy: 'DAEMON' })).toEqual([svcArn('d')]);
  });

  it('refuses an unknown cluster', async () => {
    const e = await caught(ecs.send(new ListServicesCommand({ cluster: 'ghost' })));
    expect(e.name).toBe('ClusterNotFoundException');
  });
});
