import type { FastifyInstance } from 'fastify';
import { parseStringPromise } from 'xml2js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { iamService } from '../../server/services/iam/index.js';
import { Clock } from '../../state/clock.js';

/**
 * Seeded random garbage against every IAM operation: whatever arrives, the answer is a 2xx or a
 * 4xx in IAM's XML error form — never a 5xx — and the server keeps serving.
 */

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

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MEMBERS = [
  'RoleName', 'PolicyName', 'PolicyArn', 'PolicyDocument', 'AssumeRolePolicyDocument', 'Path', 'PathPrefix',
  'Description', 'MaxSessionDuration', 'Marker', 'MaxItems', 'Scope', 'OnlyAttached', 'VersionId',
  'SetAsDefault', 'AWSServiceName', 'CustomSuffix', 'Tags.member.1.Key', 'Tags.member.1.Value',
  'Tags.member.2.Key', 'TagKeys.member.1', 'PermissionsBoundary', 'Tags',
];
const VALUES = [
  '', 'x', 'app', 'AWSServiceRoleForECS', 'ecs.amazonaws.com', 'autoscaling.amazonaws.com', '/', '/a/', '/aws-service-role/',
  'arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy', 'arn:aws:iam::000000000000:policy/p', 'v1', 'v0',
  '0', '1', '-1', '3600', '99999999999999999999', 'true', 'maybe', 'All', 'AWS', 'Local', '{}', '[]', 'null', '{"Version":"2012-10-17"}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
  '<xml>&amp;', '\u0000', '\u00e9\u00e8', '\ud83d\ude00', 'a'.repeat(2000),
];
const RAW = ['%', '%zz', '%FF', '%E0%A4', '+', '=', '&&', '%00'];

describe('random requests to every IAM operation', () => {
  it('never get a 5xx, always carry a request id, and leave the server serving', async () => {
    const next = random(20260115);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const operations = [...iamService.operations.keys()];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const parts = [`Action=${pick([...operations, 'Nope', ''])}`];
      if (next() < 0.95) parts.push(`Version=${pick(['2010-05-08', '2010-05-08', '2011-06-15', 'x'])}`);
      const n = Math.floor(next() * 6);
      for (let j = 0; j < n; j++) {
        const value = next() < 0.1 ? pick(RAW) : encodeURIComponent(pick(VALUES));
        parts.push(`${encodeURIComponent(pick(MEMBERS))}=${value}`);
      }
      const res = await app.inject({
        method: 'POST',
        url: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: parts.join('&'),
      });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, parts.join('&')).toBeLessThan(500);
      expect(res.headers['x-amzn-requestid']).toBeTruthy();
      if (res.statusCode >= 400) expect(res.body).toMatch(/<ErrorResponse [^>]*><Error><Type>Sender<\/Type><Code>\w+<\/Code>/);
    }
    // The mix must reach the handlers, not only the edge's refusals.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    const ok = await app.inject({ method: 'POST', url: '/', payload: 'Action=ListRoles&Version=2010-05-08' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('characters XML 1.0 cannot carry', () => {
  const query = (payload: string) =>
    app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });

  it('are refused at validation, and the answer stays well-formed XML (U+FFFD where the value is echoed)', async () => {
    const res = await query('Action=GetRole&Version=2010-05-08&RoleName=a%01b');
    expect(res.statusCode).toBe(400);
    const xml = await parseStringPromise(res.body, { strict: true });
    expect(xml.ErrorResponse.Error[0].Code[0]).toBe('ValidationError');
    expect(xml.ErrorResponse.Error[0].Message[0]).toBe(
      "1 validation error detected: Value 'a\uFFFDb' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    expect(/[\u0000-\u0008]/.test(res.body)).toBe(false);
  });

  it('are refused in members that have no pattern of their own (a policy description, a simulation context value)', async () => {
    const described = await query(
      `Action=CreatePolicy&Version=2010-05-08&PolicyName=p&Description=a%1Fb&PolicyDocument=${encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')}`,
    );
    expect(described.statusCode).toBe(400);
    expect(described.body).toContain('<Code>ValidationError</Code>');
    expect(described.body).toContain("at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]*");
    const simulated = await query(
      `Action=SimulateCustomPolicy&Version=2010-05-08&ActionNames.member.1=iam:GetRole&PolicyInputList.member.1=${encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')}` +
        '&ContextEntries.member.1.ContextKeyName=aws:username&ContextEntries.member.1.ContextKeyType=string&ContextEntries.member.1.ContextKeyValues.member.1=%08',
    );
    expect(simulated.statusCode).toBe(400);
    await parseStringPromise(simulated.body, { strict: true });
  });
});
