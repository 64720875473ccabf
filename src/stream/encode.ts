/**
 * Encodes stream slices with the batch writers (src/export): NDJSON in the legacy Kafka shape (with the
 * `filename` of the record's legacy day file and the deterministic `ingest_ts`) or CSV rows. A slice's
 * records of one service are contiguous rows of that service's batch, so each service is encoded in one
 * call on typed-array views (no copies), then the lines are interleaved in event-time order.
 */
import type { CdrBatch } from '../core/batch.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { cdrColumns, type Column } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { csvContext, csvHeader, encodeCsv, type ColumnSource, type CsvContext } from '../export/csv.ts';
import { legacyCsvNameForDay } from '../export/layout.ts';
import { encodeNdjson } from '../export/ndjson.ts';
import { TYPE_CODES } from './merge.ts';
import type { EventSlice } from './source.ts';

export type StreamFormat = 'ndjson' | 'csv';
export const STREAM_FORMATS: readonly StreamFormat[] = ['ndjson', 'csv'];

/** Lines of records in stream order: line i is bytes[ends[i-1] ?? 0, ends[i]) and ends with LF. */
export interface EncodedLines {
  count: number;
  bytes: Uint8Array;
  ends: Uint32Array;
  /** Service code of each line (0 voice, 1 sms, 2 data). */
  type: Uint8Array;
}

/** Rows [from, to) of a batch as a column source of typed-array views (no copy). */
export function batchView(batch: CdrBatch, from: number, to: number): ColumnSource {
  const src: ColumnSource = {};
  for (const [k, v] of Object.entries(batch)) {
    src[k] = ArrayBuffer.isView(v) && !(v instanceof DataView) ? (v as Uint8Array).subarray(from, to) : v;
  }
  src.length = to - from;
  return src;
}

/** Offsets just after each LF of `bytes` (the end of every line). */
export function lineEnds(bytes: Uint8Array, expected: number): Uint32Array {
  const ends = new Uint32Array(expected);
  let k = 0;
  // indexOf is a native byte search (several times faster than a JS loop over the bytes).
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) {
    if (k >= expected) throw new Error('more lines than records');
    ends[k++] = i + 1;
  }
  if (k !== expected) throw new Error(`expected ${expected} lines, found ${k}`);
  return ends;
}

export class SliceEncoder {
  private readonly cols: Column[][];
  private readonly csv: CsvContext | null;
  private readonly names = new Map<string, string>();

  constructor(
    readonly world: World,
    readonly format: StreamFormat,
  ) {
    const sc = world.model.scenario;
    this.cols = TYPE_CODES.map((t) => cdrColumns(t, sc.schema, world.model.profile));
    this.csv = format === 'csv' ? csvContext(world) : null;
  }

  /** The CSV header line of a service (empty for NDJSON). */
  header(type: ServiceType): Uint8Array {
    return this.format === 'csv' ? csvHeader(this.cols[TYPE_CODES.indexOf(type)]!) : new Uint8Array(0);
  }

  /** Legacy CSV file name of a service's records on plan day `day` (the NDJSON `filename`). */
  filename(type: ServiceType, day: number): string {
    const key = `${type}/${day}`;
    let n = this.names.get(key);
    if (n === undefined) this.names.set(key, (n = legacyCsvNameForDay(this.world, type, day, 'csv')));
    return n;
  }

  /** The slice's records of service code `t`, in event-time order, one line each (empty when none). */
  encodeType(slice: EventSlice, t: number): Uint8Array {
    const from = slice.from[t]!;
    const to = slice.to[t]!;
    if (to <= from) return new Uint8Array(0);
    const type = TYPE_CODES[t]!;
    const batch = slice.chunk[type];
    if (!batch) throw new Error(`chunk ${slice.chunk.index} has no ${type} batch`);
    const src = batchView(batch, from, to);
    if (this.csv) return encodeCsv(this.cols[t]!, src, to - from, this.csv);
    return encodeNdjson(this.cols[t]!, src, to - from, this.world, { filename: this.filename(type, slice.chunk.day) });
  }

  /** All the slice's records as lines in event-time order (ties: voice, sms, data — as in merge.ts). */
  encode(slice: EventSlice): EncodedLines {
    const parts: Uint8Array[] = [];
    const partEnds: Uint32Array[] = [];
    let total = 0;
    for (let t = 0; t < 3; t++) {
      const b = this.encodeType(slice, t);
      parts.push(b);
      partEnds.push(lineEnds(b, slice.to[t]! - slice.from[t]!));
      total += b.length;
    }
    const n = slice.count;
    const out = new Uint8Array(total);
    const ends = new Uint32Array(n);
    const next = [0, 0, 0];
    const off = [0, 0, 0];
    let p = 0;
    for (let i = 0; i < n; i++) {
      const t = slice.type[i]!;
      const src = parts[t]!;
      const a = off[t]!;
      const e = partEnds[t]![next[t]!]!;
      if (e - a > 48) out.set(src.subarray(a, e), p);
      else for (let k = 0; k < e - a; k++) out[p + k] = src[a + k]!;
      p += e - a;
      ends[i] = p;
      off[t] = e;
      next[t]! += 1;
    }
    return { count: n, bytes: out, ends, type: slice.type };
  }
}
