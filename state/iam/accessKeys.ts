import { iamUniqueId, secretAccessKey } from '../ids.js';
import { iamErrors } from './errors.js';
import type { User } from './users.js';
import { child, fail, instant, list, object, oneOf, optional, readList, str, type Codec, type Json } from '../snapshot/codec.js';

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** The owning user's name as given (keys of deleted users go with them); absent for the root's keys. */
  userName?: string;
  status: AccessKeyStatus;
  createDate: Date;
  lastUsed?: { date: Date; region: string; serviceName: string };
}

/** Secrets included: a restored server must accept the signatures it accepted before. */
export const accessKeyCodec: Codec<AccessKey> = object({
  accessKeyId: str,
  secretAccessKey: str,
  userName: optional(str),
  status: oneOf('Active', 'Inactive'),
  createDate: instant,
  lastUsed: optional(object({ date: instant, region: str, serviceName: str })),
});

/** AWS's quota: two access keys per user. */
export const MAX_ACCESS_KEYS_PER_USER = 2;

/** The long-term (AKIA…) access keys of one account's users. */
export class AccessKeyRegistry {
  private readonly keys = new Map<string, AccessKey>();

  find(accessKeyId: string): AccessKey | undefined {
    return this.keys.get(accessKeyId);
  }

  /** The user's keys (the account root's, for `undefined`), oldest first. */
  ofUser(userName: string | undefined): AccessKey[] {
    const lower = userName?.toLowerCase();
    return [...this.keys.values()].filter((k) => k.userName?.toLowerCase() === lower);
  }

  toSnapshot(): Json {
    return list(accessKeyCodec).encode([...this.keys.values()]);
  }

  /** `userExists` checks that each key's user is restored too. */
  restore(value: unknown, path: string, userExists: (userName: string) => boolean): void {
    readList(accessKeyCodec, value, path).forEach((key, i) => {
      const at = child(path, i);
      if (this.keys.has(key.accessKeyId)) fail(child(at, 'accessKeyId'), `the key ${key.accessKeyId} comes earlier in the list`);
      if (key.userName !== undefined && !userExists(key.userName)) fail(child(at, 'userName'), `no user named ${key.userName}`);
      this.keys.set(key.accessKeyId, key);
    });
  }

  /** A new key for the user, or for the account root when `user` is undefined (same quota of two). */
  create(user: User | undefined, now: Date): AccessKey {
    if (this.ofUser(user?.userName).length >= MAX_ACCESS_KEYS_PER_USER) {
      throw iamErrors.quotaExceeded('AccessKeysPerUser', MAX_ACCESS_KEYS_PER_USER);
    }
    const key: AccessKey = {
      accessKeyId: iamUniqueId('AKIA'),
      secretAccessKey: secretAccessKey(),
      userName: user?.userName,
      status: 'Active',
      createDate: now,
    };
    this.keys.set(key.accessKeyId, key);
    return key;
  }

  /** The key, if it belongs to the user (or root); AWS answers a key of someone else as not found. */
  private ofUserById(user: User | undefined, accessKeyId: string): AccessKey {
    const key = this.keys.get(accessKeyId);
    if (!key || key.userName?.toLowerCase() !== user?.userName.toLowerCase()) {
      throw iamErrors.accessKeyNotFound(accessKeyId);
    }
    return key;
  }

  delete(user: User | undefined, accessKeyId: string): void {
    this.ofUserById(user, accessKeyId);
    this.keys.delete(accessKeyId);
  }

  setStatus(user: User | undefined, accessKeyId: string, status: AccessKeyStatus): void {
    this.ofUserById(user, accessKeyId).status = status;
  }

  recordUse(accessKeyId: string, now: Date, region: string, serviceName: string): void {
    const key = this.keys.get(accessKeyId);
    if (key) key.lastUsed = { date: now, region, serviceName };
  }
}
