import { CreateRoleCommand, CreateServiceLinkedRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Credentials, type Emulator } from '../support/emulator.js';

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

const ROLE_ARN = 'arn:aws:iam::000000000000:role/deployer';
const trustAccount = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
});

async function withRole(enforceIam: 'off' | 'strict' = 'off', maxSessionDuration?: number) {
  emu = await startEmulator({ config: { enforceIam } });
  await emu.iam().send(
    new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trustAccount, MaxSessionDuration: maxSessionDuration }),
  );
}

const asSession = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Credentials => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
});

describe('AssumeRole', () => {
  it('returns ASIA credentials with a session token and expiry, and the assumed-role identity', async () => {
    await withRole();
    const out = await emu.sts('eu-west-1').send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ci-run' }));
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{17}$/);
    expect(out.Credentials!.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials!.SessionToken!.length).toBeGreaterThan(100);
    expect(out.Credentials!.Expiration).toEqual(new Date(FROZEN_AT.getTime() + 3600_000));
    const { Role } = await emu.iam().send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(out.AssumedRoleUser).toEqual({
      AssumedRoleId: `${Role!.RoleId}:ci-run`,
      Arn: 'arn:aws:sts::000000000000:assumed-role/deployer/ci-run',
    });
    // Assuming the role counts as using it.
    expect(Role!.RoleLastUsed).toEqual({ LastUsedDate: FROZEN_AT, Region: 'eu-west-1' });
    const me = await emu.sts('eu-west-1', asSession(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '000000000000', Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
  });

  it('honours DurationSeconds up to the role MaxSessionDuration', async () => {
    await withRole('off', 7200);
    const ok = await emu.sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'long', DurationSeconds: 7200 }));
    expect(ok.Credentials!.Expiration).toEqual(new Date(FROZEN_AT.getTime() + 7200_000));
    const e = await caught(emu.sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'long', DurationSeconds: 7201 })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  });

  it('limits role chaining to one hour', async () => {
    await withRole('off', 7200);
    const first = await emu.sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'first' }));
    const e = await caught(
      emu.sts('us-east-1', asSession(first.Credentials!)).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'second', DurationSeconds: 3601 })),
    );
    expect(e.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('refuses a role that does not exist, and any service-linked role, with AccessDenied even in off mode', async () => {
    await withRole();
    const missing = await caught(emu.sts().send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/ghost', RoleSessionName: 'ss' })));
    expect(missing.name).toBe('AccessDenied');
    expect(missing.message).toBe(
      'User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/ghost',
    );
    await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const slr = await caught(
      emu.sts().send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
          RoleSessionName: 'ss',
        }),
      ),
    );
    expect(slr.name).toBe('AccessDenied');
  });

  it('refuses a malformed session policy with MalformedPolicyDocument', async () => {
    await withRole();
    const e = await caught(emu.sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ss', Policy: '{"Statement":' })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.message).toBe('Syntax errors in policy.');
  });

  it('narrows the session to its session policy (strict mode)', async () => {
    await withRole('strict');
    await emu.iam().send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'ecs',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] }),
      }),
    );
    const sessionPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] });
    const { Credentials } = await emu
      .sts()
      .send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'narrow', Policy: sessionPolicy }));
    const e = await caught(emu.ecs('us-east-1', asSession(Credentials!)).send(new ListClustersCommand({})));
    expect(e.name).toBe('AccessDeniedException');
    expect(e.message).toBe(
      'User: arn:aws:sts::000000000000:assumed-role/deployer/narrow is not authorized to perform: ecs:ListClusters on resource: * because no session policy allows the ecs:ListClusters action',
    );
    const { Credentials: full } = await emu.sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'full' }));
    await emu.ecs('us-east-1', asSession(full!)).send(new ListClustersCommand({}));
  });
});
