import { customAlphabet } from 'nanoid';
import { randomUUID } from 'node:crypto';

const upperAlnum = customAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 17);
const lowerHex = customAlphabet('0123456789abcdef', 32);
const secretChars = customAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40);

/**
 * IAM unique ids: a four-letter prefix that says what the entity is (AROA role, AIDA user,
 * ANPA managed policy, AKIA access key, ASIA temporary key, AGPA group) and 17 characters.
 */
export type IamIdPrefix = 'AROA' | 'AIDA' | 'ANPA' | 'AKIA' | 'ASIA' | 'AGPA' | 'AIPA';

export function iamUniqueId(prefix: IamIdPrefix): string {
  return prefix + upperAlnum();
}

/** The 40-character secret of an access key. */
export function secretAccessKey(): string {
  return secretChars();
}

/** ECS ids of the long-ARN era: 32 lower-case hex characters, no hyphens. */
export function ecsId(): string {
  return lowerHex();
}

export function uuid(): string {
  return randomUUID();
}
