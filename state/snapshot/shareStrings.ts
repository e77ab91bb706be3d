/**
 * Makes equal strings in a parsed document one string, in place. JSON.parse gives every string
 * value its own copy, so 10,000 roles with the same trust policy, or 10,000 tasks naming the
 * same cluster and task definition, would each keep theirs for as long as the state lives.
 * Object keys need nothing: V8 shares those already.
 */
export function shareRepeatedStrings(document: unknown): void {
  const pool = new Map<string, string>();
  const share = (s: string): string => {
    const seen = pool.get(s);
    if (seen !== undefined) return seen;
    pool.set(s, s);
    return s;
  };
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string') value[i] = share(item);
        else if (typeof item === 'object' && item !== null) pending.push(item);
      }
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const member = record[key];
        if (typeof member === 'string') record[key] = share(member);
        else if (typeof member === 'object' && member !== null) pending.push(member);
      }
    }
  }
}
