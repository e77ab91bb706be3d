import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  waitUntilTasksRunning,
  waitUntilTasksStopped,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('eu-west-1');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [
        { name: 'app', image: 'nginx', memory: 128 },
        { name: 'logs', image: 'fluent-bit', memory: 64, essential: false },
      ],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'broken',
      containerDefinitions: [{ name: 'app', image: 'registry.example/linkstack/fail:1', memory: 128 }],
    }),
  );
});
afterEach(async () => {
  await emu.close();
});

const at = (ms: number) => new Date(FROZEN_AT.getTime() + ms);
/** Moves the frozen clock to FROZEN_AT + ms. */
async function clockAt(ms: number) {
  const now = emu.clock.nowMs() - FROZEN_AT.getTime();
  if (ms > now) await emu.passTime((ms - now) / 1000);
}
const run = async (taskDefinition = 'web') =>
  (await ecs.send(new RunTaskCommand({ cluster: 'c1', taskDefinition, launchType: 'FARGATE' }))).tasks![0]!;
const describeTask = async (arn: string): Promise<Task> =>
  (await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: [arn] }))).tasks![0]!;
const containerStatuses = (t: Task) => t.containers!.map((c) => c.lastStatus);

/** With the default timings: 200 ms PROVISIONING, 300 ms PENDING, 200 ms ACTIVATING; 200/300/200 ms to stop. */
describe('task lifecycle: PROVISIONING → PENDING → ACTIVATING → RUNNING', () => {
  it('moves through every start state on the clock, each timestamp appearing at its instant', async () => {
    const placed = await run();
    expect(placed).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', createdAt: FROZEN_AT, version: 1 });
    for (const absent of ['connectivity', 'connectivityAt', 'pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'stoppedAt']) {
      expect(placed[absent as keyof Task], absent).toBeUndefined();
    }
    expect(containerStatuses(placed)).toEqual(['PENDING', 'PENDING']);

    await clockAt(199);
    expect((await describeTask(placed.taskArn!)).lastStatus).toBe('PROVISIONING');
    await clockAt(200);
    let t = await describeTask(placed.taskArn!);
    expect(t).toMatchObject({ lastStatus: 'PENDING', connectivity: 'CONNECTED', connectivityAt: at(200), pullStartedAt: at(200), version: 2 });
    expect(t.pullStoppedAt).toBeUndefined();
    await clockAt(500);
    t = await describeTask(placed.taskArn!);
    expect(t).toMatchObject({ lastStatus: 'ACTIVATING', pullStoppedAt: at(500), version: 3 });
    expect(t.startedAt).toBeUndefined();
    expect(containerStatuses(t)).toEqual(['PENDING', 'PENDING']);
    await clockAt(700);
    t = await describeTask(placed.taskArn!);
    expect(t).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedAt: at(700), version: 4 });
    expect(containerStatuses(t)).toEqual(['RUNNING', 'RUNNING']);
    expect(t.stopCode).toBeUndefined();
  });

  it('counts starting tasks as pending in the cluster, then as running', async () => {
    await run();
    await run();
    const counts = async () => {
      const c = (await ecs.send(new DescribeClustersCommand({ clusters: ['c1'], include: ['STATISTICS'] }))).clusters![0]!;
      const stat = (name: string) => c.statistics!.find((s) => s.name === name)!.value;
      return [c.pendingTasksCount, c.runningTasksCount, stat('pendingFargateTasksCount'), stat('runningFargateTasksCount')];
    };
    expect(await counts()).toEqual([2, 0, '2', '0']);
    await clockAt(700);
    expect(await counts()).toEqual([0, 2, '0', '2']);
  });
});

describe('task lifecycle: DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED', () => {
  it('stops a RUNNING task through every stop state, with stopCode, stoppedReason and the stop instants', async () => {
    const { taskArn } = await run();
    await clockAt(1000);
    const { task } = await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn, reason: 'deploy over' }));
    expect(task).toMatchObject({
      lastStatus: 'DEACTIVATING',
      desiredStatus: 'STOPPED',
      stopCode: 'UserInitiated',
      stoppedReason: 'deploy over',
      stoppingAt: at(1000),
      startedAt: at(700),
    });
    expect(containerStatuses(task!)).toEqual(['RUNNING', 'RUNNING']);
    expect(task!.stoppedAt).toBeUndefined();
    await clockAt(1200);
    expect(await describeTask(taskArn!)).toMatchObject({ lastStatus: 'STOPPING' });
    await clockAt(1500);
    let t = await describeTask(taskArn!);
    expect(t).toMatchObject({ lastStatus: 'DEPROVISIONING', executionStoppedAt: at(1500) });
    expect(containerStatuses(t)).toEqual(['STOPPED', 'STOPPED']);
    expect(t.containers![0]!.exitCode).toBe(0);
    expect(t.stoppedAt).toBeUndefined();
    await clockAt(1700);
    t = await describeTask(taskArn!);
    expect(t).toMatchObject({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stoppedAt: at(1700), stoppingAt: at(1000), version: 8 });
    // StopTask again changes nothing.
    const again = await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn, reason: 'twice' }));
    expect(again.task).toMatchObject({ stoppedReason: 'deploy over', stoppedAt: at(1700) });
  });

  it('stops a task that has not started yet without DEACTIVATING, and without a startedAt', async () => {
    const { taskArn } = await run();
    await clockAt(300);
    const { task } = await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn }));
    expect(task).toMatchObject({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stoppedReason: 'Task stopped by user' });
    await clockAt(800);
    const t = await describeTask(taskArn!);
    expect(t).toMatchObject({ lastStatus: 'STOPPED', stoppedAt: at(800), pullStartedAt: at(200) });
    expect(t.startedAt).toBeUndefined();
  });

  it('lists a stopping task under desiredStatus STOPPED at once', async () => {
    const { taskArn } = await run();
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn }));
    expect((await ecs.send(new ListTasksCommand({ cluster: 'c1' }))).taskArns).toEqual([]);
    expect((await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }))).taskArns).toEqual([taskArn]);
  });
});

describe('a task whose image cannot be pulled (image name containing linkstack/fail)', () => {
  it('fails to start at the end of PENDING: TaskFailedToStart with CannotPullContainerError', async () => {
    const { taskArn } = await run('broken');
    await clockAt(200);
    expect(await describeTask(taskArn!)).toMatchObject({ lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
    await clockAt(500);
    let t = await describeTask(taskArn!);
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref registry.example/linkstack/fail:1: not found';
    expect(t).toMatchObject({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: reason });
    await clockAt(1000);
    t = await describeTask(taskArn!);
    expect(t).toMatchObject({ lastStatus: 'STOPPED', stoppedAt: at(1000), pullStartedAt: at(200) });
    expect(t.pullStoppedAt).toBeUndefined();
    expect(t.startedAt).toBeUndefined();
    expect(t.containers![0]).toMatchObject({ lastStatus: 'STOPPED', reason });
    expect(t.containers![0]!.exitCode).toBeUndefined();
  });
});

describe('task timings per account (PUT /_linkstack/config tasks)', () => {
  it('times tasks placed after the change with the account timings', async () => {
    const { status } = await emu.admin(
      'config',
      { tasks: { provisioningMs: 1000, pendingMs: 0, activatingMs: 0, deactivatingMs: 0, stoppingMs: 5000, deprovisioningMs: 0 } },
      'PUT',
    );
    expect(status).toBe(200);
    const { taskArn } = await run();
    await clockAt(999);
    expect((await describeTask(taskArn!)).lastStatus).toBe('PROVISIONING');
    await clockAt(1000);
    expect(await describeTask(taskArn!)).toMatchObject({ lastStatus: 'RUNNING', startedAt: at(1000), pullStartedAt: at(1000) });
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn }));
    await clockAt(5999);
    expect((await describeTask(taskArn!)).lastStatus).toBe('STOPPING');
    await clockAt(6000);
    expect((await describeTask(taskArn!)).lastStatus).toBe('STOPPED');
  });

  it('leaves other accounts on their own timings', async () => {
    await emu.admin('config?account=111122223333', { tasks: { provisioningMs: 60_000 } }, 'PUT');
    const { taskArn } = await run();
    await clockAt(700);
    expect((await describeTask(taskArn!)).lastStatus).toBe('RUNNING');
  });
});

/**
 * The SDK v3 waiters apply botocore's acceptors (waiters-2.json) to DescribeTasks. The emulated
 * clock is frozen: a waiter that must keep polling gets a client that moves the clock after its
 * first answer, so the second poll (one second later) decides.
 */
describe('waitUntilTasksRunning / waitUntilTasksStopped (botocore acceptors)', () => {
  const waiter = (client: ECSClient) => ({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 10 });
  /** A client whose first answer is followed by the clock moving to FROZEN_AT + ms. */
  function clientMovingClockTo(ms: number) {
    const client = emu.ecs('eu-west-1');
    let answers = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        if (++answers === 1) await clockAt(ms);
        return out;
      },
      { step: 'deserialize' },
    );
    return client;
  }

  it('tasks-running keeps waiting while a task starts, and succeeds once every task is RUNNING', async () => {
    const { taskArn } = await run();
    const client = clientMovingClockTo(700);
    const result = await waitUntilTasksRunning(waiter(client), { cluster: 'c1', tasks: [taskArn!] });
    expect(result.state).toBe('SUCCESS');
  });

  it('tasks-running fails as soon as a task is STOPPED (a task that fails to start)', async () => {
    const { taskArn } = await run('broken');
    await clockAt(1000);
    const e = await caught(waitUntilTasksRunning(waiter(ecs), { cluster: 'c1', tasks: [taskArn!] }));
    expect(JSON.parse(e.message)).toMatchObject({ state: 'FAILURE' });
  });

  it('tasks-running fails for a task that is MISSING', async () => {
    const e = await caught(waitUntilTasksRunning(waiter(ecs), { cluster: 'c1', tasks: ['0123456789abcdef0123456789abcdef'] }));
    expect(JSON.parse(e.message)).toMatchObject({ state: 'FAILURE' });
  });

  it('tasks-stopped keeps waiting while a task is stopping, and succeeds once every task is STOPPED', async () => {
    const { taskArn } = await run();
    await ecs.send(new StopTaskCommand({ cluster: 'c1', task: taskArn }));
    const client = clientMovingClockTo(500);
    const result = await waitUntilTasksStopped(waiter(client), { cluster: 'c1', tasks: [taskArn!] });
    expect(result.state).toBe('SUCCESS');
  });
});
