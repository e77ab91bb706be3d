import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import {
  CreateAccessKeyCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function requests(e: Emulator, query = '') {
  const res = await fetch(`${e.endpoint}/_linkstack/requests${query}`);
  return { status: res.status, body: (await res.json()) as any };
}

interface ServerSentEvent {
  event: string;
  data: any;
  id?: string;
}

/**
 * Opens the event stream: `opened` resolves once the server's preamble arrived (it subscribes
 * before writing it, so nothing sent afterwards is missed), `done` once `until` says enough.
 */
function openEvents(url: string, until: (events: ServerSentEvent[]) => boolean, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  let markOpened!: () => void;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  const done = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
    const events: ServerSentEvent[] = [];
    const reader = res.body!.getReader();
    let buffer = '';
    try {
      while (!until(events)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += new TextDecoder().decode(value);
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          markOpened();
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((l) => !l.startsWith(':') && l.includes(':'))
              .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
          );
          if (fields.data !== undefined) events.push({ event: fields.event ?? 'message', data: JSON.parse(fields.data), id: fields.id });
        }
      }
    } finally {
      markOpened();
      controller.abort();
    }
    return { contentType: res.headers.get('content-type'), events };
  })();
  return { opened, done };
}

describe('GET /_linkstack/requests', () => {
  it('records each AWS request: times, account, region, caller, call, compact input, status, duration', async () => {
    emulator = await startEmulator();
    await emulator.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'demo' }));
    await caught(emulator.iam().send(new GetRoleCommand({ RoleName: 'nobody' })));
    const { status, body } = await requests(emulator);
    expect(status).toBe(200);
    expect(body.capacity).toBe(2000);
    const [create, getRole] = body.requests;
    expect(create).toMatchObject({
      seq: 1,
      emulatedTime: '2026-01-15T10:00:00.000Z',
      account: '000000000000',
      region: 'eu-west-1',
      callerArn: 'arn:aws:iam::000000000000:root',
      service: 'ecs',
      operation: 'CreateCluster',
      input: { clusterName: 'demo' },
      status: 200,
    });
    expect(typeof create.requestId).toBe('string');
    expect(Date.parse(create.time)).not.toBeNaN();
    expect(create.durationMs).toBeGreaterThanOrEqual(0);
    expect(getRole).toMatchObject({
      seq: 2,
      service: 'iam',
      operation: 'GetRole',
      status: 404,
      errorCode: 'NoSuchEntity',
      errorMessage: 'The role with name nobody cannot be found.',
    });
  });

  it('filters by service, operation, status, errors, since and limit', async () => {
    emulator = await startEmulator();
    const ecs = emulator.ecs();
    await ecs.send(new CreateClusterCommand({ clusterName: 'a' }));
    await ecs.send(new ListClustersCommand({}));
    await caught(emulator.iam().send(new GetRoleCommand({ RoleName: 'nobody' })));
    const ops = async (q: string) => (await requests(emulator!, q)).body.requests.map((r: any) => r.operation);
    expect(await ops('?service=ecs')).toEqual(['CreateCluster', 'ListClusters']);
    expect(await ops('?operation=ListClusters')).toEqual(['ListClusters']);
    expect(await ops('?errors=true')).toEqual(['GetRole']);
    expect(await ops('?status=404')).toEqual(['GetRole']);
    expect(await ops('?since=1')).toEqual(['ListClusters', 'GetRole']);
    expect(await ops('?limit=1')).toEqual(['GetRole']);
  });

  it('refuses bad filters with a 400 naming the parameter', async () => {
    emulator = await startEmulator();
    expect(await requests(emulator, '?since=soon')).toEqual({ status: 400, body: { error: 'since must be a whole number up to 9007199254740991' } });
    expect((await requests(emulator, '?service=s3')).body.error).toBe('service must be iam, sts or ecs');
    expect((await requests(emulator, '?errors=yes')).body.error).toBe('errors must be true or false');
    expect((await requests(emulator, '?account=1')).body.error).toBe('account must be a 12-digit account id');
  });

  it('never shows secrets: access keys, session tokens and passwords become ***', async () => {
    emulator = await startEmulator();
    const res = await fetch(`${emulator.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/r&RoleSessionName=s&WebIdentityToken=eyJsecret',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    await emulator.iam().send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await emulator.iam().send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const text = JSON.stringify((await requests(emulator)).body);
    expect(text).not.toContain(AccessKey!.SecretAccessKey!);
    expect(text).not.toContain('eyJsecret');
  });

  it('cuts long strings, so no record holds on to a large request', async () => {
    emulator = await startEmulator();
    const description = 'd'.repeat(1000);
    await emulator.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', Description: description.slice(0, 900) }));
    const [record] = (await requests(emulator)).body.requests;
    expect(record.input.Description).toMatch(/^d{200}… \(900 chars\)$/);
  });

  it('keeps only the most recent LINKSTACK_REQUEST_LOG_SIZE requests, and none with 0', async () => {
    emulator = await startEmulator({ config: { requestLogSize: 3 } });
    for (let i = 0; i < 5; i++) await emulator.ecs().send(new ListClustersCommand({}));
    const { body } = await requests(emulator);
    expect(body.requests.map((r: any) => r.seq)).toEqual([3, 4, 5]);
    await emulator.close();
    emulator = await startEmulator({ config: { requestLogSize: 0 } });
    await emulator.ecs().send(new ListClustersCommand({}));
    expect((await requests(emulator)).body).toEqual({ capacity: 0, requests: [] });
  });

  it('records the IAM decision of an enforced request, with the statements that decided it', async () => {
    emulator = await startEmulator({ config: { enforceIam: 'strict' } });
    const iam = emulator.iam();
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'no-deletes',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' },
            { Effect: 'Deny', Action: 'iam:DeleteServiceLinkedRole', Resource: '*' },
          ],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    const bob = emulator.iam('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await bob.send(new ListRolesCommand({}));
    await caught(bob.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    await caught(bob.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    const byOp = Object.fromEntries((await requests(emulator, '?since=3')).body.requests.map((r: any) => [r.operation, r]));
    expect(byOp.ListRoles.decisions).toEqual([
      {
        action: 'iam:ListRoles',
        resource: '*',
        decision: 'allowed',
        enforced: true,
        statements: [{ policy: 'no-deletes', policyType: 'user', statementIndex: 0, effect: 'Allow' }],
      },
    ]);
    expect(byOp.DeleteServiceLinkedRole).toMatchObject({
      status: 403,
      errorCode: 'AccessDenied',
      callerArn: 'arn:aws:iam::000000000000:user/bob',
      decisions: [
        {
          action: 'iam:DeleteServiceLinkedRole',
          decision: 'explicitDeny',
          decidedBy: 'identity-based policy',
          statements: [{ policy: 'no-deletes', statementIndex: 1, effect: 'Deny' }],
        },
      ],
    });
    expect(byOp.GetRole.decisions[0]).toMatchObject({ decision: 'implicitDeny', decidedBy: 'identity-based policy', statements: [] });
    expect(byOp.GetRole.decisions[0].message).toMatch(/because no identity-based policy allows the iam:GetRole action$/);
  });

  it('records soft-mode would-be denials as not enforced', async () => {
    emulator = await startEmulator({ config: { enforceIam: 'soft' } });
    const iam = emulator.iam();
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    const carol = emulator.iam('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await carol.send(new ListRolesCommand({}));
    const [record] = (await requests(emulator, '?operation=ListRoles')).body.requests;
    expect(record).toMatchObject({ status: 200, decisions: [{ decision: 'implicitDeny', enforced: false }] });
  });
});

describe('GET /_linkstack/requests as server-sent events', () => {
  it('sends the records so far, then each new one, with its seq as the event id', async () => {
    emulator = await startEmulator();
    const e = emulator;
    await e.ecs().send(new ListClustersCommand({}));
    const stream = openEvents(`${e.endpoint}/_linkstack/requests`, (ev) => ev.length >= 2);
    await stream.opened;
    await e.ecs().send(new CreateClusterCommand({ clusterName: 'live' }));
    const { contentType, events } = await stream.done;
    expect(contentType).toBe('text/event-stream; charset=utf-8');
    expect(events.map((ev) => [ev.event, ev.id, ev.data.operation])).toEqual([
      ['request', '1', 'ListClusters'],
      ['request', '2', 'CreateCluster'],
    ]);
  });

  it('resumes after Last-Event-ID, as a reconnecting browser asks', async () => {
    emulator = await startEmulator();
    for (let i = 0; i < 3; i++) await emulator.ecs().send(new ListClustersCommand({}));
    const { events } = await openEvents(`${emulator.endpoint}/_linkstack/requests?stream=true`, (ev) => ev.length >= 1, { 'last-event-id': '2' }).done;
    expect(events[0]!.id).toBe('3');
  });

  it('announces admin changes (the clock moving) as change events', async () => {
    emulator = await startEmulator();
    const e = emulator;
    const stream = openEvents(`${e.endpoint}/_linkstack/requests`, (ev) => ev.some((x) => x.event === 'change'));
    await stream.opened;
    await e.admin('clock', { advanceSeconds: 5 });
    const { events } = await stream.done;
    expect(events.find((x) => x.event === 'change')!.data).toEqual({ route: '/_linkstack/clock' });
  });

  it('lets the server close while a stream is open', async () => {
    emulator = await startEmulator();
    const e = emulator;
    const stream = openEvents(`${e.endpoint}/_linkstack/requests`, () => false);
    await stream.opened;
    await e.close();
    emulator = undefined;
    expect((await stream.done).events).toEqual([]);
  });
});

describe('GET /_linkstack/ui/view', () => {
  it('shows the account as Describe and Get calls answer it, with the deletion task timeline', async () => {
    emulator = await startEmulator({ config: { deletionStartMs: 500, deletionDurationMs: 1500 } });
    await emulator.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'keeps-the-role' }));
    await emulator.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    let view = (await emulator.admin('ui/view')).body;
    expect(view.clock).toEqual({ now: '2026-01-15T10:00:00.000Z', frozen: true });
    expect(view.deletionTasks).toMatchObject([
      { status: 'NOT_STARTED', submittedAt: '2026-01-15T10:00:00.000Z', startsAt: '2026-01-15T10:00:00.500Z', finishesAt: '2026-01-15T10:00:02.000Z' },
    ]);
    expect(view.roles).toMatchObject([
      {
        roleName: 'AWSServiceRoleForECS',
        serviceLinked: true,
        path: '/aws-service-role/ecs.amazonaws.com/',
        attachedPolicies: [{ name: 'AmazonECSServiceRolePolicy' }],
        roleLastUsed: { Region: 'eu-west-1' },
      },
    ]);
    expect(view.regions).toMatchObject([{ region: 'eu-west-1', clusters: [{ clusterName: 'keeps-the-role', status: 'ACTIVE', services: [], tasks: [] }] }]);
    await emulator.admin('clock', { advanceSeconds: 2 });
    view = (await emulator.admin('ui/view')).body;
    const clusterArn = 'arn:aws:ecs:eu-west-1:000000000000:cluster/keeps-the-role';
    expect(view.deletionTasks).toMatchObject([
      { status: 'FAILED', reported: [{ region: 'eu-west-1', resources: [clusterArn] }], inUse: [{ region: 'eu-west-1', resources: [clusterArn] }] },
    ]);
  });

  it('lists what a limited report left out under inUse', async () => {
    emulator = await startEmulator({ config: { usageReport: 'limit:1', deletionStartMs: 0, deletionDurationMs: 0 } });
    await emulator.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'one' }));
    await emulator.ecs('us-east-1').send(new CreateClusterCommand({ clusterName: 'two' }));
    await emulator.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    const [task] = (await emulator.admin('ui/view')).body.deletionTasks;
    expect(task.status).toBe('FAILED');
    expect(task.reported.flatMap((g: any) => g.resources)).toHaveLength(1);
    expect(task.inUse.flatMap((g: any) => g.resources)).toHaveLength(2);
  });

  it('shows an account it does not know as empty, without creating it', async () => {
    emulator = await startEmulator();
    const view = (await emulator.admin('ui/view?account=123456789012')).body;
    expect(view).toMatchObject({ account: '123456789012', roles: [], regions: [], deletionTasks: [] });
    expect(emulator.store.accounts.has('123456789012')).toBe(false);
    expect((await emulator.admin('ui/view?account=12')).status).toBe(400);
  });
});
