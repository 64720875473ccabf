/**
 * `cdrgen batch --format iceberg [--table-location WAREHOUSE_URI]`: one Iceberg v2 table per CDR type
 * in `<out>/<type>` (location `<warehouse>/<type>`, default warehouse `file://<absolute out>`), data
 * files encoded on the worker pool (task kind `iceberg`), metadata written by the main thread.
 * A table folder that already holds a table is appended to: a new snapshot and metadata version.
 * With `--shard I/N` a run only encodes its share of the data files; `cdrgen merge-manifest` commits them
 * (iceberg-shards.ts).
 */
import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceType } from '../core/profiles/types.ts';
import { IcebergRun } from '../export/iceberg/build.ts';
import { shardJobs } from '../export/dataset.ts';
import type { IcebergDataFile } from '../export/iceberg/data.ts';
import { loadIcebergTable, type IcebergOutputFile, type TableState } from '../export/iceberg/table.ts';
import type { ManifestFile } from '../export/manifest.ts';
import { UsageError } from './args.ts';
import type { BatchOptions, BatchSummary } from './batch.ts';
import { TaskPool } from './pool.ts';
import { Progress } from './progress.ts';
import { runTask, worldFor, type Task, type TaskResult, type WorldKey } from './tasks.ts';
import {
  describeShardFile,
  icebergShardName,
  readIcebergShards,
  SHARD_DATA_DIR,
  shardDataFile,
  shardDataPath,
  type IcebergShardDescriptor,
  type ShardDataFile,
} from './iceberg-shards.ts';

export interface IcebergBatchOptions extends BatchOptions {
  /** Warehouse URI; tables at `<uri>/<type>`. Default: `file://<absolute out>` for new tables, the recorded location for existing ones. */
  tableLocation?: string;
}

/** Flag combinations that make no sense with (or without) `--format iceberg`. */
export function checkIcebergFlags(o: { format: string; tableLocation?: string; partitionBy?: string }): void {
  if (o.format !== 'iceberg') {
    if (o.tableLocation !== undefined) throw new UsageError('--table-location applies to --format iceberg only');
    return;
  }
  if (o.partitionBy !== undefined)
    throw new UsageError('--partition-by does not apply to --format iceberg (tables are partitioned by days(timestamp))');
  if (o.tableLocation !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/./i.test(o.tableLocation))
    throw new UsageError(
      `--table-location: expected a URI such as s3://bucket/warehouse, hdfs://…, file:///… or http://…, got "${o.tableLocation}"`,
    );
}

async function readOrNull(p: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(p));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The Iceberg run of a folder: its existing tables (appended to) and the plan of the new data files. */
async function openRun(
  out: string,
  world: ReturnType<typeof worldFor>,
  o: { tableLocation?: string; compression?: IcebergBatchOptions['dataset']['compression']; maxRowsPerFile?: number },
): Promise<IcebergRun> {
  const existing: Partial<Record<ServiceType, TableState | null>> = {};
  // Every table of the folder (also types this run skips, so register.sql keeps listing them).
  for (const type of ['voice', 'sms', 'data'] as const) {
    try {
      existing[type] = await loadIcebergTable((rel) => readOrNull(join(out, type, rel)));
    } catch (e) {
      throw new UsageError(`${join(out, type)}: cannot append to the table there: ${(e as Error).message}`);
    }
  }
  try {
    return new IcebergRun(world, {
      warehouse: o.tableLocation,
      defaultWarehouse: pathToFileURL(out).href,
      compression: o.compression,
      maxRowsPerFile: o.maxRowsPerFile,
      existing,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * Writes files under the output folder the safe way: a `.partial` temp name renamed when complete; a
 * table metadata version is linked into place (never replacing one another writer committed meanwhile).
 * Keeps the manifest entries of what it wrote; `abort()` removes temp files left by a failure.
 */
function fileWriter(out: string) {
  const files: ManifestFile[] = [];
  const partial = new Set<string>();
  const record = (path: string, bytes: Uint8Array, table: string, format: string, rows = 0) =>
    files.push({ path, table, format, rows, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  return {
    files,
    record,
    async write(f: IcebergOutputFile, table: string, format: string, rows = 0): Promise<void> {
      const final = join(out, f.path);
      await mkdir(dirname(final), { recursive: true });
      const tmp = `${final}.partial`;
      partial.add(tmp);
      await writeFile(tmp, f.bytes);
      if (/(^|\/)metadata\/v\d+\.metadata\.json$/.test(f.path)) {
        // The commit point: a new metadata version must not replace one another writer committed meanwhile.
        try {
          await link(tmp, final);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST')
            throw new Error(`${f.path} was written by another run meanwhile; nothing committed, run again`, { cause: e });
          throw e;
        }
        await unlink(tmp);
      } else await rename(tmp, final);
      partial.delete(tmp);
      record(f.path, f.bytes, table, format, rows);
    },
    abort(): void {
      for (const p of partial) {
        try {
          unlinkSync(p);
        } catch {
          /* already gone */
        }
      }
    },
  };
}

/** Writes the metadata of every table (version-hint.text last of each) and the SQL files. */
async function commitRun(run: IcebergRun, w: ReturnType<typeof fileWriter>, types: Iterable<string>): Promise<void> {
  const known = new Set(types);
  for (const f of run.finish()) {
    const type = f.path.split('/')[0]!;
    const table = known.has(type) ? `${type}_cdr` : f.path;
    await w.write(f, table, f.path.endsWith('.avro') ? 'avro' : (f.path.split('.').pop() ?? ''));
  }
}

/** Runs `cdrgen batch --format iceberg` (one shard of it with `--shard I/N`). */
export async function runIcebergBatch(opts: IcebergBatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const out = resolve(opts.out);
  const key: WorldKey = { scenario: opts.scenario, only: opts.only ?? ['voice', 'sms', 'data'] };
  const world = worldFor(key);
  const run = await openRun(out, world, {
    tableLocation: opts.tableLocation,
    compression: opts.dataset.compression,
    maxRowsPerFile: opts.dataset.maxRowsPerFile,
  });
  const fromDay = opts.fromDay ?? 0;
  const sharded = opts.shard.count > 1;
  const jobs = shardJobs(
    run.jobs.filter((j) => j.day >= fromDay),
    opts.shard.index,
    opts.shard.count,
  );
  await mkdir(out, { recursive: true });

  const w = fileWriter(out);
  const described: ShardDataFile[] = [];
  const pool = opts.workers > 1 ? new TaskPool(opts.workers) : null;
  const exec = (t: Task): Promise<TaskResult> => (pool ? pool.run(t) : runTask(t));
  const rows: Record<ServiceType, number> = { voice: 0, sms: 0, data: 0 };
  const progress = opts.progress ? new Progress(jobs.reduce((a, j) => a + j.rows, 0)) : null;
  try {
    const tasks: Task[] = jobs.map((job) => ({ kind: 'iceberg', key, job, compression: opts.dataset.compression }));
    const window = Math.max(2, opts.workers + 1);
    const inflight: Promise<TaskResult>[] = [];
    let next = 0;
    while (next < tasks.length && inflight.length < window) inflight.push(exec(tasks[next++]!));
    for (let i = 0; i < tasks.length; i++) {
      const res = (await inflight.shift()!) as { iceberg: IcebergDataFile[]; rows: number };
      if (next < tasks.length) inflight.push(exec(tasks[next++]!));
      const job = jobs[i]!;
      if (sharded) {
        // A shard only encodes: the files wait under plan-job names until merge-manifest commits them.
        for (let k = 0; k < res.iceberg.length; k++) {
          const f = res.iceberg[k]!;
          await w.write({ path: shardDataPath(job.index, k), bytes: f.bytes }, job.table, 'parquet', f.rows);
          described.push(describeShardFile(job.index, k, f));
        }
      } else {
        const named = run.add(res.iceberg);
        for (let k = 0; k < named.length; k++) await w.write(named[k]!, job.table, 'parquet', res.iceberg[k]!.rows);
      }
      rows[job.type] += res.rows;
      progress?.add(res.rows);
    }
    if (sharded) {
      const d: IcebergShardDescriptor = {
        kind: 'cdrgen-iceberg-shard',
        shard: { index: opts.shard.index, count: opts.shard.count },
        scenario: opts.scenario,
        types: key.only,
        compression: opts.dataset.compression ?? 'zstd',
        maxRowsPerFile: opts.dataset.maxRowsPerFile,
        ...(opts.tableLocation !== undefined ? { tableLocation: opts.tableLocation } : {}),
        fromDay,
        files: described,
      };
      const name = icebergShardName(opts.shard.index, opts.shard.count);
      await w.write({ path: name, bytes: new TextEncoder().encode(JSON.stringify(d, null, 1) + '\n') }, name, 'json');
    } else await commitRun(run, w, Object.keys(rows));
  } catch (e) {
    w.abort();
    throw e;
  } finally {
    progress?.done();
    await pool?.close();
  }
  const bytes = w.files.reduce((a, f) => a + f.bytes, 0);
  return { rows, files: w.files, bytes, seconds: (performance.now() - t0) / 1000, jobs: jobs.length };
}

/**
 * `cdrgen merge-manifest DIR` for Iceberg shards: checks every shard's files (present, checksums), then
 * names them in plan order, moves them into the tables and commits one snapshot per table — the same
 * files as an unsharded run into DIR. The descriptors and the shard folder are removed afterwards.
 */
export async function mergeIcebergShards(dir: string): Promise<{ shards: number; files: number; rows: number }> {
  const out = resolve(dir);
  const { shards, byJob } = readIcebergShards(out);
  const first = shards[0]!;
  const world = worldFor({ scenario: first.scenario, only: first.types });
  const run = await openRun(out, world, {
    tableLocation: first.tableLocation,
    compression: first.compression as IcebergBatchOptions['dataset']['compression'],
    maxRowsPerFile: first.maxRowsPerFile,
  });
  const jobs = run.jobs.filter((j) => j.day >= first.fromDay);
  // Verify everything before moving anything: a failed merge leaves the shards as they were.
  for (const job of jobs) {
    const list = byJob.get(job.index) ?? [];
    if (job.rows > 0 && list.length === 0)
      throw new UsageError(`merge-manifest: no shard has the data files of ${job.path} (job ${job.index})`);
    for (const f of list) {
      const bytes = await readOrNull(join(out, f.path));
      if (!bytes) throw new UsageError(`merge-manifest: ${f.path} is missing`);
      if (bytes.length !== f.size || createHash('sha256').update(bytes).digest('hex') !== f.sha256)
        throw new UsageError(`merge-manifest: ${f.path} does not match its shard descriptor (size or SHA-256)`);
    }
  }
  const w = fileWriter(out);
  let rows = 0;
  try {
    for (const job of jobs) {
      const list = byJob.get(job.index) ?? [];
      const named = run.add(list.map(shardDataFile));
      for (let k = 0; k < named.length; k++) {
        const from = join(out, list[k]!.path);
        const to = join(out, named[k]!.path);
        await mkdir(dirname(to), { recursive: true });
        await rename(from, to);
        const f = list[k]!;
        w.files.push({ path: named[k]!.path, table: job.table, format: 'parquet', rows: f.rows, bytes: f.size, sha256: f.sha256 });
        rows += f.rows;
      }
    }
    await commitRun(run, w, first.types);
  } catch (e) {
    w.abort();
    throw e;
  }
  for (const s of shards) await rm(join(out, icebergShardName(s.shard.index, s.shard.count)), { force: true });
  await rm(join(out, SHARD_DATA_DIR), { recursive: true, force: true });
  return { shards: shards.length, files: w.files.length, rows };
}
