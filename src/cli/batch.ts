import { createHash, type Hash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServiceType } from '../core/profiles/types.ts';
import type { Scenario } from '../core/scenario.ts';
import {
  datasetExtras,
  fileHeader,
  isStreamable,
  planDataset,
  referenceFiles,
  shardJobs,
  type DatasetOptions,
  type EncodedPiece,
  type FileJob,
} from '../export/dataset.ts';
import { AggregateAccumulator, type ManifestFile } from '../export/manifest.ts';
import { ensureParquetNode } from '../export/parquet-init-node.ts';
import { serializeState, shardManifestName } from './merge-manifest.ts';
import { TaskPool } from './pool.ts';
import { Progress } from './progress.ts';
import { runTask, worldFor, type Task, type TaskResult, type WorldKey } from './tasks.ts';

export interface BatchOptions {
  scenario: Scenario;
  only?: ServiceType[];
  dataset: DatasetOptions;
  workers: number;
  shard: { index: number; count: number };
  out: string;
  /** Show a progress bar on stderr. */
  progress: boolean;
  /** Generate only days ≥ fromDay (continuation of an earlier run; reference files already exist). */
  fromDay?: number;
}

export interface BatchSummary {
  rows: Record<ServiceType, number>;
  files: ManifestFile[];
  bytes: number;
  seconds: number;
  jobs: number;
}

/** Files being written under a temporary name: renamed when complete, removed if the run does not finish. */
class PartialFiles {
  private readonly open = new Set<string>();
  /** File system calls in flight on the thread pool: an open() landing after the sweep would leave a `.partial`. */
  private inflight = 0;
  private interrupted: NodeJS.Signals | null = null;
  private readonly onSignal = (sig: NodeJS.Signals) => {
    this.interrupted = sig;
    if (this.inflight === 0) this.exitInterrupted();
    else setTimeout(() => this.exitInterrupted(), 5_000); // normally io() exits first, as soon as the call lands
  };
  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }
  private exitInterrupted(): never {
    this.removeAllSync();
    process.stderr.write(`\ncdrgen: interrupted by ${this.interrupted}; incomplete files removed\n`);
    process.exit(this.interrupted === 'SIGINT' ? 130 : 143);
  }
  /** Runs one file system call of the writer; after a signal, the sweep and exit wait for it to land. */
  async io<T>(op: () => Promise<T>): Promise<T> {
    if (this.interrupted) throw new Error(`interrupted by ${this.interrupted}`);
    this.inflight++;
    try {
      return await op();
    } finally {
      if (--this.inflight === 0 && this.interrupted) this.exitInterrupted();
    }
  }
  add(p: string) {
    this.open.add(p);
  }
  async commit(tmp: string, final: string) {
    await this.io(() => rename(tmp, final));
    this.open.delete(tmp);
  }
  removeAllSync() {
    for (const p of this.open) {
      try {
        unlinkSync(p);
      } catch {
        /* already gone */
      }
    }
    this.open.clear();
  }
  dispose() {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** One output file being written: bytes appended in order, hashed on the way. */
class OutFile {
  rows = 0;
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private constructor(
    readonly path: string,
    readonly table: string,
    private readonly fh: FileHandle,
    private readonly tmp: string,
    private readonly final: string,
    private readonly partials: PartialFiles,
  ) {}

  static async create(root: string, path: string, table: string, partials: PartialFiles): Promise<OutFile> {
    const final = join(root, path);
    await partials.io(() => mkdir(dirname(final), { recursive: true }));
    const tmp = `${final}.partial`;
    partials.add(tmp);
    return new OutFile(path, table, await partials.io(() => open(tmp, 'w')), tmp, final, partials);
  }

  async write(b: Uint8Array, rows = 0): Promise<void> {
    if (b.length) {
      await this.partials.io(() => this.fh.write(b));
      this.hash.update(b);
      this.bytes += b.length;
    }
    this.rows += rows;
  }

  async close(partials: PartialFiles, format: string): Promise<ManifestFile> {
    await partials.io(() => this.fh.close());
    await partials.commit(this.tmp, this.final);
    return { path: this.path, table: this.table, format, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
  }
}

async function writeWhole(root: string, p: EncodedPiece, format: string, partials: PartialFiles): Promise<ManifestFile> {
  const f = await OutFile.create(root, p.path, p.table, partials);
  await f.write(p.bytes, p.rows);
  return f.close(partials, format);
}

/** Runs `cdrgen batch`: plans the dataset, encodes its files on N workers and writes them in order. */
export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const key: WorldKey = { scenario: opts.scenario, only: opts.only ?? ['voice', 'sms', 'data'] };
  const world = worldFor(key);
  const ds = opts.dataset;
  const fromDay = opts.fromDay ?? 0;
  const jobs = shardJobs(
    planDataset(world, ds).filter((j) => j.day >= fromDay),
    opts.shard.index,
    opts.shard.count,
  );
  await mkdir(opts.out, { recursive: true });
  const partials = new PartialFiles();
  const pool = opts.workers > 1 ? new TaskPool(opts.workers) : null;
  const run = (t: Task): Promise<TaskResult> => (pool ? pool.run(t) : runTask(t));
  const files: ManifestFile[] = [];
  const rows = { voice: 0, sms: 0, data: 0 };
  const totalRows = jobs.reduce((a, j) => a + j.rows, 0);
  const progress = opts.progress ? new Progress(totalRows) : null;
  const streaming = isStreamable(ds.format);
  const openFiles = new Map<string, OutFile>();
  try {
    if (ds.format === 'parquet') await ensureParquetNode();
    if (opts.shard.index === 0 && fromDay === 0)
      for (const p of referenceFiles(world, ds)) files.push(await writeWhole(opts.out, p, ds.format, partials));
    // Tasks in output order: text formats one per (job, chunk), typed formats one per job.
    const tasks: { job: FileJob; task: Task; firstOfJob: boolean; lastOfJob: boolean }[] = [];
    for (const job of jobs) {
      if (streaming) {
        for (let k = job.chunks[0]; k < job.chunks[1]; k++)
          tasks.push({
            job,
            task: { kind: 'chunk', key, opts: ds, job, chunk: k },
            firstOfJob: k === job.chunks[0],
            lastOfJob: k === job.chunks[1] - 1,
          });
      } else tasks.push({ job, task: { kind: 'file', key, opts: ds, job }, firstOfJob: true, lastOfJob: true });
    }
    const window = Math.max(2, opts.workers * (streaming ? 3 : 1) + (streaming ? 0 : 1));
    const inflight: Promise<TaskResult>[] = [];
    let next = 0;
    while (next < tasks.length && inflight.length < window) inflight.push(run(tasks[next++]!.task));
    for (let i = 0; i < tasks.length; i++) {
      const res = (await inflight.shift()!) as { pieces: EncodedPiece[]; rows: number };
      if (next < tasks.length) inflight.push(run(tasks[next++]!.task));
      const { job, firstOfJob, lastOfJob } = tasks[i]!;
      if (streaming) {
        // A flat/non-region file exists even when it gets no rows (legacy: one file per type per day).
        if (firstOfJob && !job.path.includes('{region}')) {
          const f = await OutFile.create(opts.out, job.path, job.table, partials);
          await f.write(fileHeader(world, job, ds));
          openFiles.set(job.path, f);
        }
        for (const p of res.pieces) {
          let f = openFiles.get(p.path);
          if (!f) {
            f = await OutFile.create(opts.out, p.path, p.table, partials);
            await f.write(p.header ?? fileHeader(world, job, ds));
            openFiles.set(p.path, f);
          }
          await f.write(p.bytes, p.rows);
        }
        if (lastOfJob) {
          const paths = [...openFiles.keys()].sort();
          for (const path of paths) files.push(await openFiles.get(path)!.close(partials, ds.format));
          openFiles.clear();
        }
      } else {
        for (const p of res.pieces) files.push(await writeWhole(opts.out, p, ds.format, partials));
      }
      rows[job.type] += res.rows;
      progress?.add(res.rows);
    }
    // Aggregates: every thread that encoded rows hands over its accumulator.
    const acc = new AggregateAccumulator();
    const states = pool ? await pool.broadcast({ kind: 'aggregates', key }) : [await runTask({ kind: 'aggregates', key })];
    for (const s of states) if ('state' in s && s.state) acc.merge(s.state);
    for (const p of datasetExtras(world, ds, files, acc)) {
      if (p.path === 'manifest.json' && opts.shard.count > 1) {
        // Shards write their own manifest with the mergeable aggregate state (`cdrgen merge-manifest`).
        const m = JSON.parse(new TextDecoder().decode(p.bytes)) as Record<string, unknown>;
        m.shard = { index: opts.shard.index, count: opts.shard.count, aggregateState: serializeState(acc.state()) };
        p.path = shardManifestName(opts.shard.index, opts.shard.count);
        p.bytes = new TextEncoder().encode(JSON.stringify(m, null, 2) + '\n');
      }
      files.push(await writeWhole(opts.out, p, p.path.split('.').pop() ?? '', partials));
    }
  } catch (e) {
    for (const f of openFiles.values()) await f.abort();
    partials.removeAllSync();
    throw e;
  } finally {
    progress?.done();
    partials.dispose();
    await pool?.close();
  }
  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  return { rows, files, bytes, seconds: (performance.now() - t0) / 1000, jobs: jobs.length };
}
