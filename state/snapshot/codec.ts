/**
 * Snapshot codecs: each one both writes a value as JSON and reads it back, checking it, so a
 * snapshot's format is written down once per entity, next to the entity. A reading mistake is a
 * SnapshotError naming the first bad path, e.g. `accounts.000000000000.iam.roles[3].arn`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class SnapshotError extends Error {
  constructor(
    /** Where in the document, e.g. `accounts.000000000000.iam.roles[3].arn`; '' is the whole document. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'SnapshotError';
  }
}

export interface Codec<T> {
  encode: (value: T) => Json;
  decode: (value: unknown, path: string) => T;
}

/** A field that may be absent: absent on disk is undefined in memory, and the other way round. */
export interface OptionalCodec<T> extends Codec<T | undefined> {
  readonly optional: true;
}

export function fail(path: string, problem: string): never {
  throw new SnapshotError(path, problem);
}

export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function primitive<T>(what: string, test: (v: unknown) => v is T): Codec<T> {
  return {
    encode: (v) => v as Json,
    decode: (v, path) => (test(v) ? v : fail(path, `expected ${what}, found ${shown(v)}`)),
  };
}

export const str = primitive('a string', (v): v is string => typeof v === 'string');
export const bool = primitive('true or false', (v): v is boolean => typeof v === 'boolean');
export const int = primitive('an integer', (v): v is number => Number.isSafeInteger(v));
export const num = primitive('a number', (v): v is number => typeof v === 'number' && Number.isFinite(v));

/** A string that matches a pattern; `what` says what it should be. */
export function matching(pattern: RegExp, what: string): Codec<string> {
  return primitive(what, (v): v is string => typeof v === 'string' && pattern.test(v));
}

/** One of a fixed set of strings. */
export function oneOf<const T extends string>(...values: T[]): Codec<T> {
  return primitive(values.map((v) => JSON.stringify(v)).join(' or '), (v): v is T => values.includes(v as T));
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A Date, written as ISO-8601 with milliseconds (what Date#toISOString gives). */
export const instant: Codec<Date> = {
  encode: (d) => d.toISOString(),
  decode: (v, path) => {
    if (typeof v !== 'string' || !ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
      return fail(path, `expected an ISO-8601 instant such as 2026-01-15T10:00:00.000Z, found ${shown(v)}`);
    }
    return new Date(v);
  },
};

/** Epoch milliseconds in memory, an ISO-8601 instant on disk (readable, and exact to the ms). */
export const instantMs: Codec<number> = {
  encode: (ms) => new Date(ms).toISOString(),
  decode: (v, path) => instant.decode(v, path).getTime(),
};

export function optional<T>(codec: Codec<T>): OptionalCodec<T> {
  return {
    optional: true,
    encode: (v) => (v === undefined ? null : codec.encode(v)),
    decode: (v, path) => (v === undefined ? undefined : codec.decode(v, path)),
  };
}

/**
 * A field added after snapshots were first written: absent on disk reads as `fallback()`, so
 * older files still load. Always written.
 */
export function withDefault<T>(codec: Codec<T>, fallback: () => T): OptionalCodec<T> {
  return {
    optional: true,
    encode: (v) => codec.encode(v as T),
    decode: (v, path) => (v === undefined ? fallback() : codec.decode(v, path)),
  };
}

export function list<T>(codec: Codec<T>): Codec<T[]> {
  return {
    encode: (items) => items.map((x) => codec.encode(x)),
    decode: (v, path) => (Array.isArray(v) ? v.map((x, i) => codec.decode(x, child(path, i))) : fail(path, `expected an array, found ${shown(v)}`)),
  };
}

/** For members typed `readonly T[]`. */
export function readonlyList<T>(codec: Codec<T>): Codec<readonly T[]> {
  const asList = list(codec);
  return { encode: (items) => asList.encode([...items]), decode: asList.decode };
}

export function setOf<T>(codec: Codec<T>): Codec<Set<T>> {
  const asList = list(codec);
  return { encode: (s) => asList.encode([...s]), decode: (v, path) => new Set(asList.decode(v, path)) };
}

/** A Map as `[[key, value], …]`, in insertion order (JSON objects would reorder numeric keys). */
export function mapOf<K, V>(key: Codec<K>, value: Codec<V>): Codec<Map<K, V>> {
  return {
    encode: (m) => [...m].map(([k, v]) => [key.encode(k), value.encode(v)]),
    decode: (v, path) => {
      if (!Array.isArray(v)) return fail(path, `expected an array of [key, value] pairs, found ${shown(v)}`);
      const out = new Map<K, V>();
      v.forEach((pair, i) => {
        const at = child(path, i);
        if (!Array.isArray(pair) || pair.length !== 2) fail(at, `expected a [key, value] pair, found ${shown(pair)}`);
        const k = key.decode(pair[0], child(at, 0));
        if (out.has(k)) fail(child(at, 0), `the key ${shown(k)} comes twice`);
        out.set(k, value.decode(pair[1], child(at, 1)));
      });
      return out;
    },
  };
}

/** Any JSON value kept as given (settings AWS echoes back unchanged). */
export const json: Codec<unknown> = {
  encode: (v) => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json)),
  decode: (v) => structuredClone(v),
};

/** A JSON object of any members (a settings bag). */
export const jsonObject: Codec<Record<string, unknown>> = {
  encode: (v) => json.encode(v),
  decode: (v, path) => (isPlainObject(v) ? structuredClone(v) : fail(path, `expected an object, found ${shown(v)}`)),
};

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Out<C> = C extends Codec<infer T> ? T : never;
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type ObjectOf<F> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Out<F[K]> } & { [K in OptionalKeys<F>]?: Out<F[K]> };
type Simplify<T> = { [K in keyof T]: T[K] };

/**
 * An object with exactly these members: a missing required member or an unknown one is an error
 * (a misspelt key in a hand-edited file must not be dropped silently). Members are written in
 * the order given; optional members that are undefined are left out.
 */
export function object<F extends Record<string, Codec<any>>>(fields: F): Codec<Simplify<ObjectOf<F>>> {
  const names = Object.keys(fields);
  return {
    encode: (value) => {
      const out: Record<string, Json> = {};
      for (const name of names) {
        const v = (value as Record<string, unknown>)[name];
        if (v === undefined && (fields[name] as Partial<OptionalCodec<unknown>>).optional) continue;
        out[name] = fields[name]!.encode(v);
      }
      return out;
    },
    decode: (v, path) => {
      if (!isPlainObject(v)) return fail(path, `expected an object, found ${shown(v)}`);
      for (const key of Object.keys(v)) {
        if (!(key in fields)) fail(child(path, key), `unknown member (expected ${names.join(', ')})`);
      }
      const out: Record<string, unknown> = {};
      for (const name of names) {
        const codec = fields[name]! as Codec<unknown> & Partial<OptionalCodec<unknown>>;
        if (v[name] === undefined && !codec.optional) fail(child(path, name), 'missing');
        const decoded = codec.decode(v[name], child(path, name));
        if (decoded !== undefined) out[name] = decoded;
      }
      return out as Simplify<ObjectOf<F>>;
    },
  };
}

/** A codec whose decoded value must also pass `check` (a problem text, or undefined when fine). */
export function refine<T>(codec: Codec<T>, check: (value: T) => string | undefined): Codec<T> {
  return {
    encode: codec.encode,
    decode: (v, path) => {
      const value = codec.decode(v, path);
      const problem = check(value);
      return problem === undefined ? value : fail(path, problem);
    },
  };
}

/**
 * A JSON object whose keys are names (accounts by id, regions by name). `keyPattern` checks
 * each key. Registries with their own state use this for the parts they hold.
 */
export function readRecord(v: unknown, path: string, keyPattern: RegExp, what: string): [string, unknown, string][] {
  if (v === undefined) return [];
  if (!isPlainObject(v)) return fail(path, `expected an object, found ${shown(v)}`);
  return Object.entries(v).map(([key, value]) => {
    if (!keyPattern.test(key)) fail(child(path, key), `expected ${what} as the key`);
    return [key, value, child(path, key)];
  });
}

/**
 * The members of a composite state object (IamState, Account, …): unknown members are errors;
 * an absent member is undefined, which each part reads as empty, so snapshots written before
 * a registry existed still load.
 */
export function readParts<K extends string>(v: unknown, path: string, parts: readonly K[]): Partial<Record<K, unknown>> {
  if (v === undefined) return {};
  if (!isPlainObject(v)) return fail(path, `expected an object, found ${shown(v)}`);
  for (const key of Object.keys(v)) {
    if (!(parts as readonly string[]).includes(key)) fail(child(path, key), `unknown member (expected ${parts.join(', ')})`);
  }
  return v as Partial<Record<K, unknown>>;
}

/** Reads a registry's entity list: absent is empty. */
export function readList<T>(codec: Codec<T>, v: unknown, path: string): T[] {
  return v === undefined ? [] : list(codec).decode(v, path);
}
