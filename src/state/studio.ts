/**
 * The studio store: scenario form, run status, progress and result. Plain zustand, with actions as plain
 * exported functions (callable from worker callbacks and tests). Big data (CSV bytes) stays out of the store.
 */
import { create } from 'zustand';
import type { ServiceType } from '../core/index.ts';
import { saveBlob } from '../lib/save.ts';
import { zipStore, zipTimestamp, type ZipEntry } from '../lib/zip.ts';
import type { EncodedFile } from '../workers/api.ts';
import { ChunkAssembler, concatBytes, type AssembledFile } from '../workers/assemble.ts';
import { GeneratorPool, PoolTerminatedError } from '../workers/pool.ts';
import { checkForm, DEFAULT_FORM, type FieldName, type FormCheck, type FormValues } from './scenario-form.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error';

export interface RunProgress {
  rowsDone: number;
  totalRows: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate; null until the first rows arrive. */
  etaSeconds: number | null;
}

export interface ResultFile {
  name: string;
  rows: number;
  size: number;
}

export interface RunResult {
  rows: Record<ServiceType, number>;
  totalRows: number;
  totalBytes: number;
  files: ResultFile[];
  elapsedMs: number;
  workers: number;
  zipName: string;
  /** Name of the first day's voice file, when the run has voice records. */
  voiceFileName: string | null;
  start: string;
  days: number;
  subscribers: number;
  seed: number;
}

export interface StudioState {
  values: FormValues;
  check: FormCheck;
  status: RunStatus;
  progress: RunProgress;
  result: RunResult | null;
  error: string | null;
}

const IDLE_PROGRESS: RunProgress = { rowsDone: 0, totalRows: 0, elapsedMs: 0, rowsPerSecond: 0, etaSeconds: null };

export const useStudio = create<StudioState>()(() => ({
  values: DEFAULT_FORM,
  check: checkForm(DEFAULT_FORM),
  status: 'idle',
  progress: IDLE_PROGRESS,
  result: null,
  error: null,
}));

// Run machinery (module state, not in the store).
let pool: GeneratorPool | null = null;
let runId = 0;
let ticker: ReturnType<typeof setInterval> | null = null;
let output: { files: AssembledFile[]; cellTowers: EncodedFile; zipName: string; mtime: Date } | null = null;

/** Updates one form field and re-validates the form. */
export function setField(name: FieldName, value: string): void {
  const values = { ...useStudio.getState().values, [name]: value };
  useStudio.setState({ values, check: checkForm(values) });
}

/** Picks a new random seed (the UI may use Math.random; the engine never does). */
export function randomizeSeed(): void {
  setField('seed', String(Math.floor(Math.random() * 1_000_000)));
}

function stopTicker(): void {
  if (ticker !== null) clearInterval(ticker);
  ticker = null;
}

/** When the first chunk arrived and how many rows it brought: the rate excludes world building. */
interface RateBase {
  at: number;
  rows: number;
}

function progressOf(assembler: ChunkAssembler, total: number, startedAt: number, base: RateBase | null): RunProgress {
  const now = performance.now();
  const elapsedMs = now - startedAt;
  const rowsDone = assembler.totalRows;
  const span = base ? now - base.at : 0;
  const rowsPerSecond = base && span > 100 ? ((rowsDone - base.rows) * 1000) / span : 0;
  const etaSeconds = rowsPerSecond > 0 ? Math.max(0, total - rowsDone) / rowsPerSecond : null;
  return { rowsDone, totalRows: total, elapsedMs, rowsPerSecond, etaSeconds };
}

/** Generates the scenario in the form with the worker pool; resolves when the run ends (any way). */
export async function startGeneration(): Promise<void> {
  const { check, status } = useStudio.getState();
  if (status === 'running' || !check.scenario || !check.estimate) return;
  const scenario = check.scenario;
  const estimate = check.estimate;
  const scenarioJson = JSON.stringify(scenario);
  const id = ++runId;
  output = null;
  pool ??= new GeneratorPool();
  const assembler = new ChunkAssembler(estimate.chunkRecords.length, estimate.startEpochDay);
  const startedAt = performance.now();
  let base: RateBase | null = null;
  useStudio.setState({ status: 'running', result: null, error: null, progress: { ...IDLE_PROGRESS, totalRows: estimate.total } });
  stopTicker();
  // Progress reaches the store a few times a second, however fast chunks arrive.
  ticker = setInterval(() => {
    if (id === runId) useStudio.setState({ progress: progressOf(assembler, estimate.total, startedAt, base) });
  }, 150);
  try {
    await pool.generate(scenarioJson, estimate.chunkRecords, (chunk) => {
      if (id !== runId) return;
      assembler.add(chunk);
      base ??= { at: performance.now(), rows: assembler.totalRows };
    });
    const cellTowers = await pool.cellTowers(scenarioJson);
    if (id !== runId) return;
    const files = assembler.files();
    const compact = scenario.period.start.replace(/-/g, '');
    const zipName = `cdr_${scenario.profile}_${compact}_${scenario.period.days}d_seed${scenario.seed}.zip`;
    output = { files, cellTowers, zipName, mtime: zipTimestamp(scenario.period.start) };
    const progress = progressOf(assembler, estimate.total, startedAt, base);
    stopTicker();
    useStudio.setState({
      status: 'done',
      progress: { ...progress, etaSeconds: 0 },
      result: {
        rows: { ...assembler.rows },
        totalRows: assembler.totalRows,
        totalBytes: assembler.bytes + cellTowers.bytes.byteLength,
        files: [
          ...files.map(({ name, rows, size }) => ({ name, rows, size })),
          { name: cellTowers.name, rows: cellTowers.rows, size: cellTowers.bytes.byteLength },
        ],
        elapsedMs: progress.elapsedMs,
        workers: pool.size,
        zipName,
        voiceFileName: files.find((f) => f.type === 'voice' && f.day === 0)?.name ?? null,
        start: scenario.period.start,
        days: scenario.period.days,
        subscribers: scenario.population.subscribers,
        seed: scenario.seed,
      },
    });
  } catch (e) {
    if (id !== runId || e instanceof PoolTerminatedError) return;
    stopTicker();
    // A failed worker may be left in any state: start fresh next time.
    pool?.terminate();
    useStudio.setState({ status: 'error', error: e instanceof Error ? e.message : String(e) });
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

/** Leaves the result or error view for a fresh form. */
export function resetRun(): void {
  if (useStudio.getState().status === 'running') return;
  output = null;
  useStudio.setState({ status: 'idle', progress: IDLE_PROGRESS, result: null, error: null });
}

/** Downloads every legacy CSV file plus the cell towers file as one store-only ZIP. */
export function downloadZip(): void {
  if (!output) return;
  const entries: ZipEntry[] = output.files.map((f) => ({ name: f.name, bytes: concatBytes(f.parts, f.size) }));
  entries.push({ name: output.cellTowers.name, bytes: output.cellTowers.bytes });
  const zip = zipStore(entries, output.mtime);
  saveBlob(new Blob([zip], { type: 'application/zip' }), output.zipName);
}

/** Downloads the first day's voice CSV file. */
export function downloadVoiceCsv(): void {
  const file = output?.files.find((f) => f.type === 'voice' && f.day === 0);
  if (!file) return;
  saveBlob(new Blob(file.parts as Uint8Array<ArrayBuffer>[], { type: 'text/csv' }), file.name);
}
