import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  paginateListRoles,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

const ECS_POLICY_ARN = 'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy';
// Whitespace and a `+` on purpose: both must come back byte for byte.
const TRUST = '{"Version": "2012-10-17",\n "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:ecs:*:*:task/a+b"}}}]}';
const INLINE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam('eu-west-1');
});
afterEach(async () => {
  await emu.close();
});

const policySizeOf = (doc: string) => doc.replace(/\s/g, '').length;
const createRole = (RoleName: string, extra: Record<string, unknown> = {}) =>
  iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST, ...extra }));
const createEcsRole = () => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));

async function expectError(call: Promise<unknown>, name: string, status: number, message: string) {
  const e = await caught(call);
  expect({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }).toEqual({ name, status, message });
  return e;
}

const unmodifiable = "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - this role is only modifiable by AWS";

describe('CreateRole', () => {
  it('creates a role and returns the trust policy URL-encoded with %20, byte for byte as sent', async () => {
    const { Role } = await createRole('app', { Path: '/team/', Description: 'the app', MaxSessionDuration: 7200, Tags: [{ Key: 'env', Value: 'dev' }] });
    expect(Role).toMatchObject({
      RoleName: 'app',
      Path: '/team/',
      Arn: 'arn:aws:iam::000000000000:role/team/app',
      CreateDate: FROZEN_AT,
      Description: 'the app',
      MaxSessionDuration: 7200,
      Tags: [{ Key: 'env', Value: 'dev' }],
    });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role!.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
    expect(Role!.AssumeRolePolicyDocument).toContain('%20');
    expect(Role!.AssumeRolePolicyDocument).not.toContain('+');
    const got = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(TRUST);
  });

  it('refuses a duplicate name, whatever its case, with EntityAlreadyExists', async () => {
    await createRole('app');
    await expectError(createRole('APP'), 'EntityAlreadyExistsException', 409, 'Role with name APP already exists.');
  });

  it('refuses the /aws-service-role/ path, which only service-linked roles may use', async () => {
    await expectError(
      createRole('sneaky', { Path: '/aws-service-role/ecs.amazonaws.com/' }),
      'InvalidInputException',
      400,
      "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
    );
  });

  it('refuses a trust policy over 2,048 characters (white space not counted) with LimitExceeded', async () => {
    const long = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"${'e'.repeat(2000)}"}}}]}`;
    await expectError(
      iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: long })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
    const spaced = TRUST.replace(/ /g, ' '.repeat(40));
    await createRole('spaced', { AssumeRolePolicyDocument: spaced });
  });

  it('refuses a trust policy that is not JSON with MalformedPolicyDocument and stores nothing', async () => {
    const e = await caught(iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{nope' })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect(e.$metadata.httpStatusCode).toBe(400);
    await expectError(iam.send(new GetRoleCommand({ RoleName: 'bad' })), 'NoSuchEntityException', 404, 'The role with name bad cannot be found.');
  });

  it('answers a missing RoleName and a bad one with ValidationError texts', async () => {
    const missing = await caught(iam.send(new CreateRoleCommand({ AssumeRolePolicyDocument: TRUST } as never)));
    expect(missing.name).toBe('ValidationError');
    expect(missing.message).toBe("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
    const bad = await caught(createRole('bad name!'));
    expect(bad.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const long = await caught(createRole('x'.repeat(65), { MaxSessionDuration: 60 }));
    expect(long.message).toBe(
      "2 validation errors detected: Value '" +
        'x'.repeat(65) +
        "' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64; " +
        "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
  });

  it('sets a permissions boundary that GetRole reports and the policy counts', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'boundary', PolicyDocument: INLINE }));
    await createRole('bounded', { PermissionsBoundary: Policy!.Arn });
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));
    expect(Role!.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: Policy!.Arn });
    const got = await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }));
    expect(got.Policy!.PermissionsBoundaryUsageCount).toBe(1);
  });
});

describe('GetRole', () => {
  it('answers an unknown role with NoSuchEntity', async () => {
    await expectError(iam.send(new GetRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
  });

  it('finds a role by any case of its name and reports an empty RoleLastUsed until it is used', async () => {
    await createRole('MixedCase');
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'mixedcase' }));
    expect(Role!.RoleName).toBe('MixedCase');
    expect(Role!.RoleLastUsed).toEqual({});
  });
});

describe('ListRoles', () => {
  it('lists roles by name without Tags, RoleLastUsed or PermissionsBoundary, filtered by PathPrefix', async () => {
    await createRole('b', { Path: '/x/', Tags: [{ Key: 'k', Value: 'v' }] });
    await createRole('a', { Path: '/x/y/' });
    await createRole('c');
    const all = await iam.send(new ListRolesCommand({}));
    expect(all.Roles!.map((r) => r.RoleName)).toEqual(['a', 'b', 'c']);
    expect(all.IsTruncated).toBe(false);
    expect(all.Marker).toBeUndefined();
    expect(all.Roles![1]!.Tags).toBeUndefined();
    expect(all.Roles![1]!.RoleLastUsed).toBeUndefined();
    const x = await iam.send(new ListRolesCommand({ PathPrefix: '/x/' }));
    expect(x.Roles!.map((r) => r.RoleName)).toEqual(['a', 'b']);
  });

  it('pages with Marker/MaxItems, emitting a Marker only on truncated pages, and the SDK paginator walks it', async () => {
    for (let i = 0; i < 7; i++) await createRole(`role-${i}`);
    const first = await iam.send(new ListRolesCommand({ MaxItems: 3 }));
    expect(first.Roles).toHaveLength(3);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBeTruthy();
    const names: string[] = [];
    let pages = 0;
    for await (const p of paginateListRoles({ client: iam, pageSize: 3 }, {})) {
      pages++;
      names.push(...p.Roles!.map((r) => r.RoleName!));
    }
    expect(pages).toBe(3);
    expect(names).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `role-${i}`));
  });

  it('answers a marker it did not issue with InvalidInput', async () => {
    await expectError(iam.send(new ListRolesCommand({ Marker: 'garbage' })), 'ValidationError', 400, 'Invalid Marker.');
  });
});

describe('UpdateRole and UpdateRoleDescription', () => {
  it('change the description and session duration of an ordinary role', async () => {
    await createRole('app');
    await iam.send(new UpdateRoleCommand({ RoleName: 'app', Description: 'new', MaxSessionDuration: 43200 }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
    expect(Role).toMatchObject({ Description: 'new', MaxSessionDuration: 43200 });
    const updated = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'app', Description: 'newer' }));
    expect(updated.Role!.Description).toBe('newer');
  });

  it('may change the description of a service-linked role, but not its session duration', async () => {
    await createEcsRole();
    const { Role } = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForECS', Description: 'mine' }));
    expect(Role!.Description).toBe('mine');
    await iam.send(new UpdateRoleCommand({ RoleName: 'AWSServiceRoleForECS', Description: 'again' }));
    await expectError(
      iam.send(new UpdateRoleCommand({ RoleName: 'AWSServiceRoleForECS', MaxSessionDuration: 7200 })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
    const got = await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(got.Role).toMatchObject({ Description: 'again', MaxSessionDuration: 3600 });
  });

  it('answer an unknown role with NoSuchEntity', async () => {
    await expectError(
      iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'ghost', Description: 'x' })),
      'NoSuchEntityException',
      404,
      'The role with name ghost cannot be found.',
    );
  });
});

describe('inline role policies (Put/Get/Delete/ListRolePolicies)', () => {
  it('store a document and return it URL-encoded, list names, and delete', async () => {
    await createRole('app');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'read', PolicyDocument: INLINE }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'Another', PolicyDocument: INLINE }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }));
    expect(got).toMatchObject({ RoleName: 'app', PolicyName: 'read', PolicyDocument: encodeURIComponent(INLINE) });
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }));
    expect(listed.PolicyNames).toEqual(['Another', 'read']);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }));
    await expectError(
      iam.send(new GetRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' })),
      'NoSuchEntityException',
      404,
      'The role policy with name read cannot be found.',
    );
  });

  it('refuse an identity policy that names a principal with MalformedPolicyDocument', async () => {
    await createRole('app');
    const doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}';
    const e = await caught(iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'p', PolicyDocument: doc })));
    expect(e.name).toBe('MalformedPolicyDocumentException');
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames).toEqual([]);
  });

  it("may hold 10,240 characters in all, white space not counted, as IAM's quota says", async () => {
    await createRole('app');
    const doc = (resource: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${resource}"}]}`;
    const base = policySizeOf(doc(''));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'a', PolicyDocument: doc('x'.repeat(6000 - base)) }));
    // Replacing a policy counts its new size only.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'A', PolicyDocument: doc('y'.repeat(6000 - base)) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'b', PolicyDocument: doc('z'.repeat(4240 - base)) }));
    await expectError(
      iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'c', PolicyDocument: doc('') })),
      'LimitExceededException',
      409,
      'Maximum policy size of 10240 bytes exceeded for role app',
    );
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app' }))).PolicyNames).toEqual(['a', 'b']);
  });

  it('cannot be added to or removed from a service-linked role', async () => {
    await createEcsRole();
    await expectError(
      iam.send(new PutRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyName: 'p', PolicyDocument: INLINE })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
    await expectError(
      iam.send(new DeleteRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyName: 'p' })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
  });
});

describe('managed role policies (Attach/Detach/ListAttachedRolePolicies)', () => {
  it('attach and detach a customer policy, keeping AttachmentCount true', async () => {
    await createRole('app');
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'read', PolicyDocument: INLINE, Path: '/team/' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!.AttachmentCount).toBe(1);
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }));
    expect(listed.AttachedPolicies).toEqual([{ PolicyName: 'read', PolicyArn: 'arn:aws:iam::000000000000:policy/team/read' }]);
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app', PathPrefix: '/other/' }))).AttachedPolicies).toEqual([]);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!.AttachmentCount).toBe(0);
    await expectError(
      iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn })),
      'NoSuchEntityException',
      404,
      `Policy ${Policy!.Arn} was not found.`,
    );
  });

  it("refuse an eleventh managed policy with LimitExceeded, as IAM's default quota says", async () => {
    await createRole('app');
    for (let i = 0; i < 11; i++) {
      const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: INLINE }));
      const attach = iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
      if (i < 10) await attach;
      else {
        await expectError(attach, 'LimitExceededException', 409, 'Cannot exceed quota for PoliciesPerRole: 10');
        expect((await iam.send(new GetPolicyCommand({ PolicyArn: Policy!.Arn }))).Policy!.AttachmentCount).toBe(0);
      }
    }
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app' }))).AttachedPolicies).toHaveLength(10);
  });

  it('refuse a service-role policy on an ordinary role with PolicyNotAttachable', async () => {
    await createRole('app');
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: ECS_POLICY_ARN })),
      'PolicyNotAttachableException',
      400,
      'Cannot attach a Service Role Policy to a Customer Role.',
    );
  });

  it('refuse a policy that does not exist, and an ARN that is not one', async () => {
    await createRole('app');
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
      'NoSuchEntityException',
      404,
      'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
    );
    // AWS's text, two spaces and all (seen in real answers).
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: 'not-an-arn-but-long-enough' })),
      'ValidationError',
      400,
      'Invalid ARN:  Could not be parsed!',
    );
  });

  it('list the service policy of AWSServiceRoleForECS and refuse to change it', async () => {
    await createEcsRole();
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForECS' }));
    expect(listed.AttachedPolicies).toEqual([{ PolicyName: 'AmazonECSServiceRolePolicy', PolicyArn: ECS_POLICY_ARN }]);
    await expectError(
      iam.send(new DetachRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyArn: ECS_POLICY_ARN })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'extra', PolicyDocument: INLINE }));
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyArn: Policy!.Arn })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: ECS_POLICY_ARN }))).Policy!.AttachmentCount).toBe(1);
  });
});

describe('UpdateAssumeRolePolicy', () => {
  it('replaces the trust policy of an ordinary role', async () => {
    await createRole('app');
    const next = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}';
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: next }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(next);
  });

  it('is refused on a service-linked role', async () => {
    await createEcsRole();
    await expectError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'AWSServiceRoleForECS', PolicyDocument: TRUST })),
      'UnmodifiableEntityException',
      400,
      unmodifiable,
    );
  });
});

describe('DeleteRole', () => {
  it('refuses while inline or attached policies remain, then deletes', async () => {
    await createRole('app');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'read', PolicyDocument: INLINE }));
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: 'app' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app', PolicyName: 'read' }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'read', PolicyDocument: INLINE }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
    await expectError(
      iam.send(new DeleteRoleCommand({ RoleName: 'app' })),
      'DeleteConflictException',
      409,
      'Cannot delete entity, must detach all policies first.',
    );
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: Policy!.Arn }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
    await expectError(iam.send(new GetRoleCommand({ RoleName: 'app' })), 'NoSuchEntityException', 404, 'The role with name app cannot be found.');
  });

  it('refuses a service-linked role with UnmodifiableEntity', async () => {
    await createEcsRole();
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForECS' })), 'UnmodifiableEntityException', 400, unmodifiable);
    await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
  });
});

describe('TagRole, UntagRole and ListRoleTags', () => {
  it('add, overwrite (key case-insensitively), list and remove tags', async () => {
    await createRole('app', { Tags: [{ Key: 'Env', Value: 'dev' }] });
    await iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'a b' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'app' }))).Tags).toEqual([
      { Key: 'Env', Value: 'prod' },
      { Key: 'team', Value: 'a b' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'app', TagKeys: ['ENV'] }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
    expect(Role!.Tags).toEqual([{ Key: 'team', Value: 'a b' }]);
  });

  it('are allowed on a service-linked role, as AWS documents', async () => {
    await createEcsRole();
    await iam.send(new TagRoleCommand({ RoleName: 'AWSServiceRoleForECS', Tags: [{ Key: 'owner', Value: 'platform' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'AWSServiceRoleForECS' }))).Tags).toEqual([{ Key: 'owner', Value: 'platform' }]);
    await iam.send(new UntagRoleCommand({ RoleName: 'AWSServiceRoleForECS', TagKeys: ['owner'] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'AWSServiceRoleForECS' }))).Tags).toEqual([]);
  });

  it('refuse more than 50 tags in all with LimitExceeded, and duplicate keys with InvalidInput', async () => {
    await createRole('app', { Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    await expectError(
      iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'one-more', Value: 'v' }] })),
      'LimitExceededException',
      409,
      'Cannot exceed quota for TagsPerRole: 50',
    );
    await expectError(
      iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
      'InvalidInputException',
      400,
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'app' }))).Tags).toHaveLength(50);
  });

  it('page ListRoleTags', async () => {
    await createRole('app', { Tags: Array.from({ length: 5 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    const first = await iam.send(new ListRoleTagsCommand({ RoleName: 'app', MaxItems: 2 }));
    expect(first).toMatchObject({ IsTruncated: true, Tags: [{ Key: 'k0' }, { Key: 'k1' }] });
    const second = await iam.send(new ListRoleTagsCommand({ RoleName: 'app', MaxItems: 10, Marker: first.Marker }));
    expect(second.Tags!.map((t) => t.Key)).toEqual(['k2', 'k3', 'k4']);
    expect(second.Marker).toBeUndefined();
  });
});
