/**
 * Small aggregates of the generated records, for the result charts: a worker accumulates them over the
 * batches it generates (typed arrays only, cheap to post), the page merges them and shapes chart rows.
 */
import type { CdrBatch, ServiceType } from '../../../core/index.ts';
import { DELIVERY_STATUSES, TERMINATION_REASONS } from '../../../core/batch.ts';
import type { HourRow, RegionServiceRow } from './preview.ts';

export const SERVICE_INDEX: Record<ServiceType, number> = { voice: 0, sms: 1, data: 2 };
const S = 3;

/** Upper bounds (exclusive) of the duration bins, seconds; the last bin is open-ended. */
export const DURATION_EDGES = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600] as const;
/** Upper bounds (exclusive) of the data volume bins (up + down), bytes; the last bin is open-ended. */
export const VOLUME_EDGES = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9] as const;

/** The aggregates of a run (or part of one). Every array is a plain counter, so merging is adding. */
export interface RunStats {
  regions: number;
  cells: number;
  days: number;
  /** Rows per service. */
  rows: Float64Array;
  /** Rows per region × service: [r * 3 + s]. */
  byRegion: Float64Array;
  /** Rows per local hour of day × service: [h * 3 + s]. */
  byHour: Float64Array;
  /** Rows per day of the run × service: [d * 3 + s]. */
  byDay: Float64Array;
  /** Rows per serving cell (all services). */
  byCell: Float64Array;
  /** Answered calls by conversation time (DURATION_EDGES bins + 1). */
  voiceDuration: Float64Array;
  /** Data sessions by duration (DURATION_EDGES bins + 1). */
  dataDuration: Float64Array;
  /** Data sessions by bytes up + down (VOLUME_EDGES bins + 1). */
  dataVolume: Float64Array;
  /** Voice records by termination_reason (TERMINATION_REASONS order). */
  voiceReasons: Float64Array;
  /** SMS records by delivery_status (DELIVERY_STATUSES order). */
  smsStatus: Float64Array;
  /** Sum of charging_amount per service, in hundredths. */
  cents: Float64Array;
}

/** Empty aggregates for a world of `regions` regions, `cells` cells and a run of `days` days. */
export function createStats(regions: number, cells: number, days: number): RunStats {
  return {
    regions,
    cells,
    days,
    rows: new Float64Array(S),
    byRegion: new Float64Array(regions * S),
    byHour: new Float64Array(24 * S),
    byDay: new Float64Array(days * S),
    byCell: new Float64Array(cells),
    voiceDuration: new Float64Array(DURATION_EDGES.length + 1),
    dataDuration: new Float64Array(DURATION_EDGES.length + 1),
    dataVolume: new Float64Array(VOLUME_EDGES.length + 1),
    voiceReasons: new Float64Array(TERMINATION_REASONS.length),
    smsStatus: new Float64Array(DELIVERY_STATUSES.length),
    cents: new Float64Array(S),
  };
}

/** Index of the bin of `x` for ascending upper bounds (the last bin holds x ≥ the last edge). */
export function binOf(x: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** What the accumulator needs from the world: region of each cell, local time offset, first day. */
export interface StatsContext {
  cellRegion: ArrayLike<number>;
  offsetSeconds: number;
  startEpochDay: number;
}

/** Adds the records of one CDR batch to the aggregates. */
export function accumulateBatch(stats: RunStats, batch: CdrBatch, ctx: StatsContext): void {
  const s = SERVICE_INDEX[batch.type];
  const n = batch.length;
  const { ts, cell, chargeCents } = batch;
  const off = ctx.offsetSeconds;
  const day0 = ctx.startEpochDay;
  let cents = 0;
  for (let i = 0; i < n; i++) {
    const c = cell[i]!;
    const local = ts[i]! + off;
    const dayNo = Math.floor(local / 86_400);
    const hour = Math.floor((local - dayNo * 86_400) / 3600);
    const d = dayNo - day0;
    stats.byHour[hour * S + s]! += 1;
    if (d >= 0 && d < stats.days) stats.byDay[d * S + s]! += 1;
    if (c >= 0 && c < stats.cells) {
      stats.byCell[c]! += 1;
      const r = ctx.cellRegion[c]!;
      stats.byRegion[r * S + s]! += 1;
    }
    cents += chargeCents[i]!;
  }
  stats.rows[s]! += n;
  stats.cents[s]! += cents;
  if (batch.type === 'voice') {
    for (let i = 0; i < n; i++) {
      const dur = batch.duration[i]!;
      if (dur > 0) stats.voiceDuration[binOf(dur, DURATION_EDGES)]! += 1;
      stats.voiceReasons[batch.reason[i]!]! += 1;
    }
  } else if (batch.type === 'sms') {
    for (let i = 0; i < n; i++) stats.smsStatus[batch.status[i]!]! += 1;
  } else {
    for (let i = 0; i < n; i++) {
      stats.dataDuration[binOf(batch.duration[i]!, DURATION_EDGES)]! += 1;
      stats.dataVolume[binOf(batch.bytesUp[i]! + batch.bytesDown[i]!, VOLUME_EDGES)]! += 1;
    }
  }
}

const COUNTERS = [
  'rows',
  'byRegion',
  'byHour',
  'byDay',
  'byCell',
  'voiceDuration',
  'dataDuration',
  'dataVolume',
  'voiceReasons',
  'smsStatus',
  'cents',
] as const;

/** Adds `b` into `a` (same world and run); returns `a`. */
export function mergeStats(a: RunStats, b: RunStats): RunStats {
  if (a.regions !== b.regions || a.cells !== b.cells || a.days !== b.days) throw new Error('cannot merge statistics of different runs');
  for (const k of COUNTERS) {
    const x = a[k];
    const y = b[k];
    for (let i = 0; i < x.length; i++) x[i]! += y[i]!;
  }
  return a;
}

/** The typed arrays of the aggregates, for a transfer list. */
export function statsBuffers(s: RunStats): ArrayBuffer[] {
  return COUNTERS.map((k) => s[k].buffer as ArrayBuffer);
}

/** Total rows of the aggregates. */
export const totalRows = (s: RunStats): number => s.rows[0]! + s.rows[1]! + s.rows[2]!;

/** Generated records per region × service, in profile order. */
export function regionRows(stats: RunStats, regions: readonly { name: string; geoId?: string }[]): RegionServiceRow[] {
  return regions.map((r, i) => {
    const voice = stats.byRegion[i * S]!;
    const sms = stats.byRegion[i * S + 1]!;
    const data = stats.byRegion[i * S + 2]!;
    return { region: r.name, geoId: r.geoId, voice, sms, data, total: voice + sms + data };
  });
}

/** Generated records per hour of the day (average per day of the run), per service. */
export function hourRows(stats: RunStats): HourRow[] {
  const days = Math.max(1, stats.days);
  return Array.from({ length: 24 }, (_, h) => ({
    hour: h,
    voice: Math.round(stats.byHour[h * S]! / days),
    sms: Math.round(stats.byHour[h * S + 1]! / days),
    data: Math.round(stats.byHour[h * S + 2]! / days),
  }));
}

/** Generated records per day of the run, per service. */
export function dayRows(stats: RunStats): { day: number; voice: number; sms: number; data: number }[] {
  return Array.from({ length: stats.days }, (_, d) => ({
    day: d,
    voice: stats.byDay[d * S]!,
    sms: stats.byDay[d * S + 1]!,
    data: stats.byDay[d * S + 2]!,
  }));
}

/** One histogram bar: [from, to) with to = null for the open last bin. */
export interface Bin {
  from: number;
  to: number | null;
  count: number;
  share: number;
}

/** Histogram bars of counts over ascending upper edges. */
export function histogram(counts: ArrayLike<number>, edges: readonly number[]): Bin[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  return Array.from({ length: edges.length + 1 }, (_, i) => {
    const count = counts[i] ?? 0;
    return { from: i === 0 ? 0 : edges[i - 1]!, to: i < edges.length ? edges[i]! : null, count, share: total > 0 ? count / total : 0 };
  });
}

/** What the page knows about each cell (sent once by a worker). */
export interface CellInfo {
  id: string[];
  region: ArrayLike<number>;
  town: string[];
  tech: ArrayLike<number>;
}

export interface TopCell {
  rank: number;
  index: number;
  id: string;
  region: string;
  town: string;
  tech: string;
  rows: number;
  share: number;
}

/** The `n` busiest cells (most records, all services), ties broken by cell order. */
export function topCells(
  stats: RunStats,
  cells: CellInfo,
  regions: readonly { name: string }[],
  techs: readonly string[],
  n = 10,
): TopCell[] {
  const total = totalRows(stats);
  const idx = Array.from({ length: stats.cells }, (_, i) => i).filter((i) => stats.byCell[i]! > 0);
  idx.sort((a, b) => stats.byCell[b]! - stats.byCell[a]! || a - b);
  return idx.slice(0, n).map((i, k) => ({
    rank: k + 1,
    index: i,
    id: cells.id[i] ?? String(i),
    region: regions[cells.region[i]!]?.name ?? '',
    town: cells.town[i] ?? '',
    tech: techs[cells.tech[i]!] ?? '',
    rows: stats.byCell[i]!,
    share: total > 0 ? stats.byCell[i]! / total : 0,
  }));
}

/** Counts of a categorical column with their labels and shares. */
export function categoryRows(counts: ArrayLike<number>, labels: readonly string[]): { label: string; count: number; share: number }[] {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  return labels.map((label, i) => ({ label, count: counts[i] ?? 0, share: total > 0 ? (counts[i] ?? 0) / total : 0 }));
}
