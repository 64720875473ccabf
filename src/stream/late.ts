/**
 * Late records in a stream: with faults on, a record whose arrival (event time + its fault delay: late
 * arrival, out-of-order move, re-delivered duplicate) falls after the end of its chunk is held back and
 * delivered in the chunk during which it arrives, at its arrival position — as a mediation platform
 * would deliver it. Records of a chunk keep their order; held records are merged in by arrival time.
 * Scenarios without faults never reach this code (their stream stays in event-time order).
 */
import type { CdrBatch, ChunkOutput } from '../core/batch.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { takeRows } from '../export/layout.ts';

/** Held rows of one type from one chunk, sorted by arrival time (UTC seconds, `key`). */
interface Held {
  batch: CdrBatch;
  key: Float64Array;
  /** Rows [next, length) are still held. */
  next: number;
}

/** Rows from several batches of one type, in a given order, as one batch (every per-row array gathered). */
export function gatherRows(sources: readonly CdrBatch[], src: Int32Array, row: Int32Array): CdrBatch {
  const n = src.length;
  const first = sources[0]!;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first)) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<number>).length >= first.length) {
      const ctor = (v as unknown as { constructor: new (len: number) => { [i: number]: number } }).constructor;
      const dst = new ctor(n);
      const cols = sources.map((b) => (b as unknown as Record<string, { [i: number]: number }>)[k]!);
      for (let i = 0; i < n; i++) dst[i] = cols[src[i]!]![row[i]!]!;
      out[k] = dst;
    } else out[k] = v;
  }
  out.length = n;
  return out as unknown as CdrBatch;
}

export class LateHold {
  private readonly held = new Map<ServiceType, Held[]>();

  /** Rows still held back (all types). */
  get size(): number {
    let n = 0;
    for (const l of this.held.values()) for (const h of l) n += h.batch.length - h.next;
    return n;
  }

  /**
   * The chunk as the stream delivers it: rows arriving at or after `endTs` (UTC s) held back for a later
   * chunk, rows held from earlier chunks that arrive before `endTs` merged in (all of them when `last`).
   * Returns the new output and, per type, the pacing key of each row (non-decreasing: the arrival time
   * of a held row, the running maximum event time otherwise).
   */
  apply(
    out: ChunkOutput,
    types: readonly ServiceType[],
    endTs: number,
    last: boolean,
  ): { out: ChunkOutput; keys: Partial<Record<ServiceType, Float64Array>> } {
    const res: ChunkOutput = { ...out };
    const keys: Partial<Record<ServiceType, Float64Array>> = {};
    for (const t of types) {
      const b = out[t];
      if (!b) continue;
      const extra = b.ingestExtraMs;
      // This chunk's rows: on time, or held (arrival after the chunk).
      const onTime: number[] = [];
      const late: number[] = [];
      for (let i = 0; i < b.length; i++) {
        const arrival = b.ts[i]! + (extra ? extra[i]! : 0) / 1000;
        if (last || !(arrival >= endTs) || !extra) onTime.push(i);
        else late.push(i);
      }
      // Earlier held rows arriving now, by arrival time (ties: older chunk first, then row order).
      const list = this.held.get(t) ?? [];
      const due: { h: number; row: number; key: number }[] = [];
      list.forEach((h, hi) => {
        while (h.next < h.batch.length && (last || h.key[h.next]! < endTs)) due.push({ h: hi, row: h.next, key: h.key[h.next++]! });
      });
      due.sort((a, c) => a.key - c.key || a.h - c.h || a.row - c.row);
      const n = onTime.length + due.length;
      const src = new Int32Array(n);
      const row = new Int32Array(n);
      const key = new Float64Array(n);
      let i = 0;
      let j = 0;
      let runMax = -Infinity;
      for (let k = 0; k < n; k++) {
        const ts = i < onTime.length ? Math.max(runMax, b.ts[onTime[i]!]!) : Infinity;
        if (j < due.length && due[j]!.key < ts) {
          src[k] = 1 + due[j]!.h;
          row[k] = due[j]!.row;
          key[k] = due[j]!.key;
          j++;
        } else {
          src[k] = 0;
          row[k] = onTime[i]!;
          key[k] = runMax = ts;
          i++;
        }
      }
      res[t] = (due.length === 0 && late.length === 0 ? b : gatherRows([b, ...list.map((h) => h.batch)], src, row)) as never;
      keys[t] = key;
      // Keep what is still held, then this chunk's late rows sorted by arrival.
      const kept = list.filter((h) => h.next < h.batch.length);
      if (late.length) {
        const order = late.map((r) => ({ r, a: b.ts[r]! + extra![r]! / 1000 })).sort((x, y) => x.a - y.a || x.r - y.r);
        kept.push({
          batch: takeRows(
            b,
            Int32Array.from(order, (o) => o.r),
          ),
          key: Float64Array.from(order, (o) => o.a),
          next: 0,
        });
      }
      this.held.set(t, kept);
    }
    return { out: res, keys };
  }
}
