import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The README's "Deleting the service-linked role" walk-through, run as written with the AWS
 * CLI (as CI installs it) against a server on a free port; only the endpoint is rewritten.
 * About 35 CLI invocations: tens of seconds on a quiet machine, more on a busy one.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The section's shell blocks, each to be run in a fresh shell of its own. */
function walkThrough(endpoint: string): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## Deleting the service-linked role');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  return blocks.map((b) => b.split('http://127.0.0.1:4566').join(endpoint));
}

let emu: Emulator;
let sandbox: string;
beforeEach(async () => {
  emu = await startEmulator();
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
        timeout: 280_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...env,
          // Debian's bash sources /etc/bash.bashrc for a shell whose stdin is a socket (node's
          // pipes) when SHLVL is unset; its PS1 line then writes to stderr.
          SHLVL: '1',
          HOME: sandbox,
          AWS_CONFIG_FILE: join(sandbox, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'),
          // A new user's shell: no AWS_* of the machine (no region, no keys); only an empty
          // config and credentials file of its own, so nothing on this machine leaks in.
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("README: 'Deleting the service-linked role'", { timeout: 300_000 }, () => {
  it('plays the seed story with the AWS CLI, each block in a fresh shell: 5 reported, then 1, then SUCCEEDED', async () => {
    // What a reader who ran the ECS section first leaves behind: its `demo` cluster, and a running clock.
    await emu.ecs('eu-west-1').send(new CreateClusterCommand({ clusterName: 'demo' }));
    await emu.admin('clock', { unfreeze: true });
    let stdout = '';
    let stderr = '';
    for (const block of walkThrough(emu.endpoint)) {
      const run = await bash(block);
      stdout += run.stdout;
      stderr += run.stderr;
      expect(run.stderr).not.toContain('You must specify a region');
    }
    expect(stderr).toContain('An error occurred (NoSuchEntity) when calling the GetRole operation');
    expect(stdout).toContain('"Status": "NOT_STARTED"');

    const state = (await (await fetch(`${emu.endpoint}/_linkstack/state`)).json()) as any;
    const tasks = state.deletionTasks as { status: string; reason?: { roleUsageList?: { resources: string[] }[] } }[];
    const reported = (t: (typeof tasks)[number]) => t.reason!.roleUsageList!.flatMap((u) => u.resources).length;
    expect(tasks.map((t) => t.status)).toEqual(['FAILED', 'FAILED', 'SUCCEEDED']);
    expect(reported(tasks[0]!)).toBe(5);
    expect(reported(tasks[1]!)).toBe(1);
    // ECS created the role again, and the session and Access Advisor steps ran.
    expect(JSON.stringify(state.iam.roles)).toContain('AWSServiceRoleForECS');
    expect(state.sessions).toHaveLength(1);
    expect(stdout).toContain('"JobStatus": "COMPLETED"');
    // The walk-through leaves the clock running, as it found it.
    expect((await emu.admin('clock')).body.frozen).toBe(false);
  });
});
