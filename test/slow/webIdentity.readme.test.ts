import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/** The README's web identity walk-through, run as written (endpoint aside) with the AWS CLI and boto3. */

const repo = fileURLToPath(new URL('../..', import.meta.url));

function walkThrough(endpoint: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## Web identity: OIDC providers and AssumeRoleWithWebIdentity');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks.join('\n').split('http://127.0.0.1:4566').join(endpoint);
}

let emu: Emulator;
let sandbox: string;
beforeEach(async () => {
  // boto3 refuses credentials that expire in its past: emulated time starts at the real now.
  emu = await startEmulator({ frozenAt: new Date() });
  sandbox = mkdtempSync(join(tmpdir(), 'linkstack-readme-wi-'));
});
afterEach(async () => {
  await emu.close();
  rmSync(sandbox, { recursive: true, force: true });
});

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-eo', 'pipefail', '-c', script],
      {
        timeout: 120_000,
        // SHLVL: Debian's bash sources /etc/bash.bashrc for a shell whose stdin is a socket (node's
        // pipes) when SHLVL is unset, and its PS1 line then writes to stderr.
        env: { ...env, SHLVL: '1', HOME: sandbox, AWS_CONFIG_FILE: join(sandbox, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("README: 'Web identity: OIDC providers and AssumeRoleWithWebIdentity'", { timeout: 150_000 }, () => {
  it('creates the provider and the role, assumes it with the CLI, then from the environment with boto3', async () => {
    const { code, stdout, stderr } = await bash(walkThrough(emu.endpoint));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.slice(-2)).toEqual([
      'arn:aws:sts::000000000000:assumed-role/gha-deploy/ci',
      'arn:aws:sts::000000000000:assumed-role/gha-deploy/ci',
    ]);
  });
});
