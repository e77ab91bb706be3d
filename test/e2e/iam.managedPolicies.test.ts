import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  paginateListPolicies,
  SetDefaultPolicyVersionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

const ECS_POLICY_ARN = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';
const DOC = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
const DOC2 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('ap-south-1');
});
afterEach(async () => {
  await emu.close();
});

async function expectError(call: Promise<unknown>, name: string, status: number, message: string) {
  const e = await caught(call);
  expect({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }).toEqual({ name, status, message });
}

const createPolicy = (PolicyName: string, extra: Record<string, unknown> = {}) =>
  iam.send(new CreatePolicyCommand({ PolicyName, PolicyDocument: DOC, ...extra })).then((r) => r.Policy!);

describe('GetPolicy and GetPolicyVersion for AmazonECSServiceRolePolicy', () => {
  it('serve the AWS managed policy with the seed\'s document, AWS\'s v8, as default version', async () => {
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: ECS_POLICY_ARN }));
    expect(Policy).toMatchObject({
      PolicyName: 'AmazonECSServiceRolePolicy',
      Arn: ECS_POLICY_ARN,
      Path: '/aws-service-role/',
      PolicyId: 'ANPAJVKFZBLQMLGSFVFAI',
      DefaultVersionId: 'v8',
      AttachmentCount: 0,
      IsAttachable: true,
      Description: 'Policy to enable Amazon ECS to manage your cluster.',
      CreateDate: new Date('2017-10-14T01:18:58Z'),
      UpdateDate: new Date('2021-01-13T20:04:13Z'),
    });
  });

  it('return the seed document URL-encoded, with the statements the seed lists', async () => {
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY_ARN, VersionId: 'v8' }));
    expect(PolicyVersion).toMatchObject({ VersionId: 'v8', IsDefaultVersion: true, CreateDate: new Date('2021-01-13T20:04:13Z') });
    expect(PolicyVersion!.Document).not.toMatch(/[{}" ]/);
    const doc = JSON.parse(decodeURIComponent(PolicyVersion!.Document!));
    expect(doc.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'ECSTaskManagement',
      'AutoScaling',
      'AutoScalingManagement',
      'AutoScalingPlanManagement',
      'CWAlarmManagement',
      'ECSTagging',
      'CWLogGroupManagement',
      'CWLogStreamManagement',
      'ExecuteCommandSessionManagement',
      'ExecuteCommand',
    ]);
    expect(doc.Statement[2].Condition).toEqual({ Null: { 'autoscaling:ResourceTag/AmazonECSManaged': 'false' } });
  });

  it('answer unknown policies and versions with NoSuchEntity, and non-ARNs with InvalidInput', async () => {
    await expectError(
      iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/Nope' })),
      'NoSuchEntityException',
      404,
      'Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable.',
    );
    await expectError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY_ARN, VersionId: 'v16' })),
      'NoSuchEntityException',
      404,
      `Policy ${ECS_POLICY_ARN} version v16 does not exist or is not attachable.`,
    );
    await expectError(
      iam.send(new GetPolicyCommand({ PolicyArn: 'this-is-not-an-arn-at-all' })),
      'InvalidInputException',
      400,
      'ARN this-is-not-an-arn-at-all is not valid.',
    );
    const e = await caught(iam.send(new GetPolicyVersionCommand({ PolicyArn: ECS_POLICY_ARN, VersionId: 'version1' })));
    expect(e.name).toBe('ValidationError');
  });
});

describe('ListPolicies', () => {
  it('filters by Scope, PathPrefix and OnlyAttached, without Description or Tags', async () => {
    await createPolicy('mine', { Path: '/team/', Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] });
    const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/aws-service-role/', MaxItems: 1000 }));
    expect(aws.IsTruncated).toBe(false);
    expect(aws.Policies!.map((p) => p.PolicyName)).toContain('AmazonECSServiceRolePolicy');
    expect(aws.Policies!.every((p) => p.Arn!.startsWith('arn:aws:iam::aws:policy/'))).toBe(true);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies).toMatchObject([{ PolicyName: 'mine', Arn: 'arn:aws:iam::000000000000:policy/team/mine', AttachmentCount: 0 }]);
    expect(local.Policies![0]!.Description).toBeUndefined();
    expect(local.Policies![0]!.Tags).toBeUndefined();
    const all = await iam.send(new ListPoliciesCommand({ MaxItems: 1000 }));
    expect(all.Policies!.map((p) => p.PolicyName)).toContain('AdministratorAccess');
    expect(all.Policies!.map((p) => p.PolicyName)).not.toContain('mine'); // sorted by name: beyond the first 1,000
    const rest = await iam.send(new ListPoliciesCommand({ Marker: all.Marker, MaxItems: 1000 }));
    expect(rest.Policies!.map((p) => p.PolicyName)).toContain('mine');
    expect((await iam.send(new ListPoliciesCommand({ PathPrefix: '/team/' }))).Policies!.map((p) => p.PolicyName)).toEqual(['mine']);
    expect((await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies).toEqual([]);
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
    expect(attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount])).toEqual([['AmazonECSServiceRolePolicy', 1]]);
  });

  it('rejects an unknown Scope with a ValidationError naming the allowed values', async () => {
    const e = await caught(iam.send(new ListPoliciesCommand({ Scope: 'Mine' as never })));
    expect(e.name).toBe('ValidationError');
    expect(e.message).toBe(
      "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]",
    );
  });

  it('pages, and the SDK paginator walks every page', async () => {
    for (let i = 0; i < 5; i++) await createPolicy(`p${i}`);
    const first = await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true });
    const names: string[] = [];
    for await (const page of paginateListPolicies({ client: iam, pageSize: 2 }, { Scope: 'Local' })) {
      names.push(...page.Policies!.map((p) => p.PolicyName!));
    }
    expect(names).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });
});

describe('CreatePolicy', () => {
  it('creates a customer managed policy with version v1 as its default', async () => {
    const policy = await createPolicy('read', { Path: '/a/b/', Description: 'reads' });
    expect(policy).toMatchObject({
      PolicyName: 'read',
      Arn: 'arn:aws:iam::000000000000:policy/a/b/read',
      Path: '/a/b/',
      DefaultVersionId: 'v1',
      AttachmentCount: 0,
      CreateDate: FROZEN_AT,
      UpdateDate: FROZEN_AT,
      Description: 'reads',
    });
    expect(policy.PolicyId).toMatch(/^ANPA[A-Z0-9]{17}$/);
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: 'v1' }));
    expect(decodeURIComponent(PolicyVersion!.Document!)).toBe(DOC);
    expect(PolicyVersion!.Document).toBe(encodeURIComponent(DOC));
  });

  it('refuses a duplicate name with EntityAlreadyExists', async () => {
    await createPolicy('read');
    await expectError(
      createPolicy('read', { Path: '/other/' }),
      'EntityAlreadyExistsException',
      409,
      'A policy called read already exists. Duplicate names are not allowed.',
    );
  });

  it('refuses a document over 6,144 characters (white space not counted) with LimitExceeded', async () => {
    const doc = (n: number) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${'r'.repeat(n)}"}]}`;
    const base = doc(0).replace(/\s/g, '').length;
    await iam.send(new CreatePolicyCommand({ PolicyName: 'fits', PolicyDocument: doc(6144 - base) }));
    await expectError(
      iam.send(new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: doc(6145 - base) })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for PolicySize: 6144',
    );
  });

  it('refuses a malformed document with MalformedPolicyDocument and stores nothing', async () => {
    const e = await caught(iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '[1,2]' })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies).toEqual([]);
  });
});

describe('policy versions (CreatePolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion)', () => {
  it('add versions, optionally as default, up to five', async () => {
    const { Arn } = await createPolicy('p');
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC2, SetAsDefault: true }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: true, CreateDate: FROZEN_AT });
    expect(v2.PolicyVersion!.Document).toBeUndefined();
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Arn }))).Policy!.DefaultVersionId).toBe('v2');
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC }));
    await expectError(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC })),
      'LimitExceededException',
      409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    const { Versions } = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: Arn }));
    expect(Versions!.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', false],
      ['v4', false],
      ['v3', false],
      ['v2', true],
      ['v1', false],
    ]);
  });

  it('never delete the default version, and never reuse a version id', async () => {
    const { Arn } = await createPolicy('p');
    await expectError(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: Arn, VersionId: 'v1' })),
      'DeleteConflictException',
      409,
      'Cannot delete the default version of a policy.',
    );
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC2 }));
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: Arn, VersionId: 'v2' }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: Arn, VersionId: 'v1' }));
    const v3 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC }));
    expect(v3.PolicyVersion!.VersionId).toBe('v3');
    await expectError(
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: Arn, VersionId: 'v1' })),
      'NoSuchEntityException',
      404,
      `Policy ${Arn} version v1 does not exist or is not attachable.`,
    );
  });

  it('are refused on AWS managed policies', async () => {
    await expectError(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: ECS_POLICY_ARN, PolicyDocument: DOC })),
      'InvalidInputException',
      400,
      `Policy ${ECS_POLICY_ARN} is an AWS managed policy and cannot be modified.`,
    );
  });
});

describe('DeletePolicy', () => {
  it('refuses while the policy is attached or has other versions, then deletes', async () => {
    const { Arn } = await createPolicy('p');
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: Arn }));
    await expectError(iam.send(new DeletePolicyCommand({ PolicyArn: Arn })), 'DeleteConflictException', 409, 'Cannot delete a policy attached to entities.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'r', PolicyArn: Arn }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: Arn, PolicyDocument: DOC2 }));
    await expectError(
      iam.send(new DeletePolicyCommand({ PolicyArn: Arn })),
      'DeleteConflictException',
      409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: Arn, VersionId: 'v2' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: Arn }));
    await expectError(
      iam.send(new GetPolicyCommand({ PolicyArn: Arn })),
      'NoSuchEntityException',
      404,
      `Policy ${Arn} does not exist or is not attachable.`,
    );
  });

  it('refuses AWS managed policies', async () => {
    await expectError(
      iam.send(new DeletePolicyCommand({ PolicyArn: ECS_POLICY_ARN })),
      'InvalidInputException',
      400,
      `Policy ${ECS_POLICY_ARN} is an AWS managed policy and cannot be modified.`,
    );
  });

  it('keeps accounts apart: another account cannot see the policy', async () => {
    const { Arn } = await createPolicy('p');
    const other = emu.iam('us-east-1', { accessKeyId: '111122223333', secretAccessKey: 'x' });
    const e = await caught(other.send(new GetPolicyCommand({ PolicyArn: Arn })));
    expect(e.name).toBe('NoSuchEntityException');
  });
});
