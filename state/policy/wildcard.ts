/**
 * IAM's two wildcards: `*` (any run of characters, possibly empty) and `?` (one character).
 * Actions compare without regard to case; ARNs and condition strings with it. An ARN pattern is
 * matched segment by segment (partition, service, region, account), so `*` in the region never
 * eats into the account; the resource part, which may hold colons of its own, is matched whole.
 */

const compiled = new Map<string, RegExp>();
const MAX_CACHED = 5000;

function escapeRegExp(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** The regular expression source for a glob: `*` and `?` are wild, everything else literal. */
export function globSource(pattern: string): string {
  let out = '';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += escapeRegExp(ch);
  }
  return out;
}

export function literalSource(text: string): string {
  return escapeRegExp(text);
}

/** A cached anchored regular expression for a source built by globSource/literalSource. */
export function anchored(source: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i:' : 's:') + source;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    compiled.set(key, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return anchored(globSource(pattern), ignoreCase).test(value);
}

/** `service:Action` patterns, as in Action/NotAction. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/** Splits an ARN into its six parts; the last keeps any further colons. */
export function arnSegments(arn: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return [];
    out.push(arn.slice(start, colon));
    start = colon + 1;
  }
  out.push(arn.slice(start));
  return out;
}

/** Resource / ArnLike matching, case-sensitive and segment by segment. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = arnSegments(pattern);
  const v = arnSegments(arn);
  if (p.length === 0 || v.length === 0) return globMatch(pattern, arn);
  for (let i = 0; i < 6; i++) if (!globMatch(p[i]!, v[i]!)) return false;
  return true;
}
