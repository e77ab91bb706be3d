import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { Clock } from '../../state/clock.js';
import { FROZEN_AT } from '../support/emulator.js';

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

const signed = (accessKeyId: string, service: string) => ({
  'content-type': 'application/x-www-form-urlencoded',
  authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260115/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
});

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  lines.length = 0;
  await close?.();
});

async function userKey(app: ReturnType<typeof build>['app']): Promise<string> {
  const call = (body: string) => app.inject({ method: 'POST', url: '/', headers: signed('test', 'iam'), payload: body });
  await call('Action=CreateUser&Version=2010-05-08&UserName=nobody');
  const created = await call('Action=CreateAccessKey&Version=2010-05-08&UserName=nobody');
  return /<AccessKeyId>([^<]+)</.exec(created.body)![1]!;
}

describe('soft mode', () => {
  it('serves a request strict mode would deny, and logs the denial with AWS text', async () => {
    const { app } = build('soft');
    close = () => app.close();
    const key = await userKey(app);
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: signed(key, 'iam'),
      payload: 'Action=CreateServiceLinkedRole&Version=2010-05-08&AWSServiceName=ecs.amazonaws.com',
    });
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

  it('lets unknown keys through as the root, logging nothing', async () => {
    const { app } = build('soft');
    close = () => app.close();
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: signed('AKIANEVERISSUED0000', 'sts'),
      payload: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
    expect(lines.filter((l) => l.level === 40)).toEqual([]);
  });
});

describe('strict mode (edges SDKs never reach)', () => {
  it('renders a denial of an ECS call in the JSON protocol', async () => {
    const { app } = build('strict');
    close = () => app.close();
    const key = await userKey(app);
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: {
        ...signed(key, 'ecs'),
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      },
      payload: '{}',
    });
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
    await app.inject({
      method: 'POST',
      url: '/',
      headers: signed('test', 'iam'),
      payload: `Action=UpdateAccessKey&Version=2010-05-08&UserName=nobody&AccessKeyId=${key}&Status=Inactive`,
    });
    const res = await app.inject({ method: 'POST', url: '/', headers: signed(key, 'sts'), payload: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<Code>InvalidClientTokenId</Code>');
  });
});
