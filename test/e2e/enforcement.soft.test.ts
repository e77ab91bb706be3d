import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { Clock } from '../../state/clock.js';
import { FROZEN_AT, rootCredentials, type Credentials } from '../support/emulator.js';
import { signedHeaders } from '../support/signing.js';

/**
 * Soft mode: every request is served, and each would-be denial is logged at warn level with
 * AWS's full message. SDKs never show logs, so these requests go through app.inject.
 */

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    done();
  },
});

function build(enforceIam: 'soft' | 'strict' | 'off') {
  const clock = new Clock();
  clock.freeze(FROZEN_AT);
  return buildApp({ config: { enforceIam }, clock, logger: { level: 'warn', stream: sink } });
}

type App = ReturnType<typeof build>['app'];

/** A request signed as a real SDK signs it. */
async function send(app: App, credentials: Credentials, service: 'iam' | 'sts' | 'ecs', body: string, headers?: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: '/',
    headers: await signedHeaders({ credentials, service, region: 'eu-west-1', body, headers }),
    payload: body,
  });
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  lines.length = 0;
  await close?.();
});

async function userKey(app: App): Promise<Credentials> {
  await send(app, rootCredentials, 'iam', 'Action=CreateUser&Version=2010-05-08&UserName=nobody');
  const created = await send(app, rootCredentials, 'iam', 'Action=CreateAccessKey&Version=2010-05-08&UserName=nobody');
  return {
    accessKeyId: /<AccessKeyId>([^<]+)</.exec(created.body)![1]!,
    secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(created.body)![1]!,
  };
}

describe('soft mode', () => {
  it('serves a request strict mode would deny, and logs the denial with AWS text', async () => {
    const { app } = build('soft');
    close = () => app.close();
    const key = await userKey(app);
    const res = await send(app, key, 'iam', 'Action=CreateServiceLinkedRole&Version=2010-05-08&AWSServiceName=ecs.amazonaws.com');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<RoleName>AWSServiceRoleForECS</RoleName>');
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe(
      'IAM enforcement (soft) would deny: User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: ' +
        'iam:CreateServiceLinkedRole on resource: arn:aws:iam::000000000000:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS ' +
        'because no identity-based policy allows the iam:CreateServiceLinkedRole action',
    );
    expect(warnings[0]).toMatchObject({ action: 'iam:CreateServiceLinkedRole' });
  });

  it('lets unknown keys through as the root, logging the refusal strict mode would send', async () => {
    const { app } = build('soft');
    close = () => app.close();
    const res = await send(app, { accessKeyId: 'AKIANEVERISSUED0000', secretAccessKey: 'x' }, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
    expect(lines.filter((l) => l.level === 40)).toMatchObject([
      { code: 'InvalidClientTokenId', msg: 'IAM enforcement (soft) would refuse the signature: InvalidClientTokenId: The security token included in the request is invalid.' },
    ]);
  });

  it('serves a request signed with the wrong secret, unsigned or skewed, and logs each refusal', async () => {
    const { app } = build('soft');
    close = () => app.close();
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const wrongSecret = await send(app, { accessKeyId: 'test', secretAccessKey: 'not-test' }, 'sts', body);
    const unsigned = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body });
    const skewed = await app.inject({
      method: 'POST',
      url: '/',
      headers: await signedHeaders({ credentials: rootCredentials, service: 'sts', body, signingDate: new Date(Date.now() - 3600_000) }),
      payload: body,
    });
    expect([wrongSecret.statusCode, unsigned.statusCode, skewed.statusCode]).toEqual([200, 200, 200]);
    const codes = lines.filter((l) => l.level === 40).map((l) => l.code);
    expect(codes).toEqual(['SignatureDoesNotMatch', 'MissingAuthenticationToken', 'SignatureDoesNotMatch']);
    expect(String(lines.at(-1)!.msg)).toMatch(/Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });
});

describe('strict mode (edges SDKs never reach)', () => {
  it('renders a denial of an ECS call in the JSON protocol', async () => {
    const { app } = build('strict');
    close = () => app.close();
    const key = await userKey(app);
    const res = await send(app, key, 'ecs', '{}', { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(res.body)).toEqual({
      __type: 'AccessDeniedException',
      message:
        'User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: ecs:ListClusters on resource: * because no identity-based policy allows the ecs:ListClusters action',
    });
    // A denial is not an error of the server: nothing is logged.
    expect(lines).toEqual([]);
  });

  it('refuses a deactivated key like an unknown one', async () => {
    const { app } = build('strict');
    close = () => app.close();
    const key = await userKey(app);
    await send(app, rootCredentials, 'iam', `Action=UpdateAccessKey&Version=2010-05-08&UserName=nobody&AccessKeyId=${key.accessKeyId}&Status=Inactive`);
    const res = await send(app, key, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<Code>InvalidClientTokenId</Code>');
  });
});
