// npm run bench:browser: the web app in headless Chromium, driven like a person would (share link, Workers,
// Generate), plus a bench hook page for the engine and the writers. Prints one JSON line per measurement:
//   browser-env         Chromium, cores, load, how memory is measured
//   browser-generation  engine rows/s in module workers (1 and 2 workers), bench hook
//   browser-writer      rows/s of each writer (CSV, NDJSON, Parquet, Arrow) on one worker, with and without generation
//   browser-e2e         click Generate → result shown → ZIP ready, Parquet, 1 M and 10 M rows × 1 and 2 workers,
//                       with the peak JS heap (page + workers, CDP) and the longest main-thread task
//   browser-explore     Explore (DuckDB-Wasm) on the 1 M-row run: first answer (engine start + tables + first query)
//   browser-disk        (--big) 100 M rows written to a folder (OPFS through the stubbed picker), peak heap, verification
//   browser-summary     10 M → Parquet with 2 workers against the 10 s target
// Flags: --quick (1 M rows only, fewer writer rows), --big (adds the 100 M to-disk run).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

const args = new Set(process.argv.slice(2).map((a) => a.replace(/^--/, '')));
const quick = args.has('quick');
const big = args.has('big');
const root = join(import.meta.dirname, '..');
const DIST = process.env.BENCH_DIST ?? 'dist-bench';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const now = () => performance.now();
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const mb = (b: number) => Math.round(b / 2 ** 20);
const print = (o: object) => console.log(JSON.stringify(o));

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function build(): void {
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'bench/vite.bench.config.ts', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}

async function serve(port: number): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--config',
      'bench/vite.bench.config.ts',
      '--outDir',
      DIST,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring a page: JS heap of the page and of its workers (CDP), long tasks (PerformanceObserver).

/**
 * Samples the JS heap of a page (Performance.getMetrics → JSHeapUsedSize) and of each of its dedicated
 * workers (auto-attached CDP sessions → Runtime.getHeapUsage) every `everyMs`; keeps the peaks.
 */
class HeapSampler {
  private workers = new Map<string, string>();
  private pending = new Map<number, (v: { usedSize?: number }) => void>();
  private nextId = 1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  peakPage = 0;
  peakWorkers = 0;
  peakTotal = 0;
  samples = 0;

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const s = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') s.workers.set(e.sessionId, e.targetInfo.title || e.targetInfo.url);
    });
    cdp.on('Target.detachedFromTarget', (e) => s.workers.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      const done = m.id !== undefined ? s.pending.get(m.id) : undefined;
      if (done) {
        s.pending.delete(m.id!);
        done(m.result ?? {});
      }
    });
    await cdp.send('Performance.enable');
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return s;
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve) => {
      const timeout = setTimeout(() => {
        this.pending.delete(id);
        resolve(0);
      }, 2000);
      this.pending.set(id, (v) => {
        clearTimeout(timeout);
        resolve(v.usedSize ?? 0);
      });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) })
        .catch(() => resolve(0));
    });
  }

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [metrics, ...workers] = await Promise.all([
        this.cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] as { name: string; value: number }[] })),
        ...[...this.workers.keys()].map((sid) => this.workerHeap(sid)),
      ]);
      const page = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      const w = workers.reduce((a, b) => a + b, 0);
      this.peakPage = Math.max(this.peakPage, page);
      this.peakWorkers = Math.max(this.peakWorkers, w);
      this.peakTotal = Math.max(this.peakTotal, page + w);
      this.samples++;
    } finally {
      this.busy = false;
    }
  }

  start(everyMs = 250): void {
    this.peakPage = this.peakWorkers = this.peakTotal = this.samples = 0;
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  async stop(): Promise<{ peak_js_heap_mb: number; peak_page_heap_mb: number; peak_workers_heap_mb: number; heap_samples: number }> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    return {
      peak_js_heap_mb: mb(this.peakTotal),
      peak_page_heap_mb: mb(this.peakPage),
      peak_workers_heap_mb: mb(this.peakWorkers),
      heap_samples: this.samples,
    };
  }
}

/** Long tasks of the main thread (PerformanceObserver 'longtask', ≥ 50 ms), reset before each measurement. */
const LONG_TASKS = () => {
  const w = window as unknown as { __longTasks: { max: number; count: number; total: number } };
  w.__longTasks = { max: 0, count: 0, total: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.__longTasks.max = Math.max(w.__longTasks.max, e.duration);
      w.__longTasks.count++;
      w.__longTasks.total += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
};

/**
 * performance.measureUserAgentSpecificMemory() (cross-origin isolated pages only: the bench serves the app
 * with COOP/COEP): the page's and its workers' memory as the browser attributes it, sampled about once a second.
 */
const UASM = () => {
  type Uasm = { peak: number; samples: number; on: boolean; available: boolean };
  const w = window as unknown as { __uasm: Uasm; __uasmStart: () => void };
  const perf = performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
  w.__uasm = {
    peak: 0,
    samples: 0,
    on: false,
    available: typeof perf.measureUserAgentSpecificMemory === 'function' && crossOriginIsolated,
  };
  w.__uasmStart = () => {
    Object.assign(w.__uasm, { peak: 0, samples: 0, on: true });
    const loop = async () => {
      while (w.__uasm.on && w.__uasm.available) {
        try {
          const r = await perf.measureUserAgentSpecificMemory!();
          w.__uasm.peak = Math.max(w.__uasm.peak, r.bytes);
          w.__uasm.samples++;
        } catch {
          w.__uasm.available = false;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    void loop();
  };
};

const startUasm = (page: Page) => page.evaluate(() => (window as unknown as { __uasmStart: () => void }).__uasmStart());
async function stopUasm(page: Page): Promise<{ peak_uasm_mb: number | null; uasm_samples: number }> {
  const u = await page.evaluate(() => {
    const x = (window as unknown as { __uasm: { peak: number; samples: number; on: boolean; available: boolean } }).__uasm;
    x.on = false;
    return x;
  });
  return { peak_uasm_mb: u.available && u.samples > 0 ? mb(u.peak) : null, uasm_samples: u.samples };
}

const resetLongTasks = (page: Page) =>
  page.evaluate(() => Object.assign((window as unknown as { __longTasks: object }).__longTasks, { max: 0, count: 0, total: 0 }));
const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: { max: number; count: number; total: number } }).__longTasks);

/** The File System Access pickers return Origin Private File System folders (the --big run writes there). */
const STUB_PICKERS = () => {
  const w = window as unknown as Record<string, unknown>;
  w.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('bench-out', { create: true });
  w.showSaveFilePicker = async (o?: { suggestedName?: string }) =>
    (await (await navigator.storage.getDirectory()).getDirectoryHandle('bench-zips', { create: true })).getFileHandle(
      o?.suggestedName ?? 'bench.zip',
      { create: true },
    );
};

// ---------------------------------------------------------------------------------------------
// Driving the app.

/** `#s=` share link of a scenario and output (src/state/scenario-doc.ts: base64url of { v, scenario, output }). */
function shareHash(scenario: object, output: object): string {
  return `#s=${Buffer.from(JSON.stringify({ v: 1, scenario, output })).toString('base64url')}`;
}

const EXACT_ROWS = (rows: number) => ({
  seed: 42,
  period: { days: 7 },
  population: { subscribers: 100_000 },
  volume: { mode: 'rows', rows },
});
const PARQUET = { format: 'parquet', compression: 'zstd', partitionBy: ['type', 'date'] };

/** Opens the app on a scenario with `workers` workers and waits until it is ready (and idle-warmed). */
async function openApp(ctx: BrowserContext, base: string, hash: string, workers: number): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${base}/${hash}`);
  await page.getByRole('heading', { name: 'Generate a CDR dataset' }).waitFor();
  await page.getByLabel('Workers', { exact: true }).selectOption(String(workers));
  await page.waitForTimeout(1500); // the page warms its workers in idle time, as for a person reading the form
  return page;
}

const zipReady = () => {
  const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === 'Download ZIP');
  return !!b && !b.hasAttribute('aria-busy');
};

/** Clicks Generate; times the result view and the ready ZIP, with heap and long tasks. */
/**
 * Explore on the run just generated: click the tab, wait for the first answer (DuckDB-Wasm start on
 * first use + tables loaded from the workers + the first ready query), read the page's own timings.
 */
async function exploreRun(page: Page, rows: number): Promise<Record<string, unknown>> {
  const t0 = now();
  await page.getByRole('tab', { name: 'Explore' }).click();
  const timings = page.getByTestId('explore-timings');
  await timings.waitFor({ state: 'attached', timeout: 10 * 60_000 });
  const wall = (now() - t0) / 1000;
  const d = await timings.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  const ms = (k: string) => (d[k] !== undefined ? Math.round(Number(d[k])) : null);
  return {
    bench: 'browser-explore',
    rows,
    first_answer_ms: ms('firstAnswerMs'),
    engine_start_ms: ms('engineMs'),
    tables_ms: ms('tablesMs'),
    first_query_ms: ms('queryMs'),
    rows_loaded: d.rows !== undefined ? Number(d.rows) : null,
    click_to_answer_s: r2(wall),
    load_avg_1m: r2(loadavg()[0]!),
  };
}

async function e2eRun(ctx: BrowserContext, base: string, rows: number, workers: number, explore = false): Promise<Record<string, unknown>> {
  const page = await openApp(ctx, base, shareHash(EXACT_ROWS(rows), PARQUET), workers);
  try {
    const heap = await HeapSampler.attach(page);
    await resetLongTasks(page);
    heap.start();
    await startUasm(page);
    const t0 = now();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('heading', { name: 'Dataset ready' }).waitFor({ timeout: 30 * 60_000 });
    const resultS = (now() - t0) / 1000;
    await page.waitForFunction(zipReady, undefined, { timeout: 30 * 60_000, polling: 50 });
    const zipS = (now() - t0) / 1000;
    const mem = { ...(await heap.stop()), ...(await stopUasm(page)) };
    const lt = await longTasks(page);
    const shown = Number(
      (await page.getByTestId('total-rows').innerText())
        .split('\n')
        .find((l) => /\d/.test(l))
        ?.replace(/\D/g, '') ?? 0,
    );
    return {
      bench: 'browser-e2e',
      format: 'parquet',
      compression: 'zstd',
      layout: 'type/date',
      rows,
      rows_shown: shown,
      workers,
      result_s: r2(resultS),
      download_ready_s: r2(zipS),
      rows_per_s: Math.round(rows / zipS),
      ...mem,
      longest_task_ms: Math.round(lt.max),
      long_tasks: lt.count,
      // Other processes on the machine slow a run down: the 1-minute load average when it ended.
      load_avg_1m: r2(loadavg()[0]!),
      ...(explore ? { explore: await exploreRun(page, rows) } : {}),
    };
  } finally {
    await page.close();
  }
}

/** 100 M rows to a folder on disk (OPFS via the stubbed picker), then verified in the page against manifest.json. */
async function diskRun(ctx: BrowserContext, base: string, workers: number): Promise<Record<string, unknown>> {
  // Activity volume (the form caps exact rows at 50 M): 1,000,000 subscribers × 11 days ≈ 102.6 M rows.
  const scenario = { seed: 42, period: { days: 11 }, population: { subscribers: 1_000_000 } };
  const page = await openApp(ctx, base, shareHash(scenario, PARQUET), workers);
  try {
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      for await (const n of (root as unknown as { keys(): AsyncIterable<string> }).keys()) await root.removeEntry(n, { recursive: true });
    });
    await page.getByRole('radio', { name: 'Write to a folder on disk', exact: true }).check();
    const heap = await HeapSampler.attach(page);
    await resetLongTasks(page);
    heap.start(500);
    await startUasm(page);
    const t0 = now();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('heading', { name: 'Dataset ready' }).waitFor({ timeout: 60 * 60_000 });
    const seconds = (now() - t0) / 1000;
    const mem = { ...(await heap.stop()), ...(await stopUasm(page)) };
    const lt = await longTasks(page);
    const shown = Number(
      (await page.getByTestId('total-rows').innerText())
        .split('\n')
        .find((l) => /\d/.test(l))
        ?.replace(/\D/g, '') ?? 0,
    );
    const peakPending = Number(await page.getByTestId('disk-result').getAttribute('data-peak-pending'));
    // Verification in the page: every manifest file exists with its size and SHA-256; rows add up.
    const tv = now();
    const check = await page.evaluate(async () => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('bench-out');
      const fileAt = async (path: string) => {
        let d = root;
        const parts = path.split('/');
        const name = parts.pop()!;
        for (const p of parts) d = await d.getDirectoryHandle(p);
        return (await d.getFileHandle(name)).getFile();
      };
      const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const manifest = JSON.parse(await (await fileAt('manifest.json')).text()) as {
        files: { path: string; rows: number; bytes: number; sha256: string }[];
      };
      let bad = 0;
      let bytes = 0;
      let rows = 0;
      for (const f of manifest.files) {
        const file = await fileAt(f.path);
        bytes += file.size;
        if (f.path.startsWith('type=')) rows += f.rows;
        if (file.size !== f.bytes || hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())) !== f.sha256) bad++;
      }
      const est = await navigator.storage.estimate();
      return { files: manifest.files.length, bad, bytes, rows, opfsUsage: est.usage ?? 0 };
    });
    return {
      bench: 'browser-disk',
      destination: 'folder (OPFS through the stubbed showDirectoryPicker)',
      format: 'parquet',
      compression: 'zstd',
      scenario: '1,000,000 subscribers × 11 days (activity)',
      rows: check.rows,
      rows_shown: shown,
      workers,
      seconds: r1(seconds),
      rows_per_s: Math.round(check.rows / seconds),
      files: check.files,
      bytes: check.bytes,
      ...mem,
      peak_js_heap_under_1gb: mem.peak_js_heap_mb < 1024,
      peak_units_waiting_for_disk: peakPending,
      longest_task_ms: Math.round(lt.max),
      verified:
        check.bad === 0 && check.rows === shown
          ? 'manifest sizes + SHA-256 of every file, rows = shown total'
          : `FAILED: ${check.bad} files differ`,
      verify_s: r1((now() - tv) / 1000),
      load_avg_1m: r2(loadavg()[0]!),
    };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  build();
  const port = await freePort();
  const server = await serve(port);
  const base = `http://127.0.0.1:${port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'cdr-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // measureUserAgentSpecificMemory answers at once instead of at the next garbage collection.
      '--enable-blink-features=ForceEagerMeasureMemory',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  try {
    await ctx.addInitScript(LONG_TASKS);
    await ctx.addInitScript(UASM);
    await ctx.addInitScript(STUB_PICKERS);
    print({
      bench: 'browser-env',
      chromium: ctx.browser()?.version() ?? (spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout || '').trim(),
      cpus: availableParallelism(),
      cpu_model: cpus()[0]?.model ?? 'unknown',
      load_avg_1m: r2(loadavg()[0]!),
      heap:
        'CDP: page Performance.getMetrics JSHeapUsedSize + each dedicated worker Runtime.getHeapUsage usedSize, sampled every 250 ms (500 ms for --big); peak of the sum. ' +
        'Also peak_uasm_mb: performance.measureUserAgentSpecificMemory() about every second (the bench serves the app cross-origin isolated; page + workers, as the browser attributes it). ' +
        'Blob and OPFS storage (browser process) is in neither.',
    });

    // Engine and writers (bench hook page: the same sources in module workers).
    const hook = await ctx.newPage();
    await hook.goto(`${base}/bench/browser/index.html`);
    await hook.waitForFunction(() => (window as unknown as { cdrBench?: { ready: boolean } }).cdrBench?.ready === true);
    for (const workers of [1, 2]) {
      const g = await hook.evaluate(
        ([w, n]) =>
          (
            window as unknown as {
              cdrBench: { generation(w: number, n: number): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> };
            }
          ).cdrBench.generation(w, n),
        [workers, quick ? 12 : 36] as const,
      );
      print({
        bench: 'browser-generation',
        scenario: 'default (mali-omea, 100k subscribers, 7 days), chunks spread over the run',
        workers,
        rows: g.rows,
        seconds: r2(g.seconds),
        rows_per_s: Math.round(g.rowsPerSecond),
      });
    }
    const writerRows = quick ? 300_000 : 1_000_000;
    const writers = await hook.evaluate(
      ([rows]) =>
        (
          window as unknown as {
            cdrBench: {
              writers(
                rows: number,
                f: string[],
              ): Promise<
                {
                  format: string;
                  rows: number;
                  files: number;
                  bytes: number;
                  seconds: number;
                  rowsPerSecond: number;
                  writerOnlyRowsPerSecond: number;
                  generationSeconds: number;
                }[]
              >;
            };
          }
        ).cdrBench.writers(rows, ['csv', 'ndjson', 'parquet', 'arrow']),
      [writerRows] as const,
    );
    for (const w of writers)
      print({
        bench: 'browser-writer',
        format: w.format,
        layout: w.format === 'parquet' || w.format === 'arrow' ? 'type/date' : 'legacy daily files',
        rows: w.rows,
        files: w.files,
        workers: 1,
        seconds: r2(w.seconds),
        rows_per_s: Math.round(w.rowsPerSecond),
        writer_only_rows_per_s: Math.round(w.writerOnlyRowsPerSecond),
        generation_s: r2(w.generationSeconds),
        bytes_per_row: r1(w.bytes / Math.max(1, w.rows)),
      });
    await hook.close();

    // End to end through the app.
    const results: Record<string, unknown>[] = [];
    let exploreLine: object | null = null;
    for (const rows of quick ? [1_000_000] : [1_000_000, 10_000_000])
      for (const workers of [1, 2]) {
        // Explore's first answer is measured on the 1 M-row run with 2 workers (issue #11).
        const { explore, ...res } = await e2eRun(ctx, base, rows, workers, rows === 1_000_000 && workers === 2);
        results.push(res);
        print(res);
        if (explore) {
          exploreLine = explore as object;
          print(exploreLine);
        }
      }
    let disk: Record<string, unknown> | null = null;
    if (big) {
      disk = await diskRun(ctx, base, 2);
      print(disk);
    }
    const exploreFirst = exploreLine ? (exploreLine as { first_answer_ms: number | null }).first_answer_ms : null;
    const tenM = results.find((r) => r.rows === 10_000_000 && r.workers === 2);
    const oneM = results.find((r) => r.rows === 1_000_000 && r.workers === 2);
    print({
      bench: 'browser-summary',
      parquet_10m_2workers_s: tenM ? tenM.download_ready_s : null,
      parquet_1m_2workers_s: oneM ? oneM.download_ready_s : null,
      target_10m_s: 10,
      target_met: tenM ? (tenM.download_ready_s as number) <= 10 : null,
      peak_js_heap_mb_max: Math.max(...results.map((r) => r.peak_js_heap_mb as number)),
      longest_task_ms_max: Math.max(...results.map((r) => r.longest_task_ms as number)),
      explore_first_answer_1m_ms: exploreFirst,
      ...(disk ? { disk_100m_s: disk.seconds, disk_100m_peak_js_heap_mb: disk.peak_js_heap_mb, disk_100m_verified: disk.verified } : {}),
      note: quick ? 'quick run: 1 M rows only (no 10 M figure)' : undefined,
    });
  } finally {
    await ctx.close();
    rmSync(userDataDir, { recursive: true, force: true });
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      server.kill('SIGTERM');
    }
  }
}

await main();
