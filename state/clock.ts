import { bool, instant, int, object, optional, type Codec } from './snapshot/codec.js';

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

  /** What a snapshot keeps: the instant, and for a running clock its lead on real time. */
  toSnapshot(): ClockState {
    return this.frozenAt !== undefined
      ? { now: new Date(this.frozenAt), frozen: true }
      : { now: this.now(), frozen: false, offsetMs: this.offsetMs };
  }

  /**
   * A frozen clock freezes again at its instant. A running one runs on in real time, keeping
   * its lead on real time; it never goes back before the saved instant (if the machine's clock
   * did, emulated time continues from where it was).
   */
  restore(state: ClockState): void {
    if (state.frozen) {
      this.frozenAt = state.now.getTime();
      return;
    }
    this.frozenAt = undefined;
    this.offsetMs = Math.max(state.offsetMs ?? 0, state.now.getTime() - this.realNow());
  }

  /** Running on real time again, unless that would move emulated time back. */
  resumeRealTime(): void {
    this.unfreeze();
    this.offsetMs = Math.max(0, this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance takes a non-negative number of milliseconds');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
}

export interface ClockState {
  now: Date;
  frozen: boolean;
  offsetMs?: number;
}

export const clockStateCodec: Codec<ClockState> = object({ now: instant, frozen: bool, offsetMs: optional(int) });
