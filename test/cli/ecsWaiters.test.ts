import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_CLI_V2, freshCliEnvironment } from '../support/awsCli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, TASK_SECONDS, type Emulator } from '../support/emulator.js';

/**
 * `aws ecs wait …` (AWS CLI v2, botocore's waiters-2.json acceptors) against tasks and services
 * on the emulated clock. The clock is moved before a wait, so the first poll decides; the last
 * test lets the clock run and the waiter poll again (TasksRunning polls every 6 s).
 */
const AWS = AWS_CLI_V2;
const run = promisify(execFile);
const CLI_TIMEOUT_MS = 90_000;

let emu: Emulator;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  emu = await startEmulator();
  env = freshCliEnvironment();
  const ecs = emu.ecs('eu-west-1');
  const { CreateClusterCommand, RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  await ecs.send(new CreateClusterCommand({ clusterName: 'waits' }));
  await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'broken', containerDefinitions: [{ name: 'app', image: 'example/linkstack/fail', memory: 128 }] }),
  );
}, CLI_TIMEOUT_MS);
afterAll(async () => {
  await emu.close();
});

async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(AWS, ['--endpoint-url', emu.endpoint, '--output', 'json', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
async function runTask(taskDefinition: string): Promise<string> {
  const { code, stdout, stderr } = await aws('ecs', 'run-task', '--cluster', 'waits', '--task-definition', taskDefinition, '--launch-type', 'FARGATE');
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout).tasks[0].taskArn;
}

describe('aws ecs wait (AWS CLI v2)', () => {
  it('tasks-running succeeds once the task is RUNNING', async () => {
    const task = await runTask('web');
    await emu.passTime(TASK_SECONDS);
    const waited = await aws('ecs', 'wait', 'tasks-running', '--cluster', 'waits', '--tasks', task);
    expect(waited.code, waited.stderr).toBe(0);
  }, CLI_TIMEOUT_MS);

  it('tasks-running fails for a task that failed to start (STOPPED)', async () => {
    const task = await runTask('broken');
    await emu.passTime(TASK_SECONDS);
    const waited = await aws('ecs', 'wait', 'tasks-running', '--cluster', 'waits', '--tasks', task);
    expect(waited.code).toBe(255);
    expect(waited.stderr).toMatch(/Waiter TasksRunning failed: Waiter encountered a terminal failure state/);
  }, CLI_TIMEOUT_MS);

  it('tasks-stopped succeeds once the task is STOPPED', async () => {
    const task = await runTask('web');
    expect((await aws('ecs', 'stop-task', '--cluster', 'waits', '--task', task)).code).toBe(0);
    await emu.passTime(TASK_SECONDS);
    const waited = await aws('ecs', 'wait', 'tasks-stopped', '--cluster', 'waits', '--tasks', task);
    expect(waited.code, waited.stderr).toBe(0);
  }, CLI_TIMEOUT_MS);

  it('services-stable succeeds at steady state and fails for a MISSING service', async () => {
    const created = await aws('ecs', 'create-service', '--cluster', 'waits', '--service-name', 'svc', '--task-definition', 'web', '--desired-count', '2', '--launch-type', 'FARGATE');
    expect(created.code, created.stderr).toBe(0);
    await emu.passTime(TASK_SECONDS);
    let waited = await aws('ecs', 'wait', 'services-stable', '--cluster', 'waits', '--services', 'svc');
    expect(waited.code, waited.stderr).toBe(0);
    waited = await aws('ecs', 'wait', 'services-stable', '--cluster', 'waits', '--services', 'ghost');
    expect(waited.code).toBe(255);
    expect(waited.stderr).toMatch(/Waiter ServicesStable failed: Waiter encountered a terminal failure state/);
  }, CLI_TIMEOUT_MS);

  it('services-inactive succeeds once a deleted service has drained', async () => {
    expect((await aws('ecs', 'update-service', '--cluster', 'waits', '--service', 'svc', '--desired-count', '0')).code).toBe(0);
    expect((await aws('ecs', 'delete-service', '--cluster', 'waits', '--service', 'svc')).code).toBe(0);
    await emu.passTime(10);
    const waited = await aws('ecs', 'wait', 'services-inactive', '--cluster', 'waits', '--services', 'svc');
    expect(waited.code, waited.stderr).toBe(0);
  }, CLI_TIMEOUT_MS);

  it('tasks-running polls again while the task starts (the clock running)', async () => {
    await emu.admin('clock', { unfreeze: true });
    const task = await runTask('web');
    const waited = await aws('ecs', 'wait', 'tasks-running', '--cluster', 'waits', '--tasks', task);
    expect(waited.code, waited.stderr).toBe(0);
  }, CLI_TIMEOUT_MS);
});
