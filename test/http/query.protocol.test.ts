import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { Clock } from '../../state/clock.js';

/**
 * What SDKs never send: the awsQuery edge must answer every malformed request with a clean 4xx in
 * IAM's XML error form, keep stored state, and keep serving.
 */

const FORM = 'application/x-www-form-urlencoded';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20260115/eu-west-1/iam/aws4_request, SignedHeaders=host, Signature=00';

let app: FastifyInstance;
beforeEach(async () => {
  const clock = new Clock();
  clock.freeze(new Date('2026-01-15T10:00:00Z'));
  app = buildApp({ clock, logger: false }).app;
  await app.ready();
});
afterEach(async () => {
  await app.close();
});

const form = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');

function post(payload: string | Buffer, contentType: string | undefined = FORM) {
  return app.inject({
    method: 'POST',
    url: '/',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), authorization: AUTH },
    payload,
  });
}

const iam = (action: string, params: Record<string, string> = {}) => post(form({ Action: action, Version: '2010-05-08', ...params }));

interface Parsed {
  status: number;
  requestIdHeader: string | undefined;
  requestIdBody: string | undefined;
  code?: string;
  message?: string;
  type?: string;
}

function parse(res: Awaited<ReturnType<typeof post>>): Parsed {
  const body = res.body;
  const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const tag = (name: string) => {
    const m = body.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1];
    return m === undefined ? undefined : unescape(m);
  };
  return {
    status: res.statusCode,
    requestIdHeader: res.headers['x-amzn-requestid'] as string | undefined,
    requestIdBody: tag('RequestId'),
    code: tag('Code'),
    message: tag('Message'),
    type: tag('Type'),
  };
}

function expectQueryError(res: Awaited<ReturnType<typeof post>>, status: number, code: string, message?: string) {
  const p = parse(res);
  expect(res.headers['content-type']).toMatch(/^text\/xml/);
  expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/">/);
  expect({ status: p.status, code: p.code, type: p.type }).toEqual({ status, code, type: 'Sender' });
  if (message !== undefined) expect(p.message).toBe(message);
  expect(p.requestIdHeader).toMatch(/^[0-9a-f-]{36}$/);
  expect(p.requestIdBody).toBe(p.requestIdHeader);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
}

async function expectStillServing() {
  const res = await iam('GetRole', { RoleName: 'keep' });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('<RoleName>keep</RoleName>');
}

beforeEach(async () => {
  const res = await iam('CreateRole', { RoleName: 'keep', AssumeRolePolicyDocument: TRUST, Description: 'kept' });
  expect(res.statusCode).toBe(200);
});

describe('request ids', () => {
  it('come as the x-amzn-RequestId header and the <RequestId> of the body, on success and on error, fresh each time', async () => {
    const ok = parse(await iam('GetRole', { RoleName: 'keep' }));
    expect(ok.requestIdHeader).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ok.requestIdBody).toBe(ok.requestIdHeader);
    const err = parse(await iam('GetRole', { RoleName: 'ghost' }));
    expect(err.requestIdBody).toBe(err.requestIdHeader);
    expect(err.requestIdHeader).not.toBe(ok.requestIdHeader);
  });

  it('wrap results in <Op>Response/<Op>Result with the IAM namespace', async () => {
    const res = await iam('GetRole', { RoleName: 'keep' });
    expect(res.body).toMatch(/<GetRoleResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><GetRoleResult><Role>/);
    const update = await iam('UpdateRole', { RoleName: 'keep', Description: 'x' });
    expect(update.body).toContain('<UpdateRoleResult></UpdateRoleResult>');
    const del = await iam('TagRole', { RoleName: 'keep', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    expect(del.body).toMatch(/<TagRoleResponse [^>]*><ResponseMetadata><RequestId>/);
  });
});

describe('Action and Version', () => {
  it('a missing Action is MissingAction', async () => {
    expectQueryError(await post(form({ Version: '2010-05-08', RoleName: 'keep' })), 400, 'MissingAction');
    await expectStillServing();
  });

  it('an empty body is MissingAction', async () => {
    expectQueryError(await post(''), 400, 'MissingAction');
    expectQueryError(await post('', undefined), 400, 'MissingAction');
  });

  it('an unknown Action is InvalidAction', async () => {
    expectQueryError(await iam('FlyToTheMoon'), 400, 'InvalidAction', 'Could not find operation FlyToTheMoon for version 2010-05-08');
  });

  it('a missing Version is MissingParameter', async () => {
    expectQueryError(await post(form({ Action: 'GetRole', RoleName: 'keep' })), 400, 'MissingParameter', 'The request must contain the parameter Version');
  });

  it('an unknown Version is NoSuchVersion, naming the signed service', async () => {
    expectQueryError(
      await post(form({ Action: 'GetRole', Version: '2099-01-01', RoleName: 'keep' })),
      400,
      'NoSuchVersion',
      'The requested version (2099-01-01) of service iam does not exist',
    );
  });

  it("another service's Version is InvalidAction: that version has no such operation", async () => {
    expectQueryError(await post(form({ Action: 'GetRole', Version: '2011-06-15', RoleName: 'keep' })), 400, 'InvalidAction', 'Could not find operation GetRole for version 2011-06-15');
  });
});

describe('malformed bodies', () => {
  it('bad percent-encoding is MalformedQueryString (404, as AWS documents it)', async () => {
    expectQueryError(await post('Action=GetRole&Version=2010-05-08&RoleName=%E0%A4%A'), 404, 'MalformedQueryString');
    expectQueryError(await post('Action=GetRole&Version=2010-05-08&RoleName=%zz'), 404, 'MalformedQueryString');
    await expectStillServing();
  });

  it('invalid UTF-8, raw or percent-encoded, is MalformedQueryString', async () => {
    const raw = Buffer.concat([Buffer.from('Action=GetRole&Version=2010-05-08&RoleName='), Buffer.from([0xff, 0xfe])]);
    expectQueryError(await post(raw), 404, 'MalformedQueryString');
    expectQueryError(await post('Action=GetRole&Version=2010-05-08&RoleName=%FF'), 404, 'MalformedQueryString');
    await expectStillServing();
  });

  it('a body that is not a form at all (JSON, binary) is MissingAction, not a crash', async () => {
    expectQueryError(await post('{"Action":"GetRole"}', 'application/json'), 400, 'MissingAction');
    expectQueryError(await post(Buffer.from([0x00, 0x01, 0x02, 0x41]), 'application/octet-stream'), 400, 'MissingAction');
    await expectStillServing();
  });

  it('a body over the limit is 413 in the IAM error form', async () => {
    const huge = 'Action=GetRole&Version=2010-05-08&RoleName=' + 'a'.repeat(5 * 1024 * 1024);
    const res = await post(huge);
    expect(res.statusCode).toBe(413);
    expect(parse(res).code).toBe('RequestEntityTooLarge');
    expect(parse(res).requestIdBody).toBe(res.headers['x-amzn-requestid']);
    await expectStillServing();
  });

  it('a list of sixty thousand members is read in one pass and refused by its length limit', async () => {
    const members = Array.from({ length: 60_000 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('&');
    const res = await post(`Action=TagRole&Version=2010-05-08&RoleName=keep&${members}`);
    expectQueryError(res, 400, 'ValidationError');
    expect(parse(res).message).toContain("at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    await expectStillServing();
  });

  it('keys without values and stray ampersands are tolerated', async () => {
    const res = await post('&&Action=GetRole&Version=2010-05-08&RoleName=keep&Flag&');
    expect(res.statusCode).toBe(200);
  });
});

describe('form encoding', () => {
  it('accepts a content type with a charset suffix, and no content type at all', async () => {
    const body = form({ Action: 'GetRole', Version: '2010-05-08', RoleName: 'keep' });
    expect((await post(body, 'application/x-www-form-urlencoded; charset=utf-8')).statusCode).toBe(200);
    expect((await post(body, undefined)).statusCode).toBe(200);
  });

  it('decodes + and %20 both as a space', async () => {
    await post('Action=UpdateRoleDescription&Version=2010-05-08&RoleName=keep&Description=a+b%20c');
    const res = await iam('GetRole', { RoleName: 'keep' });
    expect(res.body).toContain('<Description>a b c</Description>');
  });

  it('keeps a literal + sent as %2B, and returns policy documents with %20, never +', async () => {
    const doc = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a+b/*"}]}';
    await iam('PutRolePolicy', { RoleName: 'keep', PolicyName: 'p', PolicyDocument: doc });
    const res = await iam('GetRolePolicy', { RoleName: 'keep', PolicyName: 'p' });
    const encoded = res.body.match(/<PolicyDocument>(.*)<\/PolicyDocument>/)![1]!;
    expect(encoded).toBe(encodeURIComponent(doc));
    expect(encoded).toContain('%20');
    expect(encoded).toContain('%2B');
    expect(decodeURIComponent(encoded)).toBe(doc);
  });

  it('reads Tags= as an empty list', async () => {
    const res = await iam('CreateRole', { RoleName: 'untagged', AssumeRolePolicyDocument: TRUST, Tags: '' });
    expect(res.statusCode).toBe(200);
    const got = await iam('ListRoleTags', { RoleName: 'untagged' });
    expect(got.body).toContain('<Tags></Tags>');
  });

  it('reads Name.member.N lists of structures', async () => {
    await iam('TagRole', {
      RoleName: 'keep',
      'Tags.member.1.Key': 'a',
      'Tags.member.1.Value': 'one',
      'Tags.member.2.Key': 'b',
      'Tags.member.2.Value': '',
    });
    const got = await iam('ListRoleTags', { RoleName: 'keep' });
    expect(got.body).toContain('<Tags><member><Key>a</Key><Value>one</Value></member><member><Key>b</Key><Value></Value></member></Tags>');
  });

  it('escapes XML in messages that echo input', async () => {
    const res = await iam('GetRole', { RoleName: '<x>&' });
    expectQueryError(res, 400, 'ValidationError');
    expect(res.body).toContain("Value '&lt;x&gt;&amp;' at 'roleName'");
  });
});

describe('ValidationError messages', () => {
  it('report a missing member as null', async () => {
    expectQueryError(
      await iam('GetRole'),
      400,
      'ValidationError',
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('report an empty member against its length and pattern', async () => {
    expectQueryError(
      await iam('GetRole', { RoleName: '' }),
      400,
      'ValidationError',
      "2 validation errors detected: Value '' at 'roleName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('report a too long member', async () => {
    const name = 'r'.repeat(65);
    expectQueryError(
      await iam('GetRole', { RoleName: name }),
      400,
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it('report an enum and an integer range', async () => {
    expectQueryError(
      await iam('ListPolicies', { Scope: 'Everything', MaxItems: '0' }),
      400,
      'ValidationError',
      "2 validation errors detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]; " +
        "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expectQueryError(await iam('ListRoles', { MaxItems: '1001' }), 400, 'ValidationError',
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
  });

  it('report an integer that is not a number', async () => {
    expectQueryError(await iam('ListRoles', { MaxItems: 'ten' }), 400, 'ValidationError',
      "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be an integer");
  });

  it('name list members by position', async () => {
    const res = await iam('TagRole', { RoleName: 'keep', 'Tags.member.1.Key': 'ok', 'Tags.member.1.Value': 'v', 'Tags.member.2.Key': 'bad!key', 'Tags.member.2.Value': 'v' });
    expectQueryError(res, 400, 'ValidationError');
    expect(parse(res).message).toContain("Value 'bad!key' at 'tags.2.member.key' failed to satisfy constraint");
  });
});

describe('rejected requests keep state', () => {
  it('leave the role exactly as it was', async () => {
    const before = (await iam('GetRole', { RoleName: 'keep' })).body.replace(/<RequestId>.*<\/RequestId>/, '');
    await iam('UpdateRole', { RoleName: 'keep', MaxSessionDuration: '99' });
    await iam('UpdateRole', { RoleName: 'keep', Description: 'x'.repeat(1001) });
    await iam('CreateRole', { RoleName: 'keep', AssumeRolePolicyDocument: TRUST });
    await iam('UpdateAssumeRolePolicy', { RoleName: 'keep', PolicyDocument: '{' });
    await iam('TagRole', { RoleName: 'keep', 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': '1', 'Tags.member.2.Key': 'A', 'Tags.member.2.Value': '2' });
    await post('Action=DeleteRole&Version=2010-05-08&RoleName=%');
    const after = (await iam('GetRole', { RoleName: 'keep' })).body.replace(/<RequestId>.*<\/RequestId>/, '');
    expect(after).toBe(before);
  });
});

describe('other routes', () => {
  it('GET / speaks the Query API with the parameters in the URL, as AWS documents it', async () => {
    const res = await app.inject({ method: 'GET', url: '/?Action=GetRole&Version=2010-05-08&RoleName=keep', headers: { authorization: AUTH } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<RoleName>keep</RoleName>');
    expectQueryError(await app.inject({ method: 'GET', url: '/' }), 400, 'MissingAction');
  });

  it('unknown paths and methods get a 404 that names the route, with a request id', async () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['POST', '/nope'],
      ['PUT', '/'],
      ['DELETE', '/'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: `no route for ${method} ${url}` });
      expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    }
    await expectStillServing();
  });
});
