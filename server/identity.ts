import { iamArn } from '../state/arns.js';
import type { Store } from '../state/store.js';
import type { AssumedRolePrincipal, Principal, UserPrincipal } from './operation.js';

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

/** Who signed a request, and whether linkstack knows the key (strict mode refuses unknown ones). */
export interface Caller {
  principal: Principal;
  /** False for keys linkstack never issued (and inactive ones): they act as the default account's root. */
  known: boolean;
  /** Set for temporary credentials past their expiration. */
  expired: boolean;
}

function root(accountId: string, accessKeyId: string): Principal {
  return { kind: 'root', accountId, arn: iamArn.root(accountId), userId: accountId, accessKeyId };
}

/**
 * The caller: `test` (or no signature) is the root of the default account and a 12-digit key id
 * the root of that account; AKIA… keys from CreateAccessKey act as their user and ASIA… keys
 * from AssumeRole as the assumed role. Any other key is the default account's root, marked
 * unknown. Keys are looked up in the accounts that exist (a handful), never by scanning state.
 */
export function resolveCaller(store: Store, accessKeyId: string | undefined, now: Date): Caller {
  if (accessKeyId === undefined || accessKeyId === 'test') {
    return { principal: root(store.defaultAccountId, accessKeyId ?? ''), known: true, expired: false };
  }
  if (ACCOUNT_ID.test(accessKeyId)) return { principal: root(accessKeyId, accessKeyId), known: true, expired: false };
  for (const account of store.accounts.values()) {
    const key = account.iam.accessKeys.find(accessKeyId);
    if (key) {
      const user = account.iam.users.find(key.userName);
      if (!user || key.status !== 'Active') break;
      const principal: UserPrincipal = {
        kind: 'user',
        accountId: account.id,
        arn: user.arn,
        userId: user.userId,
        accessKeyId,
        userName: user.userName,
      };
      return { principal, known: true, expired: false };
    }
    const session = account.iam.temporaryCredentials.find(accessKeyId);
    if (session) {
      const principal: AssumedRolePrincipal = {
        kind: 'assumed-role',
        accountId: account.id,
        arn: session.assumedRoleArn,
        userId: session.assumedRoleId,
        accessKeyId,
        roleName: session.roleName,
        roleArn: session.roleArn,
        sessionName: session.sessionName,
        issuedAt: session.issuedAt,
        expiration: session.expiration,
      };
      return { principal, known: true, expired: session.expiration.getTime() <= now.getTime() };
    }
  }
  return { principal: root(store.defaultAccountId, accessKeyId), known: false, expired: false };
}

/** The caller's principal, whatever the key (see resolveCaller). */
export function resolvePrincipal(store: Store, accessKeyId: string | undefined, now = store.clock.now()): Principal {
  return resolveCaller(store, accessKeyId, now).principal;
}
