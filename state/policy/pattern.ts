import { anchored, arnSegments, literalSource } from './wildcard.js';
import type { RequestValues } from './requestValues.js';

/**
 * Resource ARNs and condition values as compiled patterns: literal text, the `*`/`?` wildcards,
 * and (in `2012-10-17` policies) policy variables such as `${aws:username}`,
 * `${aws:PrincipalTag/team, 'none'}` and the escapes `${*}`, `${?}`, `${$}`. Substituted values
 * are literal text: a `*` in a user's tag is not a wildcard.
 */

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'variable'; key: string; fallback?: string };

interface Segment {
  tokens: Token[];
  /** Set when the segment has no variables: its regex never changes. */
  fixed?: RegExp;
}

export interface CompiledPattern {
  raw: string;
  /** Six ARN segments, or one segment for non-ARN patterns and plain strings. */
  segments: Segment[];
  arn: boolean;
  ignoreCase: boolean;
}

const VARIABLE = /^\$\{([^}]*)\}/;

function tokenize(text: string, variables: boolean, wildcards: boolean): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  const flush = () => {
    if (literal) tokens.push({ kind: 'text', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (variables && ch === '$') {
      const m = VARIABLE.exec(text.slice(i));
      if (m) {
        const body = m[1]!.trim();
        if (body === '*' || body === '?' || body === '$') literal += body;
        else {
          flush();
          const fallback = /^(.*?)\s*,\s*'(.*)'$/.exec(body);
          tokens.push(fallback ? { kind: 'variable', key: fallback[1]!, fallback: fallback[2]! } : { kind: 'variable', key: body });
        }
        i += m[0].length - 1;
        continue;
      }
    }
    if (wildcards && (ch === '*' || ch === '?')) {
      flush();
      tokens.push({ kind: ch === '*' ? 'star' : 'one' });
      continue;
    }
    literal += ch;
  }
  flush();
  return tokens;
}

/** Splits on the first five colons that are not inside `${…}`. */
function splitArnPattern(raw: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length && out.length < 5; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{') depth++;
    else if (raw[i] === '}' && depth > 0) depth--;
    else if (raw[i] === ':' && depth === 0) {
      out.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  if (out.length < 5) return [];
  out.push(raw.slice(start));
  return out;
}

function segment(text: string, variables: boolean, wildcards: boolean, ignoreCase: boolean): Segment {
  const tokens = tokenize(text, variables, wildcards);
  const s: Segment = { tokens };
  if (!tokens.some((t) => t.kind === 'variable')) s.fixed = anchored(source(tokens, undefined)!, ignoreCase);
  return s;
}

/**
 * The regex source of a segment with its variables filled in; `undefined` when one has no value
 * (with `anyForMissing`, such a variable stands for any text instead).
 */
function source(tokens: Token[], values: RequestValues | undefined, anyForMissing = false): string | undefined {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'text') out += literalSource(t.text);
    else if (t.kind === 'star') out += '.*';
    else if (t.kind === 'one') out += '.';
    else {
      const v = values?.single(t.key) ?? t.fallback;
      if (v === undefined) {
        if (!anyForMissing) return undefined;
        out += '.*';
      } else out += literalSource(v);
    }
  }
  return out;
}

export function compileArnPattern(raw: string, variables: boolean): CompiledPattern {
  const parts = raw === '*' ? [] : splitArnPattern(raw);
  if (parts.length === 0) return { raw, arn: false, ignoreCase: false, segments: [segment(raw, variables, true, false)] };
  return { raw, arn: true, ignoreCase: false, segments: parts.map((p) => segment(p, variables, true, false)) };
}

export function compileStringPattern(raw: string, options: { variables: boolean; wildcards: boolean; ignoreCase: boolean }): CompiledPattern {
  return {
    raw,
    arn: false,
    ignoreCase: options.ignoreCase,
    segments: [segment(raw, options.variables, options.wildcards, options.ignoreCase)],
  };
}

/** How a pattern compares with a value: a variable without a value leaves it undecided. */
export type PatternOutcome = 'match' | 'mismatch' | 'unresolved';

function segmentOutcome(s: Segment, value: string, values: RequestValues, ignoreCase: boolean): PatternOutcome {
  if (s.fixed) return s.fixed.test(value) ? 'match' : 'mismatch';
  const src = source(s.tokens, values);
  if (src !== undefined) return anchored(src, ignoreCase).test(value) ? 'match' : 'mismatch';
  // Undecided only if some value of the variable could match; otherwise the text around it decides.
  return anchored(source(s.tokens, values, true)!, ignoreCase).test(value) ? 'unresolved' : 'mismatch';
}

/**
 * ARN segments are compared in order, so a pattern for another partition, service, region or
 * account is a mismatch whatever its variables would have been.
 */
export function patternOutcome(p: CompiledPattern, value: string, values: RequestValues): PatternOutcome {
  if (!p.arn) return segmentOutcome(p.segments[0]!, value, values, p.ignoreCase);
  const v = arnSegments(value);
  if (v.length === 0) return 'mismatch';
  for (let i = 0; i < 6; i++) {
    const outcome = segmentOutcome(p.segments[i]!, v[i]!, values, false);
    if (outcome !== 'match') return outcome;
  }
  return 'match';
}

export function patternMatches(p: CompiledPattern, value: string, values: RequestValues): boolean {
  return patternOutcome(p, value, values) === 'match';
}
