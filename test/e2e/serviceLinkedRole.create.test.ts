import { CreateServiceLinkedRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

describe('CreateServiceLinkedRole', () => {
  it('creates AWSServiceRoleForECS with the path, trust policy and description AWS gives it', async () => {
    const { Role } = await emu.iam('eu-west-1').send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(Role).toMatchObject({
      RoleName: 'AWSServiceRoleForECS',
      Path: '/aws-service-role/ecs.amazonaws.com/',
      Arn: 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
      Description: 'Role to enable Amazon ECS to manage your cluster.',
      MaxSessionDuration: 3600,
      CreateDate: FROZEN_AT,
    });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('refuses a second ECS role with InvalidInput, not EntityAlreadyExists', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const e = await caught(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })));
    expect(e.name).toBe('InvalidInputException');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toBe(
      'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.',
    );
  });

  it('keeps accounts apart: a 12-digit access key id is its own account', async () => {
    const other = { accessKeyId: '111122223333', secretAccessKey: 'x' };
    await emu.iam('us-east-1', other).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const e = await caught(emu.iam().send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })));
    expect(e.name).toBe('NoSuchEntityException');
    const { Account } = await emu.sts('us-east-1', other).send(new GetCallerIdentityCommand({}));
    expect(Account).toBe('111122223333');
  });
});
