/**
 * Delivery times of records (what NDJSON writes as `ingest_ts`): the event time plus a 1–30 s hashed
 * delay, plus — when faults are enabled — the batch's `ingestExtraMs` (lateness, out-of-order delay,
 * re-delivery of a duplicate copy, and the gap between a skewed / anomalous `timestamp` and the true
 * event time). A stream that delivers records in arrival order uses `arrivalTimes` and `ArrivalQueue`.
 */
import type { CdrBatch } from '../batch.ts';
import type { ServiceType } from '../profiles/types.ts';
import { hash2, hashInts, streamId } from '../rng.ts';
import type { World } from '../world.ts';

/** The deterministic ingestion delay of a record: 1,000–30,000 ms, hashed from its id number. */
export function ingestDelayMs(key: number, seq: number): number {
  return 1000 + (hash2(key, seq) % 29_001);
}

/** Hash key of the ingestion delays of one record type (id prefix) in a world. */
export function ingestKey(world: World, idPrefix: string): number {
  return hashInts(world.model.scenario.seed, streamId('ndjson.ingest'), streamId(idPrefix));
}

const PREFIX: Record<ServiceType, string> = { voice: 'CALL_', sms: 'SMS_', data: 'DATA_' };

/** Arrival (ingestion) time in UTC ms of every record of a batch: exactly the NDJSON `ingest_ts`. */
export function arrivalTimes(world: World, type: ServiceType, batch: CdrBatch, from = 0, to = batch.length): Float64Array {
  const key = ingestKey(world, PREFIX[type]);
  const extra = batch.ingestExtraMs;
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = batch.ts[i]! * 1000 + ingestDelayMs(key, batch.seq[i]!) + (extra ? extra[i]! : 0);
  return out;
}

/**
 * A min-heap of items by arrival time (ties: insertion order), for streams that hold late records back
 * across chunks: push every record with its arrival time, pop those due by the stream clock.
 */
export class ArrivalQueue<T> {
  private readonly at: number[] = [];
  private readonly seq: number[] = [];
  private readonly items: T[] = [];
  private n = 0;

  get size(): number {
    return this.items.length;
  }

  /** Arrival time of the next item (Infinity when empty). */
  peek(): number {
    return this.items.length ? this.at[0]! : Infinity;
  }

  push(arrivalMs: number, item: T): void {
    this.at.push(arrivalMs);
    this.seq.push(this.n++);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the earliest item (undefined when empty). */
  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    this.swap(0, n - 1);
    this.at.pop();
    this.seq.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n - 1 && this.less(l, m)) m = l;
      if (r < n - 1 && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  /** Every item that has arrived by `ms`, in arrival order. */
  popUntil(ms: number): T[] {
    const out: T[] = [];
    while (this.items.length && this.at[0]! <= ms) out.push(this.pop()!);
    return out;
  }

  private less(a: number, b: number): boolean {
    return this.at[a]! < this.at[b]! || (this.at[a] === this.at[b] && this.seq[a]! < this.seq[b]!);
  }

  private swap(a: number, b: number): void {
    [this.at[a], this.at[b]] = [this.at[b]!, this.at[a]!];
    [this.seq[a], this.seq[b]] = [this.seq[b]!, this.seq[a]!];
    [this.items[a], this.items[b]] = [this.items[b]!, this.items[a]!];
  }
}
