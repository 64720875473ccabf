/**
 * Small live aggregates of a running stream, for the page (computed in the stream worker, sent a few
 * times a second): achieved events/s per service over the last second, rolling counts per region,
 * totals, order/lateness counters and the latest records for the feed. Bounded memory: fixed rings of
 * time buckets and at most `feedSize` records.
 */
import type { World } from '../core/world.ts';
import { ingestDelayMs, ingestKey } from '../export/ndjson.ts';
import { SliceEncoder } from './encode.ts';
import { TYPE_CODES } from './merge.ts';
import type { EventSlice } from './source.ts';

/** One record of the live feed (legacy field values, as the sinks receive them). */
export interface FeedItem {
  /** Stream position (0-based). */
  n: number;
  type: 'voice' | 'sms' | 'data';
  id: string;
  /** `YYYY-MM-DDTHH:MM:SS` local time of the event. */
  time: string;
  msisdn: string;
  other: string;
  region: string;
  cell: string;
  /** A short description: call type, duration and outcome; SMS type and status; APN, duration and volume. */
  detail: string;
}

export interface LiveSnapshot {
  /** Events per service so far (voice, sms, data). */
  totals: [number, number, number];
  /** Achieved events/s per service over the last `rateWindowMs`. */
  rate: [number, number, number];
  /** Events per region over the last `regionWindowMs` (profile region order). */
  regionsRolling: number[];
  /** Events per region since the start. */
  regionsTotal: number[];
  /** Events whose time is before an earlier event's (0 unless faults reorder events). */
  outOfOrder: number;
  /** Records whose ingestion lags their event by more than `lateAfterMs`. */
  late: number;
  /** Latest records, newest first. */
  feed: FeedItem[];
}

export interface LiveStatsOptions {
  bucketMs: number;
  rateWindowMs: number;
  regionWindowMs: number;
  feedSize: number;
  lateAfterMs: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveStatsOptions = {
  bucketMs: 250,
  rateWindowMs: 1000,
  regionWindowMs: 10_000,
  feedSize: 30,
  lateAfterMs: 60_000,
};

/** Ring of time buckets × categories, for rolling sums. */
class Ring {
  private readonly data: Float64Array;
  private readonly stamp: Float64Array;
  constructor(
    private readonly buckets: number,
    private readonly width: number,
  ) {
    this.data = new Float64Array(buckets * width);
    this.stamp = new Float64Array(buckets).fill(-1);
  }
  add(bucket: number, k: number, v: number): void {
    const slot = bucket % this.buckets;
    if (this.stamp[slot] !== bucket) {
      this.data.fill(0, slot * this.width, slot * this.width + this.width);
      this.stamp[slot] = bucket;
    }
    this.data[slot * this.width + k]! += v;
  }
  /** Sums of buckets (current - span, current] per category. */
  sum(current: number, span: number): number[] {
    const out = new Array<number>(this.width).fill(0);
    for (let s = 0; s < this.buckets; s++) {
      const b = this.stamp[s]!;
      if (b < 0 || b > current || b <= current - span) continue;
      for (let k = 0; k < this.width; k++) out[k]! += this.data[s * this.width + k]!;
    }
    return out;
  }
}

export class LiveStats {
  readonly opts: LiveStatsOptions;
  private readonly totals: [number, number, number] = [0, 0, 0];
  private readonly regionsTotal: number[];
  private readonly services: Ring;
  private readonly regions: Ring;
  private readonly regionOfCell: Int32Array;
  private readonly nRegions: number;
  private maxTs = -Infinity;
  private outOfOrder = 0;
  private late = 0;
  /** Latest slices (enough to fill the feed). */
  private recent: EventSlice[] = [];
  private readonly encoder: SliceEncoder;
  private readonly ingestKeys: number[];
  private readonly offsetS: number;

  constructor(
    readonly world: World,
    opts: Partial<LiveStatsOptions> = {},
  ) {
    this.opts = { ...DEFAULT_LIVE_OPTIONS, ...opts };
    this.nRegions = world.model.profile.regions.length;
    this.regionsTotal = new Array<number>(this.nRegions).fill(0);
    const span = (ms: number) => Math.ceil(ms / this.opts.bucketMs) + 2;
    this.services = new Ring(span(this.opts.rateWindowMs), 3);
    this.regions = new Ring(span(this.opts.regionWindowMs), this.nRegions);
    this.regionOfCell = world.cells.region;
    this.encoder = new SliceEncoder(world, 'ndjson');
    this.ingestKeys = ['CALL_', 'SMS_', 'DATA_'].map((p) => ingestKey(world, p));
    this.offsetS = world.model.profile.utcOffsetMinutes * 60;
  }

  private bucket(now: number): number {
    return Math.floor(now / this.opts.bucketMs);
  }

  /** Counts a slice emitted at wall time `now` (ms). */
  add(slice: EventSlice, now: number): void {
    const b = this.bucket(now);
    for (let t = 0; t < 3; t++) {
      const from = slice.from[t]!;
      const to = slice.to[t]!;
      if (to <= from) continue;
      this.totals[t]! += to - from;
      this.services.add(b, t, to - from);
      const batch = slice.chunk[TYPE_CODES[t]!]!;
      const cell = batch.cell;
      const regionCounts = new Int32Array(this.nRegions);
      for (let i = from; i < to; i++) regionCounts[this.regionOfCell[cell[i]!]!]! += 1;
      for (let r = 0; r < this.nRegions; r++) {
        const c = regionCounts[r]!;
        if (!c) continue;
        this.regionsTotal[r]! += c;
        this.regions.add(b, r, c);
      }
      // Lateness: ingest_ts - timestamp, as written in the records: the deterministic 1–30 s delay plus,
      // with faults on, the record's extra delay (late arrivals, out-of-order, duplicates, skewed clocks).
      const key = this.ingestKeys[t]!;
      const seq = batch.seq;
      const extra = batch.ingestExtraMs;
      const lateAfter = this.opts.lateAfterMs;
      if (extra) {
        for (let i = from; i < to; i++) if (ingestDelayMs(key, seq[i]!) + extra[i]! > lateAfter) this.late++;
      } else for (let i = from; i < to; i++) if (ingestDelayMs(key, seq[i]!) > lateAfter) this.late++;
    }
    // Order: the records' own timestamps in delivery order (the slice's times are pacing times, which
    // follow arrival when late records are held back).
    const batches = TYPE_CODES.map((t) => slice.chunk[t]);
    for (let i = 0; i < slice.count; i++) {
      const x = batches[slice.type[i]!]!.ts[slice.row[i]!]!;
      if (x < this.maxTs) this.outOfOrder++;
      else this.maxTs = x;
    }
    this.recent.push(slice);
    let n = 0;
    let k = this.recent.length - 1;
    while (k > 0 && n + this.recent[k]!.count < this.opts.feedSize) n += this.recent[k--]!.count;
    if (k > 0) this.recent = this.recent.slice(k);
  }

  /** The aggregates at wall time `now` (ms). */
  snapshot(now: number): LiveSnapshot {
    const b = this.bucket(now);
    // Rolling windows end with the current (partial) bucket; the rate divides by the window actually covered.
    const rateBuckets = Math.round(this.opts.rateWindowMs / this.opts.bucketMs);
    const covered = ((rateBuckets - 1) * this.opts.bucketMs + (now - b * this.opts.bucketMs)) / 1000;
    const rate = this.services.sum(b, rateBuckets).map((v) => (covered > 0 ? v / covered : 0)) as [number, number, number];
    return {
      totals: [...this.totals],
      rate,
      regionsRolling: this.regions.sum(b, Math.round(this.opts.regionWindowMs / this.opts.bucketMs)),
      regionsTotal: [...this.regionsTotal],
      outOfOrder: this.outOfOrder,
      late: this.late,
      feed: this.feed(),
    };
  }

  /** The latest `feedSize` records, newest first. */
  private feed(): FeedItem[] {
    const out: FeedItem[] = [];
    const dec = new TextDecoder();
    for (let k = this.recent.length - 1; k >= 0 && out.length < this.opts.feedSize; k--) {
      const s = this.recent[k]!;
      const take = Math.min(s.count, this.opts.feedSize - out.length);
      const tail = tailSlice(s, take);
      const lines = dec.decode(this.encoder.encode(tail).bytes).split('\n');
      for (let i = tail.count - 1; i >= 0; i--) {
        const r = JSON.parse(lines[i]!) as Record<string, string | number>;
        out.push(feedItem(tail.first + i, TYPE_CODES[tail.type[i]!]!, r));
      }
    }
    return out;
  }

  /** Simulated time (UTC s) of the latest event, or null before the first. */
  get latestTs(): number | null {
    return Number.isFinite(this.maxTs) ? this.maxTs : null;
  }

  /** Profile UTC offset (s). */
  get offsetSeconds(): number {
    return this.offsetS;
  }
}

/** The last `n` events of a slice as a slice (per-service row ranges recomputed). */
export function tailSlice(s: EventSlice, n: number): EventSlice {
  const a = s.count - n;
  const to: [number, number, number] = [s.to[0], s.to[1], s.to[2]];
  const from: [number, number, number] = [s.to[0], s.to[1], s.to[2]];
  for (let i = a; i < s.count; i++) from[s.type[i]!]! -= 1;
  return {
    first: s.first + a,
    count: n,
    chunk: s.chunk,
    type: s.type.subarray(a),
    row: s.row.subarray(a),
    ts: s.ts.subarray(a),
    from,
    to,
  };
}

const fmtBytes = (b: number) =>
  b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`;

function feedItem(n: number, type: FeedItem['type'], r: Record<string, string | number>): FeedItem {
  const s = (k: string) => String(r[k] ?? '');
  if (type === 'voice')
    return {
      n,
      type,
      id: s('call_id'),
      time: s('timestamp'),
      msisdn: s('caller_msisdn'),
      other: s('callee_msisdn'),
      region: s('region'),
      cell: s('cell_id'),
      detail: `${s('call_type')} · ${s('duration_seconds')} s · ${s('termination_reason')}`,
    };
  if (type === 'sms')
    return {
      n,
      type,
      id: s('sms_id'),
      time: s('timestamp'),
      msisdn: s('sender_msisdn'),
      other: s('receiver_msisdn'),
      region: s('region'),
      cell: s('cell_id'),
      detail: `${s('sms_type')} · ${s('message_length')} chars · ${s('delivery_status')}`,
    };
  return {
    n,
    type,
    id: s('session_id'),
    time: s('timestamp'),
    msisdn: s('msisdn'),
    other: s('apn'),
    region: s('region'),
    cell: s('cell_id'),
    detail: `${s('session_duration_seconds')} s · ↑${fmtBytes(Number(r.bytes_uploaded ?? 0))} ↓${fmtBytes(Number(r.bytes_downloaded ?? 0))} · ${s('session_end_reason')}`,
  };
}
