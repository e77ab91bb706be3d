import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  ListAccountAliasesCommand,
  paginateGetAccountAuthorizationDetails,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, expectAwsError, startEmulator, type Emulator } from '../support/emulator.js';

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const ECS_ROLE_POLICY = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

/** A small account: a user in a group, a role in an instance profile, a two-version policy, the ECS role. */
async function buildAccount(): Promise<string> {
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'deploy', PolicyDocument: doc('ecs:*') }));
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn, PolicyDocument: doc('ecs:List*'), SetAsDefault: true }));
  await iam.send(new CreateUserCommand({ UserName: 'alice', PermissionsBoundary: Policy!.Arn, Tags: [{ Key: 'team', Value: 'a' }] }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'own', PolicyDocument: doc('s3:*') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: Policy!.Arn }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'alice' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: Policy!.Arn }));
  await iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: TRUST }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'web', PolicyName: 'logs', PolicyDocument: doc('logs:*') }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'web', PolicyArn: Policy!.Arn }));
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  return Policy!.Arn!;
}

describe('GetAccountAuthorizationDetails', () => {
  it('reports users, groups, roles and the policies in use, with their documents and links', async () => {
    const deployArn = await buildAccount();
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    expect(out.IsTruncated).toBe(false);
    expect(out.UserDetailList).toHaveLength(1);
    expect(out.UserDetailList![0]).toMatchObject({
      UserName: 'alice',
      GroupList: ['devs'],
      AttachedManagedPolicies: [{ PolicyName: 'deploy', PolicyArn: deployArn }],
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: deployArn },
      Tags: [{ Key: 'team', Value: 'a' }],
    });
    expect(JSON.parse(decodeURIComponent(out.UserDetailList![0]!.UserPolicyList![0]!.PolicyDocument!))).toEqual(JSON.parse(doc('s3:*')));
    expect(out.GroupDetailList).toMatchObject([{ GroupName: 'devs', GroupPolicyList: [], AttachedManagedPolicies: [{ PolicyArn: deployArn }] }]);
    expect(out.RoleDetailList!.map((r) => r.RoleName)).toEqual(['AWSServiceRoleForECS', 'web']);
    const web = out.RoleDetailList![1]!;
    expect(web).toMatchObject({
      RolePolicyList: [{ PolicyName: 'logs' }],
      AttachedManagedPolicies: [{ PolicyName: 'deploy', PolicyArn: deployArn }],
      InstanceProfileList: [{ InstanceProfileName: 'web', Roles: [{ RoleName: 'web' }] }],
      RoleLastUsed: {},
    });
    expect(decodeURIComponent(web.AssumeRolePolicyDocument!)).toBe(TRUST);
    expect(out.Policies!.map((p) => p.Arn)).toEqual([ECS_ROLE_POLICY, deployArn]);
    const deploy = out.Policies![1]!;
    expect(deploy).toMatchObject({ DefaultVersionId: 'v2', AttachmentCount: 3, PermissionsBoundaryUsageCount: 1, IsAttachable: true });
    expect(deploy.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([['v2', true], ['v1', false]]);
    expect(decodeURIComponent(deploy.PolicyVersionList![0]!.Document!)).toBe(doc('ecs:List*'));
  });

  it('filters by entity type', async () => {
    const deployArn = await buildAccount();
    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(roles.RoleDetailList).toHaveLength(2);
    expect([roles.UserDetailList, roles.GroupDetailList, roles.Policies]).toEqual([[], [], []]);
    const local = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy', 'User'] }));
    expect(local.Policies!.map((p) => p.Arn)).toEqual([deployArn]);
    expect(local.UserDetailList).toHaveLength(1);
    const aws = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
    expect(aws.Policies!.map((p) => p.Arn)).toEqual([ECS_ROLE_POLICY]);
  });

  it('pages through all entity types with MaxItems and Marker', async () => {
    await buildAccount();
    const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect([first.UserDetailList!.length, first.GroupDetailList!.length, first.RoleDetailList!.length]).toEqual([1, 1, 0]);
    const seen = { users: 0, groups: 0, roles: 0, policies: 0 };
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 2 }, {})) {
      seen.users += page.UserDetailList!.length;
      seen.groups += page.GroupDetailList!.length;
      seen.roles += page.RoleDetailList!.length;
      seen.policies += page.Policies!.length;
    }
    expect(seen).toEqual({ users: 1, groups: 1, roles: 2, policies: 2 });
  });

  it('refuses a Filter value outside the model', async () => {
    const e = await caught(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Bucket' as 'User'] })));
    expect(e.name).toBe('ValidationError');
  });
});

describe('GetAccountSummary', () => {
  it('counts what the account holds beside IAM\'s default quotas', async () => {
    await buildAccount();
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com' }));
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({
      Users: 1,
      Groups: 1,
      Roles: 2,
      Policies: 1,
      PolicyVersionsInUse: 2,
      InstanceProfiles: 1,
      Providers: 1,
      UsersQuota: 5000,
      RolesQuota: 1000,
      InstanceProfilesQuota: 1000,
      AttachedPoliciesPerRoleQuota: 10,
      AssumeRolePolicySizeQuota: 2048,
      AccountMFAEnabled: 0,
    });
  });
});

describe('CreateAccountAlias, ListAccountAliases, DeleteAccountAlias', () => {
  it('keep one alias per account: a new one replaces the old', async () => {
    expect(await iam.send(new ListAccountAliasesCommand({}))).toMatchObject({ AccountAliases: [], IsTruncated: false });
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-dev' }));
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-dev' }));
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme-test' }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['acme-test']);
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme-test' }));
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it('are unique across accounts', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme' }));
    const other = emu.iam('eu-west-1', { accessKeyId: '111122223333', secretAccessKey: 'x' });
    await expectAwsError(other.send(new CreateAccountAliasCommand({ AccountAlias: 'acme' })), 'EntityAlreadyExistsException', 409, 'The account alias acme already exists.');
    await expectAwsError(other.send(new DeleteAccountAliasCommand({ AccountAlias: 'acme' })), 'NoSuchEntityException', 404, 'The account alias acme cannot be found.');
  });

  it('validate the alias as DNS-like lower-case text that is not 12 digits', async () => {
    for (const bad of ['Acme', 'a', '-acme', 'ac--me']) {
      expect((await caught(iam.send(new CreateAccountAliasCommand({ AccountAlias: bad })))).name).toBe('ValidationError');
    }
    await expectAwsError(
      iam.send(new CreateAccountAliasCommand({ AccountAlias: '123456789012' })),
      'ValidationError',
      400,
      'The account alias cannot be a 12-digit number.',
    );
  });

  it('show in the admin state dump', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'acme' }));
    expect((await emu.admin('state')).body.iam.accountAliases).toEqual(['acme']);
  });
});
