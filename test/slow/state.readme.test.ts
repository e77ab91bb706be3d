import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from '../support/serverBundle.js';

/**
 * The README's "Keeping and seeding state" examples that start servers, run as written in a
 * fresh shell (no AWS_* variables of the machine) with the AWS CLI: the build line is left out
 * (the server is bundled from source here), port 4567 becomes a free port and the state file a
 * file of the test's own.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));
let main: string;
let sandbox: string;
beforeAll(async () => {
  main = await bundleServer('linkstack-readme-state');
  sandbox = mkdtempSync(join(tmpdir(), 'linkstack-readme-state-'));
}, 60_000);
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function blocks(): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## Keeping and seeding state');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function asTested(block: string): Promise<string> {
  const port = String(await freePort());
  return block
    .replace(/^npm ci && npm run build\n/m, '')
    .split('node dist/bundle/main.mjs').join(`node ${main}`)
    .split('4567').join(port)
    .split('/tmp/linkstack-state.json').join(join(sandbox, 'state.json'));
}

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-e', '-c', script],
      {
        cwd: repo,
        timeout: 120_000,
        // SHLVL: Debian's bash sources /etc/bash.bashrc for a shell whose stdin is a socket (node's
        // pipes) when SHLVL is unset, and its PS1 line then fails under -u or writes to stderr.
        env: { ...env, SHLVL: '1', HOME: sandbox, AWS_CONFIG_FILE: join(sandbox, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("README: 'Keeping and seeding state'", { timeout: 150_000 }, () => {
  it('a cluster made before a restart is still there after it', async () => {
    const block = blocks().find((b) => b.includes('LINKSTACK_STATE_FILE='))!;
    const run = await bash(await asTested(block));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"clusterArns": \[\s*"arn:aws:ecs:eu-west-1:000000000000:cluster\/kept"/);
  });

  it('a server started with LINKSTACK_INIT answers with the story\'s role', async () => {
    const block = blocks().find((b) => b.includes('LINKSTACK_INIT='))!;
    const run = await bash(await asTested(block));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('"arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"');
  });
});
