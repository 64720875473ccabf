/**
 * Maps simulated event time to wall-clock time for a stream: either at a speed factor
 * (1× = real time, 3600× = one simulated hour per second, Infinity = as fast as possible) or at a
 * target event rate (events per wall second, whatever the event times).
 * Pure arithmetic: the caller supplies "now" (ms), so it is testable and independent of any timer.
 */

/** How a stream is paced. */
export type Pace = { mode: 'speed'; speed: number } | { mode: 'rate'; rate: number };

/** Speed limits offered by the CLI and the page (Infinity = "max"). */
export const MIN_SPEED = 1;
export const MAX_SPEED = 3600;
/** Highest target rate accepted (events per second). */
export const MAX_RATE = 10_000_000;

/** Checks a pace; returns an error message or null. */
export function paceError(p: Pace): string | null {
  if (p.mode === 'speed') {
    if (p.speed === Infinity) return null;
    if (!Number.isFinite(p.speed) || p.speed < MIN_SPEED || p.speed > MAX_SPEED)
      return `speed must be between ${MIN_SPEED} and ${MAX_SPEED} (or max)`;
    return null;
  }
  if (!Number.isFinite(p.rate) || p.rate <= 0 || p.rate > MAX_RATE) return `rate must be between 1 and ${MAX_RATE} events/s`;
  return null;
}

export class SimClock {
  /** Wall time (ms) of the reference point. */
  private wallBase = 0;
  /** Event time (s) at the reference point (speed mode). */
  private eventBase = 0;
  /** Event index at the reference point (rate mode). */
  private indexBase = 0;
  private pausedAt: number | null = null;
  private started = false;

  constructor(private pace_: Pace) {}

  get pace(): Pace {
    return this.pace_;
  }

  get isStarted(): boolean {
    return this.started;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Starts the clock at wall time `now` (ms): event `index` with event time `eventTs` (s) is due right away. */
  start(now: number, eventTs: number, index = 0): void {
    this.wallBase = now;
    this.eventBase = eventTs;
    this.indexBase = index;
    this.pausedAt = null;
    this.started = true;
  }

  /** Freezes the clock; nothing becomes due until `resume`. */
  pause(now: number): void {
    if (this.pausedAt === null) this.pausedAt = now;
  }

  /** Continues where the clock stopped: the pause is not counted. */
  resume(now: number): void {
    if (this.pausedAt !== null) {
      this.wallBase += now - this.pausedAt;
      this.pausedAt = null;
    }
  }

  /**
   * Moves the reference point to (now, index, eventTs): used to change the pace on the fly and to
   * forgive a lag (the stream continues from its position instead of bursting to catch up).
   */
  rebase(now: number, index: number, eventTs: number, pace: Pace = this.pace_): void {
    this.pace_ = pace;
    this.wallBase = now;
    this.indexBase = index;
    this.eventBase = eventTs;
    if (this.pausedAt !== null) this.pausedAt = now;
  }

  /** Wall time (ms) at which event number `index` (0-based, since the stream began) with event time `eventTs` is due. */
  dueAt(index: number, eventTs: number): number {
    if (this.pausedAt !== null) return Infinity;
    const p = this.pace_;
    // Rate mode: event i is due when i+1 events fit in the elapsed time, so N events take N/rate seconds.
    if (p.mode === 'rate') return this.wallBase + ((index - this.indexBase + 1) / p.rate) * 1000;
    if (p.speed === Infinity) return -Infinity;
    return this.wallBase + ((eventTs - this.eventBase) / p.speed) * 1000;
  }

  /** The simulated time (s) the clock shows at wall time `now` in speed mode; null in rate mode or at max speed. */
  simTime(now: number): number | null {
    const p = this.pace_;
    if (p.mode === 'rate' || p.speed === Infinity) return null;
    const ref = this.pausedAt ?? now;
    return this.eventBase + ((ref - this.wallBase) / 1000) * p.speed;
  }

  /** Events that should have been emitted by `now` in rate mode (for lag detection); null in speed mode. */
  dueCount(now: number): number | null {
    const p = this.pace_;
    if (p.mode !== 'rate') return null;
    const ref = this.pausedAt ?? now;
    return this.indexBase + Math.floor(((ref - this.wallBase) / 1000) * p.rate);
  }
}
