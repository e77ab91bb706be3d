import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type LinkstackApp } from '../../server/app.js';
import { Clock } from '../../state/clock.js';

const T0 = '2026-01-15T10:00:00.000Z';
let linkstack: LinkstackApp;
let clock: Clock;

beforeEach(async () => {
  clock = new Clock();
  clock.freeze(new Date(T0));
  linkstack = buildApp({ clock, logger: false });
  await linkstack.app.ready();
});
afterEach(async () => {
  await linkstack.app.close();
});

async function call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
  const res = await linkstack.app.inject({
    method,
    url,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json() as any };
}

/** IAM over the query protocol, as the root of the default (or the given) account. */
async function iam(action: string, params: Record<string, string>, accessKeyId = 'test') {
  const res = await linkstack.app.inject({
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260115/eu-west-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    payload: new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString(),
  });
  return { status: res.statusCode, body: res.body };
}

const createEcsRole = (accessKeyId?: string) =>
  iam('CreateServiceLinkedRole', { AWSServiceName: 'ecs.amazonaws.com' }, accessKeyId);

describe('GET/POST /_linkstack/clock', () => {
  it('reads the clock', async () => {
    expect(await call('GET', '/_linkstack/clock')).toEqual({ status: 200, body: { now: T0, frozen: true } });
  });

  it('advances, freezes at an instant, and unfreezes', async () => {
    expect((await call('POST', '/_linkstack/clock', { advanceSeconds: 90 })).body).toEqual({
      now: '2026-01-15T10:01:30.000Z',
      frozen: true,
    });
    expect((await call('POST', '/_linkstack/clock', { freeze: '2027-03-01T00:00:00Z' })).body).toEqual({
      now: '2027-03-01T00:00:00.000Z',
      frozen: true,
    });
    const running = (await call('POST', '/_linkstack/clock', { unfreeze: true })).body;
    expect(running.frozen).toBe(false);
    expect(Date.parse(running.now)).toBeGreaterThanOrEqual(Date.parse('2027-03-01T00:00:00Z'));
    expect((await call('POST', '/_linkstack/clock', { freeze: true })).body.frozen).toBe(true);
  });

  it('settles every account after moving the clock', async () => {
    await createEcsRole();
    await createEcsRole('111122223333');
    await iam('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForECS' });
    await iam('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForECS' }, '111122223333');
    await call('POST', '/_linkstack/clock', { advanceSeconds: 5 });
    // Settled by the clock route itself, before any AWS request of either account.
    for (const account of ['000000000000', '111122223333']) {
      const dump = (await call('GET', `/_linkstack/state?account=${account}`)).body;
      expect(dump.deletionTasks).toEqual([expect.objectContaining({ status: 'SUCCEEDED' })]);
    }
    expect(linkstack.store.account('111122223333').iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it.each([
    [{ advanceSeconds: -1 }, 'advanceSeconds must be a non-negative number'],
    [{ advanceSeconds: '5' }, 'advanceSeconds must be a non-negative number'],
    [{ freeze: 'yesterday' }, 'freeze must be true or an ISO-8601 timestamp'],
    [{ freeze: false }, 'freeze must be true or an ISO-8601 timestamp'],
    [{ unfreeze: 'yes' }, 'unfreeze must be true'],
    [{ freeze: true, unfreeze: true }, 'freeze and unfreeze cannot be combined'],
    [{ advance: 5 }, 'unknown field advance (expected freeze, advanceSeconds, unfreeze)'],
    ['[1]', 'body must be a JSON object'],
    ['{', 'body must be a JSON object'],
  ])('refuses %j with a 400 naming the field', async (body, error) => {
    expect(await call('POST', '/_linkstack/clock', body)).toEqual({ status: 400, body: { error } });
    expect((await call('GET', '/_linkstack/clock')).body).toEqual({ now: T0, frozen: true });
  });
});

const defaultTimings = {
  tasks: { provisioningMs: 200, pendingMs: 300, activatingMs: 200, deactivatingMs: 200, stoppingMs: 300, deprovisioningMs: 200 },
  deployments: { startDelayMs: 100 },
};

describe('GET/PUT /_linkstack/config', () => {
  it('reads the start-up defaults', async () => {
    expect((await call('GET', '/_linkstack/config')).body).toEqual({
      deletion: { startDelayMs: 500, durationMs: 1500 },
      usageReport: 'all',
      ...defaultTimings,
    });
  });

  it('changes any subset, per account, and reset restores the defaults', async () => {
    expect((await call('PUT', '/_linkstack/config', { usageReport: 'limit:5' })).body).toEqual({
      deletion: { startDelayMs: 500, durationMs: 1500 },
      usageReport: 'limit:5',
      ...defaultTimings,
    });
    expect((await call('PUT', '/_linkstack/config?account=111122223333', { deletion: { durationMs: 50 } })).body).toEqual({
      deletion: { startDelayMs: 500, durationMs: 50 },
      usageReport: 'all',
      ...defaultTimings,
    });
    expect(
      (await call('PUT', '/_linkstack/config', { tasks: { pendingMs: 5000 }, deployments: { startDelayMs: 0 } })).body,
    ).toMatchObject({ tasks: { ...defaultTimings.tasks, pendingMs: 5000 }, deployments: { startDelayMs: 0 } });
    expect((await call('GET', '/_linkstack/config')).body.usageReport).toBe('limit:5');
    await call('POST', '/_linkstack/reset', {});
    expect((await call('GET', '/_linkstack/config')).body.usageReport).toBe('all');
  });

  it('times new deletion tasks with the account config', async () => {
    await call('PUT', '/_linkstack/config', { deletion: { startDelayMs: 0, durationMs: 10_000 } });
    await createEcsRole();
    await iam('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForECS' });
    const [task] = (await call('GET', '/_linkstack/state')).body.deletionTasks;
    expect(task).toMatchObject({ status: 'IN_PROGRESS', startsAt: T0, finishesAt: '2026-01-15T10:00:10.000Z' });
  });

  it.each([
    [{ usageReport: 'some' }, 'usageReport must be all, none or limit:N'],
    [{ usageReport: 'limit:-1' }, 'usageReport must be all, none or limit:N'],
    [{ deletion: 5 }, 'deletion must be an object'],
    [{ deletion: { startDelayMs: -1 } }, 'deletion.startDelayMs must be an integer number of milliseconds from 0 to 86400000'],
    [{ deletion: { durationMs: 1.5 } }, 'deletion.durationMs must be an integer number of milliseconds from 0 to 86400000'],
    [{ deletion: { speed: 1 } }, 'unknown field deletion.speed (expected startDelayMs, durationMs)'],
    [{ usagereport: 'all' }, 'unknown field usagereport (expected deletion, usageReport, tasks, deployments)'],
    [{ tasks: [] }, 'tasks must be an object'],
    [{ tasks: { pendingMs: 'slow' } }, 'tasks.pendingMs must be an integer number of milliseconds from 0 to 86400000'],
    [
      { tasks: { runningMs: 1 } },
      'unknown field tasks.runningMs (expected provisioningMs, pendingMs, activatingMs, deactivatingMs, stoppingMs, deprovisioningMs)',
    ],
    [{ deployments: { startDelayMs: 86_400_001 } }, 'deployments.startDelayMs must be an integer number of milliseconds from 0 to 86400000'],
  ])('refuses %j with a 400 naming the field and changes nothing', async (body, error) => {
    expect(await call('PUT', '/_linkstack/config', { deletion: { durationMs: 7 }, ...(body as object) })).toEqual({
      status: 400,
      body: { error },
    });
    expect((await call('GET', '/_linkstack/config')).body.deletion.durationMs).toBe(1500);
  });

  it('refuses an account that is not 12 digits', async () => {
    expect(await call('GET', '/_linkstack/config?account=12')).toEqual({
      status: 400,
      body: { error: 'account must be a 12-digit account id' },
    });
  });
});

describe('GET/POST /_linkstack/sessions', () => {
  it('starts a session of a role and lists it, active until it expires', async () => {
    await createEcsRole();
    const started = await call('POST', '/_linkstack/sessions', {
      roleName: 'AWSServiceRoleForECS',
      region: 'eu-west-1',
      durationSeconds: 900,
    });
    expect(started).toEqual({
      status: 200,
      body: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        roleName: 'AWSServiceRoleForECS',
        region: 'eu-west-1',
        startedAt: T0,
        expiresAt: '2026-01-15T10:15:00.000Z',
        active: true,
      },
    });
    await call('POST', '/_linkstack/clock', { advanceSeconds: 900 });
    expect((await call('GET', '/_linkstack/sessions')).body).toEqual({ sessions: [{ ...started.body, active: false }] });
    expect((await call('GET', '/_linkstack/sessions?account=111122223333')).body).toEqual({ sessions: [] });
  });

  it('starts sessions in the named account', async () => {
    await createEcsRole('111122223333');
    const res = await call('POST', '/_linkstack/sessions', {
      account: '111122223333',
      roleName: 'AWSServiceRoleForECS',
      region: 'us-east-1',
      durationSeconds: 60,
    });
    expect(res.status).toBe(200);
    expect((await call('GET', '/_linkstack/sessions?account=111122223333')).body.sessions).toHaveLength(1);
    expect((await call('GET', '/_linkstack/sessions')).body.sessions).toHaveLength(0);
  });

  it.each([
    [{ region: 'eu-west-1', durationSeconds: 60 }, 'roleName must be a role name'],
    [{ roleName: 'Nobody', region: 'eu-west-1', durationSeconds: 60 }, 'roleName: account 000000000000 has no role named Nobody'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'mars', durationSeconds: 60 }, 'region must be a region name such as eu-west-1'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'eu-west-1' }, 'durationSeconds must be an integer from 1 to 43200'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 0 }, 'durationSeconds must be an integer from 1 to 43200'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 43201 }, 'durationSeconds must be an integer from 1 to 43200'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 60, account: 'me' }, 'account must be a 12-digit account id'],
    [{ roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 60, revoke: true }, 'unknown field revoke (expected account, roleName, region, durationSeconds)'],
  ])('refuses %j with a 400 naming the field', async (body, error) => {
    await createEcsRole();
    expect(await call('POST', '/_linkstack/sessions', body)).toEqual({ status: 400, body: { error } });
    expect((await call('GET', '/_linkstack/sessions')).body.sessions).toEqual([]);
  });
});

describe('GET /_linkstack/state', () => {
  it('dumps the account: config, IAM roles, ECS regions, deletion tasks, sessions', async () => {
    await createEcsRole();
    await call('POST', '/_linkstack/sessions', { roleName: 'AWSServiceRoleForECS', region: 'eu-west-1', durationSeconds: 60 });
    await iam('DeleteServiceLinkedRole', { RoleName: 'AWSServiceRoleForECS' });
    await call('POST', '/_linkstack/clock', { advanceSeconds: 2 });
    const { status, body } = await call('GET', '/_linkstack/state');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      account: '000000000000',
      now: '2026-01-15T10:00:02.000Z',
      config: { usageReport: 'all' },
      deletionTasks: [
        {
          roleName: 'AWSServiceRoleForECS',
          status: 'FAILED',
          submittedAt: T0,
          reason: { reason: expect.stringContaining('active sessions') },
        },
      ],
      sessions: [{ roleName: 'AWSServiceRoleForECS', active: true }],
    });
    expect(JSON.stringify(body.iam)).toContain('"roleName":"AWSServiceRoleForECS"');
  });

  it('shows ECS regions, and of the AWS managed policies only those attached to something', async () => {
    const res = await linkstack.app.inject({
      method: 'POST',
      url: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260115/ap-northeast-2/ecs/aws4_request, SignedHeaders=host, Signature=0',
      },
      payload: JSON.stringify({ clusterName: 'web' }),
    });
    expect(res.statusCode).toBe(200);
    const { body } = await call('GET', '/_linkstack/state');
    expect(Object.keys(body.regions)).toEqual(['ap-northeast-2']);
    expect(JSON.stringify(body.regions['ap-northeast-2'])).toContain('arn:aws:ecs:ap-northeast-2:000000000000:cluster/web');
    expect(body.iam.policies.map((p: { policyName: string }) => p.policyName)).toEqual(['AmazonECSServiceRolePolicy']);
    expect(body.iam.policies[0].versions).toBeUndefined();
  });

  it('lists users, groups and access keys plainly, never with secrets', async () => {
    await iam('CreateUser', { UserName: 'alice' });
    await iam('CreateGroup', { GroupName: 'ops' });
    await iam('AddUserToGroup', { GroupName: 'ops', UserName: 'alice' });
    const created = await iam('CreateAccessKey', { UserName: 'alice' });
    const secret = /<SecretAccessKey>([^<]+)</.exec(created.body)![1]!;
    const { body } = await call('GET', '/_linkstack/state');
    expect(body.iam.users).toMatchObject([{ userName: 'alice', groups: ['ops'] }]);
    expect(body.iam.groups).toMatchObject([{ groupName: 'ops', members: ['alice'] }]);
    expect(body.iam.accessKeys).toMatchObject([{ userName: 'alice', status: 'Active' }]);
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(JSON.stringify(body)).not.toContain('[shown above]');
  });

  it('dumps an account that has never been used as empty', async () => {
    const { body } = await call('GET', '/_linkstack/state?account=444455556666');
    expect(body).toMatchObject({ account: '444455556666', regions: {}, deletionTasks: [], sessions: [] });
  });
});

describe('GET /_linkstack/state, streamed and paged', () => {
  it('streams the dump section by section, and pages one section with ?section=&limit=&offset=', async () => {
    const { app } = buildApp({ logger: false });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (let i = 0; i < 5; i++) {
      await app.inject({ method: 'POST', url: '/', headers: form, payload: `Action=CreateUser&Version=2010-05-08&UserName=u${i}` });
    }
    const whole = await app.inject({ method: 'GET', url: '/_linkstack/state' });
    expect(whole.headers['transfer-encoding']).toBe('chunked');
    expect(whole.json().iam.users.map((u: { userName: string }) => u.userName)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    const first = (await app.inject({ method: 'GET', url: '/_linkstack/state?section=iam.users&limit=2' })).json();
    expect(first).toMatchObject({ account: '000000000000', section: 'iam.users', offset: 0, nextOffset: 2, total: 5 });
    expect(first.items.map((u: { userName: string }) => u.userName)).toEqual(['u0', 'u1']);
    const last = (await app.inject({ method: 'GET', url: '/_linkstack/state?section=iam.users&limit=2&offset=4' })).json();
    expect(last.items.map((u: { userName: string }) => u.userName)).toEqual(['u4']);
    expect(last.nextOffset).toBeUndefined();
    const config = (await app.inject({ method: 'GET', url: '/_linkstack/state?section=config' })).json();
    expect(config.value.usageReport).toBe('all');
    const bad = await app.inject({ method: 'GET', url: '/_linkstack/state?section=nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^section must be one of config, iam.roles, /);
    expect((await app.inject({ method: 'GET', url: '/_linkstack/state?section=iam.users&limit=0' })).statusCode).toBe(400);
  });
});
