/**
 * The condition keys of one request (`aws:username`, `iam:AWSServiceName`,
 * `aws:ResourceTag/team`, …). Key names compare without regard to case, as in IAM; a value is
 * either single (a string) or multi-valued (a list, as for `aws:TagKeys`).
 */
export class RequestValues {
  private readonly values = new Map<string, string | string[]>();

  constructor(entries?: Record<string, string | string[] | undefined>) {
    if (entries) for (const [k, v] of Object.entries(entries)) if (v !== undefined) this.set(k, v);
  }

  set(key: string, value: string | string[]): this {
    this.values.set(key.toLowerCase(), value);
    return this;
  }

  has(key: string): boolean {
    return this.values.has(key.toLowerCase());
  }

  get(key: string): string | string[] | undefined {
    return this.values.get(key.toLowerCase());
  }

  /** The value as a list (a single value is a list of one). */
  list(key: string): string[] | undefined {
    const v = this.values.get(key.toLowerCase());
    return v === undefined ? undefined : Array.isArray(v) ? v : [v];
  }

  /** A single value, as policy variables need; multi-valued keys cannot be substituted. */
  single(key: string): string | undefined {
    const v = this.values.get(key.toLowerCase());
    return typeof v === 'string' ? v : undefined;
  }
}
