/**
 * The request log: a bounded ring of the most recent AWS requests, for the dashboard and for
 * people working out why a test failed against linkstack. Appending is the only cost on the hot
 * path (one compacted input, one array write); everything else happens when someone reads it.
 */

/** One IAM decision taken while serving a request (enforcement, or a call made on its behalf). */
export interface DecisionRecord {
  action: string;
  resource: string;
  /** `allowed`, `explicitDeny` or `implicitDeny`; `soft` mode records would-be denials too. */
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** Whether the request was let through anyway (soft mode, or a denial strict mode enforced). */
  enforced: boolean;
  /** The kind of policy that decided a denial: identity-based policy, permissions boundary, … */
  decidedBy?: string;
  /** The statements that decided: denying ones for a denial, allowing ones for an allow. */
  statements: { policy: string; policyType: string; statementIndex: number; effect: 'Allow' | 'Deny' }[];
  /** AWS's AccessDenied text for a denial. */
  message?: string;
}

export interface RequestRecord {
  /** Sequence number, from 1, never reused while the server runs: `since` filters by it. */
  seq: number;
  requestId: string;
  /** Wall-clock time the request arrived, ISO-8601. */
  time: string;
  /** The emulated clock's instant when the request was served, ISO-8601. */
  emulatedTime: string;
  account?: string;
  region?: string;
  callerArn?: string;
  service?: string;
  operation?: string;
  /** The decoded input, compacted: long strings cut, secrets replaced by `***`. */
  input?: unknown;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  durationMs: number;
  /** Present when IAM enforcement evaluated the request (soft or strict mode, a non-root caller). */
  decisions?: DecisionRecord[];
}

/** What the edge fills in while it serves one request. */
export interface RequestTrace {
  /** performance.now() at arrival, for the duration. */
  startedAt: number;
  /** Date.now() at arrival. */
  arrivedAt: number;
  service?: string;
  operation?: string;
  account?: string;
  region?: string;
  callerArn?: string;
  input?: unknown;
  decisions?: DecisionRecord[];
}

export interface RequestFilter {
  service?: string;
  operation?: string;
  status?: number;
  /** Only refusals (HTTP status ≥ 400). */
  errors?: boolean;
  /** Only records with a larger `seq`. */
  since?: number;
  account?: string;
  limit?: number;
}

type Listener = (record: RequestRecord) => void;

/**
 * What `append` takes: the record with its two instants as epoch milliseconds. The ISO texts
 * are written when someone reads the log, not on every request.
 */
export type RecordedRequest = Omit<RequestRecord, 'seq' | 'time' | 'emulatedTime'> & { arrivedAtMs: number; emulatedMs: number };

/** A request as appended, until its first read turns it into the record (and forgets it). */
interface Stored {
  seq: number;
  request?: RecordedRequest;
  record?: RequestRecord;
}

function materialize(stored: Stored): RequestRecord {
  if (stored.record) return stored.record;
  const { arrivedAtMs, emulatedMs, ...rest } = stored.request!;
  stored.record = { seq: stored.seq, ...rest, time: new Date(arrivedAtMs).toISOString(), emulatedTime: new Date(emulatedMs).toISOString() } as RequestRecord;
  stored.request = undefined;
  return stored.record;
}

export class RequestLog {
  private readonly ring: (Stored | undefined)[];
  private next = 0;
  private seq = 0;
  private readonly listeners = new Set<Listener>();

  constructor(readonly capacity: number) {
    this.ring = new Array(Math.max(0, capacity));
  }

  get enabled(): boolean {
    return this.capacity > 0;
  }

  append(request: RecordedRequest): void {
    if (this.capacity === 0) return;
    const stored: Stored = { seq: ++this.seq, request };
    this.ring[this.next] = stored;
    this.next = (this.next + 1) % this.capacity;
    if (this.listeners.size === 0) return;
    const record = materialize(stored);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // A broken listener (a closed stream) must not fail the request it records.
      }
    }
  }

  /** Oldest first. */
  records(filter: RequestFilter = {}): RequestRecord[] {
    const out: RequestRecord[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const stored = this.ring[(this.next + i) % this.capacity];
      if (!stored) continue;
      const r = materialize(stored);
      if (matches(r, filter)) out.push(r);
    }
    return filter.limit !== undefined && out.length > filter.limit ? out.slice(out.length - filter.limit) : out;
  }

  /** Forget every record (a reset of the whole server); sequence numbers go on. */
  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}

export function matches(r: RequestRecord, f: RequestFilter): boolean {
  if (f.since !== undefined && r.seq <= f.since) return false;
  if (f.service !== undefined && r.service !== f.service) return false;
  if (f.operation !== undefined && r.operation !== f.operation) return false;
  if (f.status !== undefined && r.status !== f.status) return false;
  if (f.errors && r.status < 400) return false;
  if (f.account !== undefined && r.account !== f.account) return false;
  return true;
}

const SECRET = /secret|password|token|privatekey|credentials/i;
const MAX_STRING = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 5;

/**
 * A small copy of a decoded input for the log: secrets (`SecretAccessKey`, `SessionToken`,
 * `WebIdentityToken`, passwords) become `***`, strings longer than 200 characters are cut,
 * lists keep their first 20 members and nesting stops at depth 5, so no record can hold on to a
 * large request body.
 */
export function compactInput(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => compactInput(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key in value as Record<string, unknown>) {
    if (++n > MAX_ITEMS * 2) {
      out['…'] = 'more members';
      break;
    }
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = SECRET.test(key) && v !== null && typeof v !== 'boolean' ? '***' : compactInput(v, depth + 1);
  }
  return out;
}
