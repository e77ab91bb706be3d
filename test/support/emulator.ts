import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import http from 'node:http';
import { expect } from 'vitest';
import type { LinkstackConfig } from '../../server/config.js';
import { startLinkstack } from '../../server/linkstack.js';

export const FROZEN_AT = new Date('2026-01-15T10:00:00Z');

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const rootCredentials: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A request as a test writes it: what the SDKs never send (no body, no signature, a wrong one). */
export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

export interface RawResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): any;
}

/** Sends one request over a real socket, exactly as written (Host included, when given). */
export function rawRequest(endpoint: string, { method, url, headers = {}, payload }: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${endpoint}${url}`, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ statusCode: response.statusCode!, headers: response.headers, body, json: () => JSON.parse(body) });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * A fresh emulator on an ephemeral port with a frozen clock, and real SDK clients pointed at it
 * by endpoint override. It is `startLinkstack` itself, as a user starts it in process; retries
 * are off so that an error reaches the test as the SDK raised it.
 */
export async function startEmulator(options: { config?: Partial<LinkstackConfig>; frozenAt?: Date; wallClock?: () => number } = {}) {
  const linkstack = await startLinkstack({ ...options.config, clock: options.frozenAt ?? FROZEN_AT, wallClock: options.wallClock });
  const { endpoint, port, store, config } = linkstack;
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
    linkstack,
    store,
    config,
    /** The emulated clock itself: moving it settles nothing until the next request. */
    clock: store.clock,
    endpoint,
    port,
    iam: (region = 'us-east-1', credentials = rootCredentials) => new IAMClient(clientConfig(region, credentials)),
    sts: (region = 'us-east-1', credentials = rootCredentials) => new STSClient(clientConfig(region, credentials)),
    ecs: (region = 'us-east-1', credentials = rootCredentials) => new ECSClient(clientConfig(region, credentials)),
    admin,
    /** A request the SDKs never send, over the socket the SDKs use. */
    inject: (request: RawRequest) => rawRequest(endpoint, request),
    /**
     * Moves the frozen clock forward as an in-process user would (`linkstack.clock.advance`), so
     * what came due is settled. One second takes a placed task to RUNNING (or a stopped one to
     * STOPPED) with the default timings (see TASK_SECONDS).
     */
    async passTime(seconds: number) {
      return linkstack.clock.advance(Math.round(seconds * 1000));
    },
    close: () => linkstack.close(),
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
