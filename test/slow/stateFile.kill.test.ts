import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../state/store.js';
import { bundleServer } from '../support/serverBundle.js';

/**
 * kill -9 while the server saves its state file as fast as it may: the file is always a whole,
 * readable snapshot, and it never loses what an earlier save had. Spawns the server (bundled
 * from source with esbuild) five times.
 */

let main: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  main = await bundleServer('linkstack-kill-test');
  dir = mkdtempSync(join(tmpdir(), 'linkstack-kill-'));
}, 60_000);
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startServer(file: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'silent', LINKSTACK_STATE_FILE: file },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve({ child, endpoint: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

/** The file as a new server would read it: it must restore, all of it. */
function restoredRoleCount(file: string): number {
  const store = new Store();
  store.restore(JSON.parse(readFileSync(file, 'utf8')));
  return store.account().iam.roles.all().length;
}

const trust = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));

describe('kill -9 during writes', () => {
  it('always leaves a readable state file that keeps every earlier save', { timeout: 120_000 }, async () => {
    const file = join(dir, 'state.json');
    let saved = 0;
    let created = 0;
    for (let round = 0; round < 5; round++) {
      const { child, endpoint } = await startServer(file);
      // The restarted server starts from the file: nothing the last readable save had is lost.
      const before = restoredRoleCount(file);
      expect(before).toBeGreaterThanOrEqual(saved);
      const until = Date.now() + 1200 + round * 300;
      let readsWhileWriting = 0;
      while (Date.now() < until) {
        const res = await fetch(`${endpoint}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `Action=CreateRole&Version=2010-05-08&RoleName=r${created++}&AssumeRolePolicyDocument=${trust}`,
        });
        expect(res.status).toBe(200);
        if (created % 20 === 0) {
          saved = Math.max(saved, restoredRoleCount(file)); // readable while the server writes it
          readsWhileWriting++;
        }
      }
      expect(readsWhileWriting).toBeGreaterThan(0);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const after = restoredRoleCount(file);
      expect(after).toBeGreaterThanOrEqual(saved);
      // At most a second of writes is lost to a kill, and the saves kept up with the writes.
      expect(after).toBeGreaterThan(before);
      saved = after;
    }
  });

  it('SIGTERM saves everything before the process exits', { timeout: 60_000 }, async () => {
    const file = join(dir, 'term.json');
    const { child, endpoint } = await startServer(file);
    for (let i = 0; i < 5; i++) {
      await fetch(`${endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `Action=CreateRole&Version=2010-05-08&RoleName=t${i}&AssumeRolePolicyDocument=${trust}`,
      });
    }
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(restoredRoleCount(file)).toBe(5);
  });
});
