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
  DeletePolicyCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  paginateListPolicies,
  paginateListPolicyVersions,
  TagPolicyCommand,
  UntagPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

const ECS_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';
const TASK_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
});
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam();
});
afterEach(async () => {
  await emu.close();
});

async function expectError(call: Promise<unknown>, name: string, status: number, message: string) {
  const e = await caught(call);
  expect({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }).toEqual({ name, status, message });
}

const policy = async (arn: string, client = iam) => (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;

describe('GetPolicy for any AWS managed policy', () => {
  it('serves AmazonECSTaskExecutionRolePolicy under /service-role/ with its dates', async () => {
    expect(await policy(TASK_EXECUTION)).toMatchObject({
      PolicyName: 'AmazonECSTaskExecutionRolePolicy',
      Path: '/service-role/',
      Arn: TASK_EXECUTION,
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: new Date('2017-11-16T18:48:22Z'),
      UpdateDate: new Date('2017-11-16T18:48:22Z'),
    });
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: TASK_EXECUTION, VersionId: 'v1' }));
    const doc = JSON.parse(decodeURIComponent(PolicyVersion!.Document!));
    expect(doc.Statement[0].Action).toContain('ecr:GetAuthorizationToken');
    expect(doc.Statement[0].Action).toContain('logs:PutLogEvents');
  });

  it('serves job-function policies and every version of a policy with a long history', async () => {
    expect(await policy('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')).toMatchObject({ Path: '/job-function/' });
    const ro = await policy(READ_ONLY);
    const versions: { VersionId?: string; IsDefaultVersion?: boolean }[] = [];
    for await (const page of paginateListPolicyVersions({ client: iam, pageSize: 50 }, { PolicyArn: READ_ONLY })) {
      versions.push(...page.Versions!);
    }
    expect(versions.length).toBeGreaterThan(100);
    expect(versions[0]).toMatchObject({ VersionId: ro.DefaultVersionId, IsDefaultVersion: true });
    expect(versions.filter((v) => v.IsDefaultVersion)).toHaveLength(1);
    expect(versions.at(-1)!.VersionId).toBe('v1');
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: READ_ONLY, VersionId: 'v1' }));
    expect(PolicyVersion).toMatchObject({ VersionId: 'v1', IsDefaultVersion: false, CreateDate: new Date('2015-02-06T18:39:48Z') });
  });

  it('keeps one read-only copy of the catalog for every account: accounts hold only their counts', async () => {
    const a = emu.store.account('000000000000').iam.policies.find(READ_ONLY)!;
    const b = emu.store.account('111111111111').iam.policies.find(READ_ONLY)!;
    expect(a.versions).toBe(b.versions);
    await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn: READ_ONLY }));
    expect((await policy(READ_ONLY)).AttachmentCount).toBe(1);
    const other = emu.iam('us-east-1', { accessKeyId: '111111111111', secretAccessKey: 'test' });
    expect((await policy(READ_ONLY, other)).AttachmentCount).toBe(0);
    // A snapshot carries the account's counts, never the catalog.
    const { body } = await emu.admin('snapshot');
    const text = JSON.stringify(body);
    expect(body.accounts['000000000000'].iam.policies.awsManagedInUse).toEqual([
      { arn: READ_ONLY, attachmentCount: 1, permissionsBoundaryUsageCount: 0 },
    ]);
    expect(text).not.toContain('AdministratorAccess');
    expect(text.length).toBeLessThan(50_000);
  });
});

describe('AmazonECSServiceRolePolicy versions', () => {
  it('under the default `seed`, lists every version newest first with the seed\'s v8 as default', async () => {
    const { Versions } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: ECS_POLICY }));
    expect(Versions![0]!.VersionId).toBe('v24');
    expect(Versions!.filter((v) => v.IsDefaultVersion).map((v) => [v.VersionId, v.CreateDate])).toEqual([
      ['v8', new Date('2021-01-13T20:04:13Z')],
    ]);
    expect(Versions!.map((v) => v.VersionId)).toContain('v1');
    const v24 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY, VersionId: 'v24' }));
    const v8 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY, VersionId: 'v8' }));
    expect(v24.PolicyVersion!.Document).not.toBe(v8.PolicyVersion!.Document);
  });

  it('under `latest`, makes AWS\'s current default the default', async () => {
    const latest = await startEmulator({ config: { managedPolicyVersions: 'latest' } });
    try {
      const p = await policy(ECS_POLICY, latest.iam());
      expect(p).toMatchObject({ DefaultVersionId: 'v24', UpdateDate: new Date('2026-04-22T23:12:09Z') });
      const { PolicyVersion } = await latest.iam().send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY, VersionId: 'v8' }));
      expect(PolicyVersion!.IsDefaultVersion).toBe(false);
    } finally {
      await latest.close();
    }
  });
});

describe('ListPolicies Scope=AWS over the whole catalog', () => {
  it('pages through every AWS managed policy, sorted by name', async () => {
    const names: string[] = [];
    for await (const page of paginateListPolicies({ client: iam, pageSize: 1000 }, { Scope: 'AWS' })) {
      names.push(...page.Policies!.map((p) => p.PolicyName!));
    }
    expect(names.length).toBeGreaterThan(1500);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(names).toEqual(expect.arrayContaining(['AdministratorAccess', 'ReadOnlyAccess', 'AmazonECSTaskExecutionRolePolicy']));
  });

  it('filters by PathPrefix, OnlyAttached and PolicyUsageFilter with true counts', async () => {
    const jobs = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    expect(jobs.Policies!.map((p) => p.PolicyName)).toEqual(expect.arrayContaining(['ViewOnlyAccess', 'DatabaseAdministrator']));
    expect(jobs.Policies!.every((p) => p.Path === '/job-function/' && p.Description === undefined)).toBe(true);

    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: ADMIN }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: TASK_EXECUTION }));
    const attached = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }));
    expect(attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount])).toEqual([['AmazonECSTaskExecutionRolePolicy', 1]]);
    const boundaries = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(boundaries.Policies!.map((p) => [p.PolicyName, p.PermissionsBoundaryUsageCount])).toEqual([['AdministratorAccess', 1]]);
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
  });
});

describe('attaching AWS managed policies', () => {
  it('counts attachments to roles, users and groups, and gives them back on detach and delete', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: READ_ONLY }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: READ_ONLY }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: READ_ONLY }));
    expect((await policy(READ_ONLY)).AttachmentCount).toBe(3);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: READ_ONLY }));
    expect((await policy(READ_ONLY)).AttachmentCount).toBe(2);
  });

  it('counts permissions boundaries until the role is deleted', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: READ_ONLY }));
    expect((await policy(READ_ONLY)).PermissionsBoundaryUsageCount).toBe(1);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role!.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
      PermissionsBoundaryArn: READ_ONLY,
    });
    await iam.send(new DeleteRoleCommand({ RoleName: 'bounded' }));
    expect((await policy(READ_ONLY)).PermissionsBoundaryUsageCount).toBe(0);
  });

  it('refuses a service-linked-role policy on an ordinary role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy' })),
      'PolicyNotAttachableException',
      400,
      'Cannot attach a Service Role Policy to a Customer Role.',
    );
  });

  it('refuses an AWS ARN that is not a policy ARN, as AWS words it', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await expectError(
      iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'ReadOnlyAccess-not-an-arn' })),
      'ValidationError',
      400,
      'Invalid ARN:  Could not be parsed!',
    );
  });
});

describe('AWS managed policies in policy evaluation', () => {
  it('lets a user with ReadOnlyAccess read but not write, under strict enforcement', async () => {
    const strict = await startEmulator({ config: { enforceIam: 'strict' } });
    try {
      const root = strict.iam();
      await root.send(new CreateUserCommand({ UserName: 'auditor' }));
      await root.send(new CreateGroupCommand({ GroupName: 'audit' }));
      await root.send(new AddUserToGroupCommand({ GroupName: 'audit', UserName: 'auditor' }));
      await root.send(new AttachGroupPolicyCommand({ GroupName: 'audit', PolicyArn: READ_ONLY }));
      const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: 'auditor' }));
      const auditor = strict.iam('us-east-1', { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
      expect((await auditor.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }))).Policy!.AttachmentCount).toBe(1);
      const e = await caught(auditor.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: TRUST })));
      expect(e.name).toBe('AccessDenied');
    } finally {
      await strict.close();
    }
  });

  it('accepts AWS managed policies as AssumeRole PolicyArns', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: TRUST }));
    const { Credentials } = await emu.sts().send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::000000000000:role/deployer',
        RoleSessionName: 'ci-session',
        PolicyArns: [{ arn: READ_ONLY }, { arn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }],
      }),
    );
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const e = await caught(
      emu.sts().send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'ci-session', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }] }),
      ),
    );
    expect(e.message).toBe('Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.');
  });
});

describe('TagPolicy, UntagPolicy and ListPolicyTags', () => {
  const create = () => iam.send(new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: DOC })).then((r) => r.Policy!.Arn!);

  it('tag a customer managed policy, replacing values of existing keys, and untag it', async () => {
    const arn = await create();
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'team', Value: 'a' }, { Key: 'env', Value: 'ci' }] }));
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'Team', Value: 'b' }] }));
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags).toEqual([
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'ci' },
    ]);
    expect((await policy(arn)).Tags).toEqual([
      { Key: 'team', Value: 'b' },
      { Key: 'env', Value: 'ci' },
    ]);
    await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['TEAM'] }));
    const page = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
    expect(page).toMatchObject({ Tags: [{ Key: 'env', Value: 'ci' }], IsTruncated: false });
  });

  it('keep to 50 tags, and refuse unknown and AWS managed policies', async () => {
    const arn = await create();
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: tags }));
    await expectError(
      iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'one-more', Value: 'v' }] })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for TagsPerPolicy: 50',
    );
    await expectError(
      iam.send(new TagPolicyCommand({ PolicyArn: 'arn:aws:iam::000000000000:policy/none', Tags: [{ Key: 'a', Value: 'b' }] })),
      'NoSuchEntityException',
      404,
      'Policy arn:aws:iam::000000000000:policy/none does not exist or is not attachable.',
    );
    await expectError(
      iam.send(new TagPolicyCommand({ PolicyArn: READ_ONLY, Tags: [{ Key: 'a', Value: 'b' }] })),
      'InvalidInputException',
      400,
      `Policy ${READ_ONLY} is an AWS managed policy and cannot be modified.`,
    );
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: READ_ONLY }))).Tags).toEqual([]);
  });
});

describe('DeletePolicy of a policy that does not exist', () => {
  it('says the policy was not found, as AWS words it for DeletePolicy', async () => {
    await expectError(
      iam.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::000000000000:policy/gone' })),
      'NoSuchEntityException',
      404,
      'Policy arn:aws:iam::000000000000:policy/gone was not found.',
    );
  });
});
