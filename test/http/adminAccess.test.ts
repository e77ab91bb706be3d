import { afterEach, describe, expect, it } from 'vitest';
import { replayScenario } from '../../scenarios/runner/replay.js';
import { parseScenario } from '../../scenarios/runner/scenarioFile.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startLinkstack, type Linkstack } from '../../server/linkstack.js';

/**
 * LINKSTACK_ADMIN_TOKEN: with a token, every /_linkstack/* route but health answers 401 unless
 * the request carries `Authorization: Bearer <token>` (or `?token=` for browsers); AWS routes
 * are untouched. Without one, the admin routes are open, as before.
 */

const TOKEN = 's3cret-admin-token';
const ADMIN_ROUTES: [string, string, string?][] = [
  ['POST', '/_linkstack/reset', '{}'],
  ['GET', '/_linkstack/clock'],
  ['POST', '/_linkstack/clock', '{"freeze":true}'],
  ['GET', '/_linkstack/config'],
  ['PUT', '/_linkstack/config', '{}'],
  ['GET', '/_linkstack/sessions'],
  ['POST', '/_linkstack/sessions', '{}'],
  ['GET', '/_linkstack/state'],
];

let ls: Linkstack | undefined;
afterEach(async () => {
  await ls?.close();
  ls = undefined;
});

describe('admin routes with LINKSTACK_ADMIN_TOKEN set', () => {
  const { app } = buildApp({ config: { adminToken: TOKEN }, logger: false });

  it('answer 401 without the token, or with another one, and change nothing', async () => {
    for (const [method, url, payload] of ADMIN_ROUTES) {
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`]) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          payload,
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        });
        expect(res.statusCode, `${method} ${url} ${authorization}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="linkstack"');
        expect(typeof res.json().error).toBe('string');
      }
    }
    const clock = await app.inject({ method: 'GET', url: '/_linkstack/clock', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(clock.json().frozen).toBe(false);
  });

  it('serve with Authorization: Bearer <token>, or ?token= for browsers', async () => {
    const bearer = await app.inject({ method: 'GET', url: '/_linkstack/config', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.statusCode).toBe(200);
    const query = await app.inject({ method: 'GET', url: `/_linkstack/state?token=${TOKEN}` });
    expect(query.statusCode).toBe(200);
  });

  it('leave health open, for container health checks', async () => {
    const res = await app.inject({ method: 'GET', url: '/_linkstack/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('do not touch the AWS routes', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('admin routes without a token', () => {
  it('stay open', async () => {
    const { app } = buildApp({ logger: false });
    expect((await app.inject({ method: 'POST', url: '/_linkstack/reset', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(200);
  });
});

describe('the admin token setting', () => {
  it('is read from LINKSTACK_ADMIN_TOKEN and --admin-token, and must be at least 8 printable characters', () => {
    expect(loadConfig({ LINKSTACK_ADMIN_TOKEN: TOKEN }).adminToken).toBe(TOKEN);
    expect(loadConfig({}, ['--admin-token', TOKEN]).adminToken).toBe(TOKEN);
    expect(loadConfig({}).adminToken).toBeUndefined();
    expect(() => loadConfig({ LINKSTACK_ADMIN_TOKEN: 'short' })).toThrow(
      "LINKSTACK_ADMIN_TOKEN must be a token of at least 8 printable ASCII characters without spaces, not 'short'",
    );
  });

  it('is a startLinkstack option, and the replay runner passes it to a running server', async () => {
    ls = await startLinkstack({ adminToken: TOKEN });
    expect(ls.config.adminToken).toBe(TOKEN);
    expect((await fetch(`${ls.endpoint}/_linkstack/clock`)).status).toBe(401);
    const scenario = parseScenario(
      'story.json',
      JSON.stringify({
        title: 'Token',
        frozenAt: '2026-01-15T10:00:00Z',
        steps: [{ say: 'Who am I?', service: 'sts', operation: 'GetCallerIdentity', input: {}, expect: { result: { Account: '000000000000' } } }],
      }),
    );
    const refused = await replayScenario(scenario, { endpoint: ls.endpoint });
    expect(refused.setupProblem).toMatch(/401: this route needs Authorization: Bearer <LINKSTACK_ADMIN_TOKEN> \(pass the server's token with --admin-token/);
    const told = await replayScenario(scenario, { endpoint: ls.endpoint, adminToken: TOKEN });
    expect(told.passed).toBe(true);
  });
});
