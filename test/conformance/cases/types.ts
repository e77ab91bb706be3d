import type { Conformance, Vars } from '../harness.js';

/**
 * One operation's conformance case: the state it needs (made through the SDK), a valid input,
 * and an input that drives it into an error its model declares. Inputs may read what the setup
 * returned.
 */
export interface Case {
  setup?: (c: Conformance) => Promise<Vars | void>;
  input: Vars | ((v: Vars) => Vars);
  /** Absent only with `noError`: why no request can reach a declared error. */
  error?: Vars | ((v: Vars) => Vars);
  noError?: string;
  /** More valid inputs (same setup) whose answers must conform too, by what they show. */
  also?: Record<string, { input: Vars | ((v: Vars) => Vars); deviations?: { allowed: RegExp[]; why: string } }>;
  /** The region the clients sign with (default us-east-1). */
  region?: string;
}

export type Cases = Record<string, Case>;

export const resolveInput = (input: Case['input'], vars: Vars): Vars => (typeof input === 'function' ? input(vars) : input);
