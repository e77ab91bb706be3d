import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  paginateListAttachedRolePolicies,
  paginateListPolicyVersions,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateClusterCommand, DeleteClusterCommand } from '@aws-sdk/client-ecs';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The calls Terraform's AWS provider makes for three IAM resources, re-enacted in order through
 * the real SDK clients. Sequences read from hashicorp/terraform-provider-aws:
 *   internal/service/iam/policy.go                  aws_iam_policy
 *   internal/service/iam/role_policy_attachment.go  aws_iam_role_policy_attachment
 *   internal/service/iam/service_linked_role.go     aws_iam_service_linked_role
 * The provider treats NoSuchEntity on read after apply as "gone from state", and ignores it on
 * delete; these tests check both answers where the provider relies on them.
 */

const TASK_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
// What structure.NormalizeJsonString sends: compact JSON with sorted keys.
const POLICY_V1 = '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}';
const POLICY_V2 = '{"Statement":[{"Action":["s3:GetObject","s3:PutObject"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam();
});
afterEach(async () => {
  await emu.close();
});

/** resourcePolicyRead: GetPolicy, then GetPolicyVersion of its default, then the tags (ListPolicyTags). */
async function readPolicy(arn: string) {
  const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: Policy!.DefaultVersionId! }));
  const { Tags } = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }));
  return { policy: Policy!, document: decodeURIComponent(PolicyVersion!.Document!), tags: Tags! };
}

/** findPolicyVersionsByARN: every page of ListPolicyVersions. */
async function policyVersions(arn: string) {
  const versions = [];
  for await (const page of paginateListPolicyVersions({ client: iam }, { PolicyArn: arn })) versions.push(...page.Versions!);
  return versions;
}

/** RoleHasPolicyARNAttachment: every page of ListAttachedRolePolicies, looking for the ARN. */
async function roleHasPolicy(roleName: string, policyArn: string) {
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
    if (page.AttachedPolicies!.some((p) => p.PolicyArn === policyArn)) return true;
  }
  return false;
}

describe('terraform aws_iam_policy (policy.go)', () => {
  it('create, read, update the document, update tags, destroy, then read as gone', async () => {
    // resourcePolicyCreate: Description is always sent, "" when unset; Path defaults to "/".
    const created = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'app-read',
        Path: '/',
        Description: '',
        PolicyDocument: POLICY_V1,
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    const arn = created.Policy!.Arn!;
    expect(arn).toBe('arn:aws:iam::000000000000:policy/app-read');
    let read = await readPolicy(arn);
    expect(read.policy).toMatchObject({ PolicyName: 'app-read', Path: '/', DefaultVersionId: 'v1', AttachmentCount: 0 });
    expect(read.policy.PolicyId).toMatch(/^ANPA/);
    expect(JSON.parse(read.document)).toEqual(JSON.parse(POLICY_V1));
    expect(read.tags).toEqual([{ Key: 'team', Value: 'platform' }]);

    // resourcePolicyUpdate: prune (only at 5 versions), CreatePolicyVersion without default, then SetDefaultPolicyVersion.
    expect(await policyVersions(arn)).toHaveLength(1);
    const { PolicyVersion } = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: POLICY_V2, SetAsDefault: false }));
    expect(PolicyVersion).toMatchObject({ VersionId: 'v2', IsDefaultVersion: false });
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: PolicyVersion!.VersionId! }));
    read = await readPolicy(arn);
    expect(read.policy.DefaultVersionId).toBe('v2');
    expect(JSON.parse(read.document)).toEqual(JSON.parse(POLICY_V2));

    // Tags only: policyUpdateTags tags (and untags) in place.
    await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'env', Value: 'ci' }] }));
    expect((await readPolicy(arn)).tags).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'env', Value: 'ci' },
    ]);

    // resourcePolicyDelete: delete every non-default version, then the policy.
    for (const v of await policyVersions(arn)) {
      if (!v.IsDefaultVersion) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId! }));
    }
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));

    // A refresh after destroy: findPolicyByARN's NoSuchEntity removes it from state; a second
    // destroy's ListPolicyVersions NoSuchEntity is "already gone".
    expect((await caught(iam.send(new GetPolicyCommand({ PolicyArn: arn })))).name).toBe('NoSuchEntityException');
    expect((await caught(iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })))).name).toBe('NoSuchEntityException');
    expect((await caught(iam.send(new DeletePolicyCommand({ PolicyArn: arn })))).name).toBe('NoSuchEntityException');
  });
});

describe('terraform aws_iam_role_policy_attachment (role_policy_attachment.go)', () => {
  it('attach an AWS managed policy, read it through the attached-policy pages, detach, read as gone', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'task-execution', AssumeRolePolicyDocument: TRUST }));
    // resourceRolePolicyAttachmentCreate, then its read.
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'task-execution', PolicyArn: TASK_EXECUTION }));
    expect(await roleHasPolicy('task-execution', TASK_EXECUTION)).toBe(true);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: TASK_EXECUTION }))).Policy!.AttachmentCount).toBe(1);

    // resourceRolePolicyAttachmentDelete: DetachRolePolicy; NoSuchEntity means already detached.
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'task-execution', PolicyArn: TASK_EXECUTION }));
    expect(await roleHasPolicy('task-execution', TASK_EXECUTION)).toBe(false);
    const again = await caught(iam.send(new DetachRolePolicyCommand({ RoleName: 'task-execution', PolicyArn: TASK_EXECUTION })));
    expect(again.name).toBe('NoSuchEntityException');
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: TASK_EXECUTION }))).Policy!.AttachmentCount).toBe(0);

    // Then aws_iam_role's destroy can delete the role (nothing attached any more).
    await iam.send(new DeleteRoleCommand({ RoleName: 'task-execution' }));
  });

  it('attaches a customer managed policy created in the same apply', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'app-read', Path: '/', Description: '', PolicyDocument: POLICY_V1 }));
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: TRUST }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }));
    expect(await roleHasPolicy('app', Policy!.Arn!)).toBe(true);
    expect((await readPolicy(Policy!.Arn!)).policy.AttachmentCount).toBe(1);
    // Destroy order: the attachment first, then the policy and the role.
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn! }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
  });
});

describe('terraform aws_iam_service_linked_role (service_linked_role.go)', () => {
  /** waitDeleteServiceLinkedRole: poll GetServiceLinkedRoleDeletionStatus until it settles. */
  async function waitForDeletion(deletionTaskId: string) {
    for (let i = 0; i < 10; i++) {
      const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: deletionTaskId }));
      if (status.Status === 'SUCCEEDED' || status.Status === 'FAILED') return status;
      await emu.admin('clock', { advanceSeconds: 1 });
    }
    throw new Error('the deletion task never settled');
  }

  it('create, read, update the description, destroy through the deletion task', async () => {
    // resourceServiceLinkedRoleCreate: the id is the role's ARN; read decodes the name from it.
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }));
    const arn = Role!.Arn!;
    expect(arn).toBe(
      'arn:aws:iam::000000000000:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing',
    );
    const [, , service, roleName] = arn.split(':')[5]!.split('/'); // DecodeServiceLinkedRoleID: four parts
    expect(service).toBe('elasticloadbalancing.amazonaws.com');
    const read = (await iam.send(new GetRoleCommand({ RoleName: roleName! }))).Role!;
    expect(read).toMatchObject({ Path: '/aws-service-role/elasticloadbalancing.amazonaws.com/', RoleName: 'AWSServiceRoleForElasticLoadBalancing' });

    // resourceServiceLinkedRoleUpdate: UpdateRole with the description (allowed on a protected role).
    await iam.send(new UpdateRoleCommand({ RoleName: roleName!, Description: 'managed by terraform' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: roleName! }))).Role!.Description).toBe('managed by terraform');

    // resourceServiceLinkedRoleDelete: DeleteServiceLinkedRole, then wait for the task.
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName! }));
    expect((await waitForDeletion(DeletionTaskId!)).Status).toBe('SUCCEEDED');
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: roleName! })))).name).toBe('NoSuchEntityException');
    // A second destroy: NoSuchEntity is "already gone".
    expect((await caught(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: roleName! })))).name).toBe('NoSuchEntityException');
  });

  it('with a custom suffix, as DecodeServiceLinkedRoleID reads it back from the name', async () => {
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'workers' }));
    expect(Role!.RoleName!.split('_')).toEqual(['AWSServiceRoleForAutoScaling', 'workers']);
    expect(Role!.Description).toBeUndefined();
  });

  it('fails the destroy of AWSServiceRoleForECS while a cluster exists, as the waiter reports it', async () => {
    await emu.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'web' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    const failed = await waitForDeletion(DeletionTaskId!);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason!.RoleUsageList).toEqual([
      { Region: 'eu-west-1', Resources: ['arn:aws:ecs:eu-west-1:000000000000:cluster/web'] },
    ]);
    await emu.ecs('eu-west-1').send(new DeleteClusterCommand({ cluster: 'web' }));
    const retry = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect((await waitForDeletion(retry.DeletionTaskId!)).Status).toBe('SUCCEEDED');
  });
});

describe("README: the provider block of 'Terraform and other IaC tools'", () => {
  it('points IAM, STS and ECS at linkstack and skips the checks that need real AWS', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Terraform and other IaC tools'));
    const hcl = /```hcl\n([\s\S]*?)```/.exec(section)![1]!;
    const settings = Object.fromEntries([...hcl.matchAll(/^\s*(\w+)\s*=\s*"?([^"\n]*)"?$/gm)].map((m) => [m[1], m[2]]));
    expect(settings).toMatchObject({
      iam: 'http://127.0.0.1:4566',
      sts: 'http://127.0.0.1:4566',
      ecs: 'http://127.0.0.1:4566',
      access_key: 'test',
      secret_key: 'test',
      skip_credentials_validation: 'true',
      skip_requesting_account_id: 'true',
      skip_metadata_api_check: 'true',
    });
    expect(settings.region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(hcl).toMatch(/provider "aws" \{[\s\S]*endpoints \{[\s\S]*\}\s*\}\s*$/);
  });
});
