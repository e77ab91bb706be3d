import { CreateOpenIDConnectProviderCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';
import { GITHUB_ISSUER, githubActionsClaims, webIdentityToken } from '../support/webIdentity.js';

/**
 * Web identity federation as CI jobs use it, with real clients against a strict server: the
 * credential chain of boto3 and the AWS CLI v1 (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, as
 * GitHub Actions' and EKS's setups export) and the CLI v2's assume-role-with-web-identity.
 */

const SLOW = { timeout: 60_000 };
const ROLE_ARN = 'arn:aws:iam::000000000000:role/gha-deploy';
const ASSUMED = 'arn:aws:sts::000000000000:assumed-role/gha-deploy/ci-run';

let sandbox: string;
let tokenFile: string;
const token = webIdentityToken(githubActionsClaims('acme/app'));
beforeAll(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'linkstack-webidentity-'));
  tokenFile = join(sandbox, 'token');
  writeFileSync(tokenFile, token);
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

let emu: Emulator;
beforeEach(async () => {
  // Clients refuse credentials that expire in their past: emulated time starts at the real now.
  emu = await startEmulator({ config: { enforceIam: 'strict' }, frozenAt: new Date() });
  const iam = emu.iam();
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB_ISSUER, ClientIDList: ['sts.amazonaws.com'] }));
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
      },
    ],
  };
  await iam.send(new CreateRoleCommand({ RoleName: 'gha-deploy', AssumeRolePolicyDocument: JSON.stringify(trust) }));
});
afterEach(() => emu.close());

/** A tool with only the environment given: no keys, profile or config of the machine. */
function run(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) clean[k] = v;
  const fullEnv = {
    ...clean,
    HOME: sandbox,
    AWS_CONFIG_FILE: join(sandbox, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(sandbox, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_PAGER: '',
    ...env,
  };
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 60_000, env: fullEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const webIdentityEnv = () => ({
  AWS_ENDPOINT_URL: emu.endpoint,
  AWS_ROLE_ARN: ROLE_ARN,
  AWS_ROLE_SESSION_NAME: 'ci-run',
  AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
});

describe('AssumeRoleWithWebIdentity from real clients', () => {
  it('boto3 picks up AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE and acts as the role', SLOW, async () => {
    const script = "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])";
    const r = await run('python3', ['-c', script], webIdentityEnv());
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(ASSUMED);
  });

  it('the AWS CLI v1 does the same from the environment', SLOW, async () => {
    const r = await run('aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], webIdentityEnv());
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(ASSUMED);
  });

  it('the AWS CLI v2 sends assume-role-with-web-identity unsigned and gets the credentials', SLOW, async () => {
    const r = await run(
      '/usr/bin/aws',
      ['--endpoint-url', emu.endpoint, 'sts', 'assume-role-with-web-identity', '--role-arn', ROLE_ARN, '--role-session-name', 'ci-run',
        '--web-identity-token', token, '--output', 'json'],
      {},
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.AssumedRoleUser.Arn).toBe(ASSUMED);
    expect(out.SubjectFromWebIdentityToken).toBe('repo:acme/app:ref:refs/heads/main');
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/);
  });
});
