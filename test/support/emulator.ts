import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { buildApp } from '../../server/app.js';
import type { LinkstackConfig } from '../../server/config.js';
import { Clock } from '../../state/clock.js';

export const FROZEN_AT = new Date('2026-01-15T10:00:00Z');

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const rootCredentials: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * A fresh emulator on an ephemeral port with a frozen clock, and real SDK clients pointed at it
 * by endpoint override. Retries are off so that an error reaches the test as the SDK raised it.
 */
export async function startEmulator(options: { config?: Partial<LinkstackConfig>; frozenAt?: Date; wallClock?: () => number } = {}) {
  const clock = new Clock();
  clock.freeze(options.frozenAt ?? FROZEN_AT);
  const { app, store, config } = buildApp({ config: options.config, clock, logger: false, wallClock: options.wallClock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const clientConfig = (region: string, credentials: Credentials) => ({ endpoint, region, credentials, maxAttempts: 1 });
  /** An admin route under /_linkstack/: GET without a body, POST with one unless `method` says. */
  async function admin(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
    const res = await fetch(`${endpoint}/_linkstack/${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }
  return {
    app,
    store,
    config,
    clock,
    endpoint,
    port,
    iam: (region = 'us-east-1', credentials = rootCredentials) => new IAMClient(clientConfig(region, credentials)),
    sts: (region = 'us-east-1', credentials = rootCredentials) => new STSClient(clientConfig(region, credentials)),
    ecs: (region = 'us-east-1', credentials = rootCredentials) => new ECSClient(clientConfig(region, credentials)),
    admin,
    /**
     * Moves the frozen clock forward as a user would (POST /_linkstack/clock), so what came due
     * is settled. One second takes a placed task to RUNNING (or a stopped one to STOPPED) with
     * the default timings (see TASK_SECONDS).
     */
    async passTime(seconds: number) {
      const res = await admin('clock', { advanceSeconds: seconds });
      return new Date(res.body.now as string);
    },
    close: () => app.close(),
  };
}

/** With the default task timings: placement to RUNNING (0.1 s deployment PENDING + 0.7 s), or a stop to STOPPED (0.7 s). */
export const TASK_SECONDS = 1;

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Runs `call` and returns what it threw, failing the test if it did not throw. */
export async function caught(call: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await call;
  } catch (e) {
    return e as Error & Record<string, any>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Runs `call` and checks the AWS error it threw: the SDK's error name, the HTTP status and the message. */
export async function expectAwsError(call: Promise<unknown>, name: string, status: number, message: string) {
  const e = await caught(call);
  expect({ name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }).toEqual({ name, status, message });
  return e;
}
