// npm run bench: engine throughput vs a row-by-row Faker baseline measured in the same run.
// Prints one JSON line per section; numbers are rows per second on this machine, right now.
import { availableParallelism, cpus } from 'node:os';
import { parseScenario, resolveModel } from '../src/core/scenario.ts';
import { buildWorld } from '../src/core/world.ts';
import { generateChunk } from '../src/core/sim/chunk.ts';
import { TaskPool } from '../src/cli/pool.ts';
import { runTask, type Task, type WorldKey } from '../src/cli/tasks.ts';
import { defaultDatasetOptions, planDataset, type FileJob } from '../src/export/dataset.ts';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakerVoiceRows } from './faker-baseline.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const quick = args.has('quick');
const FAKER_ROWS = quick ? 50_000 : 200_000;
const CHUNKS = quick ? 12 : 48;

const now = () => performance.now();

function fakerBench(): number {
  fakerVoiceRows(5_000); // warm-up
  const t0 = now();
  const rows = fakerVoiceRows(FAKER_ROWS);
  const s = (now() - t0) / 1000;
  if (rows.length !== FAKER_ROWS) throw new Error('faker baseline produced the wrong count');
  return FAKER_ROWS / s;
}

/** Tasks that encode the CSV rows of the given chunks, for every type (what `cdrgen batch` does). */
function csvTasks(key: WorldKey, jobs: FileJob[], chunks: number[]): Task[] {
  const opts = defaultDatasetOptions('csv');
  const out: Task[] = [];
  for (const c of chunks)
    for (const job of jobs) if (c >= job.chunks[0] && c < job.chunks[1]) out.push({ kind: 'chunk', key, opts, job, chunk: c });
  return out;
}

const rowsOf = (r: unknown) => (r as { rows: number }).rows;

async function poolBench(key: WorldKey, tasks: Task[], workers: number): Promise<number> {
  const pool = new TaskPool(workers);
  try {
    // Warm-up: every worker builds its world once (not timed, like the single-core world build).
    await pool.broadcast({ kind: 'generate', key, chunk: 0 });
    const t0 = now();
    const res = await Promise.all(tasks.map((t) => pool.run(t)));
    const s = (now() - t0) / 1000;
    return res.reduce((a, r) => a + rowsOf(r), 0) / s;
  } finally {
    await pool.close();
  }
}

/** Runs the real CLI in a child process and reads its stats line (CDRGEN_STATS=1). */
function cliRun(args: string[]): { seconds: number; maxRssMb: number; rows: number; bytes: number } {
  const out = mkdtempSync(join(tmpdir(), 'cdrgen-bench-'));
  try {
    const t0 = now();
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'cdrgen.js'), ...args, '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, CDRGEN_STATS: '1' },
      maxBuffer: 1 << 26,
    });
    const seconds = (now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`cdrgen failed: ${r.stderr}`);
    const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"cdrgen_stats"')) ?? '{}') as {
      maxRssKb?: number;
      rows?: number;
      bytes?: number;
    };
    return { seconds, maxRssMb: Math.round((stats.maxRssKb ?? 0) / 1024), rows: stats.rows ?? 0, bytes: stats.bytes ?? 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main() {
  const scenario = parseScenario({});
  const key: WorldKey = { scenario, only: ['voice', 'sms', 'data'] };
  const tWorld = now();
  const world = buildWorld(resolveModel(scenario));
  const worldMs = now() - tWorld;
  const chunks = Array.from({ length: CHUNKS }, (_, i) => (i * 7) % world.plan.chunks.length);
  const fakerRps = fakerBench();
  // Engine, one core, in-process.
  generateChunk(world, 0);
  let t0 = now();
  let rows = 0;
  for (const c of chunks) {
    const o = generateChunk(world, c);
    rows += (o.voice?.length ?? 0) + (o.sms?.length ?? 0) + (o.data?.length ?? 0);
  }
  const oneCore = rows / ((now() - t0) / 1000);
  const jobs = planDataset(world, defaultDatasetOptions('csv'));
  const tasks = csvTasks(key, jobs, chunks);
  t0 = now();
  let csvRows = 0;
  for (const t of tasks) csvRows += rowsOf(await runTask(t));
  const csvOneCore = csvRows / ((now() - t0) / 1000);
  const twoWorkers = await poolBench(
    key,
    chunks.map((chunk) => ({ kind: 'generate', key, chunk })),
    2,
  );
  const csvTwoWorkers = await poolBench(key, tasks, 2);
  const r = (x: number) => Math.round(x);
  console.log(
    JSON.stringify({
      bench: 'engine',
      scenario: 'default (mali-omea, 100k subscribers, 7 days)',
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model ?? 'unknown',
      world_build_ms: r(worldMs),
      rows_measured: rows,
      faker_rows_per_s: r(fakerRps),
      engine_1core_rows_per_s: r(oneCore),
      engine_2workers_rows_per_s: r(twoWorkers),
      ratio_1core_vs_faker: +(oneCore / fakerRps).toFixed(1),
      ratio_2workers_vs_faker: +(twoWorkers / fakerRps).toFixed(1),
      csv_1core_rows_per_s: r(csvOneCore),
      csv_2workers_rows_per_s: r(csvTwoWorkers),
      csv_2workers_ratio_vs_faker_objects: +(csvTwoWorkers / fakerRps).toFixed(1),
      target_ratio: 100,
    }),
  );
  // Export section: N rows to Parquet through the real CLI with 2 workers, time and peak memory.
  const sizes = quick ? [1_000_000] : [1_000_000, 10_000_000];
  for (const rowsWanted of sizes) {
    for (const format of ['parquet', 'csv'] as const) {
      if (format === 'csv' && rowsWanted > 1_000_000 && !args.has('all')) continue;
      const res = cliRun([
        'batch',
        '--rows',
        String(rowsWanted),
        '--days',
        '7',
        '--subscribers',
        '100000',
        '--format',
        format,
        '--workers',
        '2',
      ]);
      console.log(
        JSON.stringify({
          bench: 'export',
          format,
          rows: res.rows,
          workers: 2,
          seconds: +res.seconds.toFixed(2),
          rows_per_s: Math.round(res.rows / res.seconds),
          bytes_per_row: +(res.bytes / Math.max(1, res.rows)).toFixed(1),
          peak_rss_mb: res.maxRssMb,
        }),
      );
    }
  }
  // Streaming section: `cdrgen stream` to stdout (NDJSON) at max speed (stdout → /dev/null).
  streamBench(quick ? 500_000 : 2_000_000);
}

/** Runs `cdrgen stream --speed max` to stdout (discarded) and reads its stats line: events/s, target ≥ 200,000. */
function streamBench(count: number): void {
  const devnull = openSync('/dev/null', 'w');
  try {
    const t0 = now();
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'bin', 'cdrgen.js'), 'stream', '--speed', 'max', '--count', String(count)],
      {
        encoding: 'utf8',
        env: { ...process.env, CDRGEN_STATS: '1' },
        stdio: ['ignore', devnull, 'pipe'],
      },
    );
    const wall = (now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`cdrgen stream failed: ${r.stderr}`);
    const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"cdrgen_stats"')) ?? '{}') as {
      cdrgen_stats?: { events: number; bytes: number; seconds: number; maxRssKb: number };
    };
    const s = stats.cdrgen_stats;
    if (!s) throw new Error(`cdrgen stream printed no stats: ${r.stderr}`);
    console.log(
      JSON.stringify({
        bench: 'stream',
        sink: 'stdout',
        format: 'ndjson',
        scenario: 'default (mali-omea, 100k subscribers, 7 days), --speed max',
        events: s.events,
        seconds: +s.seconds.toFixed(2),
        events_per_s: Math.round(s.events / s.seconds),
        events_per_s_incl_startup: Math.round(s.events / wall),
        bytes_per_event: +(s.bytes / Math.max(1, s.events)).toFixed(1),
        peak_rss_mb: Math.round(s.maxRssKb / 1024),
        target_events_per_s: 200_000,
      }),
    );
  } finally {
    closeSync(devnull);
  }
}

await main();
