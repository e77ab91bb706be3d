import { iamArn } from '../state/arns.js';
import type { Store } from '../state/store.js';
import type { AssumedRolePrincipal, Principal, UserPrincipal } from './operation.js';
import type { KeyMaterial } from './sigv4/authenticate.js';

const ACCOUNT_ID = /^\d{12}$/;

/** Who signed a request, and whether linkstack knows the key (strict mode refuses unknown ones). */
export interface Caller {
  principal: Principal;
  /** Set for temporary credentials past their expiration. */
  expired: boolean;
  /** The secret (and session token) the request must be signed with; undefined for unknown keys. */
  key: KeyMaterial | undefined;
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
export function resolveCaller(store: Store, accessKeyId: string | undefined, now: Date, rootSecret = 'test'): Caller {
  const rootKey: KeyMaterial = { secretAccessKey: rootSecret, ignoresSessionToken: true };
  if (accessKeyId === undefined || accessKeyId === 'test') {
    return { principal: root(store.defaultAccountId, accessKeyId ?? ''), expired: false, key: rootKey };
  }
  if (ACCOUNT_ID.test(accessKeyId)) return { principal: root(accessKeyId, accessKeyId), expired: false, key: rootKey };
  for (const account of store.accounts.values()) {
    const key = account.iam.accessKeys.find(accessKeyId);
    if (key) {
      if (key.userName === undefined) {
        // The account root's own key (CreateAccessKey by the root without UserName).
        if (key.status !== 'Active') break;
        return { principal: root(account.id, accessKeyId), expired: false, key: { secretAccessKey: key.secretAccessKey } };
      }
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
      return { principal, expired: false, key: { secretAccessKey: key.secretAccessKey } };
    }
    const session = account.iam.temporaryCredentials.find(accessKeyId);
    // Past their retention, expired credentials are forgotten (swept later): unknown from now on.
    if (session && session.expiration.getTime() + store.retention.credentialsMs >= now.getTime()) {
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
      const key = { secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken };
      return { principal, expired: session.expiration.getTime() <= now.getTime(), key };
    }
  }
  return { principal: root(store.defaultAccountId, accessKeyId), expired: false, key: undefined };
}

/** The caller's principal, whatever the key (see resolveCaller). */
export function resolvePrincipal(store: Store, accessKeyId: string | undefined, now = store.clock.now()): Principal {
  return resolveCaller(store, accessKeyId, now).principal;
}
