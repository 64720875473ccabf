/**
 * The generator behind the worker boundary: the dataset plan and encoders shared with the CLI
 * (src/export/dataset.ts), plus statistics for the result charts. DOM-free, so it also runs in Node.
 */
import * as Comlink from 'comlink';
import { buildWorld, generateChunk, parseScenario, resolveModel, type ServiceType, type World } from '../core/index.ts';
import type { CdrBatch } from '../core/batch.ts';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch } from '../core/dimensions.ts';
import { cdrColumns, tableName, type Column } from '../core/tables.ts';
import { RATS } from '../core/world.ts';
import { csvContext, encodeCsv } from '../export/csv.ts';
import {
  concat,
  datasetExtras,
  encodeFileJob,
  encodeJobChunk,
  fileHeader,
  FORMAT_EXT,
  isStreamable,
  planDataset,
  referenceFiles,
  type DatasetOptions,
  type EncodedPiece,
  type FileJob,
} from '../export/dataset.ts';
import { takeRows } from '../export/layout.ts';
import { AggregateAccumulator, type AggregatableBatch } from '../export/manifest.ts';
import { sha256Hex } from '../export/sha256.ts';
import { zipStream } from '../export/zip.ts';
import { DEFAULT_WAREHOUSE, type FileFormat, type OutputFormat, type OutputOptions } from '../state/scenario-form.ts';
import { IcebergRun, type IcebergRunOptions } from '../export/iceberg/build.ts';
import { encodeIcebergJob } from '../export/iceberg/data.ts';
import { accumulateBatch, createStats, statsBuffers, type RunStats, type StatsContext } from '../ui/charts/data/result-stats.ts';
import { parseCsvLines } from './csv-lines.ts';
import { explorePieces } from '../analytics/tables.ts';
import type {
  DatasetInfo,
  EncodedFile,
  EncodedUnit,
  GeneratorApi,
  IcebergFileInfo,
  IcebergTables,
  ProgressSink,
  RunRequest,
  SampleTable,
  TableFile,
  ZipInput,
} from './api.ts';

/** Rows of each sample table. */
export const SAMPLE_ROWS = 50;
/** Rows per part file in partitioned layouts (the CLI's default). */
export const MAX_ROWS_PER_FILE = 1_000_000;
const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];
/** Progress is posted at most every this many rows (each post is a message to the page). */
const PROGRESS_STEP = 20_000;

/** The dataset options of the shared plan for the page's output options (empty partitioning = legacy flat layout). */
export function datasetOptions(output: OutputOptions): DatasetOptions {
  // Iceberg: the units encode Parquet by type and date (for the statistics and the manifest); the tables come from `iceberg()`.
  if (output.format === 'iceberg')
    return { format: 'parquet', partitionBy: ['type', 'date'], compression: output.compression, maxRowsPerFile: MAX_ROWS_PER_FILE };
  return {
    format: output.format,
    partitionBy: output.partitionBy.length ? [...output.partitionBy] : null,
    compression: output.compression,
    maxRowsPerFile: MAX_ROWS_PER_FILE,
  };
}

/** The manifest's aggregate accumulator, also feeding the result charts' statistics and the progress. */
class RunAccumulator extends AggregateAccumulator {
  rows = 0;
  constructor(
    readonly stats: RunStats,
    private readonly ctx: StatsContext,
    private readonly onRows: (rows: number) => void,
  ) {
    super();
  }
  override add(type: ServiceType, batch: AggregatableBatch, world: World): this {
    accumulateBatch(this.stats, batch as CdrBatch, this.ctx);
    this.rows += batch.length;
    this.onRows(this.rows);
    return super.add(type, batch, world);
  }
}

interface Prepared {
  key: string;
  world: World;
  opts: DatasetOptions;
  jobs: FileJob[];
  statsCtx: StatsContext;
}

/** Ensures the Parquet encoder is ready (the worker entry passes the browser initialiser). */
export type ParquetInit = () => Promise<void>;

/** Creates the generator API with a one-entry world cache. */
export function createGenerator(initParquet: ParquetInit = async () => {}): GeneratorApi {
  let world: { json: string; world: World } | null = null;
  let cache: Prepared | null = null;

  const worldOf = (scenarioJson: string): { world: World; ms: number } => {
    if (world?.json === scenarioJson) return { world: world.world, ms: 0 };
    const t0 = performance.now();
    const w = buildWorld(resolveModel(parseScenario(JSON.parse(scenarioJson))));
    world = { json: scenarioJson, world: w };
    cache = null;
    return { world: w, ms: performance.now() - t0 };
  };

  const prepare = (req: RunRequest): { prepared: Prepared; ms: number } => {
    const key = `${req.scenarioJson}\u0000${JSON.stringify(req.output)}`;
    const { world: w, ms } = worldOf(req.scenarioJson);
    if (cache?.key === key) return { prepared: cache, ms };
    const opts = datasetOptions(req.output);
    const statsCtx: StatsContext = {
      cellRegion: w.cells.region,
      offsetSeconds: w.model.profile.utcOffsetMinutes * 60,
      startEpochDay: w.plan.startEpochDay,
    };
    cache = { key, world: w, opts, jobs: planDataset(w, opts), statsCtx };
    return { prepared: cache, ms };
  };

  const readyFor = (format: OutputFormat) => (format === 'parquet' || format === 'iceberg' ? initParquet() : Promise.resolve());

  const withHashes = async (pieces: EncodedPiece[], format: string): Promise<EncodedFile[]> =>
    Promise.all(
      pieces.map(async (p) => ({
        path: p.path,
        table: p.table,
        format,
        rows: p.rows,
        blob: blobOf(p.bytes),
        size: p.bytes.byteLength,
        sha256: await sha256Hex(p.bytes),
      })),
    );

  return {
    async warm(): Promise<void> {
      await initParquet();
    },

    async describe(req: RunRequest): Promise<DatasetInfo> {
      const { prepared, ms } = prepare(req);
      const { world: w, jobs } = prepared;
      const c = w.cells;
      return {
        units: [
          { unit: 0, path: '', table: 'reference', rows: w.cells.n + w.subs.n },
          ...jobs.map((j, k) => ({ unit: k + 1, path: j.path, table: j.table, type: j.type, rows: j.rows })),
        ],
        regions: w.model.profile.regions.map((r) => ({ name: r.name, ...(r.geoId ? { geoId: r.geoId } : {}) })),
        cells: { id: c.id, region: c.region, town: c.town, tech: c.tech },
        techs: [...RATS],
        currency: w.model.profile.currency,
        samples: samplesOf(w),
        worldMs: ms,
      };
    },

    async encodeUnit(req: RunRequest, unit: number, onProgress: ProgressSink): Promise<EncodedUnit> {
      await readyFor(req.output.format);
      const { prepared } = prepare(req);
      const { world: w, jobs, opts, statsCtx } = prepared;
      if (unit === 0) {
        const files = await withHashes(referenceFiles(w, opts), opts.format);
        return { unit, files, rows: 0, stats: null, aggregates: null };
      }
      const job = jobs[unit - 1];
      if (!job) throw new Error(`unit ${unit} is out of range`);
      let reported = 0;
      const stats = createStats(w.model.profile.regions.length, w.cells.n, w.plan.days);
      const acc = new RunAccumulator(stats, statsCtx, (rows) => {
        if (rows - reported >= PROGRESS_STEP) {
          reported = rows;
          onProgress(rows);
        }
      });
      const files =
        req.output.format === 'iceberg'
          ? await icebergFiles(w, job, icebergOptions(req), acc)
          : await withHashes(encodeFileJob(w, job, opts, acc), opts.format);
      const aggregates = acc.rows > 0 ? acc.state() : null;
      return Comlink.transfer({ unit, files, rows: acc.rows, stats, aggregates }, statsBuffers(stats));
    },

    async encodeTable(req: RunRequest, type: ServiceType, format: FileFormat): Promise<TableFile> {
      await readyFor(format);
      const { world: w } = worldOf(req.scenarioJson);
      if (!w.plan.types.includes(type)) throw new Error(`the scenario has no ${type} records`);
      const table = tableName(type);
      const name = `${table}.${FORMAT_EXT[format]}`;
      const flat: DatasetOptions = { format, partitionBy: null, compression: req.output.compression, maxRowsPerFile: MAX_ROWS_PER_FILE };
      let bytes: Uint8Array;
      let rows = 0;
      if (isStreamable(format)) {
        // The legacy daily files of the type, back to back under one header: each NDJSON record keeps its day's `filename`.
        const jobs = planDataset(w, flat).filter((j) => j.type === type);
        const parts: Uint8Array[] = jobs.length ? [fileHeader(w, jobs[0]!, flat)] : [];
        for (const job of jobs) {
          for (let k = job.chunks[0]; k < job.chunks[1]; k++) {
            for (const p of encodeJobChunk(w, job, k, flat)) {
              parts.push(p.bytes);
              rows += p.rows;
            }
          }
        }
        bytes = concat(parts);
      } else {
        // Typed formats: one job over every chunk of the run.
        const all: FileJob = {
          index: 0,
          type,
          table,
          chunks: [0, w.plan.chunks.length],
          day: 0,
          path: name,
          rows: w.plan.totals[type],
          part: 0,
        };
        const [piece] = encodeFileJob(w, all, { ...flat, partitionBy: ['type'] });
        bytes = piece?.bytes ?? new Uint8Array(0);
        rows = piece?.rows ?? 0;
      }
      return { name, rows, blob: blobOf(bytes) };
    },

    async extras(req, files, aggregates): Promise<TableFile[]> {
      const { prepared } = prepare(req);
      const acc = aggregates ? new AggregateAccumulator().merge(aggregates) : null;
      return datasetExtras(prepared.world, prepared.opts, files, acc).map((p) => ({ name: p.path, rows: p.rows, blob: blobOf(p.bytes) }));
    },

    async iceberg(req: RunRequest, dataFiles: IcebergFileInfo[]): Promise<IcebergTables> {
      const { world: w } = worldOf(req.scenarioJson);
      // The units encoded the data files already (encodeUnit): name them in plan order, then write the metadata.
      const run = new IcebergRun(w, icebergOptions(req));
      const named = run.add(dataFiles.map((f) => ({ ...f, bytes: new Uint8Array(0) })));
      const files = run.finish();
      const sql = files.find((f) => f.path === 'register.sql');
      return {
        dataPaths: named.map((f) => f.path),
        files: files.map((f) => ({ name: f.path, rows: 0, blob: blobOf(f.bytes) })),
        registerSql: sql ? new TextDecoder().decode(sql.bytes) : '',
      };
    },

    async zip(entries: ZipInput[]): Promise<Blob> {
      return new Response(zipOf(entries)).blob();
    },

    async zipToFile(entries: ZipInput[], target: FileSystemFileHandle): Promise<number> {
      let size = 0;
      const count = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          size += chunk.byteLength;
          out.enqueue(chunk);
        },
      });
      // pipeTo closes the writable when the ZIP ends (the file appears whole) and aborts it on an error.
      await zipOf(entries)
        .pipeThrough(count)
        .pipeTo(await target.createWritable());
      return size;
    },

    async exploreTables(req, group) {
      const pieces = explorePieces(worldOf(req.scenarioJson).world, group);
      return Comlink.transfer(pieces, [...new Set(pieces.map((p) => p.stream.buffer as ArrayBuffer))]);
    },
  };
}

/** The dataset ZIP of Blobs (the download and the ZIP written to disk are the same bytes). */
const zipOf = (entries: ZipInput[]): ReadableStream<Uint8Array> =>
  zipStream(entries.map((e) => ({ name: e.name, input: e.blob.stream(), size: e.blob.size })));

/** The Iceberg export options of a request (the CLI's defaults otherwise). */
function icebergOptions(req: RunRequest): IcebergRunOptions {
  return {
    warehouse: req.output.warehouse?.trim() || DEFAULT_WAREHOUSE,
    compression: req.output.compression,
    maxRowsPerFile: MAX_ROWS_PER_FILE,
  };
}

/**
 * Iceberg output: the job's data files (split by UTC day), encoded once — with the statistics for the charts
 * and the manifest — under a provisional name; `iceberg()` names them and writes the table metadata.
 */
async function icebergFiles(w: World, job: FileJob, opts: IcebergRunOptions, acc: AggregateAccumulator): Promise<EncodedFile[]> {
  const data = encodeIcebergJob(w, job, { compression: opts.compression, maxRowsPerFile: opts.maxRowsPerFile }, acc);
  return Promise.all(
    data.map(async (f, k) => ({
      path: `${job.type}/data/.pending/job-${String(job.index).padStart(6, '0')}-${k}.parquet`,
      table: job.table,
      format: 'parquet',
      rows: f.rows,
      blob: blobOf(f.bytes),
      size: f.bytes.byteLength,
      sha256: await sha256Hex(f.bytes),
      iceberg: { type: f.type, epochDay: f.epochDay, rows: f.rows, metrics: f.metrics },
    })),
  );
}

/** A Blob of encoded bytes (made in the worker; the page receives a reference). */
const blobOf = (bytes: Uint8Array): Blob => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** CSV text of the first rows of a column source → header and string cells. */
function sampleOf(table: string, cols: Column[], src: Record<string, unknown>, length: number, world: World): SampleTable {
  const text = new TextDecoder().decode(encodeCsv(cols, src, length, csvContext(world), true));
  const [columns = [], ...rows] = parseCsvLines(text);
  return { table, columns, rows };
}

const firstRows = (n: number) => Int32Array.from({ length: n }, (_, k) => k);

/** The first SAMPLE_ROWS rows of every table of the dataset, as the CSV writer renders them. */
function samplesOf(world: World): SampleTable[] {
  const preset = world.model.scenario.schema;
  const out: SampleTable[] = [];
  for (const type of SERVICES) {
    if (!world.plan.types.includes(type)) continue;
    const cols = cdrColumns(type, preset, world.model.profile);
    const parts: CdrBatch[] = [];
    let n = 0;
    for (let i = 0; i < world.plan.chunks.length && n < SAMPLE_ROWS; i++) {
      if (world.plan.chunks[i]!.records[type] === 0) continue;
      const b = generateChunk(world, i, [type])[type];
      if (!b || b.length === 0) continue;
      const take = Math.min(SAMPLE_ROWS - n, b.length);
      parts.push(take === b.length ? b : takeRows(b, firstRows(take)));
      n += take;
    }
    const text = parts
      .map((b, k) =>
        new TextDecoder().decode(encodeCsv(cols, b as unknown as Record<string, unknown>, b.length, csvContext(world), k === 0)),
      )
      .join('');
    const [columns = [], ...rows] = parseCsvLines(text);
    out.push({ table: tableName(type), columns, rows });
  }
  const cb = cellsBatch(world);
  const take = Math.min(SAMPLE_ROWS, cb.length);
  const { length: _n, ...cellCols } = takeRows({ length: cb.length, ...cb.cols }, firstRows(take));
  out.push(sampleOf('cells', cellColumns(preset), cellCols, take, world));
  const subs = subscribersBatch(world, 0, Math.min(SAMPLE_ROWS, world.subs.n));
  out.push(sampleOf('subscribers', subscriberColumns(preset), subs.cols, subs.length, world));
  return out;
}
