import type { Store } from '../state/store.js';
import type { Principal } from './operation.js';

export interface SignedScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/;

/** Reads the access key, region and service from a SigV4 Authorization header. */
export function parseSignedScope(authorization: string | undefined): SignedScope | undefined {
  if (!authorization) return undefined;
  const m = CREDENTIAL.exec(authorization);
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The caller: a 12-digit access key id is the root of that account; any other key (including
 * the customary `test`) is the root of the default account.
 */
export function resolvePrincipal(store: Store, accessKeyId: string | undefined): Principal {
  const accountId = accessKeyId && ACCOUNT_ID.test(accessKeyId) ? accessKeyId : store.defaultAccountId;
  return { kind: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: accessKeyId ?? '' };
}
