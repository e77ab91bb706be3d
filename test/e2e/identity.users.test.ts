import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
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

const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

describe('CreateUser / GetUser / ListUsers / DeleteUser', () => {
  it('creates a user with an AIDA id, path and tags, and lists it', async () => {
    const iam = emu.iam();
    const { User } = await iam.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/dev/', Tags: [{ Key: 'team', Value: 'blue' }] }),
    );
    expect(User).toMatchObject({
      UserName: 'alice',
      Path: '/dev/',
      Arn: 'arn:aws:iam::000000000000:user/dev/alice',
      CreateDate: FROZEN_AT,
      Tags: [{ Key: 'team', Value: 'blue' }],
    });
    expect(User!.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    const got = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    expect(got.User!.UserId).toBe(User!.UserId);
    const { Users } = await iam.send(new ListUsersCommand({ PathPrefix: '/dev/' }));
    expect(Users!.map((u) => u.UserName)).toEqual(['alice']);
    expect(Users![0]!.Tags).toBeUndefined();
  });

  it('refuses a duplicate name (any case) with EntityAlreadyExists', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const e = await caught(iam.send(new CreateUserCommand({ UserName: 'Alice' })));
    expect(e.name).toBe('EntityAlreadyExistsException');
    expect(e.$metadata.httpStatusCode).toBe(409);
    expect(e.message).toBe('User with name Alice already exists.');
  });

  it('answers an unknown user with NoSuchEntity', async () => {
    const e = await caught(emu.iam().send(new GetUserCommand({ UserName: 'nobody' })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe('The user with name nobody cannot be found.');
  });

  it('describes the account root when the root calls GetUser without a name', async () => {
    const { User } = await emu.iam().send(new GetUserCommand({}));
    expect(User).toMatchObject({ UserId: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
    expect(User!.UserName).toBeUndefined();
  });

  it('refuses to delete a user that still has keys, policies or groups, and keeps the user', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    let e = await caught(iam.send(new DeleteUserCommand({ UserName: 'alice' })));
    expect(e.name).toBe('DeleteConflictException');
    expect(e.message).toBe('Cannot delete entity, must delete access keys first.');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: AccessKey!.AccessKeyId }));

    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: allowAll }));
    e = await caught(iam.send(new DeleteUserCommand({ UserName: 'alice' })));
    expect(e.message).toBe('Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'alice', PolicyName: 'p' }));

    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'all', PolicyDocument: allowAll }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy!.Arn }));
    e = await caught(iam.send(new DeleteUserCommand({ UserName: 'alice' })));
    expect(e.message).toBe('Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy!.Arn }));

    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    e = await caught(iam.send(new DeleteUserCommand({ UserName: 'alice' })));
    expect(e.message).toBe('Cannot delete entity, must remove user from all groups first.');
    await iam.send(new GetUserCommand({ UserName: 'alice' }));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'alice' }));

    await iam.send(new DeleteUserCommand({ UserName: 'alice' }));
    expect((await caught(iam.send(new GetUserCommand({ UserName: 'alice' })))).name).toBe('NoSuchEntityException');
  });
});

describe('TagUser', () => {
  it('refuses a 51st tag with the user quota named, keeping the 50 it had', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: fifty }));
    const e = await caught(iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'one-more', Value: 'v' }] })));
    expect(e.name).toBe('LimitExceededException');
    expect(e.message).toBe('Cannot exceed quota for TagsPerUser: 50');
    const { User } = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(User!.Tags).toHaveLength(50);
  });
});

describe('User inline and attached policies', () => {
  it('stores an inline policy as sent and returns it URL-encoded', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const doc = '{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": "iam:Get*", "Resource": "*" } }';
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'Read', PolicyDocument: doc }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'read' }));
    expect(got).toMatchObject({ UserName: 'alice', PolicyName: 'Read' });
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc);
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual(['Read']);
  });

  it('refuses a malformed inline policy with MalformedPolicyDocument', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const e = await caught(
      iam.send(
        new PutUserPolicyCommand({
          UserName: 'alice',
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }),
        }),
      ),
    );
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.message).toBe('Policy document should not specify a principal.');
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual([]);
  });

  it('attaches managed policies, counts attachments, and refuses a service-linked-role policy', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'all', PolicyDocument: allowAll }));
    const arn = Policy!.Arn!;
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    const { AttachedPolicies } = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(AttachedPolicies).toEqual([{ PolicyName: 'all', PolicyArn: arn }]);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(1);
    const e = await caught(
      iam.send(
        new AttachUserPolicyCommand({
          UserName: 'alice',
          PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy',
        }),
      ),
    );
    expect(e.name).toBe('PolicyNotAttachableException');
  });
});

describe('Groups', () => {
  it('holds members, inline and attached policies, and refuses deletion while it has members', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    expect(Group!.GroupId).toMatch(/^AGPA[A-Z0-9]{17}$/);
    expect(Group!.Arn).toBe('arn:aws:iam::000000000000:group/devs');
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'p', PolicyDocument: allowAll }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    expect(got.Users!.map((u) => u.UserName)).toEqual(['alice']);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups!.map((g) => g.GroupName)).toEqual(['devs']);
    const e = await caught(iam.send(new DeleteGroupCommand({ GroupName: 'devs' })));
    expect(e.name).toBe('DeleteConflictException');
    expect(e.message).toBe('Cannot delete entity, must remove users from group first.');
  });

  it('answers RemoveUserFromGroup for a non-member with NoSuchEntity', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    const e = await caught(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'alice' })));
    expect(e.name).toBe('NoSuchEntityException');
  });
});

describe('Access keys', () => {
  it('creates AKIA keys with a secret, lists them without it, and keeps to two per user', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    expect(AccessKey).toMatchObject({ UserName: 'alice', Status: 'Active', CreateDate: FROZEN_AT });
    expect(AccessKey!.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{17}$/);
    expect(AccessKey!.SecretAccessKey).toHaveLength(40);
    await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const e = await caught(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
    expect(e.name).toBe('LimitExceededException');
    expect(e.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(AccessKeyMetadata).toHaveLength(2);
    expect(AccessKeyMetadata![0]).not.toHaveProperty('SecretAccessKey');
  });

  it('lets a user act through its key: GetCallerIdentity, GetUser and CreateAccessKey default to the caller', async () => {
    const iam = emu.iam();
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const me = await emu.sts('eu-west-1', alice).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ UserId: User!.UserId, Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/alice' });
    expect((await emu.iam('us-east-1', alice).send(new GetUserCommand({}))).User!.UserName).toBe('alice');
    const second = await emu.iam('us-east-1', alice).send(new CreateAccessKeyCommand({}));
    expect(second.AccessKey!.UserName).toBe('alice');
  });

  it('gives the root its own key when CreateAccessKey names no user, and that key signs as the root', async () => {
    const iam = emu.iam();
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({}));
    expect(AccessKey).toMatchObject({ Status: 'Active', CreateDate: FROZEN_AT });
    expect(AccessKey!.UserName).toBeUndefined();
    expect(AccessKey!.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16,}$/);
    const rootKey = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const me = await emu.sts('us-east-1', rootKey).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe('arn:aws:iam::000000000000:root');
    const listed = await iam.send(new ListAccessKeysCommand({}));
    expect(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([AccessKey!.AccessKeyId]);
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!.AccountAccessKeysPresent).toBe(1);
    await iam.send(new CreateAccessKeyCommand({}));
    const e = await caught(iam.send(new CreateAccessKeyCommand({})));
    expect(e.message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: AccessKey!.AccessKeyId! }));
    expect((await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
  });

  it('answers a key of another user as not found, and deactivated keys stay listed', async () => {
    const iam = emu.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const e = await caught(iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: AccessKey!.AccessKeyId })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toBe(`The Access Key with id ${AccessKey!.AccessKeyId} cannot be found.`);
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Inactive' }));
    const { AccessKeyMetadata } = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    expect(AccessKeyMetadata![0]!.Status).toBe('Inactive');
  });
});

describe('ListEntitiesForPolicy', () => {
  it('lists the users, groups and roles a policy is attached to, filtered by entity type', async () => {
    const iam = emu.iam();
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'shared', PolicyDocument: allowAll }));
    const arn = Policy!.Arn!;
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arn }));
    const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    expect(all.PolicyUsers!.map((u) => u.UserName)).toEqual(['alice']);
    expect(all.PolicyGroups!.map((g) => g.GroupName)).toEqual(['devs']);
    expect(all.PolicyRoles!.map((r) => r.RoleName)).toEqual(['app']);
    const roles = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
    expect(roles.PolicyUsers).toEqual([]);
    expect(roles.PolicyRoles!.map((r) => r.RoleName)).toEqual(['app']);
  });

  it('finds the ECS service-linked role through AmazonECSServiceRolePolicy', async () => {
    const iam = emu.iam();
    const { CreateServiceLinkedRoleCommand } = await import('@aws-sdk/client-iam');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const r = await iam.send(
      new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy' }),
    );
    expect(r.PolicyRoles!.map((x) => x.RoleName)).toEqual(['AWSServiceRoleForECS']);
  });
});
