/**
 * The dataset plan shared by the CLI and the browser: which files a run writes, which chunks feed
 * each file, and how each file is encoded. Same plan + same encoders ⇒ byte-identical files everywhere.
 */
import type { CdrBatch, LedgerBatch } from '../core/batch.ts';
import { isoDate } from '../core/calendar.ts';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch, type DimBatch } from '../core/dimensions.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { generateChunk } from '../core/sim/chunk.ts';
import { cdrColumns, tableName, worldCdrColumns, type Column, type SchemaPreset } from '../core/tables.ts';
import { ACTORS_TABLE, LEDGER_DIR, LEDGER_TABLE, actorColumns, actorsBatch, concatLedger, ledgerColumns } from '../core/truth/ledger.ts';
import { groundTruthSummary, groundTruthReadme, groundTruthSql } from './truth.ts';
import type { World } from '../core/world.ts';
import { toRecordBatch } from './arrow.ts';
import { csvContext, csvHeader, encodeCsv, type ColumnSource } from './csv.ts';
import { schemaSql, SQL_DIALECTS } from './ddl.ts';
import {
  legacyCsvNameForDay,
  partitionBatch,
  partitionDir,
  partitionPath,
  takeRows,
  cellTowersName,
  LEGACY_SUBSCRIBERS_NAME,
  type PartitionKey,
} from './layout.ts';
import { AggregateAccumulator, buildManifest, manifestJson, type ManifestFile } from './manifest.ts';
import { encodeNdjson } from './ndjson.ts';
import { encodeArrowFile, encodeParquet, type ParquetCompression } from './parquet.ts';
import { datasetReadme } from './readme.ts';
import { utf8 } from './bytes.ts';

export type OutputFormat = 'csv' | 'ndjson' | 'parquet' | 'arrow';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['csv', 'ndjson', 'parquet', 'arrow'];
export const FORMAT_EXT: Record<OutputFormat, string> = { csv: 'csv', ndjson: 'ndjson', parquet: 'parquet', arrow: 'arrow' };

export interface DatasetOptions {
  format: OutputFormat;
  /** Hive partition keys, or null for the legacy flat layout (one file per type per day). */
  partitionBy: PartitionKey[] | null;
  compression: ParquetCompression;
  /** Rows per part file in partitioned layouts (a partition with more gets several parts). */
  maxRowsPerFile: number;
}

/** Default options of a format: legacy flat layout for text, `type,date` partitions for typed files. */
export function defaultDatasetOptions(format: OutputFormat): DatasetOptions {
  return {
    format,
    partitionBy: format === 'csv' || format === 'ndjson' ? null : ['type', 'date'],
    compression: 'zstd',
    maxRowsPerFile: 1_000_000,
  };
}

/** One unit of output: the rows of one type from a contiguous chunk range, written to one file (or one per region). */
export interface FileJob {
  /** Position in the full plan (stable across shards). */
  index: number;
  type: ServiceType;
  table: string;
  /** Chunk range [from, to). */
  chunks: [number, number];
  day: number;
  /** Path for non-region layouts; with a region key, `{region}` marks where the region directory goes. */
  path: string;
  /** Exact rows (from the plan). */
  rows: number;
  /** Part number inside its partition directory. */
  part: number;
}

/** Plans every CDR file of the run, in a fixed order (type, then time). */
export function planDataset(world: World, opts: DatasetOptions): FileJob[] {
  const jobs: FileJob[] = [];
  const { chunks } = world.plan;
  const ext = FORMAT_EXT[opts.format];
  const keys = opts.partitionBy;
  for (const type of world.plan.types) {
    const table = tableName(type);
    let i = 0;
    const nextPart = new Map<string, number>();
    while (i < chunks.length) {
      const day = chunks[i]!.day;
      const hour = chunks[i]!.hour;
      // Group: chunks of the same day (and hour when partitioned by hour).
      let j = i;
      const byHour = keys?.includes('hour') ?? false;
      while (j < chunks.length && chunks[j]!.day === day && (!byHour || chunks[j]!.hour === hour)) j++;
      if (!keys) {
        const rows = sum(world, type, i, j);
        jobs.push({
          index: jobs.length,
          type,
          table,
          chunks: [i, j],
          day,
          path: legacyCsvNameForDay(world, type, day, ext),
          rows,
          part: 0,
        });
      } else {
        // Split the group into parts of at most maxRowsPerFile rows (at chunk boundaries). Part numbers
        // count per partition directory, so layouts without `date` (or `hour`) never reuse a name.
        let a = i;
        while (a < j) {
          let b = a;
          let rows = 0;
          while (b < j && (b === a || rows + chunks[b]!.records[type] <= opts.maxRowsPerFile)) rows += chunks[b++]!.records[type];
          const values = { type, date: isoDate(world.plan.startEpochDay + day), hour, region: '\u0000' };
          const dir = partitionDir(keys, values);
          const part = nextPart.get(dir) ?? 0;
          nextPart.set(dir, part + 1);
          const path = partitionPath(keys, values, part, ext).replace('region=%00', 'region={region}');
          jobs.push({ index: jobs.length, type, table, chunks: [a, b], day, path, rows, part });
          a = b;
        }
      }
      i = j;
    }
  }
  return jobs;
}

function sum(world: World, type: ServiceType, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) n += world.plan.chunks[k]!.records[type];
  return n;
}

/** Jobs of shard I of N: contiguous groups of the plan balanced by rows, whole files only. */
export function shardJobs(jobs: readonly FileJob[], index: number, count: number): FileJob[] {
  if (count <= 1) return [...jobs];
  const total = jobs.reduce((a, j) => a + j.rows, 0);
  const out: FileJob[] = [];
  let acc = 0;
  for (const j of jobs) {
    const mid = acc + j.rows / 2;
    const s = total > 0 ? Math.min(count - 1, Math.floor((mid / total) * count)) : j.index % count;
    if (s === index) out.push(j);
    acc += j.rows;
  }
  return out;
}

/** One encoded file (or piece of a text file). */
export interface EncodedPiece {
  path: string;
  table: string;
  rows: number;
  bytes: Uint8Array;
  /** Bytes that start a new file of this piece's path when they differ from the job's `fileHeader` (ledger pieces). */
  header?: Uint8Array;
}

/** Whether a piece is a ground-truth ledger file rather than CDR rows. */
export const isLedgerPiece = (p: { table: string }): boolean => p.table === LEDGER_TABLE;

/** Path of the ledger file of a job: `ground_truth/type=voice/date=2025-10-01/part-00012.<ext>` (unique per job). */
export function ledgerPath(world: World, job: FileJob, opts: DatasetOptions): string {
  return `${LEDGER_DIR}/type=${job.type}/date=${isoDate(world.plan.startEpochDay + job.day)}/part-${String(job.index).padStart(5, '0')}.${FORMAT_EXT[opts.format]}`;
}

function regionPath(job: FileJob, region: string | undefined): string {
  return region === undefined ? job.path : job.path.replace('{region}', region);
}

/** Generates chunk k of a job and splits its rows by region when the layout asks for it (plus the chunk's ledger rows, if any). */
function jobChunk(
  world: World,
  job: FileJob,
  k: number,
  opts: DatasetOptions,
  acc?: AggregateAccumulator,
): { parts: { path: string; batch: CdrBatch }[]; ledger: LedgerBatch | null } {
  const out = generateChunk(world, k, [job.type]);
  const batch = out[job.type];
  const led = out.ledger?.[job.type];
  const ledger = led && led.length > 0 ? led : null;
  if (!batch || batch.length === 0) return { parts: [], ledger };
  acc?.add(job.type, batch, world);
  if (!opts.partitionBy?.includes('region')) return { parts: [{ path: job.path, batch }], ledger };
  const parts = partitionBatch(job.type, batch, world, ['region']).map((p) => ({
    path: regionPath(job, p.dir.slice('region='.length)),
    batch: p.rows ? takeRows(batch, p.rows) : batch,
  }));
  return { parts, ledger };
}

/** Header of a ledger file (CSV only). */
const ledgerHeader = (opts: DatasetOptions): Uint8Array => (opts.format === 'csv' ? csvHeader(ledgerColumns()) : new Uint8Array(0));

/** Text encoding of ledger rows (no header). */
function encodeLedgerText(world: World, b: LedgerBatch, opts: DatasetOptions): Uint8Array {
  const cols = ledgerColumns();
  return opts.format === 'csv'
    ? encodeCsv(cols, b as unknown as ColumnSource, b.length, csvContext(world), false)
    : encodeNdjson(cols, b, b.length, world, { ingestTs: false });
}

/** One whole ledger file of a job from its chunks' ledger rows (null when there are none). */
function ledgerFile(world: World, job: FileJob, opts: DatasetOptions, parts: LedgerBatch[]): EncodedPiece | null {
  const rows = parts.reduce((a, p) => a + p.length, 0);
  if (rows === 0) return null;
  const path = ledgerPath(world, job, opts);
  let bytes: Uint8Array;
  if (isStreamable(opts.format)) bytes = concat([ledgerHeader(opts), ...parts.map((p) => encodeLedgerText(world, p, opts))]);
  else {
    const b = concatLedger(parts);
    const rb = toRecordBatch(ledgerColumns(), b, b.length, world);
    bytes =
      opts.format === 'parquet'
        ? encodeParquet([rb], { compression: opts.compression, metadata: parquetMetadata(world) })
        : encodeArrowFile([rb]);
  }
  return { path, table: LEDGER_TABLE, rows, bytes };
}

/** Whether files of a format can be written chunk by chunk (text) rather than whole (typed). */
export const isStreamable = (format: OutputFormat): boolean => format === 'csv' || format === 'ndjson';

/** Header bytes that start a new file of a job (CSV only). */
export function fileHeader(world: World, job: FileJob, opts: DatasetOptions): Uint8Array {
  return opts.format === 'csv' ? csvHeader(cdrColumns(job.type, world.model.scenario.schema, world.model.profile)) : new Uint8Array(0);
}

/** Text formats: the encoded rows of chunk k of a job, per output path (no header). */
export function encodeJobChunk(world: World, job: FileJob, k: number, opts: DatasetOptions, acc?: AggregateAccumulator): EncodedPiece[] {
  return encodeJobChunkAll(world, job, k, opts, acc).filter((p) => !isLedgerPiece(p));
}

/**
 * Text formats: like `encodeJobChunk`, plus, when the chunk has ground-truth rows, a ledger piece
 * (table `ground_truth`, its own `header` for a new file) at `ledgerPath(job)`.
 */
export function encodeJobChunkAll(world: World, job: FileJob, k: number, opts: DatasetOptions, acc?: AggregateAccumulator): EncodedPiece[] {
  const cols = worldCdrColumns(world, job.type);
  const filename = legacyCsvNameForDay(world, job.type, job.day, 'csv');
  const { parts, ledger } = jobChunk(world, job, k, opts, acc);
  const pieces: EncodedPiece[] = parts.map(({ path, batch }) => ({
    path,
    table: job.table,
    rows: batch.length,
    bytes:
      opts.format === 'csv'
        ? encodeCsv(cols, batch as unknown as ColumnSource, batch.length, csvContext(world), false)
        : encodeNdjson(cols, batch, batch.length, world, { filename }),
  }));
  if (ledger) {
    pieces.push({
      path: ledgerPath(world, job, opts),
      table: LEDGER_TABLE,
      rows: ledger.length,
      bytes: encodeLedgerText(world, ledger, opts),
      header: ledgerHeader(opts),
    });
  }
  return pieces;
}

/**
 * Encodes a whole job: one complete file per output path (header included for CSV), then — when faults
 * or fraud left ground-truth rows in its chunks — its ledger file (last). Parquet needs ensureParquet first.
 */
export function encodeFileJob(world: World, job: FileJob, opts: DatasetOptions, acc?: AggregateAccumulator): EncodedPiece[] {
  const ledgers: LedgerBatch[] = [];
  const withLedger = (pieces: EncodedPiece[]): EncodedPiece[] => {
    const l = ledgerFile(world, job, opts, ledgers);
    return l ? [...pieces, l] : pieces;
  };
  if (isStreamable(opts.format)) {
    const cols = worldCdrColumns(world, job.type);
    const filename = legacyCsvNameForDay(world, job.type, job.day, 'csv');
    const byPath = new Map<string, { rows: number; parts: Uint8Array[] }>();
    if (!opts.partitionBy?.includes('region')) byPath.set(job.path, { rows: 0, parts: [fileHeader(world, job, opts)] });
    for (let k = job.chunks[0]; k < job.chunks[1]; k++) {
      const { parts, ledger } = jobChunk(world, job, k, opts, acc);
      if (ledger) ledgers.push(ledger);
      for (const { path, batch } of parts) {
        let f = byPath.get(path);
        if (!f) byPath.set(path, (f = { rows: 0, parts: [fileHeader(world, job, opts)] }));
        f.rows += batch.length;
        f.parts.push(
          opts.format === 'csv'
            ? encodeCsv(cols, batch as unknown as ColumnSource, batch.length, csvContext(world), false)
            : encodeNdjson(cols, batch, batch.length, world, { filename }),
        );
      }
    }
    return withLedger(
      [...byPath.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([path, f]) => ({ path, table: job.table, rows: f.rows, bytes: concat(f.parts) })),
    );
  }
  const cols = worldCdrColumns(world, job.type);
  const byPath = new Map<string, CdrBatch[]>();
  for (let k = job.chunks[0]; k < job.chunks[1]; k++) {
    const { parts, ledger } = jobChunk(world, job, k, opts, acc);
    if (ledger) ledgers.push(ledger);
    for (const { path, batch } of parts) {
      let l = byPath.get(path);
      if (!l) byPath.set(path, (l = []));
      l.push(batch);
    }
  }
  if (byPath.size === 0 && !opts.partitionBy?.includes('region') && opts.partitionBy === null) byPath.set(job.path, []);
  return withLedger(
    [...byPath.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, batches]) => {
        const rbs = batches.map((b) => toRecordBatch(cols, b, b.length, world));
        const bytes =
          opts.format === 'parquet'
            ? encodeParquet(rbs, { compression: opts.compression, metadata: parquetMetadata(world) })
            : encodeArrowFile(rbs);
        return { path, table: job.table, rows: batches.reduce((a, b) => a + b.length, 0), bytes };
      }),
  );
}

function parquetMetadata(world: World): Record<string, string> {
  return { generator: 'cdr-studio', seed: String(world.model.scenario.seed), profile: world.model.profile.id };
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encodeDim(world: World, cols: Column[], b: DimBatch, format: OutputFormat, compression: ParquetCompression): Uint8Array {
  if (format === 'csv') return encodeCsv(cols, b.cols, b.length, csvContext(world), true);
  if (format === 'ndjson') return encodeNdjson(cols, b.cols, b.length, world, { ingestTs: false });
  const rb = toRecordBatch(cols, b.cols, b.length, world);
  return format === 'parquet' ? encodeParquet([rb], { compression }) : encodeArrowFile([rb]);
}

/** Reference / dimension files: legacy CSV names in the flat CSV layout, `cells.<ext>` / `subscribers.<ext>` otherwise. */
export function referenceFiles(world: World, opts: DatasetOptions): EncodedPiece[] {
  const preset: SchemaPreset = world.model.scenario.schema;
  const cb = cellsBatch(world);
  const sb = subscribersBatch(world, 0, world.subs.total);
  const out: EncodedPiece[] = [];
  if (world.plan.truth) out.push(actorsFile(world, opts));
  if (opts.format === 'csv' && opts.partitionBy === null) {
    out.push({
      path: cellTowersName(world.model.profile),
      table: 'cells',
      rows: cb.length,
      bytes: encodeDim(world, cellColumns('legacy'), cb, 'csv', 'none'),
    });
    out.push({
      path: LEGACY_SUBSCRIBERS_NAME,
      table: 'subscribers',
      rows: sb.length,
      bytes: encodeDim(world, subscriberColumns('legacy'), sb, 'csv', 'none'),
    });
    if (preset === 'extended') {
      out.push({ path: 'cells.csv', table: 'cells', rows: cb.length, bytes: encodeDim(world, cellColumns('extended'), cb, 'csv', 'none') });
      out.push({
        path: 'subscribers.csv',
        table: 'subscribers',
        rows: sb.length,
        bytes: encodeDim(world, subscriberColumns('extended'), sb, 'csv', 'none'),
      });
    }
    return out;
  }
  const ext = FORMAT_EXT[opts.format];
  out.push({
    path: `cells.${ext}`,
    table: 'cells',
    rows: cb.length,
    bytes: encodeDim(world, cellColumns(preset), cb, opts.format, opts.compression),
  });
  out.push({
    path: `subscribers.${ext}`,
    table: 'subscribers',
    rows: sb.length,
    bytes: encodeDim(world, subscriberColumns(preset), sb, opts.format, opts.compression),
  });
  return out;
}

/** `ground_truth/fraud_actors.<ext>`: the fraudulent SIMs and numbers of the run (empty without fraud). */
function actorsFile(world: World, opts: DatasetOptions): EncodedPiece {
  const a = actorsBatch(world.fraud?.actors ?? [], world.subs, world.cells.id, world.plan.startEpochDay);
  const dim: DimBatch = { length: a.length, cols: a.cols };
  return {
    path: `${LEDGER_DIR}/${ACTORS_TABLE}.${FORMAT_EXT[opts.format]}`,
    table: ACTORS_TABLE,
    rows: a.length,
    bytes: encodeDim(
      world,
      actorColumns(),
      dim,
      opts.format,
      opts.format === 'csv' || opts.format === 'ndjson' ? 'none' : opts.compression,
    ),
  };
}

/** schema.sql with the CREATE TABLE statements of every dialect. */
export function datasetSchemaSql(world: World): string {
  const preset = world.model.scenario.schema;
  return SQL_DIALECTS.map(
    (d) =>
      `-- ===== ${d} =====\n${schemaSql(preset, d, { profile: world.model.profile, types: world.plan.types })}` +
      (world.plan.truth ? groundTruthSql(d) : ''),
  ).join('\n\n');
}

/** The closing files of a dataset: schema.sql, README.md and manifest.json (listing `files`). */
export function datasetExtras(
  world: World,
  opts: DatasetOptions,
  files: readonly ManifestFile[],
  acc: AggregateAccumulator | null,
): EncodedPiece[] {
  const sc = world.model.scenario;
  const schema = utf8(datasetSchemaSql(world));
  const readme = utf8(
    datasetReadme({
      preset: sc.schema,
      profile: world.model.profile,
      scenario: sc,
      types: world.plan.types,
      format: opts.format,
      partitionBy: opts.partitionBy ?? undefined,
    }) + (world.plan.truth ? groundTruthReadme(world) : ''),
  );
  const manifest = buildManifest({
    scenario: sc,
    files,
    aggregates: acc ?? undefined,
    format: opts.format,
    partitionBy: opts.partitionBy ?? undefined,
    ...(world.plan.truth ? { groundTruth: groundTruthSummary(world) } : {}),
  });
  return [
    { path: 'schema.sql', table: 'schema', rows: 0, bytes: schema },
    { path: 'README.md', table: 'readme', rows: 0, bytes: readme },
    { path: 'manifest.json', table: 'manifest', rows: 0, bytes: utf8(manifestJson(manifest)) },
  ];
}
