/**
 * The condition keys of one request (`aws:username`, `iam:AWSServiceName`,
 * `aws:ResourceTag/team`, …). Key names compare without regard to case, as in IAM; a value is
 * either single (a string) or multi-valued (a list, as for `aws:TagKeys`).
 */
export class RequestValues {
  private readonly values = new Map<string, string | string[]>();

  /**
   * `lookup` answers keys that were not set, by lower-cased name: the enforcement step uses it
   * to compute global keys only when a policy asks about them.
   */
  constructor(
    entries?: Record<string, string | string[] | undefined>,
    private readonly lookup?: (lowerCaseKey: string) => string | string[] | undefined,
  ) {
    if (entries) for (const [k, v] of Object.entries(entries)) if (v !== undefined) this.set(k, v);
  }

  set(key: string, value: string | string[]): this {
    this.values.set(key.toLowerCase(), value);
    return this;
  }

  get(key: string): string | string[] | undefined {
    const lower = key.toLowerCase();
    const v = this.values.get(lower);
    return v !== undefined || !this.lookup ? v : this.lookup(lower);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The value as a list (a single value is a list of one). */
  list(key: string): string[] | undefined {
    const v = this.get(key);
    return v === undefined ? undefined : Array.isArray(v) ? v : [v];
  }

  /** A single value, as policy variables need; multi-valued keys cannot be substituted. */
  single(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }
}
