import {
  AddClientIDToOpenIDConnectProviderCommand,
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  RemoveRoleFromInstanceProfileCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The IAM calls Terraform's AWS provider makes, in the order it makes them, re-enacted through
 * the JS SDK (the provider uses the Go SDK; the wire calls are the same). Sequences read from
 * hashicorp/terraform-provider-aws:
 * - internal/service/iam/role.go: resourceRoleCreate (CreateRole, PutRolePolicy per inline_policy,
 *   AttachRolePolicy per managed_policy_arns), resourceRoleRead (GetRole, ListRolePolicies +
 *   GetRolePolicy, ListAttachedRolePolicies), resourceRoleUpdate (PutRolePermissionsBoundary …),
 *   resourceRoleDelete → DeleteRole (ListInstanceProfilesForRole + RemoveRoleFromInstanceProfile,
 *   ListAttachedRolePolicies + DetachRolePolicy, ListRolePolicies + DeleteRolePolicy, DeleteRole).
 * - internal/service/iam/instance_profile.go: create (CreateInstanceProfile, GetInstanceProfile
 *   until found, AddRoleToInstanceProfile retried while NoSuchEntity says "The role with name",
 *   waitInstanceProfileReady: GetInstanceProfile until found three times in a row), read
 *   (GetInstanceProfile, GetRole of its role), delete (RemoveRoleFromInstanceProfile ignoring
 *   NoSuchEntity, DeleteInstanceProfile ignoring NoSuchEntity), tags (ListInstanceProfileTags).
 * - internal/service/iam/openid_connect_provider.go: create (CreateOpenIDConnectProvider), read
 *   (GetOpenIDConnectProvider, NoSuchEntity = gone), update (UpdateOpenIDConnectProviderThumbprint,
 *   AddClientIDToOpenIDConnectProvider, RemoveClientIDFromOpenIDConnectProvider), delete
 *   (DeleteOpenIDConnectProvider ignoring NoSuchEntity), tags (ListOpenIDConnectProviderTags).
 * The policy, attachment and service-linked-role resources are re-enacted in the catalog's own file.
 */

const EC2_TRUST = '{"Version":"2012-10-17","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}]}';
const INLINE = '{"Version":"2012-10-17","Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]}';
const MANAGED = '{"Version":"2012-10-17","Statement":[{"Action":"logs:*","Effect":"Allow","Resource":"*"}]}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('us-east-1');
});
afterEach(async () => {
  await emu.close();
});

/** tfawserr.ErrCodeEquals(err, NoSuchEntity): what the provider treats as "already gone". */
async function ignoringNoSuchEntity(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (e) {
    expect((e as Error).name).toBe('NoSuchEntityException');
  }
}

/** role.go resourceRoleRead: what `terraform plan` refreshes for an aws_iam_role. */
async function readRole(name: string) {
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
  const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  const inline = [];
  for (const PolicyName of PolicyNames!) {
    const p = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }));
    inline.push({ name: PolicyName, policy: decodeURIComponent(p.PolicyDocument!) });
  }
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  return { role: Role!, inline, managed: AttachedPolicies!.map((a) => a.PolicyArn) };
}

/** role.go DeleteRole(conn, name, forceDetach=false, hasInline, hasManaged). */
async function destroyRole(name: string, hasInline: boolean, hasManaged: boolean) {
  const { InstanceProfiles } = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: name }));
  for (const p of InstanceProfiles!) {
    await ignoringNoSuchEntity(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: p.InstanceProfileName, RoleName: name })));
  }
  if (hasManaged) {
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    for (const a of AttachedPolicies!) await ignoringNoSuchEntity(iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: a.PolicyArn })));
  }
  if (hasInline) {
    const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    for (const PolicyName of PolicyNames!) await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName }));
  }
  await iam.send(new DeleteRoleCommand({ RoleName: name }));
}

/** instance_profile.go resourceInstanceProfileRead. */
async function readInstanceProfile(name: string) {
  const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
  const roleName = InstanceProfile!.Roles![0]?.RoleName;
  if (roleName) await iam.send(new GetRoleCommand({ RoleName: roleName }));
  const { Tags } = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: name }));
  return { arn: InstanceProfile!.Arn, role: roleName, uniqueId: InstanceProfile!.InstanceProfileId, tags: Tags };
}

describe('terraform apply / plan / destroy of aws_iam_role with inline and managed policies and an aws_iam_instance_profile', () => {
  it('creates, refreshes unchanged, and destroys without a DeleteConflict', async () => {
    // apply: aws_iam_policy first (catalog's file covers it), then the role (role.go resourceRoleCreate) …
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'logs', PolicyDocument: MANAGED }));
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'web',
        Path: '/',
        AssumeRolePolicyDocument: EC2_TRUST,
        Description: 'web servers',
        MaxSessionDuration: 3600,
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
    );
    expect(Role!.Arn).toBe('arn:aws:iam::000000000000:role/web');
    expect(Role!.RoleId).toMatch(/^AROA/); // waitRoleARNIsNotUniqueID: the ARN is an ARN at once
    await iam.send(new PutRolePolicyCommand({ RoleName: 'web', PolicyName: 'read-objects', PolicyDocument: INLINE }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'web', PolicyArn: Policy!.Arn }));
    const created = await readRole('web');
    expect(created.inline).toEqual([{ name: 'read-objects', policy: INLINE }]);
    expect(created.managed).toEqual([Policy!.Arn]);
    expect(decodeURIComponent(created.role.AssumeRolePolicyDocument!)).toBe(EC2_TRUST);
    expect(created.role.Tags).toEqual([{ Key: 'env', Value: 'test' }]);

    // … then the instance profile (instance_profile.go resourceInstanceProfileCreate).
    const { InstanceProfile } = await iam.send(
      new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/', Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' })); // RetryWhenNotFound
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
    for (let i = 0; i < 3; i++) {
      const { InstanceProfile: ready } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
      expect(ready!.Arn).toMatch(/^arn:aws:iam::\d{12}:instance-profile\//); // statusInstanceProfile parses the ARN
    }
    expect(await readInstanceProfile('web')).toEqual({
      arn: InstanceProfile!.Arn,
      role: 'web',
      uniqueId: InstanceProfile!.InstanceProfileId,
      tags: [{ Key: 'env', Value: 'test' }],
    });

    // plan: a refresh reads the same again (no diff).
    expect(await readRole('web')).toEqual(created);

    // update: permissions_boundary added (resourceRoleUpdate).
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'web', PermissionsBoundary: Policy!.Arn }));
    expect((await readRole('web')).role.PermissionsBoundary?.PermissionsBoundaryArn).toBe(Policy!.Arn);

    // destroy: dependents first, the instance profile (resourceInstanceProfileDelete) …
    await ignoringNoSuchEntity(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' })));
    await ignoringNoSuchEntity(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })));
    // … then the role (resourceRoleDelete), whose first call is ListInstanceProfilesForRole.
    await destroyRole('web', true, true);
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: 'web' })))).name).toBe('NoSuchEntityException');
  });

  it('destroys a role still held by an instance profile made outside Terraform', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'legacy', AssumeRolePolicyDocument: EC2_TRUST }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'console-made' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'console-made', RoleName: 'legacy' }));
    await destroyRole('legacy', false, false);
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'console-made' }));
    expect(InstanceProfile!.Roles).toEqual([]);
  });

  it('AddRoleToInstanceProfile before the role exists fails with the text the provider retries on', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'early' }));
    const e = await caught(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'early', RoleName: 'not-yet' })));
    expect(e.name).toBe('NoSuchEntityException');
    expect(e.message).toContain('The role with name');
  });

  it('a refresh after the profile was deleted out of band sees NoSuchEntity, and destroy ignores it', async () => {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'gone' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'gone' }));
    expect((await caught(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'gone' })))).name).toBe('NoSuchEntityException');
    await ignoringNoSuchEntity(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'gone' })));
  });
});

describe('terraform apply / update / destroy of aws_iam_openid_connect_provider (openid_connect_provider.go)', () => {
  const url = 'https://token.actions.githubusercontent.com';
  const thumb1 = '6938fd4d98bab03faadb97b34396831e3780aea1';
  const thumb2 = '1c58a3a8518e8759bf075b76b750d4f2df264fcd';

  it('creates, reads the URL back without its scheme, updates thumbprints and audiences, and destroys', async () => {
    const { OpenIDConnectProviderArn: arn } = await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [thumb1], Tags: [{ Key: 'env', Value: 'test' }] }),
    );
    expect(arn).toBe('arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com');
    const read = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    // suppressOpenIDURL: the provider compares the URL without https://, which is what AWS returns.
    expect(read.Url).toBe('token.actions.githubusercontent.com');
    expect(read.ClientIDList).toEqual(['sts.amazonaws.com']);
    expect(read.ThumbprintList).toEqual([thumb1]);
    expect((await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'test' }]);

    // resourceOpenIDConnectProviderUpdate: thumbprint_list, then client_id_list (adds, then removes).
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [thumb1, thumb2] }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sigstore' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    const updated = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect({ clients: updated.ClientIDList, thumbs: updated.ThumbprintList }).toEqual({ clients: ['sigstore'], thumbs: [thumb1, thumb2] });

    await ignoringNoSuchEntity(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    // A second destroy (or a refresh) of the same resource: NoSuchEntity, which the provider treats as gone.
    const gone = await caught(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    expect(gone.name).toBe('NoSuchEntityException');
    await ignoringNoSuchEntity(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
  });
});
