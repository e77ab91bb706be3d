import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AWS_CLI_V2, freshCliEnvironment } from '../support/awsCli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FROZEN_AT, startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The AWS CLI v2 (Debian's awscli, installed by .ci/run) against the server, by endpoint
 * override. Spawned asynchronously: the server runs in this process.
 */
const AWS = AWS_CLI_V2;
const run = promisify(execFile);
/** Each CLI start takes a few seconds (Python start-up); give the spawning tests room. */
const CLI_TIMEOUT_MS = 90_000;

let emu: Emulator;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  emu = await startEmulator();
  env = freshCliEnvironment();
});
afterAll(async () => {
  await emu.close();
});

async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(AWS, ['--endpoint-url', emu.endpoint, '--output', 'json', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('AWS CLI v2', () => {
  it('is version 2', async () => {
    const { stdout } = await run(AWS, ['--version'], { env });
    expect(stdout).toMatch(/^aws-cli\/2\./);
  }, CLI_TIMEOUT_MS);

  it('creates a cluster, reads the role ECS made for it, and deletes the cluster', async () => {
    const created = await aws('ecs', 'create-cluster', '--cluster-name', 'cli-cluster');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).cluster).toMatchObject({
      clusterArn: 'arn:aws:ecs:eu-west-1:000000000000:cluster/cli-cluster',
      status: 'ACTIVE',
      activeServicesCount: 0,
    });

    const role = await aws('iam', 'get-role', '--role-name', 'AWSServiceRoleForECS');
    expect(role.code, role.stderr).toBe(0);
    const { Role } = JSON.parse(role.stdout);
    expect(Role).toMatchObject({
      RoleName: 'AWSServiceRoleForECS',
      Path: '/aws-service-role/ecs.amazonaws.com/',
      RoleLastUsed: { Region: 'eu-west-1' },
    });
    expect(new Date(Role.RoleLastUsed.LastUsedDate).getTime()).toBe(FROZEN_AT.getTime());
    // The CLI decodes the URL-encoded trust policy into an object.
    expect(Role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'ecs.amazonaws.com' });

    const deleted = await aws('ecs', 'delete-cluster', '--cluster', 'cli-cluster');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout).cluster).toMatchObject({ clusterName: 'cli-cluster', status: 'INACTIVE' });
  }, CLI_TIMEOUT_MS);

  it('prints ECS errors with their code and text', async () => {
    const res = await aws('ecs', 'delete-cluster', '--cluster', 'ghost');
    expect(res.code).toBe(254);
    expect(res.stderr).toContain(
      'An error occurred (ClusterNotFoundException) when calling the DeleteCluster operation: Cluster not found.',
    );
  }, CLI_TIMEOUT_MS);
});
