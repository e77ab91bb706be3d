import { CreateUserCommand } from '@aws-sdk/client-iam';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The README's "IAM policy enforcement" example, run as written with the AWS CLI in a fresh
 * shell (no AWS_* variables of the machine) against a strict server; only the endpoint is
 * rewritten to the test server's.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));

function example(endpoint: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## IAM policy enforcement');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!.split('http://127.0.0.1:4566').join(endpoint);
}

let emu: Emulator;
let sandbox: string;
beforeEach(async () => {
  emu = await startEmulator({ config: { enforceIam: 'strict' }, frozenAt: new Date() });
  sandbox = mkdtempSync(join(tmpdir(), 'linkstack-readme-'));
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
      ['-c', script],
      {
        timeout: 120_000,
        // SHLVL: Debian's bash sources /etc/bash.bashrc for a shell whose stdin is a socket (node's
        // pipes) when SHLVL is unset, and its PS1 line then fails under -u or writes to stderr.
        env: { ...env, SHLVL: '1', HOME: sandbox, AWS_CONFIG_FILE: join(sandbox, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("README: 'IAM policy enforcement'", { timeout: 150_000 }, () => {
  it('the seed statement lets the new user create the ECS role and no other', async () => {
    await emu.iam().send(new CreateUserCommand({ UserName: 'creator' })); // left from an earlier try: the example resets
    const { stdout, stderr } = await bash(example(emu.endpoint));
    expect(stderr).not.toContain('You must specify a region');
    expect(stdout).toContain('"RoleName": "AWSServiceRoleForECS"');
    expect(stderr).toContain('An error occurred (AccessDenied) when calling the CreateServiceLinkedRole operation');
    expect(stderr).toContain('elasticbeanstalk.amazonaws.com');
  });
});
