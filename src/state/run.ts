/**
 * The run, as actions: generate with the worker pool (throttled progress, statistics merged as files
 * arrive), cancel, and the downloads. Big data (file Blobs, the ZIP) stays here in module state.
 */
import type { Scenario, ServiceType } from '../core/index.ts';
import { DELIVERY_STATUSES, TERMINATION_REASONS } from '../core/batch.ts';
import { AggregateAccumulator, type ManifestFile } from '../export/manifest.ts';
import { saveBlob } from '../lib/save.ts';
import {
  categoryRows,
  createStats,
  dayRows,
  DURATION_EDGES,
  histogram,
  hourRows,
  mergeStats,
  regionRows,
  topCells,
  VOLUME_EDGES,
  type RunStats,
} from '../ui/charts/data/result-stats.ts';
import type { DatasetInfo, EncodedUnit, RunRequest } from '../workers/api.ts';
import type { ExploreGroup, ExplorePiece } from '../analytics/tables.ts';
import { GeneratorPool, PoolTerminatedError } from '../workers/pool.ts';
import { calibrationKey } from './estimate.ts';
import { recordRunFailure } from './run-failure.ts';
import { effectiveDestination, useDestination } from './destination.ts';
import { DiskRun, dropScratch } from './disk-output.ts';
import { isAbort, pickFolder, pickZipFile } from '../lib/fs-access.ts';
import { checkMemory } from './memory-guard.ts';
import type { FileFormat, OutputOptions } from './scenario-form.ts';
import {
  CALIBRATION_KEY,
  estimateOutputBytes,
  formKey,
  IDLE_PROGRESS,
  notify,
  useStudio,
  type ResultCharts,
  type RunPhase,
  type RunProgress,
  type RunResult,
} from './studio.ts';
import { profileIdOf } from '../core/scenario.ts';

// ---------------------------------------------------------------------------------------------
// Run machinery (module state, not in the store).

let pool: GeneratorPool | null = null;
let runId = 0;
let ticker: ReturnType<typeof setInterval> | null = null;

/** The bytes of the last run, as Blobs (disk-backed by the browser when large). */
interface Output {
  request: RunRequest;
  files: { path: string; blob: Blob }[];
  extras: { path: string; blob: Blob }[];
  zip: Promise<Blob>;
  tables: Map<string, { name: string; blob: Blob }>;
  /** The files as the ZIP lays them out (paths relative to the dataset root), for "Send to S3". */
  entries: { path: string; blob: Blob }[];
  key: string;
  zipName: string;
}
let output: Output | null = null;

/** The files of the finished run (the ZIP's paths and order), its ZIP and run key; null without one. */
export function runOutput(): Pick<Output, 'entries' | 'zip' | 'key' | 'zipName'> | null {
  return output && useStudio.getState().status === 'done'
    ? { entries: output.entries, zip: output.zip, key: output.key, zipName: output.zipName }
    : null;
}

function poolOf(size: number): GeneratorPool {
  if (pool && pool.size !== size) {
    pool.terminate();
    pool = null;
  }
  pool ??= new GeneratorPool(size);
  return pool;
}

function stopTicker(): void {
  if (ticker !== null) clearInterval(ticker);
  ticker = null;
}

/** Starts the worker pool ahead of the first run (idle time after load). */
export async function warmWorkers(): Promise<void> {
  if (useStudio.getState().status === 'running') return;
  try {
    await poolOf(useStudio.getState().workers).warm();
  } catch {
    /* a failed warm-up shows up (with its message) on the first run */
  }
}

// ---------------------------------------------------------------------------------------------
// The run.

function zipNameOf(scenario: Scenario, out: OutputOptions): string {
  const compact = scenario.period.start.replace(/-/g, '');
  return `cdr_${profileIdOf(scenario)}_${compact}_${scenario.period.days}d_seed${scenario.seed}_${out.format}.zip`;
}

function chartsOf(stats: RunStats, info: DatasetInfo): ResultCharts {
  return {
    regions: regionRows(stats, info.regions),
    hours: hourRows(stats),
    days: dayRows(stats),
    voiceDuration: histogram(stats.voiceDuration, DURATION_EDGES),
    dataDuration: histogram(stats.dataDuration, DURATION_EDGES),
    dataVolume: histogram(stats.dataVolume, VOLUME_EDGES),
    topCells: topCells(stats, info.cells, info.regions, info.techs, 10),
    voiceReasons: categoryRows(stats.voiceReasons, TERMINATION_REASONS),
    smsStatus: categoryRows(stats.smsStatus, DELIVERY_STATUSES),
  };
}

const rowsOfStats = (s: RunStats): Record<ServiceType, number> => ({ voice: s.rows[0]!, sms: s.rows[1]!, data: s.rows[2]! });

/** Generates the scenario of the form with the worker pool; resolves when the run ends (any way). */
export async function startGeneration(): Promise<void> {
  const state = useStudio.getState();
  if (state.status === 'running' || !state.check.scenario || !state.check.plan) return;
  const scenario = state.check.scenario;
  const out = { ...state.check.output, partitionBy: [...state.check.output.partitionBy] };
  const request: RunRequest = { scenarioJson: JSON.stringify(scenario), output: out };
  const key = formKey(scenario, out);
  // Where the files go. The memory guard refuses an in-memory download too big for the tab (the form shows
  // why, and offers the disk); a disk run asks for its folder or file first, in the click's user activation.
  const dest = effectiveDestination(useDestination.getState().destination, out.format);
  if (dest === 'memory' && !checkMemory(estimateOutputBytes(state.check.plan, state.values), true).ok) return;
  let disk: DiskRun | null = null;
  if (dest !== 'memory') {
    try {
      disk =
        dest === 'folder'
          ? await DiskRun.open('folder', await pickFolder())
          : await DiskRun.open('zip', await pickZipFile(zipNameOf(scenario, out)));
    } catch (e) {
      if (!isAbort(e)) notify('error', () => (e instanceof Error ? e.message : String(e)));
      return;
    }
    if (useStudio.getState().status === 'running') return;
  }
  const id = ++runId;
  output = null;
  const workers = state.workers;
  const p = poolOf(workers);
  const startedAt = performance.now();
  const total = state.check.plan.total;
  const planned = state.check.plan.totals;
  const byTypeNow = (done: Record<ServiceType, number>): RunProgress['byType'] => ({
    voice: { done: Math.min(planned.voice, done.voice), total: planned.voice },
    sms: { done: Math.min(planned.sms, done.sms), total: planned.sms },
    data: { done: Math.min(planned.data, done.data), total: planned.data },
  });
  useStudio.setState({
    status: 'running',
    result: null,
    error: null,
    view: 'result',
    progress: { ...IDLE_PROGRESS, totalRows: total, byType: byTypeNow({ voice: 0, sms: 0, data: 0 }) },
  });

  const finished: Record<ServiceType, number> = { voice: 0, sms: 0, data: 0 };
  let filesDone = 0;
  let filesTotal = 0;
  /** Per worker: the service of the unit in progress and its rows so far. */
  const inFlight = Array.from({ length: workers }, () => ({ type: null as ServiceType | null, rows: 0 }));
  let unitType: (unit: number) => ServiceType | null = () => null;
  let base: { at: number; rows: number } | null = null;
  let phase: RunPhase = 'world';
  const progressNow = (): RunProgress => {
    const now = performance.now();
    const done = { ...finished };
    for (const f of inFlight) if (f.type) done[f.type] += f.rows;
    const rowsDone = Math.min(total, done.voice + done.sms + done.data);
    if (!base && rowsDone > 0) base = { at: now, rows: 0 };
    const span = base ? now - base.at : 0;
    // The rate counts from the first rows (world building excluded) once it has some history.
    const rowsPerSecond = base && span > 250 ? ((rowsDone - base.rows) * 1000) / span : 0;
    const etaSeconds = rowsPerSecond > 0 ? Math.max(0, total - rowsDone) / rowsPerSecond : null;
    return {
      phase,
      rowsDone,
      totalRows: total,
      byType: byTypeNow(done),
      filesDone,
      filesTotal,
      elapsedMs: now - startedAt,
      rowsPerSecond,
      etaSeconds,
    };
  };
  stopTicker();
  // Progress reaches the store a few times a second, however fast files and progress posts arrive.
  ticker = setInterval(() => {
    if (id === runId) useStudio.setState({ progress: progressNow() });
  }, 200);

  try {
    const info = await p.describe(request);
    if (id !== runId) return;
    filesTotal = info.units.length;
    unitType = (unit) => info.units[unit]?.type ?? null;
    phase = 'encoding';
    const stats = createStats(info.regions.length, info.cells.id.length, scenario.period.days);
    const aggregates = new AggregateAccumulator();
    let aggregated = false;
    const units = new Array<EncodedUnit | undefined>(info.units.length);
    // Largest units first: the queue then ends with small ones and the workers finish together.
    const order = info.units.map((u) => u.unit).sort((a, b) => info.units[b]!.rows - info.units[a]!.rows || a - b);
    const encodeStart = performance.now();
    await p.encodeAll(
      request,
      order,
      (u) => {
        if (id !== runId) return;
        // To disk: the files are queued for writing and the page keeps no bytes.
        units[u.unit] = disk ? disk.take(u) : u;
        if (u.stats) mergeStats(stats, u.stats);
        if (u.aggregates) {
          aggregates.merge(u.aggregates);
          aggregated = true;
        }
        const t = unitType(u.unit);
        if (t) finished[t] += u.rows;
        filesDone++;
      },
      (slot, unit, rows) => {
        const f = inFlight[slot];
        if (id !== runId || !f) return;
        f.type = unit >= 0 ? unitType(unit) : null;
        f.rows = rows;
      },
      disk ? () => disk.writer.ready() : undefined,
    );
    if (id !== runId) return;
    const encodeSeconds = (performance.now() - encodeStart) / 1000;
    phase = 'packing';
    useStudio.setState({ progress: progressNow() });
    // Dataset order (as the CLI writes them): reference files, then the CDR files in plan order.
    const encoded = units.flatMap((u) => u?.files ?? []);
    // Iceberg: the units encoded the data files once; a worker names them in plan order and writes the
    // table metadata (manifests, metadata.json, register.sql) from their statistics.
    const icebergData = encoded.filter((f) => f.iceberg);
    const iceberg =
      out.format === 'iceberg'
        ? await p.iceberg(
            request,
            icebergData.map((f) => f.iceberg!),
          )
        : null;
    if (id !== runId) return;
    if (iceberg) icebergData.forEach((f, i) => (f.path = iceberg.dataPaths[i]!));
    const manifestFiles: ManifestFile[] = encoded.map((f) => ({
      path: f.path,
      table: f.table,
      format: f.format,
      rows: f.rows,
      bytes: f.size,
      sha256: f.sha256,
    }));
    const files = encoded.map((f) => ({ path: f.path, blob: f.blob }));
    const extras = await p.extras(request, manifestFiles, aggregated ? aggregates.state() : null);
    if (id !== runId) return;
    const extraBlobs = extras.map((e) => ({ path: e.name, blob: e.blob }));
    const groundTruth = await groundTruthOf(extraBlobs.find((e) => e.path === 'manifest.json')?.blob);
    if (id !== runId) return;
    // Iceberg: the ZIP holds the tables (data files, then metadata) and register.sql / schema.sql.
    const zipEntries = iceberg
      ? [...icebergData.map((f) => ({ name: f.path, blob: f.blob })), ...iceberg.files.map((f) => ({ name: f.name, blob: f.blob }))]
      : [...extraBlobs, ...files].map((f) => ({ name: f.path, blob: f.blob }));
    // To disk: the rest of the files (manifest.json last), or the ZIP streamed from the scratch folder.
    const written = disk
      ? await disk.finish(
          extraBlobs,
          encoded.map((f) => f.path),
          (entries, target) => p.zipToFile(entries, target),
        )
      : null;
    if (id !== runId) return;
    // The ZIP is packed by a worker in the background: the result shows now, the button waits if needed.
    const zip = written ? Promise.reject(new Error(`the dataset was written to disk (${written.name})`)) : p.zip(zipEntries);
    output = {
      request,
      files,
      extras: extraBlobs,
      zip,
      tables: new Map(),
      entries: written ? [] : zipEntries.map((e) => ({ path: e.name, blob: e.blob })),
      key,
      zipName: zipNameOf(scenario, out),
    };
    zip.then(
      (blob) => {
        if (id === runId) useStudio.setState((st) => (st.result ? { result: { ...st.result, zipBytes: blob.size } } : {}));
      },
      () => undefined,
    );
    const progress = progressNow();
    stopTicker();
    const rows = rowsOfStats(stats);
    const totalRows = rows.voice + rows.sms + rows.data;
    // Calibrate the time estimate with this run (records per second per worker).
    const calibration = { ...useStudio.getState().calibration };
    if (totalRows > 50_000 && encodeSeconds > 0.2) {
      calibration[calibrationKey(scenario.schema, out.format, out.compression)] = totalRows / encodeSeconds / workers;
      try {
        localStorage.setItem(CALIBRATION_KEY, JSON.stringify(calibration));
      } catch {
        /* storage disabled */
      }
    }
    useStudio.setState({
      status: 'done',
      calibration,
      progress: { ...progress, rowsDone: totalRows, etaSeconds: 0 },
      result: {
        key,
        scenario,
        output: out,
        currency: info.currency,
        rows,
        totalRows,
        cents: { voice: stats.cents[0]!, sms: stats.cents[1]!, data: stats.cents[2]! },
        files: manifestFiles.map((f) => ({ path: f.path, table: f.table, rows: f.rows, size: f.bytes })),
        totalBytes: manifestFiles.reduce((a, f) => a + f.bytes, 0),
        zipName: zipNameOf(scenario, out),
        zipBytes: written?.kind === 'zip' ? written.bytes : null,
        elapsedMs: progress.elapsedMs,
        workers,
        charts: chartsOf(stats, info),
        samples: info.samples,
        ...(groundTruth ? { groundTruth } : {}),
        ...(written ? { disk: written } : {}),
        ...(iceberg ? { iceberg: { registerSql: iceberg.registerSql, files: icebergData.length + iceberg.files.length } } : {}),
      },
    });
  } catch (e) {
    if (disk?.kind === 'zip') void dropScratch();
    if (id !== runId || e instanceof PoolTerminatedError) return;
    stopTicker();
    recordRunFailure(e);
    // A failed worker may be left in any state: start fresh next time.
    pool?.terminate();
    pool = null;
    useStudio.setState({ status: 'error', error: e instanceof Error ? e.message : String(e) });
  }
}

/** Counts per kind of the manifest's `groundTruth` section (null without faults or fraud, or on a bad manifest). */
async function groundTruthOf(manifest: Blob | undefined): Promise<RunResult['groundTruth'] | null> {
  if (!manifest) return null;
  try {
    const gt = (
      JSON.parse(await manifest.text()) as {
        groundTruth?: { byKind?: Record<string, { total?: number }>; actors?: Record<string, number> };
      }
    ).groundTruth;
    if (!gt) return null;
    return {
      byKind: Object.entries(gt.byKind ?? {}).map(([kind, c]) => ({ kind, count: Number(c?.total ?? 0) })),
      actors: Object.entries(gt.actors ?? {}).map(([pattern, count]) => ({ pattern, count: Number(count) })),
    };
  } catch {
    return null;
  }
}

/** Stops the running generation now (workers are terminated and restart on the next run); back to idle. */
export function cancelGeneration(): void {
  if (useStudio.getState().status !== 'running') return;
  runId++;
  stopTicker();
  pool?.terminate();
  output = null;
  useStudio.setState({ status: 'idle', progress: IDLE_PROGRESS, result: null, error: null });
}

/** Leaves the result or error view for the scenario and its preview. */
export function resetRun(): void {
  if (useStudio.getState().status === 'running') return;
  output = null;
  useStudio.setState({ status: 'idle', progress: IDLE_PROGRESS, result: null, error: null, view: 'preview' });
}

// ---------------------------------------------------------------------------------------------
// Downloads.

/** Downloads the whole dataset as a ZIP (packed by a worker at the end of the run). */
export async function downloadZip(): Promise<void> {
  const r = useStudio.getState().result;
  const current = output;
  if (!current || !r) return;
  try {
    const blob = await current.zip;
    if (output === current) saveBlob(blob, r.zipName);
  } catch (e) {
    if (!(e instanceof PoolTerminatedError)) notify('error', () => (e instanceof Error ? e.message : String(e)));
  }
}

/** Downloads manifest.json of the dataset. */
export function downloadManifest(): void {
  const m = output?.extras.find((e) => e.path === 'manifest.json');
  if (m) saveBlob(new Blob([m.blob], { type: 'application/json' }), 'manifest.json');
}

/** Downloads one CDR table as a single file in a format (encoded by a worker on demand, then cached). */
export async function downloadTable(type: ServiceType, format: FileFormat): Promise<void> {
  const current = output;
  if (!current || !pool) return;
  const k = `${type}:${format}`;
  const cached = current.tables.get(k);
  if (cached) return saveBlob(cached.blob, cached.name);
  if (useStudio.getState().preparing[k]) return;
  useStudio.setState((s) => ({ preparing: { ...s.preparing, [k]: true } }));
  try {
    const file = await pool.encodeTable(current.request, type, format);
    const entry = { name: file.name, blob: file.blob };
    current.tables.set(k, entry);
    if (output === current) saveBlob(entry.blob, entry.name);
  } catch (e) {
    if (!(e instanceof PoolTerminatedError)) {
      const message = e instanceof Error ? e.message : String(e);
      notify('error', () => message);
    }
  } finally {
    useStudio.setState((s) => {
      const { [k]: _done, ...rest } = s.preparing;
      return { preparing: rest };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Explore (src/state/explore.ts): the finished run's tables for DuckDB, made again by the workers.

/** The finished run for Explore: its manifest.json and a maker of its tables as Arrow streams; null without one. */
export function exploreSource(): {
  manifest: Blob | null;
  tables: (group: ExploreGroup) => Promise<ExplorePiece[]>;
} | null {
  const current = output;
  if (!current || useStudio.getState().status !== 'done') return null;
  return {
    manifest: current.extras.find((e) => e.path === 'manifest.json')?.blob ?? null,
    tables: (group) => poolOf(useStudio.getState().workers).exploreTables(current.request, group),
  };
}
