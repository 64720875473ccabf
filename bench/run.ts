// npm run bench: engine throughput vs a row-by-row Faker baseline measured in the same run.
// Prints one JSON line per section; numbers are rows per second on this machine, right now.
import { availableParallelism, cpus } from 'node:os';
import { parseScenario, resolveModel } from '../src/core/scenario.ts';
import { buildWorld } from '../src/core/world.ts';
import { generateChunk } from '../src/core/sim/chunk.ts';
import { ChunkPool } from '../src/cli/pool.ts';
import { encodeChunk, type TextFormat, type WorldKey } from '../src/cli/tasks.ts';
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

async function poolBench(key: WorldKey, chunks: number[], workers: number, format: TextFormat): Promise<number> {
  const pool = new ChunkPool(workers);
  try {
    // Warm-up: every worker builds its world once (not timed, like the single-core world build).
    await Promise.all(Array.from({ length: workers }, (_, i) => pool.run({ key, chunk: chunks[i % chunks.length]!, preset: 'legacy', format: 'none' })));
    const t0 = now();
    const res = await Promise.all(chunks.map((chunk) => pool.run({ key, chunk, preset: 'legacy', format })));
    const s = (now() - t0) / 1000;
    const rows = res.reduce((a, r) => a + (r.rows.voice ?? 0) + (r.rows.sms ?? 0) + (r.rows.data ?? 0), 0);
    return rows / s;
  } finally {
    await pool.close();
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
  t0 = now();
  let csvRows = 0;
  for (const c of chunks) {
    const e = encodeChunk(world, c, 'legacy', 'csv');
    csvRows += (e.rows.voice ?? 0) + (e.rows.sms ?? 0) + (e.rows.data ?? 0);
  }
  const csvOneCore = csvRows / ((now() - t0) / 1000);
  const twoWorkers = await poolBench(key, chunks, 2, 'none');
  const csvTwoWorkers = await poolBench(key, chunks, 2, 'csv');
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
}

await main();
