import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  waitUntilServicesStable,
  waitUntilTasksRunning,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

describe('a service deployment on the real clock', () => {
  // The one ECS test on the running clock: the default timings (about a second to steady state),
  // watched with the SDK's own waiters as a deploy pipeline would. It asserts on what it sees.
  it('reaches a steady state that waitUntilServicesStable and waitUntilTasksRunning see', async () => {
    expect((await emu.admin('clock', { unfreeze: true })).status).toBe(200);
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'live' }));
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128 }] }));
    const { service } = await ecs.send(
      new CreateServiceCommand({ cluster: 'live', serviceName: 'web', taskDefinition: 'web', desiredCount: 2, launchType: 'FARGATE' }),
    );
    expect(service!.deployments![0]!.rolloutState).toBe('IN_PROGRESS');

    const stable = await waitUntilServicesStable({ client: ecs, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { cluster: 'live', services: ['web'] });
    expect(stable.state).toBe('SUCCESS');
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'live', services: ['web'] }));
    expect(services![0]).toMatchObject({ runningCount: 2, deployments: [expect.objectContaining({ rolloutState: 'COMPLETED' })] });
    expect(services![0]!.events!.map((e) => e.message)[0]).toBe('(service web) has reached a steady state.');

    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: 'live', serviceName: 'web' }));
    const running = await waitUntilTasksRunning({ client: ecs, minDelay: 1, maxDelay: 1, maxWaitTime: 20 }, { cluster: 'live', tasks: taskArns! });
    expect(running.state).toBe('SUCCESS');
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'live', tasks: taskArns! }));
    for (const t of tasks!) expect(t.startedAt!.getTime()).toBeGreaterThan(t.createdAt!.getTime());
  });
});
