import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { freshCliEnvironment } from '../support/awsCli.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../support/emulator.js';

/**
 * Strict-mode SigV4 against the clients that sign on their own: the AWS CLI v2 and boto3, with
 * right and wrong secrets, presigned GETs (boto3's generate_presigned_url) and a skewed clock
 * (the server's real clock moved an hour ahead, so a correct client is an hour behind).
 */
const run = promisify(execFile);
const SLOW = 90_000;

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

const cliEnv = (secret: string) => freshCliEnvironment({ AWS_SECRET_ACCESS_KEY: secret });

async function cli(secret: string, ...args: string[]) {
  try {
    const { stdout } = await run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', ...args], { env: cliEnv(secret) });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const f = e as { code?: number; stdout?: string; stderr?: string };
    return { code: f.code ?? -1, stdout: f.stdout ?? '', stderr: f.stderr ?? '' };
  }
}

/** Runs a boto3 snippet; it prints one JSON line: the answer, or the error code and message. */
async function boto3(secret: string, body: string): Promise<Record<string, any>> {
  const script = `
import json, boto3, botocore
s = boto3.session.Session(aws_access_key_id='test', aws_secret_access_key=${JSON.stringify(secret)}, region_name='eu-west-1')
c = lambda name: s.client(name, endpoint_url=${JSON.stringify(emu.endpoint)}, config=botocore.config.Config(retries={'max_attempts': 1}))
try:
    out = ${body}
    print(json.dumps({'ok': out}, default=str))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`;
  const { stdout } = await run('python3', ['-c', script], { env: { PATH: process.env.PATH, HOME: tmpdir() } });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('the AWS CLI v2 in strict mode', () => {
  it('is served with the right secret and refused with a wrong one, for IAM, STS and ECS', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    const ok = await cli('test', 'sts', 'get-caller-identity');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).Arn).toBe('arn:aws:iam::000000000000:root');
    const iam = await cli('wrong', 'iam', 'list-users');
    expect(iam.stderr).toContain('An error occurred (SignatureDoesNotMatch) when calling the ListUsers operation: The request signature we calculated');
    const ecs = await cli('wrong', 'ecs', 'list-clusters');
    expect(ecs.stderr).toContain('An error occurred (InvalidSignatureException) when calling the ListClusters operation');
  }, SLOW);
});

describe('boto3 in strict mode', () => {
  it('signs IAM, STS and ECS requests linkstack verifies, and gets AWS errors for a wrong secret', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    expect((await boto3('test', "c('sts').get_caller_identity()['Arn']")).ok).toBe('arn:aws:iam::000000000000:root');
    expect((await boto3('test', "c('ecs').list_clusters()['clusterArns']")).ok).toEqual([]);
    expect(await boto3('x', "c('iam').list_users()")).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(await boto3('x', "c('ecs').list_clusters()")).toMatchObject({ code: 'InvalidSignatureException', status: 400 });
  }, SLOW);

  it('makes presigned GET URLs (HttpMethod GET, as aws eks get-token does) for STS and IAM that linkstack serves, and a tampered one it refuses', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' } });
    const urls = await boto3(
      'test',
      "[c('sts').generate_presigned_url('get_caller_identity', ExpiresIn=300, HttpMethod='GET'), c('iam').generate_presigned_url('list_users', ExpiresIn=300, HttpMethod='GET')]",
    );
    const [sts, iam] = urls.ok as string[];
    const stsRes = await fetch(sts!);
    expect(stsRes.status).toBe(200);
    expect(await stsRes.text()).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
    expect((await fetch(iam!)).status).toBe(200);
    const tampered = await fetch(iam!.replace('Action=ListUsers', 'Action=ListRoles'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  }, SLOW);

  it('gets "Signature expired" when its clock is an hour behind the server\'s real clock', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' }, wallClock: () => Date.now() + 3600_000 });
    const sts = await boto3('test', "c('sts').get_caller_identity()");
    expect(sts.code).toBe('SignatureDoesNotMatch');
    expect(sts.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    expect(await boto3('test', "c('ecs').list_clusters()")).toMatchObject({ code: 'InvalidSignatureException', status: 400 });
  }, SLOW);
});
