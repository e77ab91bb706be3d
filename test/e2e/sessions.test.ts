import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  ExecuteCommandCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExecutableTask } from '../support/ecsFixtures.js';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('us-east-1');
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
});
afterEach(async () => {
  await emu.close();
});

const ROLE = 'AWSServiceRoleForECS';

const admin = async (path: string, body?: unknown) => (await emu.admin(path, body)).body;
const advance = (seconds: number) => admin('clock', { advanceSeconds: seconds });
const startSession = (region: string, durationSeconds: number) => admin('sessions', { roleName: ROLE, region, durationSeconds });

async function deleteAndWait() {
  const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE }));
  await advance(2); // past the default 0.5 s + 1.5 s
  return iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
}

describe('role sessions keep the service-linked role in use', () => {
  it('blocks the deletion while a session is active, and lets it through once the session expires', async () => {
    const session = await startSession('eu-central-1', 3600);
    const blocked = await deleteAndWait();
    expect(blocked.Status).toBe('FAILED');
    expect(blocked.Reason!.RoleUsageList).toEqual([
      { Region: 'eu-central-1', Resources: [`arn:aws:sts::000000000000:assumed-role/${ROLE}/${session.id}`] },
    ]);

    await advance(1800);
    expect((await deleteAndWait()).Status).toBe('FAILED'); // still 30 minutes to go

    await advance(3600);
    expect((await admin('sessions')).sessions).toEqual([expect.objectContaining({ id: session.id, active: false })]);
    expect((await deleteAndWait()).Status).toBe('SUCCEEDED');
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: ROLE })))).name).toBe('NoSuchEntityException');
  });

  it('judges sessions at the finish instant: one that ends before the task finishes does not block it', async () => {
    await startSession('eu-west-1', 1);
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE }));
    await advance(2);
    const { Status } = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(Status).toBe('SUCCEEDED');
  });

  it('fails a deletion when the service starts a session while the task is IN_PROGRESS, however short', async () => {
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE }));
    await advance(0.5);
    await startSession('us-west-2', 1); // expired long before the task finishes
    await advance(1.5);
    const failed = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason!.Reason).toContain('ecs.amazonaws.com used the role while the deletion was in progress.');
    expect(failed.Reason!.RoleUsageList).toEqual([]);
  });

  it('cannot be revoked: a revoke policy on the service-linked role is UnmodifiableEntity', async () => {
    await startSession('eu-west-1', 3600);
    const revoke = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-01-15T10:00:01Z' } },
        },
      ],
    };
    const e = await caught(
      iam.send(new PutRolePolicyCommand({ RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions', PolicyDocument: JSON.stringify(revoke) })),
    );
    expect(e.name).toBe('UnmodifiableEntityException');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toBe(`Cannot perform the operation on the protected role '${ROLE}' - this role is only modifiable by AWS`);
    // The session is untouched and still keeps the role in use.
    expect((await admin('sessions')).sessions).toEqual([expect.objectContaining({ active: true })]);
    expect((await deleteAndWait()).Status).toBe('FAILED');
  });

  it('moves GetRole RoleLastUsed to the session start and region', async () => {
    const before = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    expect(before.Role!.RoleLastUsed).toEqual({});
    await advance(60);
    await startSession('ap-northeast-2', 900);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    expect(Role!.RoleLastUsed).toEqual({ LastUsedDate: new Date(FROZEN_AT.getTime() + 60_000), Region: 'ap-northeast-2' });
  });
});

describe('ECS ExecuteCommand opens a session of the service-linked role', () => {
  it('keeps the role in use after every ECS resource is gone, until the session expires', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'ops' }));
    const taskArn = await runExecutableTask(ecs, 'ops');
    await advance(10);
    await ecs.send(new ExecuteCommandCommand({ cluster: 'ops', task: taskArn, command: '/bin/sh', interactive: true }));
    const [session] = (await admin('sessions')).sessions;
    expect(session).toMatchObject({ roleName: ROLE, region: 'eu-west-1', active: true });
    expect((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role!.RoleLastUsed).toEqual({
      LastUsedDate: new Date(FROZEN_AT.getTime() + 10_000),
      Region: 'eu-west-1',
    });

    await ecs.send(new StopTaskCommand({ cluster: 'ops', task: taskArn }));
    await advance(1); // the task goes through DEACTIVATING, STOPPING and DEPROVISIONING to STOPPED
    await ecs.send(new DeleteClusterCommand({ cluster: 'ops' }));
    const blocked = await deleteAndWait();
    expect(blocked.Status).toBe('FAILED');
    expect(blocked.Reason!.RoleUsageList).toEqual([
      { Region: 'eu-west-1', Resources: [`arn:aws:sts::000000000000:assumed-role/${ROLE}/${session.id}`] },
    ]);

    await advance(20 * 60);
    expect((await deleteAndWait()).Status).toBe('SUCCEEDED');
  });
});
