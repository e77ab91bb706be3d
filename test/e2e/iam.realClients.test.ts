import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * The README's client snippets, run as written against a server on a free port: the AWS CLI v1
 * and boto3 (both preinstalled on CI machines) and the JS SDK. Only the endpoint is rewritten.
 */

/** Spawning the CLI costs seconds on a slow machine. */
const SLOW = { timeout: 60_000 };

const repo = fileURLToPath(new URL('../..', import.meta.url));
const README_ENDPOINT = 'http://127.0.0.1:4566';

function readmeSnippet(language: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Pointing clients at linkstack'));
  const m = section.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'));
  if (!m) throw new Error(`README has no ${language} snippet under "Pointing clients at linkstack"`);
  return m[1]!;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let sandbox: string;
beforeAll(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'linkstack-clients-'));
});
afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

/** Runs a tool with a clean AWS environment: no profile or config of the machine leaks in. */
function run(file: string, args: string[], env: Record<string, string> = {}, cwd = repo): Promise<Run> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) clean[k] = v;
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        cwd,
        timeout: 60_000,
        env: {
          ...clean,
          // Debian's bash sources /etc/bash.bashrc for a shell whose stdin is a socket (node's
          // pipes) when SHLVL is unset; its PS1 line then fails under `set -u`.
          SHLVL: '1',
          HOME: sandbox,
          AWS_CONFIG_FILE: join(sandbox, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  await emu.close();
});

const forEmulator = (snippet: string) => snippet.split(README_ENDPOINT).join(emu.endpoint);

describe('AWS CLI v1 (README snippet)', SLOW, () => {
  it('creates AWSServiceRoleForECS with --endpoint-url and reads it back with AWS_ENDPOINT_URL', async () => {
    const script = forEmulator(readmeSnippet('sh'));
    expect(script).toContain('--endpoint-url');
    expect(script).toContain('AWS_ENDPOINT_URL=');
    const r = await run('bash', ['-euo', 'pipefail', '-c', script]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Two JSON documents, one per command.
    const docs = r.stdout.split(/\n(?=\{)/).map((d) => JSON.parse(d));
    expect(docs).toHaveLength(2);
    expect(docs[0].Role).toMatchObject({
      RoleName: 'AWSServiceRoleForECS',
      Path: '/aws-service-role/ecs.amazonaws.com/',
      Arn: 'arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
    });
    expect(new Date(docs[0].Role.CreateDate).toISOString()).toBe('2026-01-15T10:00:00.000Z');
    // botocore URL-decodes policy documents into objects; that only works with %20, not +.
    expect(docs[1].Role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('prints an IAM error the way the CLI does and exits 255 (254 for CLI v2)', async () => {
    const r = await run('aws', ['--endpoint-url', emu.endpoint, 'iam', 'get-role', '--role-name', 'ghost'], {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'ap-south-1',
    });
    expect([255, 254]).toContain(r.code);
    expect(r.stderr.trim()).toBe('An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name ghost cannot be found.');
  });

  it('sends spaces as + and lists with member.N, which the server decodes', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'eu-west-1', AWS_ENDPOINT_URL: emu.endpoint };
    const trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    const created = await run(
      'aws',
      ['iam', 'create-role', '--role-name', 'app', '--description', 'a b', '--assume-role-policy-document', trust, '--tags', 'Key=k,Value=v w'],
      env,
    );
    expect(created.stderr).toBe('');
    const role = JSON.parse(created.stdout).Role;
    expect(role).toMatchObject({ RoleName: 'app', Description: 'a b', Tags: [{ Key: 'k', Value: 'v w' }] });
    const listed = await run('aws', ['iam', 'list-roles', '--max-items', '1'], env);
    expect(JSON.parse(listed.stdout).Roles.map((r: { RoleName: string }) => r.RoleName)).toEqual(['app']);
  });
});

describe('boto3 (README snippet)', SLOW, () => {
  it('reads AWSServiceRoleForECS, and raises NoSuchEntityException for a missing role', async () => {
    const snippet = forEmulator(readmeSnippet('python'));
    const script = [
      'import boto3, json, sys',
      "boto3.client('iam', endpoint_url=sys.argv[1], region_name='eu-west-1', aws_access_key_id='test', aws_secret_access_key='test')" +
        ".create_service_linked_role(AWSServiceName='ecs.amazonaws.com')",
      snippet,
      "role = iam.get_role(RoleName='AWSServiceRoleForECS')['Role']",
      "print(json.dumps(role['AssumeRolePolicyDocument']))",
      'try:',
      "    iam.get_role(RoleName='ghost')",
      'except iam.exceptions.NoSuchEntityException as e:',
      "    print(json.dumps(e.response['Error']))",
    ].join('\n');
    const file = join(sandbox, 'snippet.py');
    writeFileSync(file, script);
    const r = await run('python3', [file, emu.endpoint]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [arn, trust, error] = r.stdout.trim().split('\n');
    expect(arn).toBe('arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
    expect(JSON.parse(trust!).Statement[0].Principal).toEqual({ Service: 'ecs.amazonaws.com' });
    expect(JSON.parse(error!)).toEqual({ Type: 'Sender', Code: 'NoSuchEntity', Message: 'The role with name ghost cannot be found.' });
  });
});

describe('AWS SDK for JavaScript v3 (README snippet)', SLOW, () => {
  it('creates the role as written', async () => {
    // Inside node_modules so that the snippet's bare imports resolve to this project's SDK.
    const dir = join(repo, 'node_modules', '.cache', 'linkstack-readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `snippet-${process.pid}.mjs`);
    writeFileSync(file, forEmulator(readmeSnippet('js')) + '\nconsole.log(JSON.stringify(Role));\n');
    try {
      const r = await run(process.execPath, [file]);
      // The SDK may warn about the Node version on stderr; errors would show there too.
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ RoleName: 'AWSServiceRoleForECS' });
    } finally {
      rmSync(file, { force: true });
    }
  });
});
