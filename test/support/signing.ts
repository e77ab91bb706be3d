import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { Credentials } from './emulator.js';

/**
 * SigV4 as the AWS SDK's own signer (@smithy/signature-v4) computes it, for requests the tests
 * send by `app.inject`: an independent implementation to check linkstack's verifier against.
 */

class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | Uint8Array) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(this.secret as Uint8Array));
  }
  update(data: string | Uint8Array) {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.fresh();
  }
}

export const INJECT_HOST = 'localhost';

function signer(credentials: Credentials, service: string, region: string) {
  return new SignatureV4({ credentials, service, region, sha256: NodeSha256 as never, uriEscapePath: true });
}

export interface SignOptions {
  credentials: Credentials;
  service: 'iam' | 'sts' | 'ecs';
  region?: string;
  body: string;
  headers?: Record<string, string>;
  /** When the client thinks it is (default: now on the real clock). */
  signingDate?: Date;
  method?: 'POST' | 'GET';
  path?: string;
}

/** The headers of a signed request, ready for `app.inject({ headers, payload: body })`. */
export async function signedHeaders(o: SignOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    host: INJECT_HOST,
    'content-type': o.service === 'ecs' ? 'application/x-amz-json-1.1' : 'application/x-www-form-urlencoded; charset=utf-8',
    ...o.headers,
  };
  if (o.credentials.sessionToken) headers['x-amz-security-token'] = o.credentials.sessionToken;
  const signed = await signer(o.credentials, o.service, o.region ?? 'us-east-1').sign(
    { method: o.method ?? 'POST', protocol: 'http:', hostname: INJECT_HOST, path: o.path ?? '/', headers, body: o.body, query: {} },
    { signingDate: o.signingDate ?? new Date() },
  );
  return signed.headers as Record<string, string>;
}

/** A presigned GET URL (path and query) for a query-protocol call, as `presign` makes them. */
export async function presignedPath(o: {
  credentials: Credentials;
  service: 'iam' | 'sts';
  region?: string;
  query: Record<string, string>;
  signingDate?: Date;
  expiresIn?: number;
}): Promise<string> {
  const presigned = await signer(o.credentials, o.service, o.region ?? 'us-east-1').presign(
    { method: 'GET', protocol: 'http:', hostname: INJECT_HOST, path: '/', headers: { host: INJECT_HOST }, query: o.query },
    { signingDate: o.signingDate ?? new Date(), expiresIn: o.expiresIn ?? 900 },
  );
  const q = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `/?${q}`;
}
