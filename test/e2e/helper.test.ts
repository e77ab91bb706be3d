import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/config.js';
import { startLinkstack, type Linkstack } from '../../server/index.js';
import { caught } from '../support/emulator.js';

const iamOf = (ls: Linkstack) => new IAMClient({ endpoint: ls.endpoint, region: ls.region, credentials: ls.credentials, maxAttempts: 1 });

describe('startLinkstack', () => {
  let ls: Linkstack | undefined;
  afterEach(async () => {
    await ls?.close();
    ls = undefined;
  });

  it('starts on a free port and hands back what an SDK client needs', async () => {
    ls = await startLinkstack();
    expect(ls.endpoint).toBe(`http://127.0.0.1:${ls.port}`);
    expect(ls.port).toBeGreaterThan(0);
    expect(ls.region).toBe('us-east-1');
    expect(ls.credentials).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
    const sts = new STSClient({ endpoint: ls.endpoint, region: ls.region, credentials: ls.credentials });
    const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
    expect(Account).toBe('000000000000');
    expect(Arn).toBe('arn:aws:iam::000000000000:root');
  });

  it('freezes the clock where asked, and moves it only when told', async () => {
    ls = await startLinkstack({ clock: '2026-01-15T10:00:00Z' });
    expect(ls.clock.frozen).toBe(true);
    const { Role } = await iamOf(ls).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role!.CreateDate).toEqual(new Date('2026-01-15T10:00:00Z'));
    expect(ls.clock.advance(90_000)).toEqual(new Date('2026-01-15T10:01:30Z'));
    expect(ls.clock.now()).toEqual(new Date('2026-01-15T10:01:30Z'));
    expect(ls.clock.freeze('2027-02-01T00:00:00Z')).toEqual(new Date('2027-02-01T00:00:00Z'));
    ls.clock.unfreeze();
    expect(ls.clock.frozen).toBe(false);
  });

  it('settles deletion tasks when it moves the clock, as the admin clock route does', async () => {
    ls = await startLinkstack({ clock: '2026-01-15T10:00:00Z', deletionStartMs: 500, deletionDurationMs: 1500 });
    const iam = iamOf(ls);
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    const roles = ls.store.account().iam.roles;
    ls.clock.advance(1999);
    expect(roles.find('AWSServiceRoleForECS')).toBeDefined();
    // No request in between: the move itself finishes the task and removes the role.
    ls.clock.advance(1);
    expect(roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it('runs on the real clock unless told otherwise', async () => {
    const before = Date.now();
    ls = await startLinkstack();
    expect(ls.clock.frozen).toBe(false);
    expect(ls.clock.now().getTime()).toBeGreaterThanOrEqual(before);
  });

  it('refuses a clock that is not an instant', async () => {
    await expect(startLinkstack({ clock: 'yesterday' })).rejects.toThrow("clock must be a Date or an ISO-8601 instant, not 'yesterday'");
  });

  it('close frees the port', async () => {
    ls = await startLinkstack();
    const { port } = ls;
    await ls.close();
    ls = undefined;
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => resolve());
    });
    await new Promise((resolve) => probe.close(resolve));
  });

  it('a taken port is an error, as from npm start', async () => {
    ls = await startLinkstack();
    await expect(startLinkstack({ port: ls.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('takes the Configuration table settings by name, from options or from an environment', async () => {
    ls = await startLinkstack({ enforceIam: 'soft', usageReport: 'limit:5', deletionStartMs: 0 });
    expect(ls.config).toMatchObject({ enforceIam: 'soft', usageReport: 'limit:5', deletionStartMs: 0, port: 0, host: '127.0.0.1' });
    await ls.close();
    ls = await startLinkstack({ enforcement: 'strict' });
    expect(ls.config.enforceIam).toBe('strict');
    await ls.close();
    // The environment names of `npm start` and the container; options still win over it.
    ls = await startLinkstack({ env: { PORT: '0', LINKSTACK_ENFORCE_IAM: 'strict', LINKSTACK_DEFAULT_ACCOUNT: '111122223333' }, logLevel: 'silent' });
    expect(ls.config).toMatchObject({ enforceIam: 'strict', defaultAccount: '111122223333', port: 0 });
    const sts = new STSClient({ endpoint: ls.endpoint, region: ls.region, credentials: ls.credentials });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
  });

  it('serves the admin routes from its first request on, several at once while they load', async () => {
    ls = await startLinkstack();
    // No AWS request yet: the admin routes (Fastify) are built by these first requests.
    const [health, state] = await Promise.all([fetch(`${ls.endpoint}/_linkstack/health`), fetch(`${ls.endpoint}/_linkstack/state?section=iam.roles`)]);
    expect(health.status).toBe(200);
    expect(state.status).toBe(200);
    expect(await (await fetch(`${ls.endpoint}/_linkstack/nothing-here`)).json()).toEqual({ error: 'no route for GET /_linkstack/nothing-here' });
    const { Role } = await iamOf(ls).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role!.RoleName).toBe('AWSServiceRoleForECS');
  });

  it('close ends an open request-log stream', async () => {
    ls = await startLinkstack();
    const { port } = ls;
    const streaming = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/_linkstack/requests?stream=true' }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => resolve());
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
    await streaming;
    await ls.close();
    ls = undefined;
  });

  it('logs to the logger it is given, soft-mode warnings included', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    ls = await startLinkstack({ enforcement: 'soft', logger: { level: 'warn', stream } });
    const unknownKey = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wrong' };
    const iam = new IAMClient({ endpoint: ls.endpoint, region: ls.region, credentials: unknownKey, maxAttempts: 1 });
    // Served (soft mode), and what strict mode would refuse is logged at warn level.
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(lines.some((line) => line.level === 40)).toBe(true);
  });

  it('a bad setting in the environment names the variable', async () => {
    await expect(startLinkstack({ env: { LINKSTACK_USAGE_REPORT: 'some' } })).rejects.toThrow(ConfigError);
    await expect(startLinkstack({ env: { LINKSTACK_USAGE_REPORT: 'some' } })).rejects.toThrow("LINKSTACK_USAGE_REPORT must be all, none or limit:N, not 'some'");
  });
});

describe('reset between tests (one server for a whole file)', () => {
  let ls: Linkstack;
  beforeAll(async () => {
    ls = await startLinkstack({ clock: '2026-01-15T10:00:00Z' });
  });
  afterAll(async () => {
    await ls.close();
  });
  afterEach(() => ls.reset());

  it('first test creates the role', async () => {
    await iamOf(ls).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { Role } = await iamOf(ls).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(Role!.RoleName).toBe('AWSServiceRoleForECS');
  });

  it('the next test starts from nothing', async () => {
    const e = await caught(iamOf(ls).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    expect(e.name).toBe('NoSuchEntityException');
  });

  it('reset(account) forgets one account only', async () => {
    const other = new IAMClient({ endpoint: ls.endpoint, region: ls.region, credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' } });
    await iamOf(ls).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await other.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    ls.reset('111122223333');
    expect((await caught(other.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })))).name).toBe('NoSuchEntityException');
    expect((await iamOf(ls).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role).toBeDefined();
  });
});
