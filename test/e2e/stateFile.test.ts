import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateClusterCommand, DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLinkstack, type Linkstack, type StartLinkstackOptions } from '../../server/linkstack.js';
import { StateFileWriter } from '../../server/stateFile.js';
import { Clock } from '../../state/clock.js';
import { Store } from '../../state/store.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

let dir: string;
let file: string;
const servers: Linkstack[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linkstack-state-'));
  file = join(dir, 'state.json');
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: StartLinkstackOptions = {}) {
  const server = await startLinkstack({ clock: '2026-01-15T10:00:00Z', stateFile: file, ...options });
  servers.push(server);
  const config = { endpoint: server.endpoint, region: 'eu-west-1', credentials: server.credentials, maxAttempts: 1 };
  return { server, iam: new IAMClient(config), ecs: new ECSClient(config) };
}

async function stop(server: Linkstack) {
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

describe('LINKSTACK_STATE_FILE: load at start, save after writes and on close', () => {
  it('writes the file at start, saves on close, and a new server answers from it', async () => {
    const first = await start();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'linkstack-snapshot', version: 1 });
    await first.iam.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: trust }));
    await first.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }));
    const { Role } = await first.iam.send(new GetRoleCommand({ RoleName: 'kept' }));
    await stop(first.server);

    const second = await start({ clock: undefined });
    expect((await second.iam.send(new GetRoleCommand({ RoleName: 'kept' }))).Role).toEqual(Role);
    const { clusters } = await second.ecs.send(new DescribeClustersCommand({ clusters: ['kept'] }));
    expect(clusters![0]!.status).toBe('ACTIVE');
    // The frozen clock stays frozen at its instant across the restart.
    expect(second.server.clock.frozen).toBe(true);
    expect(second.server.clock.now().toISOString()).toBe('2026-01-15T10:00:00.000Z');
  });

  it('refuses to start on a hand-edited file, naming the file and the first bad path, and leaves the file alone', async () => {
    const first = await start();
    for (const name of ['a', 'b', 'c', 'd']) await first.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    await stop(first.server);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document.accounts['000000000000'].iam.roles[3].arn = 'arn:aws:iam::000000000000:role/x';
    const edited = JSON.stringify(document, null, 2);
    writeFileSync(file, edited);
    await expect(start()).rejects.toThrow(
      `state file ${file}: accounts.000000000000.iam.roles[3].arn: expected arn:aws:iam::000000000000:role/d, the ARN of role d at path /`,
    );
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('refuses a truncated, a corrupt, an empty and a newer-version file', async () => {
    const first = await start();
    await stop(first.server);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length / 2));
    await expect(start()).rejects.toThrow(new RegExp(`^state file ${file} is not valid JSON at line \\d+, column \\d+ \\(it ends too early: truncated\\?\\)$`));
    writeFileSync(file, good.replace('"format"', '"format" "'));
    await expect(start()).rejects.toThrow(`state file ${file} is not valid JSON at line 2, column 12`);
    writeFileSync(file, '');
    await expect(start()).rejects.toThrow(`state file ${file} is empty`);
    writeFileSync(file, good.replace('"version": 1', '"version": 7'));
    await expect(start()).rejects.toThrow(`state file ${file}: version: 7 is newer than this linkstack reads (1)`);
  });

  it('stops start-up when the file cannot be written', async () => {
    await expect(start({ stateFile: join(dir, 'missing-folder', 'state.json') })).rejects.toThrow(/cannot be written/);
  });
});

describe('the state file writer: at most one save a second, only when something changed', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces saves, skips unchanged state, and flushes at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const clock = new Clock();
    clock.freeze(new Date('2026-01-15T10:00:00Z'));
    const store = new Store({ clock });
    const writer = new StateFileWriter(file, store);
    const saves = vi.spyOn(writer, 'save');
    writer.touch();
    writer.touch();
    vi.advanceTimersByTime(0);
    expect(saves).toHaveBeenCalledTimes(1);
    expect(existsSync(file)).toBe(true);
    writer.touch();
    vi.advanceTimersByTime(999);
    expect(saves).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(saves).toHaveBeenCalledTimes(2);
    expect(saves.mock.results[1]!.value).toBe(false); // nothing changed: nothing written
    store.account().iam.roles.create({ roleName: 'late', assumeRolePolicyDocument: trust }, clock.now());
    writer.touch();
    writer.flush();
    expect(saves.mock.results[2]!.value).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('"late"');
  });

  it('skips a save when only a running clock moved, and writes the file as the whole snapshot, indented', () => {
    let now = Date.parse('2026-01-15T10:00:00Z');
    const clock = new Clock(() => now);
    const store = new Store({ clock });
    store.account().iam.roles.create({ roleName: 'kept', assumeRolePolicyDocument: trust }, clock.now());
    const writer = new StateFileWriter(file, store, undefined, () => now);
    expect(writer.save()).toBe(true);
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(`${JSON.stringify(store.toSnapshot(), null, 2)}\n`);
    now += 60_000;
    expect(writer.save()).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(written);
    store.account().iam.roles.create({ roleName: 'later', assumeRolePolicyDocument: trust }, clock.now());
    expect(writer.save()).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).clock.now).toBe('2026-01-15T10:01:00.000Z');
  });
});

describe('LINKSTACK_INIT: scenarios run before the server answers', () => {
  const scenario = (steps: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ title: 'seed', region: 'eu-west-1', steps, ...extra });
  const createCluster = { say: 'A cluster.', service: 'ecs', operation: 'CreateCluster', input: { clusterName: 'seeded' } };
  const createRole = { say: 'A role.', service: 'iam', operation: 'CreateRole', input: { RoleName: 'ci', AssumeRolePolicyDocument: trust } };

  it('replays a folder in name order into the fresh server, keeping what each file made', async () => {
    const init = join(dir, 'init');
    mkdirSync(init);
    writeFileSync(join(init, '01-cluster.json'), scenario([createCluster]));
    writeFileSync(join(init, '02-role.json'), scenario([createRole], { frozenAt: '2026-01-15T10:00:00Z' }));
    const { iam, ecs, server } = await start({ stateFile: '', init, clock: undefined });
    expect((await iam.send(new GetRoleCommand({ RoleName: 'ci' }))).Role!.CreateDate).toEqual(new Date('2026-01-15T10:00:00Z'));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role).toBeDefined();
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: ['seeded'] }));
    expect(clusters![0]!.status).toBe('ACTIVE');
    // A story's frozen clock does not outlive the seeding: the server runs on real time.
    expect(server.clock.frozen).toBe(false);
    expect(Math.abs(server.clock.now().getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('stops start-up with the scenario\'s own error: file, step and field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, scenario([createRole, { ...createRole, say: 'The same role again.', expect: { result: { Role: { RoleName: 'other' } } } }]));
    await expect(start({ stateFile: '', init: bad })).rejects.toThrow(
      `init: ${bad}: step 2 ("The same role again.", iam CreateRole): the call failed: EntityAlreadyExistsException: Role with name ci already exists.`,
    );
    const misspelt = join(dir, 'misspelt.json');
    writeFileSync(misspelt, scenario([{ ...createRole, sevice: 'iam' }]));
    await expect(start({ stateFile: '', init: misspelt })).rejects.toThrow(new RegExp(`^init: ${misspelt}: step 1`));
  });

  it('runs when the state file does not exist yet, and is skipped once it does', async () => {
    const init = join(dir, 'seed.json');
    writeFileSync(init, scenario([createRole]));
    const first = await start({ init });
    await stop(first.server);
    const second = await start({ init }); // would fail with EntityAlreadyExists if replayed again
    expect((await second.iam.send(new GetRoleCommand({ RoleName: 'ci' }))).Role!.RoleName).toBe('ci');
  });
});

describe('LINKSTACK_ID_SEED: the same requests make the same ids', () => {
  it('gives two servers with one seed the same role and cluster ids, and another seed others', async () => {
    const ids = async (idSeed: string) => {
      const { iam, ecs } = await start({ stateFile: '', idSeed });
      const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: trust }));
      await ecs.send(new CreateClusterCommand({ clusterName: 'c' }));
      const { Role: slr } = await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
      return [Role!.RoleId, slr!.RoleId];
    };
    const a = await ids('demo');
    expect(await ids('demo')).toEqual(a);
    expect(await ids('other')).not.toEqual(a);
  });
});
