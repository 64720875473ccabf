/**
 * The stream source: replays the scenario's chunks in event-time order (the very chunks `cdrgen batch`
 * writes), from the scenario start or an offset, and hands out the events that are due on a SimClock.
 * No timers and no I/O: the caller passes "now" and decides when to ask again (see runner.ts).
 */
import type { ChunkOutput } from '../core/batch.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { generateChunk } from '../core/sim/chunk.ts';
import type { World } from '../core/world.ts';
import { SimClock, type Pace } from './clock.ts';
import { mergeChunk, TYPE_CODES, type MergedOrder } from './merge.ts';
import { LateHold } from './late.ts';

/** A run of consecutive events of one chunk, in event-time order. */
export interface EventSlice {
  /** Stream position (0-based) of the first event. */
  first: number;
  count: number;
  /** The whole generated chunk the events come from (columnar batches). */
  chunk: ChunkOutput;
  /**
   * Per event: service code (0 voice, 1 sms, 2 data), row in that service's batch, and pacing time (UTC s):
   * the event time, or — faults on — the arrival time of a record held back as late (never decreasing).
   */
  type: Uint8Array;
  row: Int32Array;
  ts: Float64Array;
  /** Rows [from[t], to[t]) of service t's batch are the slice's events of that service (they are contiguous). */
  from: [number, number, number];
  to: [number, number, number];
}

export interface SourceOptions {
  pace: Pace;
  /** First event time (UTC epoch seconds); events before it are skipped. Default: the scenario start. */
  from?: number;
}

/** UTC epoch seconds of the first simulated instant (local midnight of the first day). */
export const scenarioStartUtc = (world: World): number =>
  world.plan.chunks[0]?.hourStartUtc ?? world.plan.startEpochDay * 86_400 - world.model.profile.utcOffsetMinutes * 60;

/** UTC epoch seconds just after the last simulated instant. */
export const scenarioEndUtc = (world: World): number => {
  const c = world.plan.chunks[world.plan.chunks.length - 1];
  return c ? c.hourStartUtc + c.toSecond : scenarioStartUtc(world);
};

export class StreamSource {
  readonly clock: SimClock;
  readonly startTs: number;
  private next = 0;
  private out: ChunkOutput | null = null;
  private order: MergedOrder | null = null;
  private pos = 0;
  /** Per service: next row of the current chunk's batch. */
  private rowPos: [number, number, number] = [0, 0, 0];
  private emitted_ = 0;
  private lastTs: number;
  /** Late records held back for a later chunk (faults on only). */
  private late: LateHold | null = null;

  constructor(
    readonly world: World,
    readonly types: readonly ServiceType[],
    opts: SourceOptions,
  ) {
    this.clock = new SimClock(opts.pace);
    this.startTs = Math.max(opts.from ?? -Infinity, scenarioStartUtc(world));
    this.lastTs = this.startTs;
    // Skip whole chunks that end before the start (no generation needed).
    const chunks = world.plan.chunks;
    while (this.next < chunks.length && chunks[this.next]!.hourStartUtc + chunks[this.next]!.toSecond <= this.startTs) this.next++;
  }

  /** Events handed out so far. */
  get emitted(): number {
    return this.emitted_;
  }

  /** Event time of the last event handed out (the start time before the first). */
  get lastEventTs(): number {
    return this.lastTs;
  }

  /** Index of the chunk being replayed (or the next one). */
  get chunkIndex(): number {
    return this.out ? this.out.index : this.next;
  }

  /** Makes sure the current chunk has events left; false when the scenario is exhausted. */
  private load(): boolean {
    while (!this.order || this.pos >= this.order.length) {
      const chunks = this.world.plan.chunks;
      if (this.next >= chunks.length) {
        this.out = null;
        this.order = null;
        return false;
      }
      const spec = chunks[this.next]!;
      const k = this.next++;
      const last = k === chunks.length - 1;
      // An empty chunk is skipped, unless late records held back must be delivered (by the last one at the latest).
      if (!this.types.some((t) => spec.records[t] > 0) && !(this.late && this.late.size > 0)) continue;
      this.out = generateChunk(this.world, k, this.types);
      if (this.late || this.types.some((t) => this.out![t]?.ingestExtraMs)) {
        // Faults on: records arriving after this chunk wait for the chunk they arrive in (late.ts).
        this.late ??= new LateHold();
        const r = this.late.apply(this.out, this.types, spec.hourStartUtc + spec.toSecond, last);
        this.out = r.out;
        this.order = mergeChunk(this.out, this.types, r.keys);
      } else this.order = mergeChunk(this.out, this.types);
      this.pos = 0;
      this.rowPos = [0, 0, 0];
      // Starting inside this chunk: skip the events before the start time.
      if (spec.hourStartUtc + spec.fromSecond < this.startTs) {
        const o = this.order;
        while (this.pos < o.length && o.ts[this.pos]! < this.startTs) {
          this.rowPos[o.type[this.pos]!]! += 1;
          this.pos++;
        }
      }
    }
    return true;
  }

  /** True when every event of the scenario has been handed out. */
  get done(): boolean {
    return !this.load();
  }

  /** Event time of the next event, or null at the end. */
  peekTs(): number | null {
    return this.load() ? this.order!.ts[this.pos]! : null;
  }

  /** Wall time (ms) at which the next event is due (Infinity at the end or while paused). */
  nextDue(now: number): number {
    const ts = this.peekTs();
    if (ts === null) return Infinity;
    if (!this.clock.isStarted) this.clock.start(now, this.startTs, this.emitted_);
    return this.clock.dueAt(this.emitted_, ts);
  }

  /**
   * The events due at wall time `now` (ms), at most `max` and never across a chunk boundary; null when
   * none is due yet (or the scenario is exhausted: see `done`). The first call starts the clock.
   */
  take(now: number, max = 8192): EventSlice | null {
    if (max <= 0 || !this.load()) return null;
    if (!this.clock.isStarted) this.clock.start(now, this.startTs, this.emitted_);
    const o = this.order!;
    const clock = this.clock;
    const pace = clock.pace;
    const a = this.pos;
    const limit = Math.min(o.length, a + max);
    let b = a;
    if (pace.mode === 'speed' && pace.speed === Infinity && !clock.paused) b = limit;
    else if (pace.mode === 'rate') {
      // Rate mode: the due time only depends on the position.
      const due = clock.dueCount(now);
      if (due !== null && !clock.paused) b = Math.min(limit, a + Math.max(0, due - this.emitted_));
    } else {
      while (b < limit && clock.dueAt(this.emitted_ + (b - a), o.ts[b]!) <= now) b++;
    }
    if (b === a) return null;
    const from: [number, number, number] = [this.rowPos[0], this.rowPos[1], this.rowPos[2]];
    for (let i = a; i < b; i++) this.rowPos[o.type[i]!]! += 1;
    const slice: EventSlice = {
      first: this.emitted_,
      count: b - a,
      chunk: this.out!,
      type: o.type.subarray(a, b),
      row: o.row.subarray(a, b),
      ts: o.ts.subarray(a, b),
      from,
      to: [this.rowPos[0], this.rowPos[1], this.rowPos[2]],
    };
    this.pos = b;
    this.emitted_ += b - a;
    this.lastTs = o.ts[b - 1]!;
    return slice;
  }

  /** Changes the pace from the current position on (no burst, no gap). */
  setPace(now: number, pace: Pace): void {
    if (!this.clock.isStarted) {
      this.clock.rebase(now, this.emitted_, this.startTs, pace);
      return;
    }
    this.clock.rebase(now, this.emitted_, this.resumeTs(now), pace);
  }

  /**
   * Forgives a lag: the clock restarts from the current position at `now`, so a producer that fell
   * behind continues at the target pace instead of bursting to catch up.
   */
  rebase(now: number): void {
    this.clock.rebase(now, this.emitted_, this.resumeTs(now));
  }

  /**
   * Event time at which pacing continues after a rebase at `now`: the simulated clock's time (speed
   * mode) or the last event's (rate mode), never before the last event and never after the next one
   * (a clock that ran ahead of the producer would otherwise release a burst).
   */
  private resumeTs(now: number): number {
    let ts = this.clock.simTime(now) ?? this.lastTs;
    const next = this.peekTs();
    if (next !== null && ts > next) ts = next;
    if (ts < this.lastTs) ts = this.lastTs;
    return ts;
  }
}

export { TYPE_CODES };
