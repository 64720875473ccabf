/**
 * The browser bench's test hook (bench/browser.ts drives it): `window.cdrBench` runs the engine and the
 * writers in module workers built from the same sources as the app's generator workers, and returns rates.
 * It is a separate page of the bench build (dist-bench), not part of the app.
 */
import * as Comlink from 'comlink';
import type { HookWorkerApi, WriterRate } from './hook.worker.ts';

function spawn(name: string): { api: Comlink.Remote<HookWorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('./hook.worker.ts', import.meta.url), { type: 'module', name });
  return { api: Comlink.wrap<HookWorkerApi>(worker), worker };
}

/** Engine rows per second with `workers` workers generating disjoint chunks of one scenario at once. */
async function generation(workers: number, chunksPerWorker: number): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const pool = Array.from({ length: workers }, (_, k) => spawn(`bench-generation-${k + 1}`));
  try {
    // World building and warm-up first (not timed), then every worker starts together.
    const total = await pool[0]!.api.chunkCount();
    await Promise.all(pool.map((p) => p.api.prepare()));
    const t0 = performance.now();
    const rows = await Promise.all(
      pool.map((p, k) => p.api.generate(Array.from({ length: chunksPerWorker }, (_, i) => ((k * chunksPerWorker + i) * 7) % total))),
    );
    const seconds = (performance.now() - t0) / 1000;
    const sum = rows.reduce((a, b) => a + b, 0);
    return { rows: sum, seconds, rowsPerSecond: sum / seconds };
  } finally {
    for (const p of pool) p.worker.terminate();
  }
}

/** Each writer on one worker: rows per second with generation, and of the writer alone. */
async function writers(rows: number, formats: string[]): Promise<WriterRate[]> {
  const p = spawn('bench-writers');
  try {
    return await p.api.writers(rows, formats);
  } finally {
    p.worker.terminate();
  }
}

(window as unknown as { cdrBench: unknown }).cdrBench = { generation, writers, ready: true };
