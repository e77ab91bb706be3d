import { BlockList, isIP } from 'node:net';
import type { ConditionClause } from './document.js';
import { compileArnPattern, compileStringPattern, patternOutcome, type CompiledPattern, type PatternOutcome } from './pattern.js';
import type { RequestValues } from './requestValues.js';

/**
 * Condition operators: how one `Operator: { key: values }` clause judges a request. A clause
 * holds when, for its key, the request's value matches one of the policy's values (values are
 * ORed; clauses are ANDed by the evaluator). Negated operators (`StringNotEquals`, `NotIpAddress`,
 * …) hold when no policy value matches. Set qualifiers decide how multi-valued keys are judged.
 */

/** How the operators of one family compare a policy value with a request value. */
type Compare = (policyValue: CompiledValue, requestValue: string, values: RequestValues) => boolean | 'unresolved';

interface CompiledValue {
  raw: string;
  pattern?: CompiledPattern;
  number?: number;
  time?: number;
  ip?: BlockList;
}

interface OperatorSpec {
  negated: boolean;
  compile(raw: string, variables: boolean): CompiledValue;
  compare: Compare;
}

function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Dates are ISO 8601 text or epoch seconds (aws:EpochTime), in policies and in requests. */
function timeOf(text: string): number | undefined {
  const n = numberOf(text);
  if (n !== undefined) return n * 1000;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function blockListOf(cidr: string): BlockList | undefined {
  const [address, bits, extra] = cidr.trim().split('/');
  if (extra !== undefined || !address) return undefined;
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : numberOf(bits);
  if (prefix === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

const outcome = (o: PatternOutcome) => (o === 'unresolved' ? o : o === 'match');

const stringSpec = (negated: boolean, ignoreCase: boolean, wildcards: boolean): OperatorSpec => ({
  negated,
  compile: (raw, variables) => ({ raw, pattern: compileStringPattern(raw, { variables, wildcards, ignoreCase }) }),
  compare: (p, r, values) => outcome(patternOutcome(p.pattern!, r, values)),
});

const numericSpec = (negated: boolean, test: (r: number, p: number) => boolean): OperatorSpec => ({
  negated,
  compile: (raw) => ({ raw, number: numberOf(raw) }),
  compare: (p, r) => {
    const n = numberOf(r);
    return p.number !== undefined && n !== undefined && test(n, p.number);
  },
});

const dateSpec = (negated: boolean, test: (r: number, p: number) => boolean): OperatorSpec => ({
  negated,
  compile: (raw) => ({ raw, time: timeOf(raw) }),
  compare: (p, r) => {
    const t = timeOf(r);
    return p.time !== undefined && t !== undefined && test(t, p.time);
  },
});

const arnSpec = (negated: boolean): OperatorSpec => ({
  negated,
  compile: (raw, variables) => ({ raw, pattern: compileArnPattern(raw, variables) }),
  compare: (p, r, values) => outcome(patternOutcome(p.pattern!, r, values)),
});

const ipSpec = (negated: boolean): OperatorSpec => ({
  negated,
  compile: (raw) => ({ raw, ip: blockListOf(raw) }),
  compare: (p, r) => {
    const family = isIP(r.trim());
    return p.ip !== undefined && family !== 0 && p.ip.check(r.trim(), family === 4 ? 'ipv4' : 'ipv6');
  },
});

const OPERATORS: Record<string, OperatorSpec> = {
  StringEquals: stringSpec(false, false, false),
  StringNotEquals: stringSpec(true, false, false),
  StringEqualsIgnoreCase: stringSpec(false, true, false),
  StringNotEqualsIgnoreCase: stringSpec(true, true, false),
  StringLike: stringSpec(false, false, true),
  StringNotLike: stringSpec(true, false, true),
  NumericEquals: numericSpec(false, (r, p) => r === p),
  NumericNotEquals: numericSpec(true, (r, p) => r === p),
  NumericLessThan: numericSpec(false, (r, p) => r < p),
  NumericLessThanEquals: numericSpec(false, (r, p) => r <= p),
  NumericGreaterThan: numericSpec(false, (r, p) => r > p),
  NumericGreaterThanEquals: numericSpec(false, (r, p) => r >= p),
  DateEquals: dateSpec(false, (r, p) => r === p),
  DateNotEquals: dateSpec(true, (r, p) => r === p),
  DateLessThan: dateSpec(false, (r, p) => r < p),
  DateLessThanEquals: dateSpec(false, (r, p) => r <= p),
  DateGreaterThan: dateSpec(false, (r, p) => r > p),
  DateGreaterThanEquals: dateSpec(false, (r, p) => r >= p),
  Bool: {
    negated: false,
    compile: (raw) => ({ raw }),
    compare: (p, r) => p.raw.toLowerCase() === r.toLowerCase(),
  },
  BinaryEquals: { negated: false, compile: (raw) => ({ raw }), compare: (p, r) => p.raw === r },
  IpAddress: ipSpec(false),
  NotIpAddress: ipSpec(true),
  ArnEquals: arnSpec(false),
  ArnLike: arnSpec(false),
  ArnNotEquals: arnSpec(true),
  ArnNotLike: arnSpec(true),
};

/** A clause ready to judge requests; `unknown` clauses fail closed in the evaluator. */
export interface CompiledCondition {
  clause: ConditionClause;
  /** Absent when the operator is not one linkstack knows. */
  spec?: OperatorSpec;
  values: CompiledValue[];
}

export function compileCondition(clause: ConditionClause, variables: boolean): CompiledCondition {
  if (clause.baseOperator === 'Null') return { clause, spec: undefined, values: [] };
  const spec = OPERATORS[clause.baseOperator];
  return { clause, spec, values: spec ? clause.values.map((v) => spec.compile(v, variables)) : [] };
}

export type ConditionOutcome = boolean | 'unknown';

export function evaluateCondition(c: CompiledCondition, values: RequestValues): ConditionOutcome {
  const { clause } = c;
  const present = values.list(clause.key);
  if (clause.baseOperator === 'Null') {
    const absent = present === undefined || present.length === 0;
    return clause.values.some((v) => (v.toLowerCase() === 'true' ? absent : v.toLowerCase() === 'false' ? !absent : false));
  }
  const spec = c.spec;
  if (!spec) return 'unknown';
  if (present === undefined || present.length === 0) {
    if (clause.ifExists) return true;
    // No values: "any of them matches" is false, "all of them match" is vacuously true.
    if (clause.setQualifier === 'ForAllValues') return true;
    if (clause.setQualifier === 'ForAnyValue') return false;
    // A missing key matches no policy value, so a negated operator holds.
    return spec.negated;
  }
  let unresolved = false;
  const matchesAny = (r: string) =>
    c.values.some((p) => {
      const m = spec.compare(p, r, values);
      if (m === 'unresolved') unresolved = true;
      return m === true;
    });
  // A negated operator cannot hold when a policy value names a variable without a value.
  const negatedHolds = (r: string) => !matchesAny(r) && !unresolved;
  // For negated operators a request value "matches" when it equals none of the policy's values.
  const holds = (r: string) => (spec.negated ? negatedHolds(r) : matchesAny(r));
  if (clause.setQualifier === 'ForAllValues') return present.every(holds);
  if (clause.setQualifier === 'ForAnyValue') return present.some(holds);
  // Without a qualifier the request's values are judged together: one match is enough for the
  // positive operators, and the negated ones hold only when none of them matches.
  return spec.negated ? !present.some(matchesAny) && !unresolved : present.some(matchesAny);
}
