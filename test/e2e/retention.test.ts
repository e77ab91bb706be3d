import { CreateRoleCommand, CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand, GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, GetServiceLinkedRoleDeletionStatusCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * Nothing finished is kept forever: expired STS credentials, completed Access Advisor jobs and
 * finished deletion tasks are forgotten once their retention period has passed, on the
 * emulated clock. Each period is a start-up setting.
 */

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
});

describe('expired STS credentials', () => {
  it('answer ExpiredToken for the retention period, then are forgotten (InvalidClientTokenId)', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict', credentialRetentionSeconds: 600 } });
    await emu.iam().send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: TRUST }));
    const { Credentials: c } = await emu
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'ci', DurationSeconds: 900 }));
    const session = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    emu.clock.advance(901_000);
    expect((await caught(emu.iam('us-east-1', session).send(new ListUsersCommand({})))).name).toBe('ExpiredToken');
    expect(emu.store.account().iam.temporaryCredentials.all()).toHaveLength(1);
    emu.clock.advance(600_000);
    expect((await caught(emu.iam('us-east-1', session).send(new ListUsersCommand({})))).name).toBe('InvalidClientTokenId');
    // The account's next served request sweeps them out of the state.
    await emu.iam().send(new ListUsersCommand({}));
    expect(emu.store.account().iam.temporaryCredentials.all()).toEqual([]);
  });
});

describe('Access Advisor report jobs', () => {
  it('are readable for the retention period after they complete, then NoSuchEntity', async () => {
    emu = await startEmulator({ config: { accessAdvisorJobRetentionSeconds: 60 } });
    const { Role } = await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { JobId } = await emu.iam().send(new GenerateServiceLastAccessedDetailsCommand({ Arn: Role!.Arn! }));
    emu.clock.advance(30_000);
    expect((await emu.iam().send(new GetServiceLastAccessedDetailsCommand({ JobId }))).JobStatus).toBe('COMPLETED');
    emu.clock.advance(120_000);
    expect((await caught(emu.iam().send(new GetServiceLastAccessedDetailsCommand({ JobId })))).name).toBe('NoSuchEntityException');
  });
});

describe('finished deletion tasks', () => {
  it('with retention 0 are gone as soon as they finish: GetServiceLinkedRoleDeletionStatus answers NoSuchEntity, as after AWS purges them', async () => {
    emu = await startEmulator({ config: { deletionTaskRetentionSeconds: 0 } });
    await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { DeletionTaskId } = await emu.iam().send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect((await emu.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status).toBe('NOT_STARTED');
    emu.clock.advance(10_000);
    const gone = await caught(emu.iam().send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId })));
    expect(gone.name).toBe('NoSuchEntityException');
    expect(emu.store.account().iam.roles.find('AWSServiceRoleForECS')).toBeUndefined();
  });
});

describe('the retention settings', () => {
  it('are read from the environment and flags, in seconds, with defaults a polling client can live with', () => {
    expect(loadConfig({})).toMatchObject({ credentialRetentionSeconds: 3600, accessAdvisorJobRetentionSeconds: 3600, deletionTaskRetentionSeconds: 900 });
    expect(
      loadConfig({ LINKSTACK_CREDENTIAL_RETENTION_SECONDS: '60', LINKSTACK_ACCESS_ADVISOR_JOB_RETENTION_SECONDS: '0' }, ['--deletion-task-retention-seconds', '0']),
    ).toMatchObject({ credentialRetentionSeconds: 60, accessAdvisorJobRetentionSeconds: 0, deletionTaskRetentionSeconds: 0 });
    expect(() => loadConfig({ LINKSTACK_DELETION_TASK_RETENTION_SECONDS: '-1' })).toThrow(
      "LINKSTACK_DELETION_TASK_RETENTION_SECONDS must be seconds (0-31536000), not '-1'",
    );
  });
});
