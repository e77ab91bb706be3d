import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { caught, rootCredentials, startEmulator, type Credentials, type Emulator } from '../support/emulator.js';
import { presignedPath, signedHeaders } from '../support/signing.js';

/**
 * Strict mode verifies SigV4 as AWS does: the real SDK clients sign with right and wrong secrets,
 * tokens and clocks, and get AWS's errors in each protocol. The emulated clock stays frozen at
 * 2026-01-15 throughout: signatures are judged against the real clock.
 */

let emu: Emulator;
afterEach(async () => {
  await emu.close();
});

const strict = () => startEmulator({ config: { enforceIam: 'strict' } });
const wrong = (c: Credentials): Credentials => ({ ...c, secretAccessKey: c.secretAccessKey + 'x' });

async function userCredentials(): Promise<Credentials> {
  await emu.iam().send(new CreateUserCommand({ UserName: 'alice' }));
  const { AccessKey } = await emu.iam().send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

async function sessionCredentials(): Promise<Credentials> {
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' }],
  });
  await emu.iam().send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust }));
  const { Credentials: c } = await emu
    .sts()
    .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deployer', RoleSessionName: 'ci', DurationSeconds: 900 }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

describe('strict mode: the secret of each kind of key', () => {
  it('accepts test/test and 12-digit account keys with secret test, in IAM, STS and ECS', async () => {
    emu = await strict();
    await emu.iam().send(new ListUsersCommand({}));
    await emu.ecs().send(new ListClustersCommand({}));
    const other = await emu.sts('us-east-1', { accessKeyId: '111122223333', secretAccessKey: 'test' }).send(new GetCallerIdentityCommand({}));
    expect(other.Arn).toBe('arn:aws:iam::111122223333:root');
  });

  it('refuses a wrong root secret with SignatureDoesNotMatch (IAM, STS) and InvalidSignatureException (ECS)', async () => {
    emu = await strict();
    const iam = await caught(emu.iam('us-east-1', wrong(rootCredentials)).send(new ListUsersCommand({})));
    expect(iam.name).toBe('SignatureDoesNotMatch');
    expect(iam.$metadata.httpStatusCode).toBe(403);
    expect(iam.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    const sts = await caught(emu.sts('us-east-1', { accessKeyId: '111122223333', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('SignatureDoesNotMatch');
    const ecs = await caught(emu.ecs('eu-west-1', wrong(rootCredentials)).send(new ListClustersCommand({})));
    expect(ecs.name).toBe('InvalidSignatureException');
    expect(ecs.$metadata.httpStatusCode).toBe(400);
    expect(ecs.message).toBe(iam.message);
  });

  it('needs the CreateAccessKey secret for a user key', async () => {
    emu = await strict();
    const alice = await userCredentials();
    expect((await emu.sts('us-east-1', alice).send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:user/alice');
    expect((await caught(emu.sts('us-east-1', wrong(alice)).send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
    expect((await caught(emu.ecs('us-east-1', wrong(alice)).send(new ListClustersCommand({})))).name).toBe('InvalidSignatureException');
  });

  it('needs the AssumeRole secret and its own session token for ASIA keys', async () => {
    emu = await strict();
    const session = await sessionCredentials();
    expect((await emu.sts('us-east-1', session).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/deployer/ci',
    );
    expect((await caught(emu.sts('us-east-1', wrong(session)).send(new GetCallerIdentityCommand({})))).name).toBe('SignatureDoesNotMatch');
    for (const sessionToken of [undefined, session.sessionToken + 'x']) {
      const forged = { ...session, sessionToken };
      const sts = await caught(emu.sts('us-east-1', forged).send(new GetCallerIdentityCommand({})));
      expect([sts.name, sts.$metadata.httpStatusCode, sts.message]).toEqual([
        'InvalidClientTokenId',
        403,
        'The security token included in the request is invalid.',
      ]);
      const ecs = await caught(emu.ecs('us-east-1', forged).send(new ListClustersCommand({})));
      expect([ecs.name, ecs.$metadata.httpStatusCode]).toEqual(['UnrecognizedClientException', 400]);
    }
  });

  it('refuses expired session credentials with ExpiredToken (IAM, STS) and ExpiredTokenException (ECS), by the emulated clock', async () => {
    emu = await strict();
    const session = await sessionCredentials();
    emu.clock.advance(901_000);
    const sts = await caught(emu.sts('us-east-1', session).send(new GetCallerIdentityCommand({})));
    expect([sts.name, sts.$metadata.httpStatusCode, sts.message]).toEqual(['ExpiredToken', 403, 'The security token included in the request is expired']);
    const ecs = await caught(emu.ecs('us-east-1', session).send(new ListClustersCommand({})));
    expect([ecs.name, ecs.$metadata.httpStatusCode]).toEqual(['ExpiredTokenException', 400]);
  });

  it('takes another root secret when configured, and then refuses test/test', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict', rootSecret: 'only-ci-knows' } });
    expect((await caught(emu.iam().send(new ListUsersCommand({})))).name).toBe('SignatureDoesNotMatch');
    await emu.iam('us-east-1', { accessKeyId: 'test', secretAccessKey: 'only-ci-knows' }).send(new ListUsersCommand({}));
  });
});

describe('strict mode: request time against the real clock', () => {
  const skewed = (client: 'iam' | 'sts' | 'ecs', offsetMs: number) => {
    const config = { endpoint: emu.endpoint, region: 'us-east-1', credentials: rootCredentials, maxAttempts: 1, systemClockOffset: offsetMs };
    return client === 'iam' ? new IAMClient(config) : client === 'sts' ? new STSClient(config) : new ECSClient(config);
  };
  const SKEWED = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 15 min\.\)$/;

  it('refuses a signature made more than 15 minutes ago with "Signature expired"', async () => {
    emu = await strict();
    const sts = await caught((skewed('sts', -20 * 60_000) as STSClient).send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('SignatureDoesNotMatch');
    expect(sts.message).toMatch(SKEWED);
    const ecs = await caught((skewed('ecs', -20 * 60_000) as ECSClient).send(new ListClustersCommand({})));
    expect([ecs.name, ecs.$metadata.httpStatusCode]).toEqual(['InvalidSignatureException', 400]);
    expect(ecs.message).toMatch(SKEWED);
  });

  it('refuses a signature from more than 15 minutes ahead with "Signature not yet current"', async () => {
    emu = await strict();
    const iam = await caught((skewed('iam', 20 * 60_000) as IAMClient).send(new ListUsersCommand({})));
    expect(iam.name).toBe('SignatureDoesNotMatch');
    expect(iam.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/);
  });

  it('accepts a clock 10 minutes off, and a server whose real clock is years from its frozen emulated one', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' }, frozenAt: new Date('2001-01-01T00:00:00Z') });
    await (skewed('iam', -10 * 60_000) as IAMClient).send(new ListUsersCommand({}));
    await (skewed('ecs', 10 * 60_000) as ECSClient).send(new ListClustersCommand({}));
  });

  it('judges the time by the real clock even when that clock is moved (wallClock)', async () => {
    emu = await startEmulator({ config: { enforceIam: 'strict' }, wallClock: () => Date.now() + 3600_000 });
    expect((await caught(emu.iam().send(new ListUsersCommand({})))).message).toMatch(/^Signature expired/);
  });
});

describe('strict mode: requests without a usable signature', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('refuses an unsigned request with MissingAuthenticationToken and creates nothing', async () => {
    emu = await strict();
    const res = await emu.inject({ method: 'POST', url: '/', headers: form, payload: 'Action=CreateUser&Version=2010-05-08&UserName=anonymous' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message>');
    expect(emu.store.account().iam.users.find('anonymous')).toBeUndefined();
    const ecs = await emu.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.CreateCluster' },
      payload: '{}',
    });
    expect(ecs.statusCode).toBe(400);
    expect(ecs.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('refuses an Authorization header without its parts with IncompleteSignature', async () => {
    emu = await strict();
    const authorization = 'AWS4-HMAC-SHA256 Credential=test/20260115/us-east-1/iam/aws4_request';
    const res = await emu.inject({ method: 'POST', url: '/', headers: { ...form, authorization }, payload: 'Action=ListUsers&Version=2010-05-08' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      "<Code>IncompleteSignature</Code><Message>Authorization header requires 'Signature' parameter. Authorization header requires " +
        "'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${authorization}</Message>`,
    );
  });

  it('refuses a body changed after signing', async () => {
    emu = await strict();
    const headers = await signedHeaders({ credentials: rootCredentials, service: 'iam', body: 'Action=ListUsers&Version=2010-05-08' });
    const res = await emu.inject({ method: 'POST', url: '/', headers, payload: 'Action=CreateUser&Version=2010-05-08&UserName=mallory' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(emu.store.account().iam.users.find('mallory')).toBeUndefined();
  });

  it('refuses a signature scoped to another service', async () => {
    emu = await strict();
    const body = 'Action=ListUsers&Version=2010-05-08';
    const headers = await signedHeaders({ credentials: rootCredentials, service: 'sts', body });
    const res = await emu.inject({ method: 'POST', url: '/', headers, payload: body });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: 'iam'. </Message>");
  });
});

describe('strict mode: presigned GET requests (IAM and STS query API)', () => {
  it('serves a presigned GetCallerIdentity and ListUsers', async () => {
    emu = await strict();
    const alice = await userCredentials();
    const sts = await emu.inject({
      method: 'GET',
      url: await presignedPath({ credentials: alice, service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }),
      headers: { host: 'localhost' },
    });
    expect(sts.statusCode).toBe(200);
    expect(sts.body).toContain('<Arn>arn:aws:iam::000000000000:user/alice</Arn>');
    const iam = await emu.inject({
      method: 'GET',
      url: await presignedPath({ credentials: rootCredentials, service: 'iam', query: { Action: 'ListUsers', Version: '2010-05-08' } }),
      headers: { host: 'localhost' },
    });
    expect(iam.statusCode).toBe(200);
    expect(iam.body).toContain('<UserName>alice</UserName>');
  });

  it('refuses a presigned URL whose query was changed, signed with a wrong secret, or signed too long ago', async () => {
    emu = await strict();
    await userCredentials();
    const get = async (url: string) => emu.inject({ method: 'GET', url, headers: { host: 'localhost' } });
    const query = { Action: 'GetUser', Version: '2010-05-08', UserName: 'alice' };
    const tampered = (await presignedPath({ credentials: rootCredentials, service: 'iam', query })).replace('UserName=alice', 'UserName=bob');
    expect((await get(tampered)).body).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await get(await presignedPath({ credentials: wrong(rootCredentials), service: 'iam', query }))).statusCode).toBe(403);
    const old = await get(await presignedPath({ credentials: rootCredentials, service: 'iam', query, signingDate: new Date(Date.now() - 3600_000) }));
    expect(old.body).toMatch(/<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: /);
  });
});

describe('every mode: the credential scope names a region', () => {
  it('refuses a region that is no region name, before anything is read or written', async () => {
    emu = await startEmulator();
    const e = await caught(emu.ecs('nowhere', rootCredentials).send(new ListClustersCommand({})));
    expect(e.name).toBe('InvalidSignatureException');
    expect(e.message).toBe("Credential should be scoped to a valid region, not 'nowhere'. ");
    const iam = await caught(emu.iam('x', rootCredentials).send(new GetRoleCommand({ RoleName: 'r' })));
    expect(iam.name).toBe('SignatureDoesNotMatch');
  });
});
