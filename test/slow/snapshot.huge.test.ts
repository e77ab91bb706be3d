import http from 'node:http';
import { constants } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * A snapshot longer than the longest string V8 allows (about 512 MB) is still answered: it goes
 * out in pieces. Written whole with JSON.stringify, it was a RangeError and a 500. (Slow: half a
 * gigabyte through the loopback. The state holds one long description, shared by many roles, so
 * the server itself stays small.)
 */

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const DESCRIPTION = 'd'.repeat(1_000_000);
const ROLES = Math.ceil(constants.MAX_STRING_LENGTH / DESCRIPTION.length) + 10;

describe('GET /_linkstack/snapshot of a state longer than a string may be', { timeout: 120_000 }, () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
    const roles = emu.store.account().iam.roles;
    for (let i = 0; i < ROLES; i++) roles.create({ roleName: `role-${i}`, assumeRolePolicyDocument: trust, description: DESCRIPTION }, FROZEN_AT);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('answers 200 with the whole document, piece by piece', async () => {
    const { status, bytes, head, tail } = await new Promise<{ status: number; bytes: number; head: string; tail: string }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: emu.port, path: '/_linkstack/snapshot' }, (res) => {
        let bytes = 0;
        let head = '';
        let tail = '';
        res.on('data', (c: Buffer) => {
          if (head.length < 100) head += c.subarray(0, 100).toString('utf8');
          tail = (tail + c.subarray(Math.max(0, c.length - 100)).toString('utf8')).slice(-100);
          bytes += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode!, bytes, head, tail }));
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(status).toBe(200);
    // Every role's description is written out in full: the text is what the state would be
    // with empty descriptions, plus each description.
    const document = emu.store.toSnapshot() as any;
    for (const role of document.accounts['000000000000'].iam.roles) role.description = '';
    const expected = JSON.stringify(document).length + ROLES * DESCRIPTION.length;
    expect(expected).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(bytes).toBe(expected);
    expect(head.startsWith('{"format":"linkstack-snapshot","version":1,')).toBe(true);
    expect(tail.endsWith('}')).toBe(true);
  });
});
