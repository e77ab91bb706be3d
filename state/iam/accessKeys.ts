import { iamUniqueId, secretAccessKey } from '../ids.js';
import { iamErrors } from './errors.js';
import type { User } from './users.js';

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
