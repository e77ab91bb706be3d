import { CreateRoleCommand, GetRoleCommand, UpdateAssumeRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

// Where recordings of real AWS showed answers linkstack used to word or shape differently.
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

let emu: Emulator;
let iam: IAMClient;
beforeEach(async () => {
  emu = await startEmulator();
  iam = emu.iam();
});
afterEach(async () => {
  await emu.close();
});

describe('CreateRole answer', () => {
  it('carries no MaxSessionDuration when the request set none, while GetRole shows 3600', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: TRUST }));
    expect(Role).not.toHaveProperty('MaxSessionDuration');
    expect((await iam.send(new GetRoleCommand({ RoleName: 'plain' }))).Role!.MaxSessionDuration).toBe(3600);
    const set = await iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 }));
    expect(set.Role!.MaxSessionDuration).toBe(7200);
  });
});

describe('a trust policy that is not JSON', () => {
  it.each([
    ['CreateRole', () => iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{"Version": "2012-10-17", ' }))],
    ['UpdateAssumeRolePolicy', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: TRUST }));
      return iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'broken', PolicyDocument: 'not json at all' }));
    }],
  ])('%s answers MalformedPolicyDocument "This policy contains invalid Json"', async (_op, call) => {
    const e = await caught(call());
    expect({ name: e.name, status: e.$metadata.httpStatusCode, message: e.message }).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'This policy contains invalid Json',
    });
  });
});
