import { timingSafeEqual } from 'node:crypto';
import { canonicalRequest, hmacHex, sha256Hex, signingKey, stringToSign } from './canonicalRequest.js';
import type { RequestParts, SignatureReading, SignedRequest } from './signedRequest.js';

/**
 * SigV4 verification: does the request carry a signature the key's secret produces, made no more
 * than 15 minutes from now on the real clock (AWS's window; the emulated clock may be frozen
 * years away), with the session token the key was issued with? The answer is a named failure, or
 * nothing; each service turns a failure into its own AWS error.
 */

/** What the caller's key is known to be, as the identity step found it. */
export interface KeyMaterial {
  secretAccessKey: string;
  /** Set for temporary (ASIA…) credentials: the request must carry exactly this token. */
  sessionToken?: string;
  /** Root pseudo-keys (`test`, 12-digit ids) accept any or no session token. */
  ignoresSessionToken?: boolean;
}

export type AuthFailure =
  | { kind: 'missingAuthenticationToken' }
  | { kind: 'incompleteSignature'; reason: string }
  | { kind: 'invalidClientToken' }
  | { kind: 'signatureMismatch'; detail?: string }
  | { kind: 'signatureExpired'; amzDate: string; realNow: Date }
  | { kind: 'signatureNotYetCurrent'; amzDate: string; realNow: Date };

export const SKEW_MS = 15 * 60 * 1000;

function amzDateMs(amzDate: string): number {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
  return Date.parse(iso);
}

export interface AuthenticationInput {
  reading: SignatureReading;
  request: RequestParts;
  body: Buffer | string;
  /** The service's SigV4 signing name (`iam`, `sts`, `ecs`). */
  signingName: string;
  /** Undefined when linkstack never issued the key (or it is inactive). */
  key: KeyMaterial | undefined;
  realNowMs: number;
}

export function authenticate(input: AuthenticationInput): AuthFailure | undefined {
  const { reading } = input;
  if (reading.kind === 'unsigned') return { kind: 'missingAuthenticationToken' };
  if (reading.kind === 'malformed') return { kind: 'incompleteSignature', reason: reading.reason };
  const signed = reading.request;
  if (signed.scope.service !== input.signingName) {
    return { kind: 'signatureMismatch', detail: `Credential should be scoped to correct service: '${input.signingName}'. ` };
  }
  const key = input.key;
  if (!key) return { kind: 'invalidClientToken' };
  if (!key.ignoresSessionToken && signed.securityToken !== key.sessionToken) return { kind: 'invalidClientToken' };
  const signedAt = amzDateMs(signed.amzDate);
  if (Number.isNaN(signedAt)) {
    return { kind: 'incompleteSignature', reason: `Date must be in ISO-8601 'basic format'. Got '${signed.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601` };
  }
  if (signedAt < input.realNowMs - SKEW_MS) return { kind: 'signatureExpired', amzDate: signed.amzDate, realNow: new Date(input.realNowMs) };
  if (signedAt > input.realNowMs + SKEW_MS) return { kind: 'signatureNotYetCurrent', amzDate: signed.amzDate, realNow: new Date(input.realNowMs) };
  if (signed.scope.date !== signed.amzDate.slice(0, 8)) {
    return {
      kind: 'signatureMismatch',
      detail: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${signed.scope.date}' != '${signed.amzDate.slice(0, 8)}', from '${signed.amzDate}'.`,
    };
  }
  return signatureMatches(signed, input, key.secretAccessKey) ? undefined : { kind: 'signatureMismatch' };
}

function signatureMatches(signed: SignedRequest, input: AuthenticationInput, secret: string): boolean {
  const provided = Buffer.from(signed.signature, 'utf8');
  const key = signingKey(secret, signed);
  const matches = (payloadHash: string) => {
    const expected = Buffer.from(hmacHex(key, stringToSign(signed, canonicalRequest(input.request, signed, payloadHash))), 'utf8');
    return expected.length === provided.length && timingSafeEqual(expected, provided);
  };
  if (matches(sha256Hex(input.body))) return true;
  // Presigned URLs may be signed over an unsigned payload (the S3 convention some signers apply everywhere).
  return signed.kind === 'presigned' && matches('UNSIGNED-PAYLOAD');
}

/** `20260115T100000Z`: the form AWS's skew messages print instants in. */
export function basicIso(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
