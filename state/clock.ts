/**
 * The emulator's only source of time. There are no timers: everything that changes with time
 * (deletion tasks, draining services, sessions) is computed from `now()`, so tests can freeze
 * the clock and move it by hand.
 */
export class Clock {
  private frozenAt: number | undefined;
  /** Added to the real time when running; lets `advance` work on an unfrozen clock too. */
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Freeze at the given instant, or at the current one. */
  freeze(at?: Date): void {
    this.frozenAt = at ? at.getTime() : this.nowMs();
  }

  /** Continue from the current (possibly frozen) instant in real time. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = undefined;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance takes a non-negative number of milliseconds');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
}
