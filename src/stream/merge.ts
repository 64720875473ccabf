import type { ChunkOutput } from '../core/batch.ts';
import type { ServiceType } from '../core/profiles/types.ts';

/** Service code in a merged event list: 0 voice, 1 sms, 2 data. */
export const TYPE_CODES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** A chunk's records of all types merged in event-time order: parallel arrays of (type code, row index). */
export interface MergedOrder {
  length: number;
  type: Uint8Array;
  row: Int32Array;
  ts: Float64Array;
}

/**
 * Merges the chunk's time-sorted voice, SMS and data batches into one event-time order (or the order of
 * per-row `keys` when given: the arrival order of a stream holding late records back, see late.ts).
 * Ties are broken by type (voice, sms, data) then by row, so the order is fully deterministic.
 */
export function mergeChunk(
  out: ChunkOutput,
  types: readonly ServiceType[],
  keys?: Partial<Record<ServiceType, Float64Array>>,
): MergedOrder {
  const batches = TYPE_CODES.map((t) => (types.includes(t) ? out[t] : undefined));
  const key = TYPE_CODES.map((t, k) => keys?.[t] ?? batches[k]?.ts);
  const n = batches.reduce((a, b) => a + (b?.length ?? 0), 0);
  const res: MergedOrder = { length: n, type: new Uint8Array(n), row: new Int32Array(n), ts: new Float64Array(n) };
  const pos = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    let best = -1;
    let bestTs = Infinity;
    for (let t = 0; t < 3; t++) {
      const b = batches[t];
      if (!b || pos[t]! >= b.length) continue;
      const ts = key[t]![pos[t]!]!;
      if (ts < bestTs) {
        bestTs = ts;
        best = t;
      }
    }
    res.type[k] = best;
    res.row[k] = pos[best]!;
    res.ts[k] = bestTs;
    pos[best]! += 1;
  }
  return res;
}
