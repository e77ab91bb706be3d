import type { FastifyInstance } from 'fastify';
import type { Store } from '../state/store.js';
import { supportedServices } from './awsEndpoint.js';

export const VERSION = '0.1.0';

/** Bad admin input: a 400 whose `error` names the field. */
export class AdminInputError extends Error {}

export function accountParam(store: Store, value: unknown, field = 'account'): string {
  if (value === undefined) return store.defaultAccountId;
  if (typeof value !== 'string' || !/^\d{12}$/.test(value)) throw new AdminInputError(`${field} must be a 12-digit account id`);
  return value;
}

/** JSON routes under /_linkstack/ for people and test harnesses, never for AWS clients. */
export function registerAdminRoutes(app: FastifyInstance, store: Store): void {
  const startedAt = Date.now();

  app.get('/_linkstack/health', async () => ({
    status: 'ok',
    version: VERSION,
    services: supportedServices.map((s) => s.name),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.post('/_linkstack/reset', async (request) => {
    const body = jsonObject(request.body);
    if (body.account === undefined) {
      store.reset();
      return { reset: 'all' };
    }
    const account = accountParam(store, body.account);
    store.reset(account);
    return { reset: account };
  });
}

/** Admin bodies are JSON objects; an empty body is an empty object. */
export function jsonObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  let value: unknown = body;
  if (Buffer.isBuffer(body)) {
    const text = body.toString('utf8').trim();
    if (text === '') return {};
    try {
      value = JSON.parse(text);
    } catch {
      throw new AdminInputError('body must be a JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AdminInputError('body must be a JSON object');
  return value as Record<string, unknown>;
}
