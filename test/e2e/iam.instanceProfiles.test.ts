import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  paginateListInstanceProfiles,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, expectAwsError, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const createProfile = (InstanceProfileName: string, extra: Record<string, unknown> = {}) =>
  iam.send(new CreateInstanceProfileCommand({ InstanceProfileName, ...extra }));
const createRole = (RoleName: string) => iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: EC2_TRUST }));
const addRole = (InstanceProfileName: string, RoleName: string) =>
  iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName, RoleName }));

const expectError = expectAwsError;

describe('CreateInstanceProfile', () => {
  it('creates an empty profile with an AIPA id, its path in the ARN, and its tags', async () => {
    const { InstanceProfile } = await createProfile('web', { Path: '/fleet/', Tags: [{ Key: 'env', Value: 'dev' }] });
    expect(InstanceProfile).toMatchObject({
      InstanceProfileName: 'web',
      Path: '/fleet/',
      Arn: 'arn:aws:iam::000000000000:instance-profile/fleet/web',
      CreateDate: FROZEN_AT,
      Roles: [],
      Tags: [{ Key: 'env', Value: 'dev' }],
    });
    expect(InstanceProfile!.InstanceProfileId).toMatch(/^AIPA[A-Z0-9]{17}$/);
  });

  it('refuses a name that exists in any case with EntityAlreadyExists', async () => {
    await createProfile('web');
    await expectError(createProfile('WEB'), 'EntityAlreadyExistsException', 409, 'Instance Profile WEB already exists.');
  });

  it('validates the name against the model', async () => {
    const e = await caught(createProfile('no spaces'));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toContain("Value 'no spaces' at 'instanceProfileName' failed to satisfy constraint");
  });

  it('stops at InstanceProfilesPerAccount: 1000', async () => {
    const profiles = emu.store.account().iam.instanceProfiles;
    for (let i = 0; i < 1000; i++) profiles.create({ instanceProfileName: `p${i}` }, FROZEN_AT);
    await expectError(createProfile('one-more'), 'LimitExceededException', 409, 'Cannot exceed quota for InstanceProfilesPerAccount: 1000');
  });
});

describe('GetInstanceProfile', () => {
  it('shows the role it holds, shaped as ListRoles shows roles', async () => {
    await createProfile('web');
    await createRole('web-role');
    await addRole('web', 'web-role');
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    expect(InstanceProfile!.Roles).toHaveLength(1);
    expect(InstanceProfile!.Roles![0]).toMatchObject({
      RoleName: 'web-role',
      Arn: 'arn:aws:iam::000000000000:role/web-role',
      Path: '/',
      MaxSessionDuration: 3600,
    });
    expect(decodeURIComponent(InstanceProfile!.Roles![0]!.AssumeRolePolicyDocument!)).toBe(EC2_TRUST);
    expect(InstanceProfile!.Roles![0]!.RoleLastUsed).toBeUndefined();
  });

  it('is NoSuchEntity for an unknown profile', async () => {
    await expectError(
      iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })),
      'NoSuchEntityException',
      404,
      'Instance Profile nope cannot be found.',
    );
  });
});

describe('ListInstanceProfiles', () => {
  it('filters by PathPrefix, sorts by name and pages with Marker', async () => {
    for (const [name, Path] of [['c', '/a/'], ['A', '/a/'], ['b', '/a/b/'], ['z', '/']] as const) await createProfile(name, { Path });
    const first = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/a/', MaxItems: 2 }));
    expect(first.InstanceProfiles!.map((p) => p.InstanceProfileName)).toEqual(['A', 'b']);
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/a/', Marker: first.Marker }));
    expect(second.InstanceProfiles!.map((p) => p.InstanceProfileName)).toEqual(['c']);
    expect(second.IsTruncated).toBe(false);
    expect(second.Marker).toBeUndefined();
    const names: string[] = [];
    for await (const page of paginateListInstanceProfiles({ client: iam, pageSize: 1 }, {})) {
      names.push(...page.InstanceProfiles!.map((p) => p.InstanceProfileName!));
    }
    expect(names).toEqual(['A', 'b', 'c', 'z']);
  });

  it('leaves Tags out of the listing', async () => {
    await createProfile('web', { Tags: [{ Key: 'env', Value: 'dev' }] });
    const { InstanceProfiles } = await iam.send(new ListInstanceProfilesCommand({}));
    expect(InstanceProfiles![0]!.Tags).toBeUndefined();
  });
});

describe('AddRoleToInstanceProfile', () => {
  it('holds one role; a second one, or the same one again, is LimitExceeded', async () => {
    await createProfile('web');
    await createRole('one');
    await createRole('two');
    await addRole('web', 'one');
    const quota = 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1';
    await expectError(addRole('web', 'two'), 'LimitExceededException', 409, quota);
    await expectError(addRole('web', 'one'), 'LimitExceededException', 409, quota);
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    expect(InstanceProfile!.Roles!.map((r) => r.RoleName)).toEqual(['one']);
  });

  it('puts one role in several profiles', async () => {
    await createProfile('a');
    await createProfile('b');
    await createRole('shared');
    await addRole('a', 'shared');
    await addRole('b', 'shared');
    const { InstanceProfiles } = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'shared' }));
    expect(InstanceProfiles!.map((p) => p.InstanceProfileName)).toEqual(['a', 'b']);
  });

  it('is NoSuchEntity for an unknown profile, then for an unknown role', async () => {
    await expectError(addRole('nope', 'ghost'), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
    await createProfile('web');
    await expectError(addRole('web', 'ghost'), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
  });

  it('refuses a service-linked role with UnmodifiableEntity', async () => {
    await createProfile('web');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    await expectError(
      addRole('web', 'AWSServiceRoleForECS'),
      'UnmodifiableEntityException',
      400,
      "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS",
    );
  });
});

describe('RemoveRoleFromInstanceProfile', () => {
  it('empties the profile; removing the role again is NoSuchEntity', async () => {
    await createProfile('web');
    await createRole('one');
    await addRole('web', 'one');
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ONE' }));
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    expect(InstanceProfile!.Roles).toEqual([]);
    await expectError(
      iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'one' })),
      'NoSuchEntityException',
      404,
      'The role with name one is not in the instance profile web.',
    );
  });
});

describe('ListInstanceProfilesForRole', () => {
  it('lists nothing for a role in no profile, and is NoSuchEntity for an unknown role', async () => {
    await createRole('lonely');
    const { InstanceProfiles, IsTruncated } = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'lonely' }));
    expect({ InstanceProfiles, IsTruncated }).toEqual({ InstanceProfiles: [], IsTruncated: false });
    await expectError(
      iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' })),
      'NoSuchEntityException',
      404,
      'The role with name ghost cannot be found.',
    );
  });

  it('pages with MaxItems and Marker', async () => {
    await createRole('shared');
    for (const n of ['p1', 'p2', 'p3']) {
      await createProfile(n);
      await addRole(n, 'shared');
    }
    const first = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'shared', MaxItems: 2 }));
    expect(first.InstanceProfiles!.map((p) => p.InstanceProfileName)).toEqual(['p1', 'p2']);
    const rest = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'shared', Marker: first.Marker }));
    expect(rest.InstanceProfiles!.map((p) => p.InstanceProfileName)).toEqual(['p3']);
  });
});

describe('DeleteInstanceProfile and DeleteRole with a profile between them', () => {
  const conflict = 'Cannot delete entity, must remove roles from instance profile first.';

  it('refuses to delete a profile that holds a role, and a role that is in a profile', async () => {
    await createProfile('web');
    await createRole('one');
    await addRole('web', 'one');
    await expectError(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflictException', 409, conflict);
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: 'one' })), 'DeleteConflictException', 409, conflict);
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'one' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'one' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' }));
    await expectError(
      iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })),
      'NoSuchEntityException',
      404,
      'Instance Profile web cannot be found.',
    );
  });

  it('checks attached policies before instance profiles', async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
      }),
    );
    await createProfile('web');
    await createRole('one');
    await addRole('web', 'one');
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'one', PolicyArn: Policy!.Arn }));
    await expectError(
      iam.send(new DeleteRoleCommand({ RoleName: 'one' })),
      'DeleteConflictException',
      409,
      'Cannot delete entity, must detach all policies first.',
    );
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'one', PolicyArn: Policy!.Arn }));
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: 'one' })), 'DeleteConflictException', 409, conflict);
  });
});

describe('TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags', () => {
  it('merges tags by key without case, removes them, and pages the list', async () => {
    await createProfile('web', { Tags: [{ Key: 'Env', Value: 'dev' }] });
    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a' }] }));
    const first = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web', MaxItems: 1 }));
    expect(first).toMatchObject({ Tags: [{ Key: 'Env', Value: 'prod' }], IsTruncated: true });
    const rest = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web', Marker: first.Marker }));
    expect(rest).toMatchObject({ Tags: [{ Key: 'team', Value: 'a' }], IsTruncated: false });
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['ENV'] }));
    const { Tags } = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }));
    expect(Tags).toEqual([{ Key: 'team', Value: 'a' }]);
  });

  it('stops at 50 tags with TagsPerInstanceProfile, and is NoSuchEntity for an unknown profile', async () => {
    await createProfile('web', { Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    await expectError(
      iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'one-more', Value: 'v' }] })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for TagsPerInstanceProfile: 50',
    );
    await expectError(
      iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'nope' })),
      'NoSuchEntityException',
      404,
      'Instance Profile nope cannot be found.',
    );
  });
});

describe('the admin state dump', () => {
  it('lists instance profiles with the names of their roles', async () => {
    await createProfile('web');
    await createRole('one');
    await addRole('web', 'one');
    const { body } = await emu.admin('state');
    expect(body.iam.instanceProfiles).toMatchObject([{ instanceProfileName: 'web', roleNames: ['one'], path: '/' }]);
  });
});

describe('aws:ResourceTag on instance profiles (strict mode)', () => {
  it('lets a tag-scoped policy reach only the profiles that carry the tag', async () => {
    await emu.close();
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    iam = emu.iam();
    await createProfile('team-a', { Tags: [{ Key: 'team', Value: 'a' }] });
    await createProfile('team-b', { Tags: [{ Key: 'team', Value: 'b' }] });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } }],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'team-a', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    const alice = emu.iam('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    await alice.send(new GetInstanceProfileCommand({ InstanceProfileName: 'team-a' }));
    const e = await caught(alice.send(new GetInstanceProfileCommand({ InstanceProfileName: 'team-b' })));
    expect(e.message).toBe(
      'User: arn:aws:iam::000000000000:user/alice is not authorized to perform: iam:GetInstanceProfile on resource: arn:aws:iam::000000000000:instance-profile/team-b because no identity-based policy allows the iam:GetInstanceProfile action',
    );
  });
});

describe('AddRoleToInstanceProfile under strict enforcement', () => {
  it('also needs iam:PassRole on the role, as AWS documents', async () => {
    await emu.close();
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    iam = emu.iam();
    await createProfile('web');
    await createRole('web-role');
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    const allow = (Action: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'p', PolicyDocument: allow(['iam:AddRoleToInstanceProfile']) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'ops' }));
    const ops = emu.iam('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    const add = () => ops.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web-role' }));
    expect((await caught(add())).message).toBe(
      'User: arn:aws:iam::000000000000:user/ops is not authorized to perform: iam:PassRole on resource: arn:aws:iam::000000000000:role/web-role because no identity-based policy allows the iam:PassRole action',
    );
    await iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'p', PolicyDocument: allow(['iam:AddRoleToInstanceProfile', 'iam:PassRole']) }));
    await add();
  });
});
