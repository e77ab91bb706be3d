import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * What real AWS answered CreateServiceLinkedRole, GetRole, ListRolePolicies and
 * ListAttachedRolePolicies with, for 71 services (a copy of shared/reference/service-linked-roles.json:
 * recordings of AWS-validated tests, 2025). Every one is served as recorded.
 */
interface Recorded {
  roleName: string;
  path: string;
  trustPolicy: unknown;
  attachedPolicyArns: string[];
  inlinePolicyNames: string[];
  maxSessionDuration: number;
  customSuffixAllowed: boolean;
  customSuffixRefusal?: { code: string; message: string; httpStatus: number };
}
const recorded: Record<string, Recorded> = JSON.parse(
  readFileSync(new URL('../fixtures/service-linked-roles.json', import.meta.url), 'utf8'),
).services;
const services = Object.entries(recorded);

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

describe('CreateServiceLinkedRole for every service AWS was recorded answering', () => {
  it('covers all 71 recorded services', () => {
    expect(services).toHaveLength(71);
  });

  it.each(services)('%s: the role, its policies, its protection and its deletion', async (service, aws) => {
    const iam = emu.iam();
    const { Role } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }));
    expect(Role).toMatchObject({ RoleName: aws.roleName, Path: aws.path, MaxSessionDuration: aws.maxSessionDuration });
    const got = (await iam.send(new GetRoleCommand({ RoleName: aws.roleName }))).Role!;
    expect(got.Arn).toBe(`arn:aws:iam::000000000000:role${aws.path}${aws.roleName}`);
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!))).toEqual(aws.trustPolicy);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: aws.roleName }))).PolicyNames).toEqual(aws.inlinePolicyNames);
    const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: aws.roleName }));
    expect(AttachedPolicies!.map((p) => p.PolicyArn)).toEqual(aws.attachedPolicyArns);
    for (const arn of aws.attachedPolicyArns) {
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ Arn: arn, AttachmentCount: 1 });
    }

    if (aws.customSuffixAllowed) {
      const { Role: suffixed } = await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service, CustomSuffix: 'ci' }));
      expect(suffixed).toMatchObject({ RoleName: `${aws.roleName}_ci`, Path: aws.path });
      expect(suffixed!.Description).toBeUndefined();
    } else {
      const e = await caught(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service, CustomSuffix: 'ci' })));
      expect({ code: e.name.replace(/Exception$/, ''), message: e.message, httpStatus: e.$metadata.httpStatusCode }).toEqual(
        aws.customSuffixRefusal,
      );
    }

    const protectedRole = await caught(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: aws.roleName, PolicyDocument: JSON.stringify(aws.trustPolicy) })),
    );
    expect(protectedRole.name).toBe('UnmodifiableEntityException');

    // No usage check for services linkstack does not emulate: the task succeeds on the clock.
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: aws.roleName }));
    expect(DeletionTaskId).toMatch(new RegExp(`^task/aws-service-role/${service.replace(/\./g, '\\.')}/${aws.roleName}/[0-9a-f-]{36}$`));
    expect((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status).toBe('NOT_STARTED');
    await emu.admin('clock', { advanceSeconds: 3 });
    expect((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status).toBe('SUCCEEDED');
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: aws.roleName })))).name).toBe('NoSuchEntityException');
    // The suffixed role, where the service allows one, still holds its policies.
    for (const arn of aws.attachedPolicyArns) {
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount).toBe(aws.customSuffixAllowed ? 1 : 0);
    }
  });
});
