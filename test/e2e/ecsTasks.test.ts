import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListTasks,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STOPPED_TASK_RETENTION_MS } from '../../state/ecs/tasks.js';
import { caught, FROZEN_AT, startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('eu-central-1');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'pair',
      containerDefinitions: [
        { name: 'app', image: 'nginx', memory: 128 },
        { name: 'sidecar', image: 'envoy', memory: 64 },
      ],
    }),
  );
});
afterEach(async () => {
  await emu.close();
});

const run = (extra: Record<string, unknown> = {}) =>
  ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition: 'web', ...extra })).then((r) => r.tasks!);

describe('RunTask', () => {
  it('places PROVISIONING tasks with long-format ARNs, containers and runtime ids, RUNNING once started', async () => {
    const tasks = await run({ count: 2, launchType: 'FARGATE', startedBy: 'me', tags: [{ key: 'k', value: 'v' }] });
    expect(tasks).toHaveLength(2);
    const [task] = tasks;
    expect(task!.taskArn).toMatch(/^arn:aws:ecs:eu-central-1:000000000000:task\/c1\/[0-9a-f]{32}$/);
    expect(task).toMatchObject({
      clusterArn: 'arn:aws:ecs:eu-central-1:000000000000:cluster/c1',
      taskDefinitionArn: 'arn:aws:ecs:eu-central-1:000000000000:task-definition/web:1',
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      launchType: 'FARGATE',
      group: 'family:web',
      startedBy: 'me',
      createdAt: FROZEN_AT,
      tags: [{ key: 'k', value: 'v' }],
      enableExecuteCommand: false,
    });
    expect(task!.startedAt).toBeUndefined();
    const taskId = task!.taskArn!.split('/').pop()!;
    expect(task!.containers).toEqual([
      expect.objectContaining({ name: 'app', image: 'nginx', taskArn: task!.taskArn, lastStatus: 'PENDING' }),
    ]);
    await emu.passTime(TASK_SECONDS);
    const { tasks: [running] } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [task!.taskArn!] }));
    expect(running).toMatchObject({ lastStatus: 'RUNNING', startedAt: new Date(FROZEN_AT.getTime() + 700) });
    expect(running!.containers![0]!.lastStatus).toBe('RUNNING');
    expect(task!.containers![0]!.runtimeId).toMatch(new RegExp(`^${taskId}-\\d{10}$`));
  });

  it('runs on a container instance when the cluster has one', async () => {
    const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    const [task] = await run();
    expect(task).toMatchObject({ launchType: 'EC2', containerInstanceArn: containerInstance!.containerInstanceArn });
  });

  it('refuses the EC2 launch type on a cluster without instances', async () => {
    const e = await caught(run({ launchType: 'EC2' }));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('No Container Instances were found in your cluster.');
  });

  it('refuses an unknown cluster, an unknown task definition, too many tasks and an inactive revision', async () => {
    expect((await caught(run({ cluster: 'ghost' }))).name).toBe('ClusterNotFoundException');
    expect((await caught(run({ taskDefinition: 'nope' }))).message).toBe('Unable to describe task definition.');
    expect((await caught(run({ count: 11 }))).name).toBe('InvalidParameterException');
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));
    const e = await caught(run({ taskDefinition: 'web:1' }));
    expect(e.name).toBe('ClientException');
    expect(e.message).toBe('TaskDefinition is inactive');
  });

  it('needs a network configuration for an awsvpc task definition', async () => {
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'vpc',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image: 'nginx' }],
      }),
    );
    const e = await caught(run({ taskDefinition: 'vpc', launchType: 'FARGATE' }));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    const [task] = await run({
      taskDefinition: 'vpc',
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-12345678'] } },
    });
    expect(task).toMatchObject({ launchType: 'FARGATE', cpu: '256', memory: '512', platformVersion: '1.4.0' });
  });
});

describe('StopTask', () => {
  it('stops the task with the reason and drops its tags', async () => {
    const [task] = await run({ tags: [{ key: 'k', value: 'v' }] });
    emu.clock.advance(2000);
    const { task: stopping } = await ecs.send(new StopTaskCommand({ cluster: 'c1', task: task!.taskArn, reason: 'done' }));
    const at = new Date(FROZEN_AT.getTime() + 2000);
    expect(stopping).toMatchObject({ lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'done', stoppingAt: at });
    await emu.passTime(TASK_SECONDS);
    const { tasks: [stopped] } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [task!.taskArn!] }));
    expect(stopped).toMatchObject({ lastStatus: 'STOPPED', stoppedAt: new Date(at.getTime() + 700) });
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: task!.taskArn }))).tags).toEqual([]);
  });

  it('lets a service replace a task that was stopped', async () => {
    await ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 1 }));
    await emu.passTime(TASK_SECONDS);
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: 's1' }));
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArns![0] }));
    const after = await ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: 's1' }));
    expect(after.taskArns).toHaveLength(1);
    expect(after.taskArns![0]).not.toBe(taskArns![0]);
  });

  it('refuses an unknown task', async () => {
    const e = await caught(ecs.send(new StopTaskCommand({ cluster: 'c1', task: 'ghost' })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('The referenced task was not found.');
  });
});

describe('ListTasks', () => {
  it('lists RUNNING tasks by default and filters by family, startedBy, service, instance and status', async () => {
    const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    const [onInstance] = await run({ startedBy: 'batch' });
    const [fargate] = await run({ launchType: 'FARGATE', taskDefinition: 'pair' });
    const [stopped] = await run({ launchType: 'FARGATE' });
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: stopped!.taskArn }));
    const list = async (filter: Record<string, unknown>) => (await ecs.send(new ListTasksCommand({ cluster: 'c1', ...filter }))).taskArns;
    expect(await list({})).toEqual([onInstance!.taskArn, fargate!.taskArn]);
    expect(await list({ family: 'pair' })).toEqual([fargate!.taskArn]);
    expect(await list({ startedBy: 'batch' })).toEqual([onInstance!.taskArn]);
    expect(await list({ containerInstance: containerInstance!.containerInstanceArn })).toEqual([onInstance!.taskArn]);
    expect(await list({ launchType: 'FARGATE' })).toEqual([fargate!.taskArn]);
    expect(await list({ desiredStatus: 'STOPPED' })).toEqual([stopped!.taskArn]);
    expect(await list({ desiredStatus: 'PENDING' })).toEqual([]);
  });

  it('pages in launch order: a paginator sees every task once, with and without filters', async () => {
    const web = await run({ count: 5, launchType: 'FARGATE', startedBy: 'ci' });
    const pair = await run({ count: 3, launchType: 'FARGATE', taskDefinition: 'pair' });
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: web[1]!.taskArn }));
    const pages = async (filter: Record<string, unknown>) => {
      const arns: string[] = [];
      for await (const page of paginateListTasks({ client: ecs, pageSize: 2 }, { cluster: 'c1', ...filter })) {
        expect(page.taskArns!.length).toBeLessThanOrEqual(2);
        arns.push(...page.taskArns!);
      }
      return arns;
    };
    const arns = (tasks: typeof web) => tasks.map((t) => t.taskArn);
    expect(await pages({})).toEqual(arns([web[0]!, ...web.slice(2), ...pair]));
    expect(await pages({ family: 'web' })).toEqual(arns([web[0]!, ...web.slice(2)]));
    expect(await pages({ family: 'pair', startedBy: 'ci' })).toEqual([]);
    expect(await pages({ startedBy: 'ci', desiredStatus: 'STOPPED' })).toEqual([web[1]!.taskArn]);
  });

  it('keeps a page token\'s place while tasks stop between pages', async () => {
    const tasks = await run({ count: 6, launchType: 'FARGATE' });
    const first = await ecs.send(new ListTasksCommand({ cluster: 'c1', maxResults: 3 }));
    expect(first.taskArns).toEqual(tasks.slice(0, 3).map((t) => t.taskArn));
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: tasks[0]!.taskArn }));
    const second = await ecs.send(new ListTasksCommand({ cluster: 'c1', maxResults: 3, nextToken: first.nextToken }));
    expect(second.taskArns).toEqual(tasks.slice(3).map((t) => t.taskArn));
    expect(second.nextToken).toBeUndefined();
    const bad = await caught(ecs.send(new ListTasksCommand({ cluster: 'c1', nextToken: 'not a token' })));
    expect(bad.name).toBe('InvalidParameterException');
  });

  it('refuses an unknown service name with ServiceNotFoundException', async () => {
    const e = await caught(ecs.send(new ListTasksCommand({ cluster: 'c1', serviceName: 'ghost' })));
    expect(e.name).toBe('ServiceNotFoundException');
  });
});

describe('DescribeTasks', () => {
  it('describes by id or ARN, keeps stopped tasks for an hour, then reports them MISSING', async () => {
    const [task] = await run();
    const id = task!.taskArn!.split('/').pop()!;
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: id }));
    // STOPPED 0.5 s after the stop (a task stopped before RUNNING skips DEACTIVATING).
    emu.clock.advance(500 + STOPPED_TASK_RETENTION_MS - 1);
    let res = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [id, task!.taskArn!] }));
    expect(res.tasks!.map((t) => t.lastStatus)).toEqual(['STOPPED', 'STOPPED']);
    emu.clock.advance(1);
    res = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [id] }));
    expect(res.tasks).toEqual([]);
    expect(res.failures).toEqual([{ arn: task!.taskArn, reason: 'MISSING' }]);
  });

  it('returns the containers runtimeId that `aws ecs execute-command` looks up', async () => {
    const [task] = await run({ taskDefinition: 'pair', enableExecuteCommand: true });
    await emu.passTime(TASK_SECONDS);
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [task!.taskArn!], include: ['TAGS'] }));
    expect(tasks![0]!.containers!.map((c) => c.name)).toEqual(['app', 'sidecar']);
    for (const c of tasks![0]!.containers!) {
      expect(c.runtimeId).toBeTruthy();
      expect(c.managedAgents).toEqual([expect.objectContaining({ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' })]);
    }
  });
});

describe('ExecuteCommand', () => {
  it('opens an interactive session on the task container', async () => {
    const [task] = await run({ enableExecuteCommand: true });
    await emu.passTime(TASK_SECONDS);
    const res = await ecs.send(
      new ExecuteCommandCommand({ cluster: 'c1', task: task!.taskArn, command: '/bin/sh', interactive: true }),
    );
    expect(res).toMatchObject({
      clusterArn: 'arn:aws:ecs:eu-central-1:000000000000:cluster/c1',
      taskArn: task!.taskArn,
      containerName: 'app',
      containerArn: task!.containers![0]!.containerArn,
      interactive: true,
    });
    expect(res.session!.sessionId).toMatch(/^ecs-execute-command-[0-9a-f]{17}$/);
    expect(res.session!.streamUrl).toMatch(/^wss:\/\/ssmmessages\.eu-central-1\.amazonaws\.com\//);
    expect(res.session!.tokenValue).toBeTruthy();
  });

  it('starts a session of AWSServiceRoleForECS in the region', async () => {
    const [task] = await run({ enableExecuteCommand: true });
    await emu.passTime(TASK_SECONDS);
    await ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: task!.taskArn, command: 'ls', interactive: true }));
    const sessions = emu.store.account().roleSessions.activeFor('AWSServiceRoleForECS', emu.clock.nowMs());
    expect(sessions).toEqual([expect.objectContaining({ region: 'eu-central-1', origin: 'ecs:ExecuteCommand' })]);
  });

  it('refuses a task without ECS Exec, a non-interactive command, a stopped task and an ambiguous container', async () => {
    const [plain] = await run();
    const [pair] = await run({ taskDefinition: 'pair', enableExecuteCommand: true });
    let e = await caught(ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: pair!.taskArn, command: 'ls', interactive: true })));
    expect(e.message).toBe('The execute command failed because the task is not running.');
    await emu.passTime(TASK_SECONDS);
    e = await caught(ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: plain!.taskArn, command: 'ls', interactive: true })));
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toMatch(/^The execute command failed because execute command was not enabled/);
    e = await caught(ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: pair!.taskArn, command: 'ls', interactive: false })));
    expect(e.message).toBe('Interactive is the only mode supported currently.');
    e = await caught(ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: pair!.taskArn, command: 'ls', interactive: true })));
    expect(e.name).toBe('InvalidParameterException');
    const named = await ecs.send(
      new ExecuteCommandCommand({ cluster: 'c1', task: pair!.taskArn, container: 'sidecar', command: 'ls', interactive: true }),
    );
    expect(named.containerName).toBe('sidecar');
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: pair!.taskArn }));
    e = await caught(ecs.send(new ExecuteCommandCommand({ cluster: 'c1', task: pair!.taskArn, container: 'app', command: 'ls', interactive: true })));
    expect(e.name).toBe('InvalidParameterException');
  });
});

describe('TagResource, UntagResource, ListTagsForResource', () => {
  it('tag clusters, services, tasks, task definitions and container instances by ARN', async () => {
    const { service } = await ecs.send(
      new CreateServiceCommand({ cluster: 'c1', serviceName: 's1', taskDefinition: 'web', desiredCount: 0 }),
    );
    const { containerInstance } = await ecs.send(new RegisterContainerInstanceCommand({ cluster: 'c1' }));
    const [task] = await run();
    const arns = [
      'arn:aws:ecs:eu-central-1:000000000000:cluster/c1',
      service!.serviceArn!,
      task!.taskArn!,
      'arn:aws:ecs:eu-central-1:000000000000:task-definition/web:1',
      containerInstance!.containerInstanceArn!,
    ];
    for (const resourceArn of arns) {
      await ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] }));
      await ecs.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'a', value: '3' }] }));
      await ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['b', 'missing'] }));
      const { tags } = await ecs.send(new ListTagsForResourceCommand({ resourceArn }));
      expect(tags, resourceArn).toEqual([{ key: 'a', value: '3' }]);
    }
  });

  it('refuse unknown resources, unknown clusters and short service ARNs', async () => {
    let e = await caught(
      ecs.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:ecs:eu-central-1:000000000000:cluster/ghost' })),
    );
    expect(e.name).toBe('ClusterNotFoundException');
    e = await caught(
      ecs.send(new TagResourceCommand({ resourceArn: 'arn:aws:ecs:eu-central-1:000000000000:service/c1/ghost', tags: [{ key: 'k', value: 'v' }] })),
    );
    expect(e.name).toBe('ResourceNotFoundException');
    e = await caught(
      ecs.send(new TagResourceCommand({ resourceArn: 'arn:aws:ecs:eu-central-1:000000000000:service/s1', tags: [{ key: 'k', value: 'v' }] })),
    );
    expect(e.name).toBe('InvalidParameterException');
    expect(e.message).toBe('Long arn format must be used for tagging operations');
    e = await caught(ecs.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })));
    expect(e.name).toBe('ResourceNotFoundException');
  });
});
