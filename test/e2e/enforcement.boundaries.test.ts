import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Credentials, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ config: { enforceIam: 'strict' } });
});
afterEach(async () => {
  await emu.close();
});

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' };

async function key(userName: string, root = emu.iam()): Promise<Credentials> {
  const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: userName }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

describe('strict mode: permissions boundaries', () => {
  it('narrow what a user policy allows, and the denial names the boundary', async () => {
    const iam = emu.iam();
    const { Policy } = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'iam-only', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: Policy!.Arn }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: doc(allowAll) }));
    const creds = await key('bounded');
    const e = await caught(emu.ecs('eu-west-1', creds).send(new ListClustersCommand({})));
    expect(e.message).toBe(
      'User: arn:aws:iam::000000000000:user/bounded is not authorized to perform: ecs:ListClusters on resource: * because no permissions boundary allows the ecs:ListClusters action',
    );
    // Within the boundary the user policy still decides.
    await emu.iam('us-east-1', creds).send(new CreateUserCommand({ UserName: 'made-by-bounded' }));
  });
});

describe('strict mode: cross-account AssumeRole', () => {
  const OTHER = { accessKeyId: '111122223333', secretAccessKey: 'test' };
  const trustAlice = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/alice' }, Action: 'sts:AssumeRole' });

  it('needs both the other account trust and the caller own permission', async () => {
    await emu.iam('us-east-1', OTHER).send(new CreateRoleCommand({ RoleName: 'shared', AssumeRolePolicyDocument: trustAlice }));
    await emu.iam().send(new CreateUserCommand({ UserName: 'alice' }));
    const alice = await key('alice');
    const request = new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/shared', RoleSessionName: 'visit' });
    expect((await caught(emu.sts('us-east-1', alice).send(request))).name).toBe('AccessDenied');
    await emu.iam().send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'assume',
        PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/shared' }),
      }),
    );
    const { Credentials } = await emu.sts('us-east-1', alice).send(request);
    const me = await emu
      .sts('us-east-1', { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! })
      .send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/shared/visit' });
  });
});
