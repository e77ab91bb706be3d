import crypto, { createHash, createHmac } from 'node:crypto';
import type { RequestParts, SignedRequest } from './signedRequest.js';

/**
 * SigV4's canonical request and string to sign, as AWS defines them for every service but S3
 * (AWS General Reference, "Create a canonical request"): the method, the path URI-encoded once
 * more, the query sorted by encoded name with `X-Amz-Signature` left out, the signed headers
 * lower-cased with their values trimmed and inner runs of spaces collapsed, and the SHA-256 of the
 * raw body as received.
 */

/** RFC 3986 encoding: everything but `A-Za-z0-9-_.~`. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s; // signed as sent: a client that cannot be decoded cannot have signed a decoded form either
  }
}

function canonicalPath(path: string): string {
  if (path === '/' || path === '') return '/';
  return path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
}

function canonicalQuery(query: string, presigned: boolean): string {
  if (query === '') return '';
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = uriEncode(decode(eq < 0 ? part : part.slice(0, eq)));
    if (presigned && name === 'X-Amz-Signature') continue;
    pairs.push([name, uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1)))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** One-shot hashing (Node ≥ 20.12) is a third of createHash's cost; older 20.x falls back. */
const sha256 =
  typeof crypto.hash === 'function'
    ? (data: string | Buffer, encoding: 'hex' | 'binary' | 'buffer') => crypto.hash('sha256', data, encoding) as string & Buffer
    : (data: string | Buffer, encoding: 'hex' | 'binary' | 'buffer') =>
        (encoding === 'buffer' ? createHash('sha256').update(data).digest() : createHash('sha256').update(data).digest(encoding)) as string & Buffer;

export function sha256Hex(data: string | Buffer): string {
  return sha256(data, 'hex');
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * A signing key ready for HMAC-SHA256 (RFC 2104) by two one-shot hashes: the key XORed with the
 * inner and outer pads, computed once per key. createHmac imports the key on every call, which
 * costs ten times the hashing itself.
 */
export interface SigningKey {
  inner: Buffer;
  outer: Buffer;
}

function padded(key: Buffer, pad: number): Buffer {
  const block = Buffer.alloc(64, pad);
  for (let i = 0; i < key.length; i++) block[i]! ^= key[i]!;
  return block;
}

function preparedKey(key: Buffer): SigningKey {
  // SigV4 signing keys are HMAC outputs (32 bytes), never longer than SHA-256's 64-byte block.
  return { inner: padded(key, 0x36), outer: padded(key, 0x5c) };
}

/**
 * Where hmacHex lays out pad + message: the message to sign (a string to sign, ~150 bytes) is
 * written after the pad in place, with no Buffer allocated per call.
 */
const scratch = Buffer.alloc(4096);
const BLOCK = 64;

/**
 * HMAC-SHA256 of `data` under a prepared key, as lower-case hex. The inner digest comes back as
 * 'binary' (latin1) text, one byte per character, which costs a quarter of a Buffer result.
 */
export function hmacHex(key: SigningKey, data: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; anything that might not fit takes the allocating path.
  if (data.length * 3 > scratch.length - BLOCK) {
    const inner = sha256(Buffer.concat([key.inner, Buffer.from(data, 'utf8')]), 'buffer');
    return sha256(Buffer.concat([key.outer, inner]), 'hex');
  }
  key.inner.copy(scratch, 0);
  const length = scratch.write(data, BLOCK, 'utf8');
  const inner = sha256(scratch.subarray(0, BLOCK + length), 'binary');
  key.outer.copy(scratch, 0);
  scratch.write(inner, BLOCK, 'latin1');
  return sha256(scratch.subarray(0, BLOCK + 32), 'hex');
}

export function canonicalRequest(req: RequestParts, signed: SignedRequest, payloadHash: string): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  let headers = '';
  for (const name of signed.signedHeaders) headers += `${name}:${canonicalHeaderValue(req.headers[name])}\n`;
  return [
    req.method,
    canonicalPath(path),
    canonicalQuery(query, signed.kind === 'presigned'),
    headers,
    signed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function stringToSign(signed: SignedRequest, canonical: string): string {
  const { date, region, service } = signed.scope;
  return ['AWS4-HMAC-SHA256', signed.amzDate, `${date}/${region}/${service}/aws4_request`, sha256Hex(canonical)].join('\n');
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), cached per scope. */
const signingKeys = new Map<string, SigningKey>();
export function signingKey(secret: string, signed: SignedRequest): SigningKey {
  const { date, region, service } = signed.scope;
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    if (signingKeys.size >= 1000) signingKeys.clear();
    key = preparedKey(hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request'));
    signingKeys.set(cacheKey, key);
  }
  return key;
}
