import { parseStringPromise } from 'xml2js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type LinkstackApp } from '../../server/app.js';
import type { AnyOperation, ServiceDefinition } from '../../server/operation.js';
import type { Shape, StructShape } from '../../server/shapes.js';
import { ecsService } from '../../server/services/ecs/index.js';
import { iamService } from '../../server/services/iam/index.js';
import { stsService } from '../../server/services/sts/index.js';
import { Clock } from '../../state/clock.js';

/**
 * A seeded, bounded fuzz of the whole wire: thousands of request bodies built from every
 * operation's own input shape, then mutated (nulls and wrong types at every depth, huge numbers,
 * deep nesting, characters XML cannot carry, broken encodings, unknown members). Whatever
 * arrives: never a 5xx; every refusal is a well-formed AWS error in the protocol that was spoken;
 * every answer parses (XML with xml2js, JSON with JSON.parse); the server keeps serving; and a
 * refused request leaves the stored state exactly as it was.
 */

const SEED = Number(process.env.LINKSTACK_FUZZ_SEED ?? 20260115);
const REQUESTS = 2000;

function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(SEED);
const chance = (p: number) => next() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

const TRUST_ECS = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const STRINGS = [
  'r1', 'u1', 'g1', 'p1', 'web', 'default', 'svc', 'AWSServiceRoleForECS', 'ecs.amazonaws.com', '/', '/app/',
  'arn:aws:iam::000000000000:role/r1', 'arn:aws:iam::000000000000:policy/p1', 'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:ecs:eu-west-1:000000000000:cluster/default', 'web:1', 'nginx', 'iam:GetRole', '*', TRUST_ECS, ALLOW_ALL, 'v1', '',
];
const NASTY: unknown[] = [
  null, [null], [null, 'x'], {}, [], [{}], 'x', 0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, true, false,
  'a\u0001b', '\u0000', '\ud800', '\uffff', 'a'.repeat(3000), '<x>&amp;', '{"__proto__":{"x":1}}', { __proto__: null, a: [null] },
  '9'.repeat(40), '-0', 'NaN', 'true', '2026-13-45T99:99:99Z',
];
/** Deep nesting as text, since building it as a value would need the recursion it tests. */
const deepText = (n: number) => '['.repeat(n) + '"bottom"' + ']'.repeat(n);

/** A plausible value for a shape, so that requests reach the handlers and not only validation. */
function plausible(shape: Shape, depth = 0): unknown {
  switch (shape.kind) {
    case 'string':
      return shape.enum && chance(0.8) ? pick(shape.enum) : pick(STRINGS);
    case 'integer':
      return Math.max(shape.min ?? 0, Math.min(shape.max ?? 10, pick([0, 1, 2, 3, 10, 3600])));
    case 'double':
      return pick([0, 0.5, 1, 256]);
    case 'boolean':
      return chance(0.5);
    case 'timestamp':
      return new Date('2026-01-15T10:00:00Z');
    case 'any':
      return pick([{}, { a: 1 }, [1, 2], 'x']);
    case 'list':
      return depth > 4 ? [] : Array.from({ length: Math.floor(next() * 3) }, () => plausible(shape.member, depth + 1));
    case 'map':
      return depth > 4 ? {} : { k: plausible(shape.value, depth + 1) };
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members as Record<string, Shape>)) {
        if (member.required || chance(0.4)) out[name] = depth > 4 ? undefined : plausible(member, depth + 1);
      }
      return out;
    }
  }
}

/** Replaces one node somewhere in the value with something nasty (or drops or adds a member). */
function mutate(value: unknown): unknown {
  if (chance(0.15)) return pick(NASTY);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0 || chance(0.3)) copy.push(pick(NASTY));
    else {
      const i = Math.floor(next() * copy.length);
      copy[i] = mutate(copy[i]);
    }
    return copy;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0 || chance(0.2)) copy[pick(['unknownMember', 'RoleName', 'cluster', 'tags', 'Tags'])] = pick(NASTY);
    else if (chance(0.15)) delete copy[pick(keys)];
    else {
      const k = pick(keys);
      copy[k] = mutate(copy[k]);
    }
    return copy;
  }
  return pick(NASTY);
}

/** awsQuery's flattening: `A.B`, lists as `Name.member.N`, maps as `Name.entry.N.key/value`. */
function flatten(value: unknown, shape: Shape | undefined, prefix: string, out: [string, string][]): void {
  if (value === undefined) return;
  if (value instanceof Date) return void out.push([prefix, value.toISOString()]);
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push([prefix, '']);
    const member = shape?.kind === 'list' ? shape.member : undefined;
    value.forEach((v, i) => flatten(v, member, `${prefix}.member.${i + 1 + (chance(0.03) ? 1 : 0)}`, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const members = shape?.kind === 'structure' ? (shape.members as Record<string, Shape>) : {};
    if (shape?.kind === 'map') {
      Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
        out.push([`${prefix}.entry.${i + 1}.key`, k]);
        flatten(v, shape.value, `${prefix}.entry.${i + 1}.value`, out);
      });
      return;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, members[k], prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.push([prefix, value === null ? '' : String(value)]);
}

/** Like encodeURIComponent, but a lone surrogate goes out as the (invalid) UTF-8 of one, as a buggy client would send it. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s.replace(/[\ud800-\udfff]/g, '\u0000').split('\u0000').map(encodeURIComponent).join('%ED%A0%80');
  }
}

const RAW_QUERY_NOISE = ['%', '%zz', '%FF', '%E0%A4', '%01', '%00', '+', '&&', '=', '%ED%A0%80'];

function queryBody(service: ServiceDefinition & { version?: string }, name: string, input: unknown, shape: StructShape): string {
  const pairs: [string, string][] = [];
  flatten(input, shape, '', pairs);
  const parts = [`Action=${name}`, `Version=${chance(0.97) ? service.version : pick(['2010-05-08', '2011-06-15', 'x'])}`];
  for (const [k, v] of pairs) parts.push(`${encode(k)}=${chance(0.04) ? pick(RAW_QUERY_NOISE) : encode(v)}`);
  if (chance(0.05)) parts.splice(Math.floor(next() * parts.length), 1);
  return parts.join('&');
}

function jsonBody(input: unknown): string {
  if (chance(0.03)) return `{"cluster":${deepText(60 + Math.floor(next() * 100_000))}}`;
  const text = JSON.stringify(input) ?? 'null';
  if (chance(0.04)) return text.slice(0, Math.floor(next() * text.length));
  if (chance(0.02)) return pick(['null', '[]', '"x"', '1e999999', '{"a":1e999999}', '{"cluster":"\\ud800"}', '\u0000']);
  return text;
}

/**
 * Every stored thing, as text: Maps, Sets and class instances walked generically. The AWS managed
 * policy catalog is shared, read-only data of every account, and left out.
 */
function fingerprint(linkstack: LinkstackApp): string {
  // Written straight into one list of parts: building an object per value and stringifying it
  // was a sixth of this file's time.
  const seen = new WeakSet<object>();
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out.push(typeof v === 'function' ? 'ƒ' : typeof v === 'string' ? JSON.stringify(v) : String(v));
      return;
    }
    if (v instanceof Date) return void out.push(`D${v.getTime()}`);
    if (seen.has(v)) return void out.push('[seen]');
    seen.add(v);
    if (v instanceof Map) {
      out.push('M{');
      for (const [k, x] of v) {
        walk(k);
        out.push('=>');
        walk(x);
        out.push(',');
      }
      out.push('}');
    } else if (v instanceof Set || Array.isArray(v)) {
      out.push('[');
      for (const x of v) {
        walk(x);
        out.push(',');
      }
      out.push(']');
    } else {
      out.push('{');
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        out.push(k, ':');
        if (k === 'catalog') out.push('[shared]');
        else walk((v as Record<string, unknown>)[k]);
        out.push(',');
      }
      out.push('}');
    }
  };
  walk(linkstack.store.accounts);
  return out.join('');
}

const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Parses an XML answer with a real parser and checks every character is one XML 1.0 allows. */
async function parseXml(text: string): Promise<any> {
  expect(XML_ILLEGAL.test(text), `characters XML 1.0 cannot carry in: ${text.slice(0, 300)}`).toBe(false);
  return parseStringPromise(text, { strict: true });
}

let linkstack: LinkstackApp;
const HEADERS_ECS = (region: string) => ({
  'content-type': 'application/x-amz-json-1.1',
  authorization: `AWS4-HMAC-SHA256 Credential=test/20260115/${region}/ecs/aws4_request, SignedHeaders=host, Signature=0`,
});

async function send(service: ServiceDefinition, operation: string, payload: string, region = 'eu-west-1') {
  const headers =
    service.protocol.name === 'awsJson1_1'
      ? { ...HEADERS_ECS(region), 'x-amz-target': `${service.targetPrefix}.${operation}` }
      : {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          authorization: `AWS4-HMAC-SHA256 Credential=test/20260115/${region}/${service.name}/aws4_request, SignedHeaders=host, Signature=0`,
        };
  return linkstack.app.inject({ method: 'POST', url: '/', headers, payload });
}

async function seed() {
  linkstack.store.reset();
  const q = (body: string) => send(iamService, '', body);
  await q(`Action=CreateRole&Version=2010-05-08&RoleName=r1&AssumeRolePolicyDocument=${encodeURIComponent(TRUST_ECS)}`);
  await q('Action=CreateUser&Version=2010-05-08&UserName=u1');
  await q('Action=CreateGroup&Version=2010-05-08&GroupName=g1');
  await q(`Action=CreatePolicy&Version=2010-05-08&PolicyName=p1&PolicyDocument=${encodeURIComponent(ALLOW_ALL)}`);
  const j = (op: string, body: unknown) => send(ecsService, op, JSON.stringify(body));
  await j('CreateCluster', { clusterName: 'default' });
  await j('RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64 }] });
  await j('RegisterContainerInstance', {});
  await j('CreateService', { serviceName: 'svc', taskDefinition: 'web', desiredCount: 1 });
  await j('RunTask', { taskDefinition: 'web' });
}

beforeAll(async () => {
  const clock = new Clock();
  clock.freeze(new Date('2026-01-15T10:00:00Z'));
  linkstack = buildApp({ clock, logger: false });
  await linkstack.app.ready();
});
afterAll(async () => {
  await linkstack.app.close();
});

/** Each batch starts from a freshly seeded state; batches run in order, so the seeded sequence is one. */
const BATCH = 250;

describe(`fuzzed requests to every operation of IAM, STS and ECS (${REQUESTS} mutated bodies, seed ${SEED})`, () => {
  const targets: [ServiceDefinition, string, AnyOperation][] = [];
  for (const service of [iamService, stsService, ecsService] as ServiceDefinition[]) {
    for (const [name, operation] of service.operations) targets.push([service, name, operation]);
  }
  const statuses = new Map<number, number>();

  for (let start = 0; start < REQUESTS; start += BATCH) {
    it(`bodies ${start + 1}–${Math.min(start + BATCH, REQUESTS)}: no 5xx, AWS error envelopes, parseable answers, nothing changed by a refusal`, async () => {
      await seed();
      let before: string | undefined;
      for (let i = start; i < Math.min(start + BATCH, REQUESTS); i++) {
        const [service, name, operation] = targets[i % targets.length]!;
        let input = plausible(operation.input);
        const mutations = chance(0.3) ? 0 : 1 + Math.floor(next() * 3);
        for (let m = 0; m < mutations; m++) input = mutate(input);
        const payload = service.protocol.name === 'awsJson1_1' ? jsonBody(input) : queryBody(service, name, input, operation.input);
        const region = chance(0.2) ? 'ap-south-2' : 'eu-west-1';
        before ??= fingerprint(linkstack);
        const res = await send(service, name, payload, region);
        const what = `${service.name} ${name} ${payload.slice(0, 400)}`;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, what).toBeLessThan(500);
        expect(res.headers['x-amzn-requestid'], what).toBeTruthy();
        if (service.protocol.name === 'awsQuery') {
          const xml = await parseXml(res.body);
          if (res.statusCode >= 400) {
            expect(xml.ErrorResponse.Error[0].Type[0], what).toBe('Sender');
            expect(xml.ErrorResponse.Error[0].Code[0], what).toMatch(/^\w+$/);
            expect(typeof xml.ErrorResponse.Error[0].Message[0], what).toBe('string');
          } else {
            expect(Object.keys(xml)[0], what).toBe(`${name}Response`);
          }
        } else {
          let json: any;
          try {
            json = JSON.parse(res.body);
          } catch {
            expect.fail(`not JSON (${res.statusCode}): ${res.body.slice(0, 300)} for ${what}`);
          }
          if (res.statusCode >= 400) {
            expect(typeof json.__type, what).toBe('string');
            expect(res.headers['x-amzn-errortype'], what).toBe(json.__type);
            expect(typeof json.message, what).toBe('string');
          }
        }
        if (res.statusCode < 400) before = undefined;
        else {
          const after = fingerprint(linkstack);
          if (after !== before) {
            let at = 0;
            while (before[at] === after[at]) at++;
            const where = `…${before.slice(Math.max(0, at - 150), at)}‖ before: ${before.slice(at, at + 120)} ‖ after: ${after.slice(at, at + 120)}`;
            expect.fail(`a refused request (${res.statusCode} ${res.body.slice(0, 200)}) changed the state: ${what}\n${where}`);
          }
        }
      }
    });
  }

  it('the mix reached the handlers, not only the edge\'s refusals, and the server still answers', async () => {
    expect(statuses.get(200) ?? 0).toBeGreaterThan(REQUESTS / 20);
    const alive = await send(iamService, 'ListRoles', 'Action=ListRoles&Version=2010-05-08');
    expect(alive.statusCode).toBe(200);
  });
});
