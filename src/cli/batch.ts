import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { unlinkSync } from 'node:fs';
import { compactDate } from '../core/calendar.ts';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch } from '../core/dimensions.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import type { Scenario } from '../core/scenario.ts';
import { cdrColumns, tableName, type SchemaPreset } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { csvContext, csvHeader, encodeCsv } from '../export/csv.ts';
import { ChunkPool } from './pool.ts';
import { encodeChunk, worldFor, type EncodedChunk, type WorldKey } from './tasks.ts';
import { Progress } from './progress.ts';

export interface BatchOptions {
  scenario: Scenario;
  only?: ServiceType[];
  format: 'csv';
  workers: number;
  shard: { index: number; count: number };
  out: string;
  /** Show a progress bar on stderr. */
  progress: boolean;
}

export interface BatchSummary {
  rows: Record<ServiceType, number>;
  files: string[];
  bytes: number;
  seconds: number;
  chunks: [number, number];
}

/** Chunks [from, to) of shard I of N: contiguous ranges balanced by record count. */
export function shardRange(world: World, index: number, count: number): [number, number] {
  const chunks = world.plan.chunks;
  if (count <= 1) return [0, chunks.length];
  const total = world.plan.total;
  const bound = (k: number) => {
    if (k <= 0) return 0;
    if (k >= count) return chunks.length;
    const target = (total * k) / count;
    let acc = 0;
    for (let i = 0; i < chunks.length; i++) {
      if (acc >= target) return i;
      const r = chunks[i]!.records;
      acc += r.voice + r.sms + r.data;
    }
    return chunks.length;
  };
  return [bound(index), bound(index + 1)];
}

/** Legacy flat file name: <type>_cdr_<YYYYMMDD>_<NN>.<ext> (NN = 1-based day of the run). */
export function legacyFileName(world: World, type: ServiceType, day: number, ext: string): string {
  return `${tableName(type)}_${compactDate(world.plan.startEpochDay + day)}_${String(day + 1).padStart(2, '0')}.${ext}`;
}

/** Files being written under a temporary name, removed if the run does not finish. */
class PartialFiles {
  private readonly open = new Set<string>();
  private readonly onSignal = (sig: NodeJS.Signals) => {
    this.removeAllSync();
    process.stderr.write(`\ncdrgen: interrupted by ${sig}; incomplete files removed\n`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }
  add(p: string) {
    this.open.add(p);
  }
  async commit(p: string, final: string) {
    await rename(p, final);
    this.open.delete(p);
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

async function writeWhole(partials: PartialFiles, path: string, parts: Uint8Array[]): Promise<number> {
  const tmp = `${path}.partial`;
  partials.add(tmp);
  const fh = await open(tmp, 'w');
  let n = 0;
  try {
    for (const p of parts) {
      await fh.write(p);
      n += p.length;
    }
  } finally {
    await fh.close();
  }
  await partials.commit(tmp, path);
  return n;
}

/** Writes the reference / dimension files of a run. */
async function writeReferenceFiles(world: World, preset: SchemaPreset, out: string, partials: PartialFiles): Promise<{ files: string[]; bytes: number }> {
  const ctx = csvContext(world);
  const files: string[] = [];
  let bytes = 0;
  const cellsLegacy = cellColumns('legacy');
  const cb = cellsBatch(world);
  const country = world.model.profile.country;
  const name = `cell_towers_${country}.csv`;
  bytes += await writeWhole(partials, join(out, name), [encodeCsv(cellsLegacy, cb.cols, cb.length, ctx, true)]);
  files.push(name);
  const subsParts = (cols: ReturnType<typeof subscriberColumns>) => {
    const parts: Uint8Array[] = [csvHeader(cols)];
    const n = world.subs.n;
    for (let a = 0; a < n; a += 100_000) {
      const b = subscribersBatch(world, a, Math.min(n, a + 100_000));
      parts.push(encodeCsv(cols, b.cols, b.length, ctx, false));
    }
    return parts;
  };
  bytes += await writeWhole(partials, join(out, 'Subscribers.csv'), subsParts(subscriberColumns('legacy')));
  files.push('Subscribers.csv');
  if (preset === 'extended') {
    const cols = cellColumns('extended');
    bytes += await writeWhole(partials, join(out, 'cells.csv'), [encodeCsv(cols, cb.cols, cb.length, ctx, true)]);
    bytes += await writeWhole(partials, join(out, 'subscribers.csv'), subsParts(subscriberColumns('extended')));
    files.push('cells.csv', 'subscribers.csv');
  }
  return { files, bytes };
}

/** Runs `cdrgen batch`: generates the shard's chunks on N workers and writes the legacy-layout files. */
export async function runBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const key: WorldKey = { scenario: opts.scenario, only: opts.only ?? ['voice', 'sms', 'data'] };
  const world = worldFor(key);
  const preset = opts.scenario.schema;
  const [from, to] = shardRange(world, opts.shard.index, opts.shard.count);
  await mkdir(opts.out, { recursive: true });
  const partials = new PartialFiles();
  const pool = opts.workers > 1 ? new ChunkPool(opts.workers) : null;
  const files: string[] = [];
  let bytes = 0;
  const rows = { voice: 0, sms: 0, data: 0 };
  const types = world.plan.types;
  let totalRows = 0;
  for (let i = from; i < to; i++) for (const t of types) totalRows += world.plan.chunks[i]!.records[t];
  const progress = opts.progress ? new Progress(totalRows) : null;
  const openFiles = new Map<ServiceType, { day: number; fh: FileHandle; tmp: string; final: string; name: string }>();
  const closeFile = async (t: ServiceType) => {
    const f = openFiles.get(t);
    if (!f) return;
    await f.fh.close();
    await partials.commit(f.tmp, f.final);
    files.push(f.name);
    openFiles.delete(t);
  };
  try {
    if (opts.shard.index === 0) {
      const ref = await writeReferenceFiles(world, preset, opts.out, partials);
      files.push(...ref.files);
      bytes += ref.bytes;
    }
    const run = (i: number): Promise<EncodedChunk> =>
      pool ? pool.run({ key, chunk: i, preset, format: opts.format }) : Promise.resolve().then(() => encodeChunk(world, i, preset, opts.format));
    const window = Math.max(2, opts.workers * 3);
    const inflight: Promise<EncodedChunk>[] = [];
    let next = from;
    while (next < to && inflight.length < window) inflight.push(run(next++));
    for (let i = from; i < to; i++) {
      const res = await inflight.shift()!;
      if (next < to) inflight.push(run(next++));
      const day = world.plan.chunks[i]!.day;
      for (const t of types) {
        let f = openFiles.get(t);
        if (f && f.day !== day) {
          await closeFile(t);
          f = undefined;
        }
        if (!f) {
          const name = legacyFileName(world, t, day, 'csv');
          const final = join(opts.out, name);
          const tmp = `${final}.partial`;
          partials.add(tmp);
          const fh = await open(tmp, 'w');
          const header = csvHeader(cdrColumns(t, preset, world.model.profile));
          await fh.write(header);
          bytes += header.length;
          f = { day, fh, tmp, final, name };
          openFiles.set(t, f);
        }
        const part = res.parts[t];
        if (part && part.length) {
          await f.fh.write(part);
          bytes += part.length;
        }
        rows[t] += res.rows[t] ?? 0;
        progress?.add(res.rows[t] ?? 0);
      }
    }
    for (const t of types) await closeFile(t);
  } catch (e) {
    for (const f of openFiles.values()) await f.fh.close().catch(() => undefined);
    partials.removeAllSync();
    throw e;
  } finally {
    progress?.done();
    partials.dispose();
    await pool?.close();
  }
  return { rows, files, bytes, seconds: (performance.now() - t0) / 1000, chunks: [from, to] };
}
