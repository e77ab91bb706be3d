import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let ecs: ECSClient;
beforeEach(async () => {
  emu = await startEmulator();
  ecs = emu.ecs('eu-west-1');
  await ecs.send(new CreateClusterCommand({ clusterName: 'c1' }));
  for (const image of ['nginx:1', 'nginx:2', 'registry.example/linkstack/fail:3']) {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image, memory: 128 }] }));
  }
});
afterEach(async () => {
  await emu.close();
});

const td = (rev: number) => `arn:aws:ecs:eu-west-1:000000000000:task-definition/web:${rev}`;
const at = (ms: number) => new Date(FROZEN_AT.getTime() + ms);
async function clockAt(ms: number) {
  const now = emu.clock.nowMs() - FROZEN_AT.getTime();
  if (ms > now) await emu.passTime((ms - now) / 1000);
}
const describe1 = async (): Promise<Service> =>
  (await ecs.send(new DescribeServicesCommand({ cluster: 'c1', services: ['web'] }))).services![0]!;
const messages = (s: Service) => s.events!.map((e) => e.message).reverse();
const deploymentsOf = async () =>
  (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'web' }))).serviceDeployments!;
async function serviceDeployment(arn: string) {
  return (await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!;
}
const create = (extra: Record<string, unknown> = {}) =>
  ecs.send(new CreateServiceCommand({ cluster: 'c1', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 2, launchType: 'FARGATE', ...extra }));

/** With the default timings: a deployment is PENDING 100 ms; its tasks run 700 ms after placement; a stop takes 700 ms. */
describe('CreateService: the first deployment', () => {
  it('is PENDING, then IN_PROGRESS while its tasks start, then COMPLETED / SUCCESSFUL at steady state', async () => {
    const { service } = await create();
    expect(service!.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 2, pendingCount: 0, runningCount: 0, failedTasks: 0 }),
    ]);
    const id = service!.deployments![0]!.id!;
    expect(service!.deployments![0]!.rolloutStateReason).toBe(`ECS deployment ${id} in progress.`);
    expect(service!.currentServiceDeployment).toMatch(/^arn:aws:ecs:eu-west-1:000000000000:service-deployment\/c1\/web\/[A-Za-z0-9]{21}$/);
    const sdArn = service!.currentServiceDeployment!;
    let sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({ status: 'PENDING', createdAt: FROZEN_AT, sourceServiceRevisions: [] });
    expect(sd.startedAt).toBeUndefined();

    await clockAt(100);
    sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({
      status: 'IN_PROGRESS',
      startedAt: at(100),
      targetServiceRevision: { requestedTaskCount: 2, runningTaskCount: 0, pendingTaskCount: 2 },
      deploymentCircuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 3 },
    });
    let s = await describe1();
    expect(s).toMatchObject({ pendingCount: 2, runningCount: 0, deployments: [expect.objectContaining({ pendingCount: 2, rolloutState: 'IN_PROGRESS' })] });
    expect(messages(s)).toEqual([expect.stringMatching(/^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/)]);

    await clockAt(800);
    s = await describe1();
    expect(s).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(s.deployments).toEqual([
      expect.objectContaining({ rolloutState: 'COMPLETED', rolloutStateReason: `ECS deployment ${id} completed.`, runningCount: 2, updatedAt: at(800) }),
    ]);
    expect(messages(s).slice(1)).toEqual([`(service web) (deployment ${id}) deployment completed.`, '(service web) has reached a steady state.']);
    sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({ status: 'SUCCESSFUL', finishedAt: at(800), targetServiceRevision: { runningTaskCount: 2 } });
    expect(s.currentServiceRevisions).toEqual([{ arn: sd.targetServiceRevision!.arn, requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 }]);
  });

  it('describes the revision it deployed: task definition, launch type, images', async () => {
    const { service } = await create({ networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } });
    const [brief] = await deploymentsOf();
    const { serviceRevisions, failures } = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: [brief!.targetServiceRevisionArn!, `${brief!.targetServiceRevisionArn!}0`] }),
    );
    expect(brief!.targetServiceRevisionArn).toMatch(/^arn:aws:ecs:eu-west-1:000000000000:service-revision\/c1\/web\/\d{19}$/);
    expect(serviceRevisions![0]).toMatchObject({
      serviceArn: service!.serviceArn,
      clusterArn: service!.clusterArn,
      taskDefinition: td(1),
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
      containerImages: [{ containerName: 'app', image: 'nginx:1', imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }],
      createdAt: FROZEN_AT,
    });
    expect(failures).toEqual([{ arn: `${brief!.targetServiceRevisionArn!}0`, reason: 'MISSING' }]);
  });
});

describe('UpdateService: a rolling deployment', () => {
  beforeEach(async () => {
    await create();
    await clockAt(1000);
  });

  it('starts new tasks first, stops the old ones once the new run, and completes when the old deployment has drained', async () => {
    const before = await describe1();
    const oldId = before.deployments![0]!.id!;
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: 'web:2' }));
    const newId = service!.deployments![0]!.id!;
    expect(service!.deployments!.map((d) => [d.id, d.status, d.rolloutState])).toEqual([
      [newId, 'PRIMARY', 'IN_PROGRESS'],
      [oldId, 'ACTIVE', 'COMPLETED'],
    ]);
    // 1.1 s: new tasks placed (maximumPercent 200 allows all), old ones keep running (minimumHealthyPercent 100).
    await clockAt(1100);
    let s = await describe1();
    expect(s.deployments!.map((d) => [d.runningCount, d.pendingCount])).toEqual([[0, 2], [2, 0]]);
    expect(s).toMatchObject({ runningCount: 2, pendingCount: 2, taskDefinition: td(2) });
    // 1.8 s: the new tasks run; the old are stopped.
    await clockAt(1800);
    s = await describe1();
    expect(s.deployments!.map((d) => [d.status, d.runningCount])).toEqual([['PRIMARY', 2], ['ACTIVE', 0]]);
    expect(s.deployments![0]!.rolloutState).toBe('IN_PROGRESS');
    expect(messages(s)).toContainEqual(expect.stringMatching(/^\(service web\) has stopped 2 running tasks: /));
    const stopped = (await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }))).taskArns!;
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: stopped }));
    for (const t of tasks!) {
      expect(t).toMatchObject({ lastStatus: 'DEACTIVATING', stopCode: 'ServiceSchedulerInitiated', stoppedReason: `Scaling activity initiated by (deployment ${newId})` });
    }
    // 2.5 s: the old tasks have STOPPED, the old deployment is gone, the new one is COMPLETED.
    await clockAt(2500);
    s = await describe1();
    expect(s.deployments!.map((d) => [d.id, d.rolloutState])).toEqual([[newId, 'COMPLETED']]);
    expect(messages(s).slice(-2)).toEqual([`(service web) (deployment ${newId}) deployment completed.`, '(service web) has reached a steady state.']);
    const [latest, first] = await deploymentsOf();
    expect([latest!.status, first!.status]).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
    const sd = await serviceDeployment(latest!.serviceDeploymentArn!);
    expect(sd.sourceServiceRevisions).toEqual([{ arn: first!.targetServiceRevisionArn, requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 }]);
    expect(sd.finishedAt).toEqual(at(2500));
  });

  it('with minimumHealthyPercent 0 and maximumPercent 100 stops the old tasks first', async () => {
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'c1',
        service: 'web',
        taskDefinition: 'web:2',
        deploymentConfiguration: { minimumHealthyPercent: 0, maximumPercent: 100 },
      }),
    );
    await clockAt(1100);
    const s = await describe1();
    expect(s.deployments!.map((d) => [d.runningCount, d.pendingCount])).toEqual([[0, 2], [0, 0]]);
    expect(s.runningCount).toBe(0);
  });

  it('supersedes a deployment still in progress: that service deployment is STOPPED', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: 'web:2' }));
    await clockAt(1200);
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', forceNewDeployment: true }));
    const [third, second] = await deploymentsOf();
    expect(third!.status).toBe('PENDING');
    expect(second).toMatchObject({ status: 'STOPPED', statusReason: 'Stopped by a newer service deployment.' });
    await clockAt(5000);
    expect((await deploymentsOf())[0]!.status).toBe('SUCCESSFUL');
  });

  it('ListServiceDeployments filters by status and createdAt, newest first, paging', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: 'web:2' }));
    const list = async (extra: Record<string, unknown>) =>
      (await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'web', ...extra }))).serviceDeployments!.map((d) => d.status);
    expect(await list({})).toEqual(['PENDING', 'SUCCESSFUL']);
    expect(await list({ status: ['SUCCESSFUL'] })).toEqual(['SUCCESSFUL']);
    expect(await list({ createdAt: { after: at(500) } })).toEqual(['PENDING']);
    expect(await list({ createdAt: { before: at(500) } })).toEqual(['SUCCESSFUL']);
    const page = await ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'web', maxResults: 1 }));
    expect(page.serviceDeployments).toHaveLength(1);
    expect(page.nextToken).toBeDefined();
    const e = await caught(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c1', service: 'ghost' })));
    expect(e.name).toBe('ServiceNotFoundException');
    expect((await caught(ecs.send(new ListServiceDeploymentsCommand({ cluster: 'nope', service: 'web' })))).name).toBe('ClusterNotFoundException');
  });

  it('DescribeServiceDeployments reports unknown ARNs as MISSING', async () => {
    const arn = 'arn:aws:ecs:eu-west-1:000000000000:service-deployment/c1/web/AAAAAAAAAAAAAAAAAAAAA';
    const res = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    expect(res).toMatchObject({ serviceDeployments: [], failures: [{ arn, reason: 'MISSING' }] });
  });
});

describe('the deployment circuit breaker', () => {
  const breaker = (rollback: boolean) => ({ deploymentCircuitBreaker: { enable: true, rollback } });

  it('with rollback: counts failed tasks, fails the deployment at the threshold and rolls back to the last completed one', async () => {
    await create({ desiredCount: 1, deploymentConfiguration: breaker(true) });
    await clockAt(1000);
    const goodId = (await describe1()).deployments![0]!.id!;
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: 'web:3' }));
    const badId = service!.deployments![0]!.id!;
    const sdArn = service!.currentServiceDeployment!;
    // The deployment starts at 1.1 s; each task fails at the end of PENDING (0.5 s after placement), and
    // the next is placed then: failures at 1.6, 2.1 and 2.6 s.
    await clockAt(1600);
    let s = await describe1();
    expect(s.deployments![0]).toMatchObject({ id: badId, failedTasks: 1, rolloutState: 'IN_PROGRESS' });
    expect((await serviceDeployment(sdArn)).deploymentCircuitBreaker).toEqual({ status: 'MONITORING', failureCount: 1, threshold: 3 });
    await clockAt(2600);
    s = await describe1();
    const [rollback, failed, good] = s.deployments!;
    expect(failed).toMatchObject({ id: badId, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.', failedTasks: 3 });
    expect(rollback).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: td(1), rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${goodId}.` });
    expect(good).toMatchObject({ id: goodId, rolloutState: 'COMPLETED' });
    expect(s.taskDefinition).toBe(td(1));
    expect(messages(s)).toEqual(
      expect.arrayContaining([`(service web) (deployment ${badId}) deployment failed: tasks failed to start.`, `(service web) rolling back to deployment ${goodId}.`]),
    );
    let sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({
      status: 'ROLLBACK_IN_PROGRESS',
      rollback: { startedAt: at(2600), serviceRevisionArn: s.currentServiceRevisions!.at(-1)!.arn },
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
    });
    const stopped = (await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }))).taskArns!;
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: 'c1', tasks: stopped }));
    expect(tasks!.map((t) => t.stopCode)).toEqual(['TaskFailedToStart', 'TaskFailedToStart', 'TaskFailedToStart']);
    await clockAt(4000);
    s = await describe1();
    expect(s.deployments!.map((d) => [d.rolloutState, d.taskDefinition])).toEqual([['COMPLETED', td(1)]]);
    sd = await serviceDeployment(sdArn);
    expect(sd).toMatchObject({ status: 'ROLLBACK_SUCCESSFUL', finishedAt: expect.any(Date) });
  });

  it('without rollback: the deployment FAILS, places no more tasks, and its service deployment STOPS', async () => {
    await create({ desiredCount: 1, deploymentConfiguration: breaker(false) });
    await clockAt(1000);
    const { service } = await ecs.send(new UpdateServiceCommand({ cluster: 'c1', service: 'web', taskDefinition: 'web:3' }));
    await clockAt(2600);
    const s = await describe1();
    expect(s.deployments!.map((d) => [d.status, d.rolloutState])).toEqual([['PRIMARY', 'FAILED'], ['ACTIVE', 'COMPLETED']]);
    expect(s.runningCount).toBe(1);
    const sd = await serviceDeployment(service!.currentServiceDeployment!);
    expect(sd).toMatchObject({ status: 'STOPPED', statusReason: 'ECS deployment circuit breaker: tasks failed to start.', stoppedAt: at(2600) });
    await clockAt(60_000);
    expect((await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }))).taskArns).toHaveLength(3);
  });

  it('without the breaker, a failing service keeps retrying, slowed down after three failures in a row', async () => {
    await create({ desiredCount: 1, taskDefinition: 'web:3' });
    await clockAt(1600);
    const s = await describe1();
    expect(s.deployments![0]).toMatchObject({ rolloutState: 'IN_PROGRESS', failedTasks: 3 });
    expect(messages(s)).toContain('(service web) is unable to consistently start tasks successfully.');
    // Failures at 0.6, 1.1 and 1.6 s; throttled, the fourth task is placed 10 s after the third failure.
    const count = async () => (await ecs.send(new ListTasksCommand({ cluster: 'c1', desiredStatus: 'STOPPED' }))).taskArns!.length;
    await clockAt(11_500);
    expect(await count()).toBe(3);
    await clockAt(12_200);
    expect(await count()).toBe(4);
  });
});

/**
 * The SDK v3 service waiters with botocore's acceptors. A waiter that must poll again gets a
 * client that moves the frozen clock after its first answer; the next poll (1 s later) decides.
 */
describe('waitUntilServicesStable / waitUntilServicesInactive', () => {
  const waiter = (client: ECSClient) => ({ client, minDelay: 1, maxDelay: 1, maxWaitTime: 10 });
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

  it('services-stable waits while a deployment rolls, and succeeds at one deployment with runningCount = desiredCount', async () => {
    await create();
    const result = await waitUntilServicesStable(waiter(clientMovingClockTo(800)), { cluster: 'c1', services: ['web'] });
    expect(result.state).toBe('SUCCESS');
  });

  it('services-stable fails for a MISSING service and for a DRAINING one', async () => {
    let e = await caught(waitUntilServicesStable(waiter(ecs), { cluster: 'c1', services: ['ghost'] }));
    expect(JSON.parse(e.message)).toMatchObject({ state: 'FAILURE' });
    await create({ desiredCount: 0 });
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 'web' }));
    e = await caught(waitUntilServicesStable(waiter(ecs), { cluster: 'c1', services: ['web'] }));
    expect(JSON.parse(e.message)).toMatchObject({ state: 'FAILURE' });
  });

  it('services-inactive waits while the service drains and succeeds once it is INACTIVE', async () => {
    await create({ desiredCount: 0 });
    await ecs.send(new DeleteServiceCommand({ cluster: 'c1', service: 'web' }));
    const result = await waitUntilServicesInactive(waiter(clientMovingClockTo(10_000)), { cluster: 'c1', services: ['web'] });
    expect(result.state).toBe('SUCCESS');
  });
});
