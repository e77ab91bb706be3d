/**
 * Values flowing through a scenario: `${name}` references to saved values, dotted paths into
 * answers, and the partial matching of expectations with a precise list of differences.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const REFERENCE = /\$\{([A-Za-z_][\w.]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][\w.]*)\}$/;

/** Names referenced anywhere inside a value (strings, nested objects and arrays). */
export function referencesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(REFERENCE)) into.add(rootName(m[1]!));
  } else if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) referencesIn(v, into);
  }
  return into;
}

/** `${cluster.clusterArn}` reads into a saved object; the saved name is the first segment. */
function rootName(ref: string): string {
  return ref.split('.')[0]!;
}

export class UnknownReferenceError extends Error {
  constructor(readonly reference: string) {
    super(`\${${reference}} is not a saved value`);
  }
}

/**
 * Replaces references with saved values. A string that is exactly one reference takes the
 * saved value's own type (a number stays a number); inside longer text it is stringified.
 */
export function interpolate(value: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return lookup(whole[1]!, vars);
    return value.replace(REFERENCE, (_m, ref: string) => {
      const v = lookup(ref, vars);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars)]));
  }
  return value;
}

function lookup(ref: string, vars: ReadonlyMap<string, unknown>): unknown {
  const [name, ...rest] = ref.split('.');
  if (!vars.has(name!)) throw new UnknownReferenceError(ref);
  const v = rest.length ? readPath(vars.get(name!), rest.join('.')) : vars.get(name!);
  if (v === undefined) throw new UnknownReferenceError(ref);
  return v;
}

/** `a.b[0].c` or `a.b.0.c` */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const piece of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!m) throw new Error(`bad path segment '${piece}'`);
    if (m[1]) parts.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) parts.push(Number(idx[1]));
  }
  return parts;
}

export function isValidPath(path: string): boolean {
  if (path === '') return false;
  try {
    return parsePath(path).length > 0;
  } catch {
    return false;
  }
}

export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of parsePath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** SDK answers as plain JSON: Dates become ISO strings, `$metadata` goes, binary becomes base64. */
export function plain(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map((v) => plain(v) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '$metadata') continue;
      const p = plain(v);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** Operators an expectation object may use instead of a literal. */
export const MATCH_OPERATORS = ['$match', '$absent', '$length', '$contains'] as const;

/** A problem with an expectation itself, found before anything runs. */
export function checkExpectation(expected: unknown, at = ''): string | undefined {
  if (Array.isArray(expected)) {
    for (let i = 0; i < expected.length; i++) {
      const p = checkExpectation(expected[i], `${at}[${i}]`);
      if (p) return p;
    }
    return undefined;
  }
  if (!expected || typeof expected !== 'object') return undefined;
  const entries = Object.entries(expected);
  const ops = entries.filter(([k]) => k.startsWith('$'));
  if (ops.length > 0) {
    if (ops.length !== entries.length) return `${at || 'the value'} mixes $operators with plain keys`;
    for (const [op, arg] of ops) {
      const here = at ? `${at}.${op}` : op;
      if (!(MATCH_OPERATORS as readonly string[]).includes(op)) return `${here} is not an operator (use ${MATCH_OPERATORS.join(', ')})`;
      if (op === '$match') {
        if (typeof arg !== 'string') return `${here} takes a regular expression string`;
        try {
          new RegExp(arg);
        } catch (e) {
          return `${here}: ${(e as Error).message}`;
        }
      }
      if (op === '$absent' && typeof arg !== 'boolean') return `${here} takes true or false`;
      if (op === '$length' && !(Number.isInteger(arg) && (arg as number) >= 0)) return `${here} takes a non-negative integer`;
      if (op === '$contains') {
        if (!Array.isArray(arg)) return `${here} takes an array`;
        const p = checkExpectation(arg, here);
        if (p) return p;
      }
    }
    return undefined;
  }
  for (const [k, v] of entries) {
    const p = checkExpectation(v, at ? `${at}.${k}` : k);
    if (p) return p;
  }
  return undefined;
}

export interface Mismatch {
  path: string;
  expected: string;
  actual: string;
}

export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/**
 * Partial match: objects need only the expected keys, arrays match element by element and must
 * have the same length (use `$contains` when order or extra elements should not matter).
 */
export function compare(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  const where = path || '(answer)';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path: where, expected: `an array of ${expected.length}`, actual: show(actual) }];
    if (expected.length !== actual.length) {
      return [{ path: where, expected: `${expected.length} elements ${show(expected)}`, actual: `${actual.length} elements ${show(actual)}` }];
    }
    return expected.flatMap((e, i) => compare(e, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    const entries = Object.entries(expected);
    if (entries.length > 0 && entries.every(([k]) => k.startsWith('$'))) return entries.flatMap(([op, arg]) => applyOperator(op, arg, actual, where));
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path: where, expected: 'an object', actual: show(actual) }];
    return entries.flatMap(([k, v]) => compare(v, (actual as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return expected === actual ? [] : [{ path: where, expected: show(expected), actual: show(actual) }];
}

function applyOperator(op: string, arg: unknown, actual: unknown, where: string): Mismatch[] {
  switch (op) {
    case '$match':
      return typeof actual === 'string' && new RegExp(arg as string).test(actual)
        ? []
        : [{ path: where, expected: `text matching /${arg as string}/`, actual: show(actual) }];
    case '$absent':
      return (actual === undefined) === arg ? [] : [{ path: where, expected: arg ? 'nothing' : 'a value', actual: show(actual) }];
    case '$length': {
      const len = Array.isArray(actual) || typeof actual === 'string' ? actual.length : undefined;
      return len === arg ? [] : [{ path: where, expected: `length ${String(arg)}`, actual: len === undefined ? show(actual) : `length ${len}: ${show(actual)}` }];
    }
    case '$contains': {
      if (!Array.isArray(actual)) return [{ path: where, expected: 'an array', actual: show(actual) }];
      const unused = new Set(actual.keys());
      const missing: Mismatch[] = [];
      for (const wanted of arg as unknown[]) {
        const hit = [...unused].find((i) => compare(wanted, actual[i]).length === 0);
        if (hit === undefined) missing.push({ path: where, expected: `an element like ${show(wanted)}`, actual: show(actual) });
        else unused.delete(hit);
      }
      return missing;
    }
    default:
      return [{ path: where, expected: `a known operator, not ${op}`, actual: show(actual) }];
  }
}
