/**
 * `cdrgen batch --format iceberg [--table-location WAREHOUSE_URI]`: one Iceberg v2 table per CDR type
 * in `<out>/<type>` (location `<warehouse>/<type>`, default warehouse `file://<absolute out>`), data
 * files encoded on the worker pool (task kind `iceberg`), metadata written by the main thread.
 * A table folder that already holds a table is appended to: a new snapshot and metadata version.
 */
import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceType } from '../core/profiles/types.ts';
import { IcebergRun } from '../export/iceberg/build.ts';
import type { IcebergDataFile } from '../export/iceberg/data.ts';
import { loadIcebergTable, type IcebergOutputFile, type TableState } from '../export/iceberg/table.ts';
import type { ManifestFile } from '../export/manifest.ts';
import { UsageError } from './args.ts';
import type { BatchOptions, BatchSummary } from './batch.ts';
import { TaskPool } from './pool.ts';
import { Progress } from './progress.ts';
import { runTask, worldFor, type Task, type TaskResult, type WorldKey } from './tasks.ts';

export interface IcebergBatchOptions extends BatchOptions {
  /** Warehouse URI; tables at `<uri>/<type>`. Default: `file://<absolute out>` for new tables, the recorded location for existing ones. */
  tableLocation?: string;
}

/** Flag combinations that make no sense with (or without) `--format iceberg`. */
export function checkIcebergFlags(o: { format: string; tableLocation?: string; partitionBy?: string; shard?: string }): void {
  if (o.format !== 'iceberg') {
    if (o.tableLocation !== undefined) throw new UsageError('--table-location applies to --format iceberg only');
    return;
  }
  if (o.partitionBy !== undefined)
    throw new UsageError('--partition-by does not apply to --format iceberg (tables are partitioned by days(timestamp))');
  if (o.shard !== undefined && !/^\s*0\s*\/\s*1\s*$/.test(o.shard))
    throw new UsageError('--shard does not apply to --format iceberg (each run commits one snapshot per table)');
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

/** Runs `cdrgen batch --format iceberg`. */
export async function runIcebergBatch(opts: IcebergBatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  if (opts.shard.count > 1) throw new UsageError('--shard does not apply to --format iceberg');
  const out = resolve(opts.out);
  const key: WorldKey = { scenario: opts.scenario, only: opts.only ?? ['voice', 'sms', 'data'] };
  const world = worldFor(key);
  const existing: Partial<Record<ServiceType, TableState | null>> = {};
  // Every table of the folder (also types this run skips, so register.sql keeps listing them).
  for (const type of ['voice', 'sms', 'data'] as const) {
    try {
      existing[type] = await loadIcebergTable((rel) => readOrNull(join(out, type, rel)));
    } catch (e) {
      throw new UsageError(`${join(out, type)}: cannot append to the table there: ${(e as Error).message}`);
    }
  }
  let run: IcebergRun;
  try {
    run = new IcebergRun(world, {
      warehouse: opts.tableLocation,
      defaultWarehouse: pathToFileURL(out).href,
      compression: opts.dataset.compression,
      maxRowsPerFile: opts.dataset.maxRowsPerFile,
      existing,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fromDay = opts.fromDay ?? 0;
  const jobs = run.jobs.filter((j) => j.day >= fromDay);
  await mkdir(out, { recursive: true });

  const files: ManifestFile[] = [];
  const partial = new Set<string>();
  const write = async (f: IcebergOutputFile, table: string, format: string) => {
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
    files.push({ path: f.path, table, format, rows: 0, bytes: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex') });
  };

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
      const named = run.add(res.iceberg);
      for (let k = 0; k < named.length; k++) {
        await write(named[k]!, job.table, 'parquet');
        files[files.length - 1]!.rows = res.iceberg[k]!.rows;
      }
      rows[job.type] += res.rows;
      progress?.add(res.rows);
    }
    // Metadata last, version-hint.text last of each table: a reader never sees a half-written commit.
    for (const f of run.finish()) {
      const type = f.path.split('/')[0]!;
      const table = type in rows ? `${type}_cdr` : f.path;
      await write(f, table, f.path.endsWith('.avro') ? 'avro' : (f.path.split('.').pop() ?? ''));
    }
  } catch (e) {
    for (const p of partial) {
      try {
        unlinkSync(p);
      } catch {
        /* already gone */
      }
    }
    throw e;
  } finally {
    progress?.done();
    await pool?.close();
  }
  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  return { rows, files, bytes, seconds: (performance.now() - t0) / 1000, jobs: jobs.length };
}
