import { describe, expect, it } from 'vitest';
import { deletionStatus, parseDeletionTaskId } from '../../state/deletion/deletionTasks.js';
import type { RegionResources } from '../../state/deletion/usageReport.js';
import { buildUsageReport, MAX_REPORTED_RESOURCES } from '../../state/deletion/usageReport.js';
import {
  findDeletionTask,
  settleDueDeletionTasks,
  submitServiceLinkedRoleDeletion,
} from '../../state/deletion/serviceLinkedRoleDeletion.js';
import { Store } from '../../state/store.js';

const T0 = Date.parse('2026-01-15T10:00:00Z');

function accountWithEcsRole(usageReport: 'all' | 'none' | `limit:${number}` = 'all') {
  const store = new Store({ accountConfig: { deletion: { startDelayMs: 500, durationMs: 1500 }, usageReport } });
  const account = store.account();
  account.iam.roles.createServiceLinkedRole('ecs.amazonaws.com', new Date(T0));
  return account;
}

/** A stand-in for ECS: whatever the test puts in `inUse` uses the role. */
function fakeEcs(inUse: RegionResources[]) {
  return () => inUse;
}

describe('deletion task timing', () => {
  it('is NOT_STARTED until it starts, IN_PROGRESS until it finishes, then settled', () => {
    const account = accountWithEcsRole();
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    expect(task.startsAtMs).toBe(T0 + 500);
    expect(task.finishesAtMs).toBe(T0 + 2000);
    expect(deletionStatus(task, T0)).toBe('NOT_STARTED');
    expect(deletionStatus(task, T0 + 499)).toBe('NOT_STARTED');
    expect(deletionStatus(task, T0 + 500)).toBe('IN_PROGRESS');
    settleDueDeletionTasks(account, T0 + 1999, fakeEcs([]));
    expect(task.outcome).toBeUndefined();
    expect(account.iam.roles.find('AWSServiceRoleForECS')).toBeDefined();
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([]));
    expect(deletionStatus(task, T0 + 2000)).toBe('SUCCEEDED');
    expect(account.iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });

  it('keeps the fast path closed when nothing is due', () => {
    const account = accountWithEcsRole();
    expect(account.deletionTasks.nextDueAtMs).toBe(Number.POSITIVE_INFINITY);
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    expect(account.deletionTasks.nextDueAtMs).toBe(task.finishesAtMs);
    settleDueDeletionTasks(account, task.finishesAtMs, fakeEcs([]));
    expect(account.deletionTasks.nextDueAtMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes its timings and report mode from the account config at submission', () => {
    const account = accountWithEcsRole();
    account.config.deletion = { startDelayMs: 0, durationMs: 10 };
    account.config.usageReport = 'none';
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    account.config.usageReport = 'all';
    expect(deletionStatus(task, T0)).toBe('IN_PROGRESS');
    settleDueDeletionTasks(account, T0 + 10, fakeEcs([{ region: 'us-east-1', resources: ['arn:c1'] }]));
    expect(task.outcome).toEqual({ status: 'FAILED', report: { reason: expect.any(String) }, inUse: expect.any(Array) });
  });
});

describe('deletion task submission', () => {
  it('returns the unfinished task again instead of queueing a second', () => {
    const account = accountWithEcsRole();
    const first = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    const second = submitServiceLinkedRoleDeletion(account, 'awsserviceroleforecs', T0 + 600);
    expect(second).toBe(first);
    expect(account.deletionTasks.all()).toHaveLength(1);
  });

  it('starts a new task after a FAILED one', () => {
    const account = accountWithEcsRole();
    const first = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([{ region: 'eu-west-1', resources: ['arn:c1'] }]));
    const second = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0 + 2000);
    expect(second.id).not.toBe(first.id);
    expect(deletionStatus(first, T0 + 2000)).toBe('FAILED');
    expect(deletionStatus(second, T0 + 2000)).toBe('NOT_STARTED');
  });

  it('names the service principal and role in the task id', () => {
    const account = accountWithEcsRole();
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    expect(task.id).toMatch(/^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f-]{36}$/);
    expect(parseDeletionTaskId(task.id)).toEqual({ servicePrincipal: 'ecs.amazonaws.com', roleName: 'AWSServiceRoleForECS' });
    expect(findDeletionTask(account, task.id)).toBe(task);
  });

  it('refuses a missing role, an ordinary role, a malformed id and an unknown id', () => {
    const account = accountWithEcsRole();
    expect(() => submitServiceLinkedRoleDeletion(account, 'Nope', T0)).toThrow(
      expect.objectContaining({ code: 'NoSuchEntity', status: 404 }),
    );
    account.iam.roles.add({
      ...account.iam.roles.get('AWSServiceRoleForECS'),
      roleName: 'ordinary',
      path: '/',
      linkedService: undefined,
      attachedPolicyArns: [],
    });
    expect(() => submitServiceLinkedRoleDeletion(account, 'ordinary', T0)).toThrow(
      expect.objectContaining({ code: 'NoSuchEntity', message: expect.stringContaining('not a service-linked role') }),
    );
    expect(() => findDeletionTask(account, 'not-a-task')).toThrow(expect.objectContaining({ code: 'InvalidInput', status: 400 }));
    expect(() =>
      findDeletionTask(account, 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-4000-8000-000000000000'),
    ).toThrow(expect.objectContaining({ code: 'NoSuchEntity' }));
  });
});

describe('deletion task judgement', () => {
  it('fails while resources use the role, and keeps the role and its policy attachment', () => {
    const account = accountWithEcsRole();
    const policy = account.iam.policies.find('arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy')!;
    expect(policy.attachmentCount).toBe(1);
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([{ region: 'us-east-1', resources: ['arn:c1'] }]));
    expect(task.outcome).toEqual({
      status: 'FAILED',
      report: {
        reason: expect.stringContaining('remove them in every region'),
        roleUsageList: [{ region: 'us-east-1', resources: ['arn:c1'] }],
      },
    });
    expect(account.iam.roles.find('AWSServiceRoleForECS')).toBeDefined();
    expect(policy.attachmentCount).toBe(1);
  });

  it('removes the policy attachment with the role when it succeeds', () => {
    const account = accountWithEcsRole();
    submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([]));
    expect(account.iam.policies.find('arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy')!.attachmentCount).toBe(0);
  });

  it('fails when the role is used while IN_PROGRESS, even if nothing uses it at the end', () => {
    const account = accountWithEcsRole();
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    account.deletionTasks.noteRoleUse('AWSServiceRoleForECS', T0 + 100); // NOT_STARTED: judged at the end only
    expect(task.usedWhileInProgress).toBe(false);
    account.deletionTasks.noteRoleUse('AWSServiceRoleForECS', T0 + 700);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([]));
    expect(task.outcome).toMatchObject({
      status: 'FAILED',
      report: { reason: expect.stringContaining('while the deletion was in progress'), roleUsageList: [] },
    });
  });

  it('counts sessions active at the finish instant, not later', () => {
    const account = accountWithEcsRole();
    const session = account.roleSessions.start('AWSServiceRoleForECS', 'eu-west-1', T0, 3, 'admin');
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    // Settled late (the first request came long after the session expired): judged at the finish instant.
    settleDueDeletionTasks(account, T0 + 60_000, fakeEcs([]));
    expect(task.outcome).toMatchObject({
      status: 'FAILED',
      report: {
        reason: expect.stringContaining('active sessions'),
        roleUsageList: [
          { region: 'eu-west-1', resources: [`arn:aws:sts::000000000000:assumed-role/AWSServiceRoleForECS/${session.id}`] },
        ],
      },
    });
    const again = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0 + 60_000);
    settleDueDeletionTasks(account, again.finishesAtMs, fakeEcs([]));
    expect(again.outcome).toEqual({ status: 'SUCCEEDED' });
  });
});

describe('usage report modes', () => {
  const usage = {
    resources: [
      { region: 'us-east-1', resources: ['u1', 'u2'] },
      { region: 'ap-northeast-2', resources: ['a1', 'a2'] },
      { region: 'eu-west-1', resources: ['e1'] },
    ],
    sessions: [{ region: 'eu-west-1', resources: ['s1'] }],
    usedWhileInProgress: false,
  };

  it('all: every resource, grouped by region in name order, sessions after resources', () => {
    expect(buildUsageReport('R', 'ecs.amazonaws.com', usage, 'all').roleUsageList).toEqual([
      { region: 'ap-northeast-2', resources: ['a1', 'a2'] },
      { region: 'eu-west-1', resources: ['e1', 's1'] },
      { region: 'us-east-1', resources: ['u1', 'u2'] },
    ]);
  });

  it('limit:N: the first N of that order', () => {
    expect(buildUsageReport('R', 'ecs.amazonaws.com', usage, 'limit:5').roleUsageList).toEqual([
      { region: 'ap-northeast-2', resources: ['a1', 'a2'] },
      { region: 'eu-west-1', resources: ['e1', 's1'] },
      { region: 'us-east-1', resources: ['u1'] },
    ]);
    expect(buildUsageReport('R', 'ecs.amazonaws.com', usage, 'limit:1').roleUsageList).toEqual([
      { region: 'ap-northeast-2', resources: ['a1'] },
    ]);
  });

  it('none (or limit:0): a reason without a list', () => {
    for (const mode of ['none', 'limit:0'] as const) {
      const report = buildUsageReport('R', 'ecs.amazonaws.com', usage, mode);
      expect(report.roleUsageList).toBeUndefined();
      expect(report.reason).toBe(
        'Service-linked role R is in use and cannot be deleted. ecs.amazonaws.com still has resources that use the role: ' +
          'remove them in every region, then submit the deletion again. The role has active sessions, which cannot be ' +
          'revoked: wait until they expire, then submit the deletion again.',
      );
    }
  });
});

describe('usage report size: at most MAX_REPORTED_RESOURCES (1,000) resources per region', () => {
  const arns = (region: string, n: number) => Array.from({ length: n }, (_, i) => `arn:aws:ecs:${region}:000000000000:task/c/${i}`);

  it('reports the first 1,000 of a region that has more, in every mode that lists resources', () => {
    const usage = {
      resources: [
        { region: 'eu-west-1', resources: arns('eu-west-1', 2500) },
        { region: 'us-east-1', resources: arns('us-east-1', 10) },
      ],
      sessions: [{ region: 'eu-west-1', resources: ['s1'] }],
      usedWhileInProgress: false,
    };
    expect(MAX_REPORTED_RESOURCES).toBe(1000);
    for (const mode of ['all', 'limit:5000'] as const) {
      expect(buildUsageReport('R', 'ecs.amazonaws.com', usage, mode).roleUsageList).toEqual([
        { region: 'eu-west-1', resources: arns('eu-west-1', 1000) },
        { region: 'us-east-1', resources: arns('us-east-1', 10) },
      ]);
    }
    expect(buildUsageReport('R', 'ecs.amazonaws.com', usage, 'limit:1005').roleUsageList).toEqual([
      { region: 'eu-west-1', resources: arns('eu-west-1', 1000) },
      { region: 'us-east-1', resources: arns('us-east-1', 5) },
    ]);
  });

  it('a FAILED task reports 1,000 of a role used by more; what it left out stays known to the dashboard', () => {
    const account = accountWithEcsRole();
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([{ region: 'eu-west-1', resources: arns('eu-west-1', 1001) }]));
    expect(task.outcome).toEqual({
      status: 'FAILED',
      report: { reason: expect.stringContaining('remove them in every region'), roleUsageList: [{ region: 'eu-west-1', resources: arns('eu-west-1', 1000) }] },
      inUse: [{ region: 'eu-west-1', resources: arns('eu-west-1', 1001) }],
    });
  });

  it('keeps no second list when the report names everything', () => {
    const account = accountWithEcsRole('limit:5');
    const task = submitServiceLinkedRoleDeletion(account, 'AWSServiceRoleForECS', T0);
    settleDueDeletionTasks(account, T0 + 2000, fakeEcs([{ region: 'eu-west-1', resources: arns('eu-west-1', 3) }]));
    expect(task.outcome).toEqual({
      status: 'FAILED',
      report: { reason: expect.any(String), roleUsageList: [{ region: 'eu-west-1', resources: arns('eu-west-1', 3) }] },
    });
  });
});
