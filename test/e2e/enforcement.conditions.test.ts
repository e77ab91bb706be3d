import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateClusterCommand, DeleteClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Credentials, type Emulator } from '../support/emulator.js';

/** Strict mode: the condition keys the enforcement step fills, tested through real SDK calls. */

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator({ config: { enforceIam: 'strict' } });
  await emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
});
afterEach(async () => {
  await emu.close();
});

async function userWith(name: string, ...statements: object[]): Promise<Credentials> {
  const iam = emu.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('strict mode: condition keys', () => {
  it('aws:ResourceTag/… on ECS clusters', async () => {
    const ecs = emu.ecs('eu-west-1');
    await ecs.send(new CreateClusterCommand({ clusterName: 'dev', tags: [{ key: 'env', value: 'dev' }] }));
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod', tags: [{ key: 'env', value: 'prod' }] }));
    const user = await userWith('ops', {
      Effect: 'Allow',
      Action: 'ecs:DeleteCluster',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/env': 'dev' } },
    });
    await emu.ecs('eu-west-1', user).send(new DeleteClusterCommand({ cluster: 'dev' }));
    const e = await caught(emu.ecs('eu-west-1', user).send(new DeleteClusterCommand({ cluster: 'prod' })));
    expect(e.name).toBe('AccessDeniedException');
  });

  it('iam:ResourceTag/… on IAM roles', async () => {
    const iam = emu.iam();
    await iam.send(new CreateRoleCommand({ RoleName: 'blue', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new CreateRoleCommand({ RoleName: 'red', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'red' }] }));
    const user = await userWith('blue-reader', {
      Effect: 'Allow',
      Action: 'iam:GetRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:ResourceTag/team': 'blue' } },
    });
    await emu.iam('us-east-1', user).send(new GetRoleCommand({ RoleName: 'blue' }));
    expect((await caught(emu.iam('us-east-1', user).send(new GetRoleCommand({ RoleName: 'red' })))).name).toBe('AccessDenied');
  });

  it('${aws:username} lets users manage only their own keys', async () => {
    await emu.iam().send(new CreateUserCommand({ UserName: 'bob' }));
    const alice = await userWith('alice', { Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::*:user/${aws:username}' });
    const { AccessKeyMetadata } = await emu.iam('us-east-1', alice).send(new ListAccessKeysCommand({}));
    expect(AccessKeyMetadata).toHaveLength(1);
    const e = await caught(emu.iam('us-east-1', alice).send(new ListAccessKeysCommand({ UserName: 'bob' })));
    expect(e.message).toBe(
      'User: arn:aws:iam::000000000000:user/alice is not authorized to perform: iam:ListAccessKeys on resource: arn:aws:iam::000000000000:user/bob because no identity-based policy allows the iam:ListAccessKeys action',
    );
  });

  it('aws:RequestedRegion is the signing region for ECS', async () => {
    const user = await userWith('eu-only', {
      Effect: 'Allow',
      Action: 'ecs:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    });
    await emu.ecs('eu-west-1', user).send(new ListClustersCommand({}));
    expect((await caught(emu.ecs('us-east-1', user).send(new ListClustersCommand({})))).name).toBe('AccessDeniedException');
  });

  it('aws:CurrentTime follows the emulator clock', async () => {
    const user = await userWith('until-feb', {
      Effect: 'Allow',
      Action: 'ecs:ListClusters',
      Resource: '*',
      Condition: { DateLessThan: { 'aws:CurrentTime': '2026-02-01T00:00:00Z' } },
    });
    await emu.ecs('eu-west-1', user).send(new ListClustersCommand({}));
    emu.clock.advance(31 * 24 * 3600 * 1000);
    expect((await caught(emu.ecs('eu-west-1', user).send(new ListClustersCommand({})))).name).toBe('AccessDeniedException');
  });
});
