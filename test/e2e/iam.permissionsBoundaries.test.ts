import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, expectAwsError, startEmulator, type Emulator } from '../support/emulator.js';

const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const TRUST = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const ECS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

async function policy(name: string, action = 'iam:*'): Promise<string> {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc({ Effect: 'Allow', Action: action, Resource: '*' }) }));
  return Policy!.Arn!;
}
const usage = async (arn: string) => (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.PermissionsBoundaryUsageCount;

const expectError = expectAwsError;

describe('PutRolePermissionsBoundary and DeleteRolePermissionsBoundary', () => {
  it('set, replace and clear the boundary GetRole shows, keeping usage counts true', async () => {
    const [a, b] = [await policy('a'), await policy('b')];
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: a }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: a,
    });
    expect([await usage(a), await usage(b)]).toEqual([1, 0]);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: b }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: b }));
    expect([await usage(a), await usage(b)]).toEqual([0, 1]);
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.PermissionsBoundary).toBeUndefined();
    expect(await usage(b)).toBe(0);
    // Clearing a role without a boundary changes nothing.
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
  });

  it('a boundary in use keeps its policy from being deleted until the role goes', async () => {
    const a = await policy('a');
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: a }));
    expect((await caught(iam.send(new DeletePolicyCommand({ PolicyArn: a })))).name).toBe('DeleteConflictException');
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    expect(await usage(a)).toBe(0);
    await iam.send(new DeletePolicyCommand({ PolicyArn: a }));
  });

  it('refuses a service-linked role with UnmodifiableEntity, both ways', async () => {
    const a = await policy('a');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const text = "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS";
    await expectError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'AWSServiceRoleForECS', PermissionsBoundary: a })),
      'UnmodifiableEntityException',
      400,
      text,
    );
    await expectError(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'AWSServiceRoleForECS' })), 'UnmodifiableEntityException', 400, text);
    expect(await usage(a)).toBe(0);
  });

  it('is NoSuchEntity for an unknown role or policy, InvalidInput for a service-linked role policy', async () => {
    await expectError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'ghost', PermissionsBoundary: await policy('a') })),
      'NoSuchEntityException',
      404,
      'The role with name ghost cannot be found.',
    );
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    const missing = 'arn:aws:iam::000000000000:policy/missing';
    await expectError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: missing })),
      'NoSuchEntityException',
      404,
      `Policy ${missing} does not exist or is not attachable.`,
    );
    await expectError(
      iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: ECS_POLICY })),
      'InvalidInputException',
      400,
      `Policy ${ECS_POLICY} cannot be used as a permissions boundary.`,
    );
  });
});

describe('PutUserPermissionsBoundary and DeleteUserPermissionsBoundary', () => {
  it('set and clear the boundary GetUser shows, keeping usage counts true', async () => {
    const a = await policy('a');
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bob', PermissionsBoundary: a }));
    expect((await iam.send(new GetUserCommand({ UserName: 'bob' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn).toBe(a);
    expect(await usage(a)).toBe(1);
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bob' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'bob' }))).User!.PermissionsBoundary).toBeUndefined();
    expect(await usage(a)).toBe(0);
  });

  it('is NoSuchEntity for an unknown user', async () => {
    await expectError(
      iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'ghost' })),
      'NoSuchEntityException',
      404,
      'The user with name ghost cannot be found.',
    );
  });
});

describe('a boundary put by the operation narrows evaluation (strict mode)', () => {
  it('takes ECS away from a user allowed everything, and deleting it gives ECS back', async () => {
    await emu.close();
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    iam = emu.iam();
    const iamOnly = await policy('iam-only');
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'bounded', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bounded' }));
    const ecs = emu.ecs('eu-west-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await ecs.send(new ListClustersCommand({}));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: iamOnly }));
    expect((await caught(ecs.send(new ListClustersCommand({})))).message).toContain('because no permissions boundary allows the ecs:ListClusters action');
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
    await ecs.send(new ListClustersCommand({}));
  });
});
