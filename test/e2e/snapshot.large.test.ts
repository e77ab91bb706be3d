import http from 'node:http';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * A large state's snapshot goes out in pieces and comes back whole: GET never builds the
 * document as one string (one longer than V8's longest string made it a 500), and POST reads
 * it back into an equal state.
 */

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const ROLES = 5000;
const CLUSTERS = 500;

/** GET /_linkstack/snapshot over HTTP: the text, and how many pieces it came in. */
function getSnapshot(port: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string; pieces: number }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/_linkstack/snapshot' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(parts).toString('utf8'), pieces: parts.length }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function postSnapshot(port: number, text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/_linkstack/snapshot', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('GET/POST /_linkstack/snapshot of a large state', () => {
  let original: Emulator;
  let restored: Emulator;
  beforeAll(async () => {
    original = await startEmulator();
    restored = await startEmulator();
    const account = original.store.account();
    for (let i = 0; i < ROLES; i++) {
      account.iam.roles.create({ roleName: `role-${i}`, assumeRolePolicyDocument: trust, description: `"quoted" \\ back\u2028slash\n${i}` }, FROZEN_AT);
    }
    const regions = ['eu-west-1', 'us-east-1'];
    for (let i = 0; i < CLUSTERS; i++) account.region(regions[i % 2]!).ecs.createCluster(`cluster-${i}`, FROZEN_AT, { tags: [{ key: 'k', value: 'é😀' }] });
  });
  afterAll(async () => {
    await original.close();
    await restored.close();
  });

  it('streams the document in pieces, equal to the whole state written at once', async () => {
    const snapshot = await getSnapshot(original.port);
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers['content-type']).toMatch(/^application\/json/);
    expect(snapshot.headers['transfer-encoding']).toBe('chunked');
    expect(snapshot.pieces).toBeGreaterThan(1);
    expect(snapshot.text).toBe(JSON.stringify(original.store.toSnapshot()));
  });

  it('restores into a server that then writes the same document', async () => {
    const { text } = await getSnapshot(original.port);
    const answer = await postSnapshot(restored.port, text);
    expect(answer.status, answer.body).toBe(200);
    expect((await getSnapshot(restored.port)).text).toBe(text);
    const role = await restored.iam().send(new GetRoleCommand({ RoleName: `role-${ROLES - 1}` }));
    expect(role.Role!.Description).toBe(`"quoted" \\ back\u2028slash\n${ROLES - 1}`);
  });

  it('answers a body that is not a snapshot with 400, never 5xx', async () => {
    for (const body of ['', '{', '[]', '{"format":"linkstack-snapshot","version":1,"clock":{}}']) {
      const answer = await postSnapshot(restored.port, body);
      expect(answer.status, body).toBe(400);
    }
  });
});
