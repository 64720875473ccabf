/**
 * Iceberg data files: the shared dataset plan (one job per type per simulated day, at most
 * `maxRowsPerFile` rows) encoded as Parquet with the bronze columns (CDR columns + `ingestion_date`),
 * field ids 1..n in the Parquet schema, one file per UTC day of `timestamp` (the `day` transform of a
 * timestamptz is the UTC day), and the per-file metrics of the manifest entry. No DOM, no Node APIs:
 * runs in Node worker threads and in Web Workers alike (after `ensureParquet`).
 */
import type { CdrBatch } from '../../core/batch.ts';
import type { ServiceType } from '../../core/profiles/types.ts';
import { generateChunk } from '../../core/sim/chunk.ts';
import type { World } from '../../core/world.ts';
import { toRecordBatch } from '../arrow.ts';
import { planDataset, type FileJob } from '../dataset.ts';
import { takeRows } from '../layout.ts';
import { encodeParquet, type ParquetCompression } from '../parquet.ts';
import { dataFileMetrics, type DataFileMetrics } from './metrics.ts';
import { bronzeTableColumns, INGESTION_DAY_SRC } from './schema.ts';

export interface IcebergDataOptions {
  /** Parquet codec (default zstd). */
  compression?: ParquetCompression;
  /** Rows per data file at most (a day with more gets several files; default 1,000,000). */
  maxRowsPerFile?: number;
}

export const DEFAULT_MAX_ROWS_PER_FILE = 1_000_000;

/** One encoded Iceberg data file (not yet named: the table writer assigns its path). */
export interface IcebergDataFile {
  type: ServiceType;
  /** Partition value: UTC day of every `timestamp` in the file, in days since 1970-01-01. */
  epochDay: number;
  rows: number;
  bytes: Uint8Array;
  metrics: DataFileMetrics;
}

/** The data-file jobs of a run, in a fixed order (type, then time): the dataset plan of typed files. */
export function planIcebergJobs(world: World, opts: IcebergDataOptions = {}): FileJob[] {
  return planDataset(world, {
    format: 'parquet',
    partitionBy: ['type', 'date'],
    compression: opts.compression ?? 'zstd',
    maxRowsPerFile: opts.maxRowsPerFile ?? DEFAULT_MAX_ROWS_PER_FILE,
  });
}

type Source = CdrBatch & { [INGESTION_DAY_SRC]: Int32Array };

/**
 * Splits a batch by UTC day of `timestamp` (usually one day; more when the profile is not UTC or late /
 * skewed records from fault injection fall on other days) and adds `ingestion_date` = `ingestionDay`.
 */
function byUtcDay(batch: CdrBatch, ingestionDay: number): Map<number, Source> {
  const n = batch.length;
  const ts = batch.ts;
  const utc = new Int32Array(n);
  let uniform = true;
  for (let i = 0; i < n; i++) {
    utc[i] = Math.floor(ts[i]! / 86_400);
    if (utc[i] !== utc[0]) uniform = false;
  }
  const withIngestion = (b: CdrBatch): Source => ({ ...b, [INGESTION_DAY_SRC]: new Int32Array(b.length).fill(ingestionDay) }) as Source;
  const out = new Map<number, Source>();
  if (n === 0) return out;
  if (uniform) return out.set(utc[0]!, withIngestion(batch));
  const rows = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let l = rows.get(utc[i]!);
    if (!l) rows.set(utc[i]!, (l = []));
    l.push(i);
  }
  for (const [day, idx] of [...rows].sort((a, b) => a[0] - b[0])) out.set(day, withIngestion(takeRows(batch, Int32Array.from(idx))));
  return out;
}

/** Encodes one job: one Parquet data file per UTC day it covers (usually one), ascending by day. Needs `ensureParquet` first. */
export function encodeIcebergJob(
  world: World,
  job: FileJob,
  opts: IcebergDataOptions = {},
  acc?: { add(type: ServiceType, batch: CdrBatch, world: World): unknown },
): IcebergDataFile[] {
  const profile = world.model.profile;
  const cols = bronzeTableColumns(job.type, world.model.scenario.schema, profile);
  // ingestion_date: the simulated day of the daily file that carries the rows (the job's day), i.e. the
  // local date of `timestamp` except for records that fault injection delivers late or with a skewed clock.
  const ingestionDay = world.plan.startEpochDay + job.day;
  const days = new Map<number, Source[]>();
  for (let k = job.chunks[0]; k < job.chunks[1]; k++) {
    const batch = generateChunk(world, k, [job.type])[job.type];
    if (!batch || batch.length === 0) continue;
    acc?.add(job.type, batch, world);
    for (const [day, src] of byUtcDay(batch, ingestionDay)) {
      let l = days.get(day);
      if (!l) days.set(day, (l = []));
      l.push(src);
    }
  }
  const metadata = { generator: 'cdr-studio', seed: String(world.model.scenario.seed), profile: profile.id };
  return [...days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([epochDay, sources]) => {
      const rbs = sources.map((s) => toRecordBatch(cols, s, s.length, world));
      const bytes = encodeParquet(rbs, { compression: opts.compression ?? 'zstd', metadata });
      const metrics = dataFileMetrics(bytes, cols, rbs);
      return { type: job.type, epochDay, rows: metrics.recordCount, bytes, metrics };
    });
}
