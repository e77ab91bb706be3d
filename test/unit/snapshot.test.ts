import { describe, expect, it } from 'vitest';
import { Clock } from '../../state/clock.js';
import { SeededIds, withIds, iamUniqueId } from '../../state/ids.js';
import { SnapshotError } from '../../state/snapshot/codec.js';
import { Store } from '../../state/store.js';

const at = new Date('2026-01-15T10:00:00Z');

function storeWithRoles(n: number): Store {
  const clock = new Clock();
  clock.freeze(at);
  const store = new Store({ clock });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  for (let i = 0; i < n; i++) store.account().iam.roles.create({ roleName: `role-${i}`, assumeRolePolicyDocument: trust }, at);
  return store;
}

function problem(store: Store, document: unknown): SnapshotError {
  try {
    store.restore(document);
  } catch (e) {
    if (e instanceof SnapshotError) return e;
    throw e;
  }
  throw new Error('expected the snapshot to be refused');
}

const doc = (store: Store) => JSON.parse(JSON.stringify(store.toSnapshot()));

describe('Store.restore: a bad snapshot names the first bad path and changes nothing', () => {
  it('names a hand-edited ARN', () => {
    const document = doc(storeWithRoles(5));
    document.accounts['000000000000'].iam.roles[3].arn = 'arn:aws:iam::000000000000:role/other';
    const e = problem(new Store(), document);
    expect(e.path).toBe('accounts.000000000000.iam.roles[3].arn');
    expect(e.message).toBe(
      'accounts.000000000000.iam.roles[3].arn: expected arn:aws:iam::000000000000:role/role-3, the ARN of role role-3 at path /',
    );
  });

  it('names a value of the wrong type, a missing member and an unknown one', () => {
    const document = doc(storeWithRoles(2));
    document.accounts['000000000000'].iam.roles[1].maxSessionDuration = '3600';
    expect(problem(new Store(), document).message).toBe('accounts.000000000000.iam.roles[1].maxSessionDuration: expected an integer, found "3600"');
    delete document.accounts['000000000000'].iam.roles[1].maxSessionDuration;
    expect(problem(new Store(), document).message).toBe('accounts.000000000000.iam.roles[1].maxSessionDuration: missing');
    document.accounts['000000000000'].iam.roles[1].maxSessionDuration = 3600;
    document.accounts['000000000000'].iam.rolez = [];
    expect(problem(new Store(), document).path).toBe('accounts.000000000000.iam.rolez');
  });

  it('refuses a newer version, another format, and a bad clock', () => {
    const document = doc(storeWithRoles(1));
    expect(problem(new Store(), { ...document, version: 2 }).message).toBe(
      'version: 2 is newer than this linkstack reads (1): use the linkstack that wrote it, or a newer one',
    );
    expect(problem(new Store(), { ...document, format: 'other' }).path).toBe('format');
    expect(problem(new Store(), { ...document, clock: { now: 'yesterday', frozen: true } }).path).toBe('clock.now');
    expect(problem(new Store(), [document]).path).toBe('');
  });

  it('is all or nothing: a bad document leaves the state as it was', () => {
    const store = storeWithRoles(3);
    const before = JSON.stringify(store.toSnapshot());
    const document = doc(storeWithRoles(1));
    document.accounts['111122223333'] = { iam: { roles: [{ roleName: 7 }] } };
    expect(problem(store, document).path).toBe('accounts.111122223333.iam.roles[0].roleName');
    expect(JSON.stringify(store.toSnapshot())).toBe(before);
  });

  it('checks references: group members are users, access keys have their user, attached policies exist', () => {
    const document = doc(storeWithRoles(1));
    const iam = document.accounts['000000000000'].iam;
    iam.roles[0].attachedPolicyArns = ['arn:aws:iam::000000000000:policy/nope'];
    expect(problem(new Store(), document).message).toBe(
      'accounts.000000000000.iam.roles[0].attachedPolicyArns[0]: no managed policy arn:aws:iam::000000000000:policy/nope',
    );
  });
});

describe('Clock across a snapshot', () => {
  it('a frozen clock stays frozen at its instant', () => {
    const store = storeWithRoles(0);
    const restored = new Store({ clock: new Clock(() => Date.parse('2030-01-01T00:00:00Z')) });
    restored.restore(store.toSnapshot());
    expect(restored.clock.frozen).toBe(true);
    expect(restored.clock.now()).toEqual(at);
  });

  it('a running clock runs on in real time, keeping its lead, and never goes back', () => {
    let real = Date.parse('2026-01-15T10:00:00Z');
    const clock = new Clock(() => real);
    clock.advance(60_000); // a minute ahead of real time
    const store = new Store({ clock });
    const document = store.toSnapshot();
    real += 3_600_000; // an hour passes while the server is down
    const restoredClock = new Clock(() => real);
    new Store({ clock: restoredClock }).restore(document);
    expect(restoredClock.frozen).toBe(false);
    expect(restoredClock.nowMs()).toBe(real + 60_000);
    const back = new Clock(() => Date.parse('2025-01-01T00:00:00Z'));
    new Store({ clock: back }).restore(document);
    expect(back.nowMs()).toBe(Date.parse('2026-01-15T10:01:00Z'));
  });
});

describe('seeded ids', () => {
  it('draw the same ids from the same seed, and continue after a snapshot', () => {
    const a = new SeededIds('story');
    const b = new SeededIds('story');
    const first = withIds(a, () => [iamUniqueId('AROA'), iamUniqueId('AIDA')]);
    expect(withIds(b, () => [iamUniqueId('AROA'), iamUniqueId('AIDA')])).toEqual(first);
    expect(first[0]).toMatch(/^AROA[A-Z0-9]{17}$/);
    const resumed = new SeededIds('story', a.toSnapshot().state);
    expect(withIds(resumed, () => iamUniqueId('AROA'))).toBe(withIds(a, () => iamUniqueId('AROA')));
    expect(withIds(new SeededIds('other'), () => iamUniqueId('AROA'))).not.toBe(first[0]);
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
