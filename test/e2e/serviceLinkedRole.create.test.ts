import {
  CreateServiceLinkedRoleCommand,
  GetPolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
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

describe('CreateServiceLinkedRole catalog', () => {
  it('attaches the service policy to the new role and counts the attachment', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', Description: 'custom' }));
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(AttachedPolicies).toEqual([
      { PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' },
    ]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: AttachedPolicies![0]!.PolicyArn }));
    expect(Policy!.AttachmentCount).toBe(1);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role!.Description).toBe('custom');
  });

  it('names Auto Scaling roles with a custom suffix after an underscore, and allows one per suffix', async () => {
    const iam = emu.iam();
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com' }));
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet' }));
    expect(Role).toMatchObject({
      RoleName: 'AWSServiceRoleForAutoScaling_fleet',
      Path: '/aws-service-role/autoscaling.amazonaws.com/',
      Arn: 'arn:aws:iam::000000000000:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_fleet',
    });
    const e = await caught(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet' })));
    expect({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: 'Service role name AWSServiceRoleForAutoScaling_fleet has been taken in this account, please try a different suffix.',
    });
    const { Roles } = await iam.send(new ListRolesCommand({ PathPrefix: '/aws-service-role/autoscaling.amazonaws.com/' }));
    expect(Roles!.map((r) => r.RoleName)).toEqual(['AWSServiceRoleForAutoScaling', 'AWSServiceRoleForAutoScaling_fleet']);
  });

  it('refuses a custom suffix for ECS', async () => {
    const e = await caught(emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' })));
    expect({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: 'Custom suffix is not allowed for ecs.amazonaws.com',
    });
  });

  it('refuses a service it does not know with InvalidInput', async () => {
    const e = await caught(emu.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nosuch.amazonaws.com' })));
    expect({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }).toEqual({
      name: 'InvalidInputException',
      status: 400,
      message: 'Invalid service name: nosuch.amazonaws.com',
    });
  });

  it.each([
    ['elasticbeanstalk.amazonaws.com', 'AWSServiceRoleForElasticBeanstalk', 'AWSElasticBeanstalkServiceRolePolicy'],
    ['ecs.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_ECSService', 'AWSApplicationAutoscalingECSServicePolicy'],
  ])('creates the %s role with its AWS managed policy', async (service, roleName, policyName) => {
    const iam = emu.iam();
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }));
    expect(Role).toMatchObject({ RoleName: roleName, Path: `/aws-service-role/${service}/` });
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
    expect(AttachedPolicies).toEqual([{ PolicyName: policyName, PolicyArn: `arn:aws:iam::aws:policy/aws-service-role/${policyName}` }]);
  });

  it('answers a missing AWSServiceName with ValidationError', async () => {
    const e = await caught(emu.iam().send(new CreateServiceLinkedRoleCommand({} as never)));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toMatch(/^1 validation error detected: Value null at '\w+' failed to satisfy constraint: Member must not be null$/);
  });
});
