/** Worker side of the bench hook: engine generation and each writer of the dataset plan, timed. */
import * as Comlink from 'comlink';
import { buildWorld, generateChunk, parseScenario, resolveModel, type World } from '../../src/core/index.ts';
import { worldCdrColumns } from '../../src/core/tables.ts';
import { toRecordBatch } from '../../src/export/arrow.ts';
import { csvContext, encodeCsv, type ColumnSource } from '../../src/export/csv.ts';
import { encodeFileJob, planDataset } from '../../src/export/dataset.ts';
import { encodeNdjson } from '../../src/export/ndjson.ts';
import { encodeArrowFile, encodeParquet } from '../../src/export/parquet.ts';
import { ensureParquetBrowser } from '../../src/export/parquet-init-browser.ts';
import { datasetOptions } from '../../src/workers/generator.ts';
import type { OutputFormat } from '../../src/state/scenario-form.ts';

/** One writer's figures (rows of a `rows`-row scenario, 100,000 subscribers over 7 days, legacy schema). */
export interface WriterRate {
  format: string;
  rows: number;
  files: number;
  bytes: number;
  seconds: number;
  /** Generation + encoding, as a run does it. */
  rowsPerSecond: number;
  /** The encoding alone, timed on batches generated beforehand (same rows, same files). */
  writerOnlyRowsPerSecond: number;
  generationSeconds: number;
}

const scenarioOf = (rows?: number) =>
  parseScenario({ period: { days: 7 }, population: { subscribers: 100_000 }, ...(rows ? { volume: { mode: 'rows', rows } } : {}) });

let world: World | null = null;
const defaultWorld = () => (world ??= buildWorld(resolveModel(scenarioOf())));

const countRows = (o: ReturnType<typeof generateChunk>) => (o.voice?.length ?? 0) + (o.sms?.length ?? 0) + (o.data?.length ?? 0);

const api = {
  async chunkCount(): Promise<number> {
    return defaultWorld().plan.chunks.length;
  },
  async prepare(): Promise<void> {
    generateChunk(defaultWorld(), 0);
  },
  async generate(chunks: number[]): Promise<number> {
    const w = defaultWorld();
    let rows = 0;
    for (const c of chunks) rows += countRows(generateChunk(w, c));
    return rows;
  },
  async writers(rows: number, formats: string[]): Promise<WriterRate[]> {
    await ensureParquetBrowser();
    const w = buildWorld(resolveModel(scenarioOf(rows)));
    generateChunk(w, 0);
    // Generation alone, keeping the batches: the writers are then timed on them without generating.
    let t0 = performance.now();
    const chunks = Array.from({ length: w.plan.chunks.length }, (_, c) => generateChunk(w, c));
    const generationSeconds = (performance.now() - t0) / 1000;
    const out: WriterRate[] = [];
    for (const format of formats as OutputFormat[]) {
      const typed = format === 'parquet' || format === 'arrow';
      // The app's layouts: legacy daily files for CSV/NDJSON, Hive type/date partitions for Parquet/Arrow.
      const opts = datasetOptions({ format, compression: 'zstd', partitionBy: typed ? ['type', 'date'] : [] });
      const jobs = planDataset(w, opts);
      // As a run does it: generation and encoding of every file job.
      let n = 0;
      let bytes = 0;
      let files = 0;
      t0 = performance.now();
      for (const job of jobs)
        for (const p of encodeFileJob(w, job, opts)) {
          n += p.rows;
          bytes += p.bytes.byteLength;
          files++;
        }
      const seconds = (performance.now() - t0) / 1000;
      // The writer alone: the same files' rows from the kept batches (one file per job: its chunks of its type).
      t0 = performance.now();
      let encoded = 0;
      for (const job of jobs) {
        const cols = worldCdrColumns(w, job.type);
        const batches = chunks.slice(job.chunks[0], job.chunks[1]).flatMap((c) => (c[job.type] ? [c[job.type]!] : []));
        if (format === 'csv' || format === 'ndjson') {
          for (const b of batches)
            encoded += (
              format === 'csv'
                ? encodeCsv(cols, b as unknown as ColumnSource, b.length, csvContext(w), false)
                : encodeNdjson(cols, b, b.length, w, { filename: job.path })
            ).byteLength;
        } else {
          const rbs = batches.map((b) => toRecordBatch(cols, b, b.length, w));
          encoded += (format === 'parquet' ? encodeParquet(rbs, { compression: 'zstd' }) : encodeArrowFile(rbs)).byteLength;
        }
      }
      const writerSeconds = (performance.now() - t0) / 1000;
      if (encoded === 0) throw new Error(`the ${format} writer wrote nothing`);
      out.push({
        format,
        rows: n,
        files,
        bytes,
        seconds,
        rowsPerSecond: n / seconds,
        writerOnlyRowsPerSecond: n / writerSeconds,
        generationSeconds,
      });
    }
    return out;
  },
};

export type HookWorkerApi = typeof api;
Comlink.expose(api);
