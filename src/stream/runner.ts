/**
 * The paced loop around a StreamSource: asks for due events, hands each slice to a consumer (which may
 * return a promise: backpressure), sleeps until the next event is due, and stops on a count, a duration,
 * the end of the scenario or `stop()`. Pause/resume keep the position, so the sequence continues.
 * Timers only decide *when* events are emitted, never *which*: the data is the deterministic replay.
 */
import type { Pace } from './clock.ts';
import type { EventSlice, StreamSource } from './source.ts';

export type EndReason = 'count' | 'duration' | 'end-of-scenario' | 'stopped';

export interface RunnerOptions {
  /** Stop after this many events. */
  count?: number;
  /** Stop after this much streaming wall time (ms, pauses excluded). */
  durationMs?: number;
  /** Most events per slice (default 8192). */
  maxSlice?: number;
  /**
   * A producer more than this late (ms, default 1000) — e.g. the target rate is beyond the machine, or a
   * sink applies backpressure — continues at the target pace from where it is instead of bursting.
   */
  maxLagMs?: number;
  /** Wall clock in ms (default performance.now). */
  now?: () => number;
}

export interface RunEnd {
  reason: EndReason;
  emitted: number;
  /** Streaming wall time (ms), pauses excluded. */
  elapsedMs: number;
}

const defaultNow = (): number => performance.now();

/** Yields to the event loop (I/O, timers, messages) without the 4 ms clamp of nested setTimeout. */
export const yieldNow: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise<void>((r) => setImmediate(r))
    : (() => {
        const ch = new MessageChannel();
        const queue: (() => void)[] = [];
        ch.port1.onmessage = () => queue.shift()?.();
        return () =>
          new Promise<void>((r) => {
            queue.push(r);
            ch.port2.postMessage(0);
          });
      })();

export class StreamRunner {
  private stopped = false;
  private pausedAt: number | null = null;
  private pausedTotal = 0;
  private t0 = 0;
  private wake: (() => void) | null = null;
  private readonly now: () => number;
  /** Times the producer fell more than maxLagMs behind and was re-based. */
  lagResets = 0;
  private running = false;

  constructor(
    readonly source: StreamSource,
    private readonly consume: (slice: EventSlice) => void | Promise<void>,
    private readonly opts: RunnerOptions = {},
  ) {
    this.now = opts.now ?? defaultNow;
  }

  get emitted(): number {
    return this.source.emitted;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Streaming wall time so far (ms), pauses excluded. */
  get elapsedMs(): number {
    if (!this.running && this.t0 === 0) return 0;
    const ref = this.pausedAt ?? this.now();
    return ref - this.t0 - this.pausedTotal;
  }

  pause(): void {
    if (this.pausedAt !== null || this.stopped) return;
    const t = this.now();
    this.pausedAt = t;
    this.source.clock.pause(t);
    this.wake?.();
  }

  resume(): void {
    if (this.pausedAt === null) return;
    const t = this.now();
    this.pausedTotal += t - this.pausedAt;
    this.pausedAt = null;
    this.source.clock.resume(t);
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Changes the pace from the current position on. */
  setPace(pace: Pace): void {
    this.source.setPace(this.now(), pace);
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const t = setTimeout(done, Math.max(0, ms));
      this.wake = done;
    });
  }

  /** Runs until a stop condition; resolves with the reason. */
  async run(): Promise<RunEnd> {
    const { count, durationMs } = this.opts;
    const maxSlice = this.opts.maxSlice ?? 8192;
    const maxLag = this.opts.maxLagMs ?? 1000;
    this.running = true;
    this.t0 = this.now();
    let lastYield = this.t0;
    const end = (reason: EndReason): RunEnd => {
      const elapsedMs = this.elapsedMs;
      this.running = false;
      return { reason, emitted: this.source.emitted, elapsedMs };
    };
    while (true) {
      if (this.stopped) return end('stopped');
      if (this.pausedAt !== null) {
        await this.sleep(1000);
        continue;
      }
      const t = this.now();
      const left = count !== undefined ? count - this.source.emitted : Infinity;
      if (left <= 0) return end('count');
      // Never emit what is due after the end of the duration; the last pass takes what is due at the end.
      const endT = durationMs !== undefined ? this.t0 + this.pausedTotal + durationMs : Infinity;
      const cap = Math.min(t, endT);
      let due = this.source.nextDue(cap);
      if (due === Infinity && this.source.done) return end('end-of-scenario');
      if (Number.isFinite(due) && cap - due > maxLag) {
        this.source.rebase(cap);
        this.lagResets++;
        due = this.source.nextDue(cap);
      }
      const slice = this.source.take(cap, Math.min(maxSlice, left));
      if (slice) {
        await this.consume(slice);
        const t2 = this.now();
        if (t2 - lastYield > 8) {
          await yieldNow();
          lastYield = this.now();
        }
        continue;
      }
      if (t >= endT) return end('duration');
      const wait = Math.min(due - t, 100, endT - t);
      await this.sleep(Math.max(1, wait));
      lastYield = this.now();
    }
  }
}
