/**
 * File layouts: Hive-style partition paths (`type=voice/date=2025-10-01/part-00000.parquet`) for any of
 * type, date, hour, region, and the legacy flat names (`voice_cdr_20251001_01.csv`).
 */
import { compactDate, isoDate } from '../core/calendar.ts';
import type { Profile, ServiceType } from '../core/profiles/types.ts';
import type { World } from '../core/world.ts';

export type PartitionKey = 'type' | 'date' | 'hour' | 'region';
export const PARTITION_KEYS: readonly PartitionKey[] = ['type', 'date', 'hour', 'region'];

/** Parses `--partition-by` ("type,date" or a list): known keys, no duplicates, in the given order. */
export function parsePartitionBy(spec: string | readonly string[]): PartitionKey[] {
  const parts = (typeof spec === 'string' ? spec.split(',') : [...spec]).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  const out: PartitionKey[] = [];
  for (const p of parts) {
    if (!(PARTITION_KEYS as readonly string[]).includes(p))
      throw new Error(`unknown partition key "${p}" (use any of ${PARTITION_KEYS.join(', ')})`);
    if (out.includes(p as PartitionKey)) throw new Error(`partition key "${p}" is repeated`);
    out.push(p as PartitionKey);
  }
  return out;
}

/** Values of the partition keys for one file. */
export interface PartitionValues {
  type?: ServiceType;
  /** YYYY-MM-DD (local date of the events). */
  date?: string;
  /** Local hour 0–23. */
  hour?: number;
  region?: string;
}

/** Escapes a partition value like Hive/Spark: `%XX` for control characters, slash, quotes, and the rest of their set. */
export function escapePartitionValue(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)) out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
    else out += ch;
  }
  return out;
}

function keyValue(k: PartitionKey, v: PartitionValues): string {
  const missing = () => new Error(`partition key ${k} has no value`);
  switch (k) {
    case 'type':
      if (v.type === undefined) throw missing();
      return v.type;
    case 'date':
      if (v.date === undefined) throw missing();
      return v.date;
    case 'hour':
      if (v.hour === undefined) throw missing();
      return String(v.hour).padStart(2, '0');
    case 'region':
      if (v.region === undefined) throw missing();
      return escapePartitionValue(v.region);
  }
}

/** The partition directory for the keys (`type=voice/date=2025-10-01`), '' with no keys. */
export function partitionDir(keys: readonly PartitionKey[], values: PartitionValues): string {
  return keys.map((k) => `${k}=${keyValue(k, values)}`).join('/');
}

/** `part-00000.parquet` */
export const partFileName = (part: number, ext: string): string => `part-${String(part).padStart(5, '0')}.${ext}`;

/** Full relative path of one part file: `type=voice/date=2025-10-01/part-00000.parquet`. */
export function partitionPath(keys: readonly PartitionKey[], values: PartitionValues, part: number, ext: string): string {
  const dir = partitionDir(keys, values);
  return dir ? `${dir}/${partFileName(part, ext)}` : partFileName(part, ext);
}

/** Legacy flat CSV name `<type>_cdr_<YYYYMMDD>_<NN>.csv`; `seq` = 1-based day index within the run. */
export function legacyCsvName(type: ServiceType, epochDay: number, seq: number, ext = 'csv'): string {
  return `${type}_cdr_${compactDate(epochDay)}_${String(seq).padStart(2, '0')}.${ext}`;
}

/** Legacy name of plan day `day` (0-based) of a world: `voice_cdr_20251001_01.csv` for day 0. */
export const legacyCsvNameForDay = (world: World, type: ServiceType, day: number, ext = 'csv'): string =>
  legacyCsvName(type, world.plan.startEpochDay + day, day + 1, ext);

/** Legacy reference file of cells: `cell_towers_<country>.csv`. */
export const cellTowersName = (profile: Profile): string => `cell_towers_${profile.country}.csv`;

/** Legacy subscribers reference file. */
export const LEGACY_SUBSCRIBERS_NAME = 'Subscribers.csv';

/** A CDR-like batch: `length`, event times and cells (for per-record date / hour / region). */
export interface PartitionableBatch {
  length: number;
  ts: ArrayLike<number>;
  cell: ArrayLike<number>;
}

/** Rows of one partition of a batch. `rows` is null when the whole batch is that partition. */
export interface BatchPartition {
  values: PartitionValues;
  dir: string;
  rows: Int32Array | null;
}

/**
 * Splits a CDR batch by the partition keys, per record (local date and hour of `timestamp`, region of
 * the cell); partitions come in first-seen order and keep the batch's row order.
 */
export function partitionBatch(
  type: ServiceType,
  batch: PartitionableBatch,
  world: World,
  keys: readonly PartitionKey[],
): BatchPartition[] {
  const n = batch.length;
  const off = world.model.profile.utcOffsetMinutes * 60;
  const regions = world.model.profile.regions;
  const cellRegion = world.cells.region;
  const byDate = keys.includes('date');
  const byHour = keys.includes('hour');
  const byRegion = keys.includes('region');
  const R = regions.length;
  const codes = new Float64Array(n);
  const order: number[] = [];
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const local = batch.ts[i]! + off;
    const d = byDate ? Math.floor(local / 86_400) : 0;
    const h = byHour ? Math.floor((local - Math.floor(local / 86_400) * 86_400) / 3600) : 0;
    const r = byRegion ? cellRegion[batch.cell[i]!]! : 0;
    const code = (d * 24 + h) * R + r;
    codes[i] = code;
    const c = counts.get(code);
    if (c === undefined) {
      counts.set(code, 1);
      order.push(code);
    } else counts.set(code, c + 1);
  }
  const valuesOf = (code: number): PartitionValues => {
    const r = code % R;
    const dh = (code - r) / R;
    const h = dh % 24;
    const d = (dh - h) / 24;
    const v: PartitionValues = { type };
    if (byDate) v.date = isoDate(d);
    if (byHour) v.hour = h;
    if (byRegion) v.region = regions[r]!.name;
    return v;
  };
  if (order.length <= 1) {
    const v = valuesOf(order[0] ?? 0);
    if (n === 0 && (byDate || byHour || byRegion)) return [];
    return [{ values: v, dir: partitionDir(keys, v), rows: null }];
  }
  const rows = new Map<number, { a: Int32Array; k: number }>();
  for (const code of order) rows.set(code, { a: new Int32Array(counts.get(code)!), k: 0 });
  for (let i = 0; i < n; i++) {
    const g = rows.get(codes[i]!)!;
    g.a[g.k++] = i;
  }
  return order.map((code) => {
    const v = valuesOf(code);
    return { values: v, dir: partitionDir(keys, v), rows: rows.get(code)!.a };
  });
}

type Gatherable = { length: number; [k: string]: unknown };

/** A copy of a columnar batch holding only `rows` (typed arrays and string arrays gathered, scalars kept). */
export function takeRows<T extends object>(batch: T, rows: Int32Array): T {
  const b = batch as unknown as Gatherable;
  const n = b.length;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b)) {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && (v as unknown as ArrayLike<number>).length >= n) {
      const src = v as unknown as { constructor: new (len: number) => { [i: number]: number }; [i: number]: number };
      const dst = new src.constructor(rows.length);
      for (let i = 0; i < rows.length; i++) dst[i] = src[rows[i]!]!;
      out[k] = dst;
    } else if (Array.isArray(v) && v.length >= n) {
      out[k] = Array.from(rows, (i) => v[i] as unknown);
    } else out[k] = v;
  }
  out.length = rows.length;
  return out as T;
}
