import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminInputError } from '../admin.js';
import { matches, type RequestFilter, type RequestLog, type RequestRecord } from './requestLog.js';

/**
 * `GET /_linkstack/requests`: the request log as JSON, or — with `Accept: text/event-stream` or
 * `?stream=true` — as server-sent events: first the records the filter matches (or those after
 * `Last-Event-ID` when a browser reconnects), then each new one as it is served. Admin changes
 * (clock moves, resets, config, sessions) arrive on the same stream as `change` events, so a
 * dashboard can refresh without polling.
 */

/** Streams are cheap but not free: a few dashboards and test watchers, not thousands. */
const MAX_STREAMS = 32;
/** A stream whose client stopped reading is dropped once this much is waiting for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface AdminChanges {
  notify(route: string): void;
  subscribe(listener: (route: string) => void): () => void;
}

export function adminChanges(): AdminChanges {
  const listeners = new Set<(route: string) => void>();
  return {
    notify(route) {
      for (const l of listeners) l(route);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Announces every admin route that can change what the dashboard shows, after it answered.
 * Registered before the admin routes; AWS requests are not touched (they reach the log itself).
 */
export function announceAdminChanges(app: FastifyInstance, changes: AdminChanges): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/_linkstack/') || methods.every((m) => m === 'GET' || m === 'HEAD')) return;
    const announce = async (request: FastifyRequest, reply: FastifyReply) => {
      if (reply.statusCode < 400) changes.notify(request.url.split('?')[0]!);
    };
    const existing = route.onResponse;
    route.onResponse = existing ? [...(Array.isArray(existing) ? existing : [existing]), announce] : [announce];
  });
}

function filterOf(query: Record<string, unknown>): RequestFilter {
  const text = (key: string) => {
    const v = query[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') throw new AdminInputError(`${key} must be a non-empty string`);
    return v;
  };
  const whole = (key: string, max: number) => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) throw new AdminInputError(`${key} must be a whole number up to ${max}`);
    return Number(v);
  };
  const flag = (key: string) => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new AdminInputError(`${key} must be true or false`);
    return v === 'true';
  };
  const account = text('account');
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new AdminInputError('account must be a 12-digit account id');
  const service = text('service');
  if (service !== undefined && !['iam', 'sts', 'ecs'].includes(service)) throw new AdminInputError('service must be iam, sts or ecs');
  return {
    service,
    operation: text('operation'),
    status: whole('status', 599),
    errors: flag('errors'),
    since: whole('since', Number.MAX_SAFE_INTEGER),
    account,
    limit: whole('limit', 100_000),
  };
}

export function registerRequestLogRoutes(app: FastifyInstance, log: RequestLog, changes: AdminChanges): void {
  // Open streams would keep the server from closing: end them first.
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });
  app.get('/_linkstack/requests', async (request, reply) => {
    const query = { ...(request.query as Record<string, unknown>) };
    const stream = query.stream;
    delete query.stream;
    if (stream !== undefined && stream !== 'true' && stream !== 'false') throw new AdminInputError('stream must be true or false');
    const filter = filterOf(query);
    const wantsStream = stream === 'true' || (stream === undefined && String(request.headers.accept ?? '').includes('text/event-stream'));
    if (!wantsStream) {
      return { capacity: log.capacity, requests: log.records(filter) };
    }
    if (log.subscriberCount >= MAX_STREAMS) {
      return reply.code(429).send({ error: `at most ${MAX_STREAMS} request-log streams may be open at once` });
    }
    const lastEventId = request.headers['last-event-id'];
    if (typeof lastEventId === 'string' && /^\d+$/.test(lastEventId)) filter.since = Number(lastEventId);
    openStream(reply, log, changes, filter, open);
    return reply;
  });
}

function openStream(reply: FastifyReply, log: RequestLog, changes: AdminChanges, filter: RequestFilter, open: Set<() => void>): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let closed = false;
  const send = (text: string) => {
    if (closed) return;
    if (raw.writableLength > MAX_BUFFERED_BYTES) {
      close();
      return;
    }
    raw.write(text);
  };
  const sendRecord = (r: RequestRecord) => send(`id: ${r.seq}\nevent: request\ndata: ${JSON.stringify(r)}\n\n`);
  const { limit: _limit, since: _since, ...live } = filter;
  // Subscribed before anything is written: a client that has read the preamble misses nothing.
  const unsubscribeLog = log.subscribe((r) => {
    if (matches(r, live)) sendRecord(r);
  });
  const unsubscribeChanges = changes.subscribe((route) => send(`event: change\ndata: ${JSON.stringify({ route })}\n\n`));
  send(`retry: 1000\n: linkstack request log (capacity ${log.capacity})\n\n`);
  for (const r of log.records(filter)) sendRecord(r);
  open.add(close);
  function close() {
    if (closed) return;
    closed = true;
    open.delete(close);
    unsubscribeLog();
    unsubscribeChanges();
    raw.end();
  }
  raw.on('close', close);
  raw.on('error', close);
}
