import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { parseUsageReportMode, type AccountConfig } from '../state/accountConfig.js';
import { deletionStatus, type DeletionTask } from '../state/deletion/deletionTasks.js';
import { taskTimingNames } from '../state/ecs/taskLifecycle.js';
import { settleAccountOf, settleStore } from '../state/settle.js';
import {
  MAX_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  sessionIsActive,
  type RoleSession,
} from '../state/roleSessions.js';
import { startServiceRoleSession } from '../state/roleUse.js';
import type { Account, Store } from '../state/store.js';
import { withIds } from '../state/ids.js';
import { accountParam, AdminInputError, jsonObject } from './admin.js';

/**
 * Admin routes for time and state: the clock, per-account configuration, role sessions and a
 * JSON dump of an account. Every route settles the deletion tasks it could observe first, so
 * what it answers is what the next AWS request would see.
 */
export function registerStateAdminRoutes(app: FastifyInstance, store: Store): void {
  const clockView = () => ({ now: store.clock.now().toISOString(), frozen: store.clock.frozen });
  const settled = (account: Account) => {
    settleAccountOf(store, account);
    return account;
  };
  const queryAccount = (query: unknown) => {
    const value = (query as Record<string, unknown> | undefined)?.account;
    return settled(store.account(accountParam(store, value)));
  };

  app.get('/_linkstack/clock', async () => clockView());

  app.post('/_linkstack/clock', async (request) => {
    const body = jsonObject(request.body);
    onlyFields(body, ['freeze', 'advanceSeconds', 'unfreeze']);
    const { freeze, advanceSeconds, unfreeze } = body;
    if (freeze !== undefined && freeze !== true && !isIsoTimestamp(freeze)) {
      throw new AdminInputError('freeze must be true or an ISO-8601 timestamp');
    }
    if (advanceSeconds !== undefined && (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds) || advanceSeconds < 0)) {
      throw new AdminInputError('advanceSeconds must be a non-negative number');
    }
    if (unfreeze !== undefined && unfreeze !== true) throw new AdminInputError('unfreeze must be true');
    if (freeze !== undefined && unfreeze !== undefined) throw new AdminInputError('freeze and unfreeze cannot be combined');
    if (freeze === true) store.clock.freeze();
    else if (typeof freeze === 'string') store.clock.freeze(new Date(freeze));
    if (typeof advanceSeconds === 'number') store.clock.advance(Math.round(advanceSeconds * 1000));
    if (unfreeze) store.clock.unfreeze();
    settleStore(store);
    return clockView();
  });

  app.get('/_linkstack/config', async (request) => configView(queryAccount(request.query).config));

  app.put('/_linkstack/config', async (request) => {
    const account = queryAccount(request.query);
    const next = configUpdate(account.config, jsonObject(request.body));
    account.config = next;
    return configView(next);
  });

  app.get('/_linkstack/sessions', async (request) => {
    const account = queryAccount(request.query);
    const nowMs = store.clock.nowMs();
    return { sessions: account.roleSessions.all().map((s) => sessionView(s, nowMs)) };
  });

  app.post('/_linkstack/sessions', async (request) => {
    const body = jsonObject(request.body);
    onlyFields(body, ['account', 'roleName', 'region', 'durationSeconds']);
    const account = settled(store.account(accountParam(store, body.account)));
    const { roleName, region, durationSeconds } = body;
    if (typeof roleName !== 'string' || roleName === '') throw new AdminInputError('roleName must be a role name');
    const role = account.iam.roles.find(roleName);
    if (!role) throw new AdminInputError(`roleName: account ${account.id} has no role named ${roleName}`);
    if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new AdminInputError('region must be a region name such as eu-west-1');
    }
    if (
      typeof durationSeconds !== 'number' ||
      !Number.isInteger(durationSeconds) ||
      durationSeconds < MIN_SESSION_SECONDS ||
      durationSeconds > MAX_SESSION_SECONDS
    ) {
      throw new AdminInputError(`durationSeconds must be an integer from ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS}`);
    }
    const now = store.clock.now();
    const session = withIds(store.ids, () => startServiceRoleSession(account, role.roleName, region, now, durationSeconds, 'admin'));
    return sessionView(session, now.getTime());
  });

  // The dump is streamed one section at a time, or paged within one section (`?section=&limit=`),
  // so a long-running server's state never has to fit in memory as one JSON text.
  app.get('/_linkstack/state', async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const account = queryAccount(query);
    const nowMs = store.clock.nowMs();
    if (query.section === undefined) {
      return reply.type('application/json; charset=utf-8').send(Readable.from(streamedDump(account, nowMs)));
    }
    return sectionPage(account, nowMs, query);
  });
}

function onlyFields(body: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new AdminInputError(`unknown field ${key} (expected ${allowed.join(', ')})`);
  }
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value));
}

const MAX_DELAY_MS = 86_400_000;

function delayMs(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new AdminInputError(`${field} must be an integer number of milliseconds from 0 to ${MAX_DELAY_MS}`);
  }
  return value;
}

/** Applies a PUT body (any subset of the config) to a copy; nothing changes unless all of it is valid. */
function configUpdate(current: AccountConfig, body: Record<string, unknown>): AccountConfig {
  onlyFields(body, ['deletion', 'usageReport', 'tasks', 'deployments']);
  const next = structuredClone(current);
  if (body.tasks !== undefined) {
    const tasks = subObject(body.tasks, 'tasks', taskTimingNames);
    for (const name of taskTimingNames) if (tasks[name] !== undefined) next.tasks[name] = delayMs(tasks[name], `tasks.${name}`);
  }
  if (body.deployments !== undefined) {
    const deployments = subObject(body.deployments, 'deployments', ['startDelayMs']);
    if (deployments.startDelayMs !== undefined) next.deployments.startDelayMs = delayMs(deployments.startDelayMs, 'deployments.startDelayMs');
  }
  if (body.deletion !== undefined) {
    const d = body.deletion;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new AdminInputError('deletion must be an object');
    const deletion = d as Record<string, unknown>;
    for (const key of Object.keys(deletion)) {
      if (key !== 'startDelayMs' && key !== 'durationMs') {
        throw new AdminInputError(`unknown field deletion.${key} (expected startDelayMs, durationMs)`);
      }
    }
    if (deletion.startDelayMs !== undefined) next.deletion.startDelayMs = delayMs(deletion.startDelayMs, 'deletion.startDelayMs');
    if (deletion.durationMs !== undefined) next.deletion.durationMs = delayMs(deletion.durationMs, 'deletion.durationMs');
  }
  if (body.usageReport !== undefined) {
    const mode = typeof body.usageReport === 'string' ? parseUsageReportMode(body.usageReport) : undefined;
    if (!mode) throw new AdminInputError('usageReport must be all, none or limit:N');
    next.usageReport = mode;
  }
  return next;
}

/** A nested object of a PUT body, with only the given fields. */
function subObject(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminInputError(`${field} must be an object`);
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new AdminInputError(`unknown field ${field}.${key} (expected ${allowed.join(', ')})`);
  }
  return obj;
}

function configView(config: AccountConfig) {
  return {
    deletion: { startDelayMs: config.deletion.startDelayMs, durationMs: config.deletion.durationMs },
    usageReport: config.usageReport,
    tasks: { ...config.tasks },
    deployments: { startDelayMs: config.deployments.startDelayMs },
  };
}

export function sessionView(s: RoleSession, nowMs: number) {
  return {
    id: s.id,
    roleName: s.roleName,
    region: s.region,
    startedAt: new Date(s.startedAtMs).toISOString(),
    expiresAt: new Date(s.expiresAtMs).toISOString(),
    active: sessionIsActive(s, nowMs),
  };
}

export function taskView(t: DeletionTask, nowMs: number) {
  return {
    id: t.id,
    roleName: t.roleName,
    status: deletionStatus(t, nowMs),
    submittedAt: new Date(t.submittedAtMs).toISOString(),
    startsAt: new Date(t.startsAtMs).toISOString(),
    finishesAt: new Date(t.finishesAtMs).toISOString(),
    usageReport: t.reportMode,
    ...(t.outcome?.status === 'FAILED' ? { reason: t.outcome.report } : {}),
  };
}

/**
 * Everything an account holds, as JSON, for people debugging a scenario (IAM without the noise:
 * no secrets, and of the AWS managed policies only those in use, without documents): each section is built
 * only when it is written. The shape is one object: `{ account, now, config, iam: { roles, … },
 * regions: { <name>: { ecs } }, deletionTasks, sessions, accessAdvisor }`.
 */
const SECTIONS: Record<string, (account: Account, nowMs: number) => unknown> = {
  config: (a) => configView(a.config),
  'iam.roles': (a) => plain(a.iam.roles.all()),
  'iam.users': (a) => plain(a.iam.users.sorted()),
  'iam.groups': (a) => plain(a.iam.groups.sorted()),
  'iam.policies': (a) => [
    ...a.iam.policies.customerPolicies().map((p) => plain(p)),
    ...a.iam.policies.awsPoliciesInUse().map((p) => plain({ ...p, versions: undefined })),
  ],
  'iam.accessKeys': (a) =>
    a.iam.users
      .sorted()
      .flatMap((u) => a.iam.accessKeys.ofUser(u.userName))
      .map(({ secretAccessKey: _, ...key }) => plain(key)),
  'iam.temporaryCredentials': (a) =>
    a.iam.temporaryCredentials.all().map(({ secretAccessKey: _s, sessionToken: _t, ...credentials }) => plain(credentials)),
  'iam.instanceProfiles': (a) => plain(a.iam.instanceProfiles.sorted()),
  'iam.openIdConnectProviders': (a) => plain(a.iam.openIdConnectProviders.all()),
  'iam.accountAliases': (a) => [...a.iam.accountAliases],
  regions: (a) => [...a.regions].map(([name, region]) => ({ name, ecs: plain(region.ecs) })),
  deletionTasks: (a, nowMs) => a.deletionTasks.all().map((t) => taskView(t, nowMs)),
  sessions: (a, nowMs) => a.roleSessions.all().map((s) => sessionView(s, nowMs)),
  accessAdvisor: (a) => plain(a.accessAdvisor),
};

async function* streamedDump(account: Account, nowMs: number): AsyncGenerator<string> {
  yield `{"account":${JSON.stringify(account.id)},"now":${JSON.stringify(new Date(nowMs).toISOString())}`;
  yield `,"config":${JSON.stringify(SECTIONS.config!(account, nowMs))},"iam":{`;
  const iamSections = Object.keys(SECTIONS).filter((k) => k.startsWith('iam.'));
  for (const [i, key] of iamSections.entries()) {
    yield `${i ? ',' : ''}${JSON.stringify(key.slice(4))}:${JSON.stringify(SECTIONS[key]!(account, nowMs))}`;
  }
  yield '},"regions":{';
  let first = true;
  for (const [name, region] of account.regions) {
    yield `${first ? '' : ','}${JSON.stringify(name)}:${JSON.stringify({ ecs: plain(region.ecs) })}`;
    first = false;
  }
  for (const key of ['deletionTasks', 'sessions', 'accessAdvisor']) {
    yield `${key === 'deletionTasks' ? '}' : ''},${JSON.stringify(key)}:${JSON.stringify(SECTIONS[key]!(account, nowMs))}`;
  }
  yield '}';
}

const MAX_PAGE = 1000;

/** `?section=iam.roles&limit=100&offset=200`: one page of one section's items. */
function sectionPage(account: Account, nowMs: number, query: Record<string, unknown>) {
  const section = String(query.section);
  const build = SECTIONS[section];
  if (!build) throw new AdminInputError(`section must be one of ${Object.keys(SECTIONS).join(', ')}`);
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new AdminInputError(`limit must be an integer from 1 to ${MAX_PAGE}`);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(offset) || offset < 0) throw new AdminInputError('offset must be a non-negative integer');
  const value = build(account, nowMs);
  if (!Array.isArray(value)) return { account: account.id, section, value };
  const items = value.slice(offset, offset + limit);
  return {
    account: account.id,
    section,
    offset,
    items,
    ...(offset + limit < value.length ? { nextOffset: offset + limit } : {}),
    total: value.length,
  };
}


/**
 * Domain objects as plain JSON: Maps become objects, Sets arrays, Dates ISO text. An object met
 * a second time (registries share references) is shown once.
 */
function plain(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[shown above]';
  seen.add(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v, seen)]));
  if (value instanceof Set || Array.isArray(value)) return [...value].map((v) => plain(v, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = plain(v, seen);
    if (p !== undefined) out[k] = p;
  }
  return out;
}
