import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fail, int, list, object, str, type Codec } from './snapshot/codec.js';

/**
 * Where ids come from. By default from the operating system's random source; with an id seed
 * (LINKSTACK_ID_SEED) from a seeded generator, so the same requests in the same order make the
 * same ids on every run (a replayed story and its transcript come out identical).
 */
export interface IdSource {
  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string;
  uuid(): string;
  /** Its state for a snapshot (a seeded source continues where it stopped), or undefined. */
  toSnapshot(): SeededIdState | undefined;
}

export interface SeededIdState {
  seed: string;
  /** xoshiro128** state words. */
  state: number[];
}

export const randomIds: IdSource = {
  chars(alphabet, n) {
    // Rejection sampling keeps every character equally likely.
    const limit = 256 - (256 % alphabet.length);
    let out = '';
    while (out.length < n) {
      for (const b of randomBytes(n * 2)) {
        if (b < limit && out.length < n) out += alphabet[b % alphabet.length];
      }
    }
    return out;
  },
  uuid: () => randomUUID(),
  toSnapshot: () => undefined,
};

/** xoshiro128**: small, fast and good enough for ids; seeded from SHA-256 of the seed text. */
export class SeededIds implements IdSource {
  private readonly s: Uint32Array;

  constructor(
    readonly seed: string,
    state?: readonly number[],
  ) {
    if (state) this.s = Uint32Array.from(state);
    else {
      const digest = createHash('sha256').update(seed).digest();
      this.s = new Uint32Array([digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)]);
      if (this.s.every((w) => w === 0)) this.s[0] = 1;
    }
  }

  private next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.next() % alphabet.length];
    return out;
  }

  uuid(): string {
    const hex = this.chars('0123456789abcdef', 32).split('');
    hex[12] = '4';
    hex[16] = '89ab'[parseInt(hex[16]!, 16) % 4]!;
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  toSnapshot(): SeededIdState {
    return { seed: this.seed, state: [...this.s] };
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export const seededIdStateCodec: Codec<SeededIdState> = object({
  seed: str,
  state: {
    encode: (words) => words,
    decode: (v, path) => {
      const words = list(int).decode(v, path);
      if (words.length !== 4 || words.some((w) => w < 0 || w > 0xffffffff) || words.every((w) => w === 0)) {
        fail(path, 'expected four unsigned 32-bit integers, not all 0');
      }
      return words;
    },
  },
});

/**
 * The source the domain draws from while one synchronous domain call runs. The edge sets the
 * store's source around each call (`withIds`) and puts the previous one back, so nothing leaks
 * between servers sharing a process: domain calls are synchronous and cannot interleave.
 */
let current: IdSource = randomIds;

export function withIds<T>(source: IdSource, run: () => T): T {
  const previous = current;
  current = source;
  try {
    return run();
  } finally {
    current = previous;
  }
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_HEX = '0123456789abcdef';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * IAM unique ids: a four-letter prefix that says what the entity is (AROA role, AIDA user,
 * ANPA managed policy, AKIA access key, ASIA temporary key, AGPA group) and 17 characters.
 */
export type IamIdPrefix = 'AROA' | 'AIDA' | 'ANPA' | 'AKIA' | 'ASIA' | 'AGPA' | 'AIPA';

export function iamUniqueId(prefix: IamIdPrefix): string {
  return prefix + current.chars(UPPER_ALNUM, 17);
}

/** The 40-character secret of an access key. */
export function secretAccessKey(): string {
  return current.chars(SECRET_CHARS, 40);
}

/** ECS ids of the long-ARN era: 32 lower-case hex characters, no hyphens. */
export function ecsId(): string {
  return current.chars(LOWER_HEX, 32);
}

/** `n` decimal digits, the first not 0. */
export function digits(n: number): string {
  return current.chars('123456789', 1) + current.chars('0123456789', n - 1);
}

export function uuid(): string {
  return current.uuid();
}

/** `n` upper- and lower-case letters and digits. */
export function alphanumeric(n: number): string {
  return current.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n);
}
