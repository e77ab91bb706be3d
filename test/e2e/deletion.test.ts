import {
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const ROLE = 'AWSServiceRoleForECS';
const TASK_ID = /^task\/aws-service-role\/ecs\.amazonaws\.com\/AWSServiceRoleForECS\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const admin = (path: string, body?: unknown, method?: string) => emu.admin(path, body, method);
const advance = (seconds: number) => admin('clock', { advanceSeconds: seconds });

async function createRole() {
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
}
async function submit(): Promise<string> {
  const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE }));
  return DeletionTaskId!;
}
async function status(id: string) {
  return iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id }));
}

describe('DeleteServiceLinkedRole', () => {
  it('returns a DeletionTaskId in the documented format and leaves the role in place for now', async () => {
    await createRole();
    const id = await submit();
    expect(id).toMatch(TASK_ID);
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: ROLE }));
    expect(Role!.RoleName).toBe(ROLE);
  });

  it('returns the same task id while the first task is unfinished (NOT_STARTED and IN_PROGRESS)', async () => {
    await createRole();
    const first = await submit();
    expect(await submit()).toBe(first);
    await advance(1); // default timings: starts after 0.5 s, finishes 1.5 s later
    expect((await status(first)).Status).toBe('IN_PROGRESS');
    expect(await submit()).toBe(first);
  });

  it('deletes other service-linked roles too, naming their service and suffix in the task id', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'web' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_web' }));
    expect(DeletionTaskId).toMatch(/^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling_web\/[0-9a-f-]{36}$/);
    await advance(2);
    expect((await status(DeletionTaskId!)).Status).toBe('SUCCEEDED');
    const e = await caught(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_web' })));
    expect(e.name).toBe('NoSuchEntityException');
  });

  it('answers NoSuchEntity for a role that does not exist', async () => {
    const e = await caught(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: ROLE })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.message).toBe('The role with name AWSServiceRoleForECS cannot be found.');
  });

  it('answers NoSuchEntity for an ordinary role, which it leaves alone', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const e = await caught(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'app' })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe('The role with name app is not a service-linked role. Use DeleteRole to delete it.');
    await emu.clock.advance(60_000);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.RoleName).toBe('app');
  });

  it('rejects a missing or badly shaped RoleName with ValidationError', async () => {
    const e = await caught(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'bad name!' })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    );
  });
});

describe('GetServiceLinkedRoleDeletionStatus', () => {
  it('moves NOT_STARTED → IN_PROGRESS → SUCCEEDED on the clock, and the role is gone', async () => {
    await createRole();
    const id = await submit();
    expect(await status(id)).toMatchObject({ Status: 'NOT_STARTED' });
    await advance(0.5);
    expect(await status(id)).toMatchObject({ Status: 'IN_PROGRESS' });
    await advance(1.499);
    expect((await status(id)).Status).toBe('IN_PROGRESS');
    expect((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role).toBeDefined();
    await advance(0.001);
    const done = await status(id);
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.Reason).toBeUndefined();
    const e = await caught(iam.send(new GetRoleCommand({ RoleName: ROLE })));
    expect(e.name).toBe('NoSuchEntityException');
  });

  it('keeps answering SUCCEEDED for the retention period (15 minutes), and a new deletion of the gone role is NoSuchEntity', async () => {
    await createRole();
    const id = await submit();
    await advance(10);
    expect((await status(id)).Status).toBe('SUCCEEDED');
    await advance(880);
    expect((await status(id)).Status).toBe('SUCCEEDED');
    expect((await caught(submit())).name).toBe('NoSuchEntityException');
    await advance(20);
    const gone = await caught(status(id));
    expect([gone.name, gone.message]).toEqual(['NoSuchEntityException', `The deletion task with id ${id} cannot be found.`]);
  });

  it('reports FAILED with the reason and the sessions that use the role, grouped by region', async () => {
    await createRole();
    const session = await admin('sessions', { roleName: ROLE, region: 'ap-northeast-2', durationSeconds: 900 });
    expect(session.status).toBe(200);
    const id = await submit();
    await advance(2);
    const failed = await status(id);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toEqual({
      Reason:
        'Service-linked role AWSServiceRoleForECS is in use and cannot be deleted. The role has active sessions, which ' +
        'cannot be revoked: wait until they expire, then submit the deletion again.',
      RoleUsageList: [
        {
          Region: 'ap-northeast-2',
          Resources: [`arn:aws:sts::000000000000:assumed-role/AWSServiceRoleForECS/${session.body.id}`],
        },
      ],
    });
    expect((await iam.send(new GetRoleCommand({ RoleName: ROLE }))).Role).toBeDefined();
  });

  it('lets a second deletion start after a FAILED one, and that one can succeed', async () => {
    await createRole();
    await admin('sessions', { roleName: ROLE, region: 'eu-west-1', durationSeconds: 60 });
    const first = await submit();
    await advance(2);
    expect((await status(first)).Status).toBe('FAILED');
    await advance(60); // the session has expired
    const second = await submit();
    expect(second).not.toBe(first);
    expect((await status(second)).Status).toBe('NOT_STARTED');
    await advance(2);
    expect((await status(second)).Status).toBe('SUCCEEDED');
    expect((await status(first)).Status).toBe('FAILED');
  });

  it('answers InvalidInput for an id that is not a deletion task id', async () => {
    for (const bad of ['not-a-task', 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS', 'task/aws-service-role//x/y']) {
      const e = await caught(status(bad));
      expect(e.name).toBe('InvalidInputException');
      expect(e.$metadata.httpStatusCode).toBe(400);
      expect(e.message).toBe(
        `Invalid DeletionTaskId ${bad}: expected task/aws-service-role/<service-principal-name>/<role-name>/<task-uuid>.`,
      );
    }
  });

  it('answers NoSuchEntity for a well-formed id it never issued, and for another account\'s task', async () => {
    const unknown = 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/0f6c3a4e-2b7d-4c1e-9a8b-123456789abc';
    const e = await caught(status(unknown));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe(`The deletion task with id ${unknown} cannot be found.`);

    await createRole();
    const id = await submit();
    const other = emu.iam('eu-west-1', { accessKeyId: '111122223333', secretAccessKey: 'x' });
    expect((await caught(other.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: id })))).name).toBe(
      'NoSuchEntityException',
    );
  });

  it('rejects an empty DeletionTaskId with ValidationError', async () => {
    const e = await caught(status(''));
    expect(e.name).toBe('ValidationError');
  });
});
