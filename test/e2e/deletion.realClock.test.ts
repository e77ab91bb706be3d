import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
} from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caught, startEmulator, type Emulator } from '../support/emulator.js';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

async function admin(path: string, body: unknown, method = 'POST') {
  expect((await emu.admin(path, body, method)).status).toBe(200);
}

const ORDER = ['NOT_STARTED', 'IN_PROGRESS', 'SUCCEEDED'];

describe('a deletion on the real clock', () => {
  // The one test that waits on the real clock: it polls the way users do, with short timings
  // from the admin API, and asserts only on what it sees, never on how long it took.
  it('is polled with the SDK until SUCCEEDED', async () => {
    await admin('clock', { unfreeze: true });
    await admin('config', { deletion: { startDelayMs: 50, durationMs: 200 } }, 'PUT');
    const iam = emu.iam('eu-west-1');
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));

    const seen: string[] = [];
    for (let poll = 0; poll < 400; poll++) {
      const { Status } = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
      if (seen.at(-1) !== Status) seen.push(Status!);
      if (Status === 'SUCCEEDED' || Status === 'FAILED') break;
      await sleep(25);
    }
    expect(seen.at(-1)).toBe('SUCCEEDED');
    // Whatever was observed came in order, never backwards.
    expect(seen.map((s) => ORDER.indexOf(s))).toEqual([...seen.map((s) => ORDER.indexOf(s))].sort());
    expect((await caught(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' })))).name).toBe('NoSuchEntityException');
  });
});
