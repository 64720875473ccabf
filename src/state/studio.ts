/**
 * The studio store: the scenario form, the run's status, throttled progress and result summary, notices
 * and the view. Plain zustand with actions as plain exported functions (callable from worker callbacks
 * and tests). The run itself lives in run.ts and the scenario documents in documents.ts; big data (file
 * Blobs, merged statistics) stays in their module state, out of the store.
 */
import { create } from 'zustand';
import type { Scenario, ServiceType } from '../core/index.ts';
import type { Messages } from '../ui/i18n/en.ts';
import type { Bin, TopCell } from '../ui/charts/data/result-stats.ts';
import type { HourRow, RegionServiceRow } from '../ui/charts/data/preview.ts';
import type { SampleTable } from '../workers/api.ts';
import { defaultPoolSize, MAX_WORKERS } from '../workers/pool.ts';
import { cdrBytes, referenceBytes, type Calibration } from './estimate.ts';
import type { DocError } from './scenario-doc.ts';
import type { DiskOutcome } from './disk-output.ts';
import {
  checkForm,
  DEFAULT_FORM,
  effectiveWeights,
  type FieldError,
  type FormCheck,
  type FormValues,
  type OutputFormat,
  type OutputOptions,
  type SizeEstimator,
  type TruthSection,
  withTruthKind,
  TRUTH_SECTIONS,
} from './scenario-form.ts';
import { setRegionWeight } from './region-weights.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error';
export type RunPhase = 'world' | 'encoding' | 'packing';
export type View = 'preview' | 'result' | 'stream' | 'explore';

export interface RunProgress {
  phase: RunPhase;
  rowsDone: number;
  totalRows: number;
  /** Rows done and planned per service. */
  byType: Record<ServiceType, { done: number; total: number }>;
  filesDone: number;
  filesTotal: number;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate; null until the first rows arrive. */
  etaSeconds: number | null;
}

export interface ResultFile {
  path: string;
  table: string;
  rows: number;
  size: number;
}

/** Chart rows computed once from the merged statistics of the generated records. */
export interface ResultCharts {
  regions: RegionServiceRow[];
  hours: HourRow[];
  days: { day: number; voice: number; sms: number; data: number }[];
  voiceDuration: Bin[];
  dataDuration: Bin[];
  dataVolume: Bin[];
  topCells: TopCell[];
  voiceReasons: { label: string; count: number; share: number }[];
  smsStatus: { label: string; count: number; share: number }[];
}

export interface RunResult {
  /** The form key of the run (scenario + output), to tell when the form has moved on. */
  key: string;
  scenario: Scenario;
  output: OutputOptions;
  currency: string;
  rows: Record<ServiceType, number>;
  totalRows: number;
  /** Sum of charging_amount per service, hundredths. */
  cents: Record<ServiceType, number>;
  files: ResultFile[];
  /** Bytes of the dataset files (without the ZIP's extras). */
  totalBytes: number;
  zipName: string;
  /** Size of the ZIP once packed (null while a worker packs it). */
  zipBytes: number | null;
  elapsedMs: number;
  workers: number;
  charts: ResultCharts;
  samples: SampleTable[];
  /** Ground truth of the dataset (manifest.json `groundTruth`): ledger rows per kind, when faults or fraud were on. */
  /** Iceberg output: register.sql's text and the number of files in the ZIP. */
  iceberg?: { registerSql: string; files: number };
  groundTruth?: { byKind: { kind: string; count: number }[]; actors: { pattern: string; count: number }[] };
  /** Set when the files were written to disk (a folder, or the ZIP) instead of kept for downloads. */
  disk?: DiskOutcome;
}

/** A message shown above the page (translated when rendered). */
export interface Notice {
  kind: 'error' | 'info' | 'success';
  text: (m: Messages) => string;
  id: number;
}

export interface StudioState {
  values: FormValues;
  check: FormCheck;
  workers: number;
  status: RunStatus;
  progress: RunProgress;
  result: RunResult | null;
  error: string | null;
  view: View;
  notice: Notice | null;
  /** Downloads being prepared (single-table encodes), by key `type:format`. */
  preparing: Record<string, boolean>;
  calibration: Calibration;
  /** The share link of the current form, when the person asked for it. */
  shareLink: string | null;
}

export const IDLE_PROGRESS: RunProgress = {
  phase: 'world',
  rowsDone: 0,
  totalRows: 0,
  byType: { voice: { done: 0, total: 0 }, sms: { done: 0, total: 0 }, data: { done: 0, total: 0 } },
  filesDone: 0,
  filesTotal: 0,
  elapsedMs: 0,
  rowsPerSecond: 0,
  etaSeconds: null,
};

/** Where the measured generation rates are kept (they calibrate the time estimate). */
export const CALIBRATION_KEY = 'cdr-studio.calibration.v1';

function loadCalibration(): Calibration {
  try {
    const raw = globalThis.localStorage?.getItem(CALIBRATION_KEY);
    const v: unknown = raw ? JSON.parse(raw) : {};
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'number' && Number.isFinite(x) && x > 0)) as Calibration;
  } catch {
    return {};
  }
}

/** Estimated bytes of the chosen format, for the form's size limit. */
export const estimateOutputBytes: SizeEstimator = (plan, values) =>
  cdrBytes(plan, values.schema, values.output.format, values.output.compression) + referenceBytes(Number(values.subscribers) || 0);

/**
 * The form's own size check only stops runs too big to plan: whether a run fits in memory depends on where
 * its files go, and is the memory guard's call (memory-guard.ts, shown next to Generate).
 */
const check = (values: FormValues) => checkForm(values, estimateOutputBytes, Number.POSITIVE_INFINITY);

export const useStudio = create<StudioState>()(() => ({
  values: DEFAULT_FORM,
  check: check(DEFAULT_FORM),
  workers: defaultPoolSize(),
  status: 'idle',
  progress: IDLE_PROGRESS,
  result: null,
  error: null,
  view: 'preview',
  notice: null,
  preparing: {},
  calibration: loadCalibration(),
  shareLink: null,
}));

/** Key of a form for staleness checks: what decides the bytes. */
export const formKey = (scenario: Scenario | null, out: OutputOptions): string => JSON.stringify([scenario, out]);

let noticeId = 0;

// ---------------------------------------------------------------------------------------------
// Form actions.

/** Replaces the whole form (and re-validates it). */
export function setValues(values: FormValues): void {
  useStudio.setState({ values, check: check(values), shareLink: null });
}

/** Updates one text field of the form. */
export function setField(name: 'start' | 'days' | 'subscribers' | 'seed' | 'rows', value: string): void {
  setValues({ ...useStudio.getState().values, [name]: value });
}

/** Updates any part of the form. */
export function patchForm(patch: Partial<FormValues>): void {
  setValues({ ...useStudio.getState().values, ...patch });
}

/** Changes the profile (region weights go back to the new profile's). */
export function setProfile(profile: string): void {
  const v = useStudio.getState().values;
  setValues({ ...v, profile, regionWeights: null, advanced: v.advanced ? { ...v.advanced, regionWeights: undefined } : null });
}

export function setService(type: ServiceType, enabled: boolean): void {
  const v = useStudio.getState().values;
  setValues({ ...v, services: { ...v.services, [type]: enabled } });
}

export function setRate(type: ServiceType, text: string): void {
  const v = useStudio.getState().values;
  setValues({ ...v, rates: { ...v.rates, [type]: text } });
}

export function setRecordsPerDay(type: ServiceType, text: string): void {
  const v = useStudio.getState().values;
  setValues({ ...v, recordsPerDay: { ...v.recordsPerDay, [type]: text } });
}

/** Moves one region slider to `tenths` (of a percent); the others rescale so the total stays 100 %. */
export function setRegion(index: number, tenths: number): void {
  const v = useStudio.getState().values;
  const weights = setRegionWeight(effectiveWeights(v), index, tenths);
  const advanced = v.advanced?.regionWeights ? { ...v.advanced, regionWeights: undefined } : v.advanced;
  setValues({ ...v, regionWeights: weights, advanced });
}

export function resetRegions(): void {
  const v = useStudio.getState().values;
  setValues({ ...v, regionWeights: null, advanced: v.advanced ? { ...v.advanced, regionWeights: undefined } : null });
}

const TYPED_DEFAULT: OutputOptions['partitionBy'] = ['type', 'date'];
const isTyped = (f: OutputFormat) => f === 'parquet' || f === 'arrow';
const samePartitions = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/**
 * Updates the output options. Switching between text and typed formats moves an untouched partitioning
 * to the other family's default, as the CLI does (flat legacy files for CSV/NDJSON, type/date for Parquet/Arrow).
 */
export function setOutput(patch: Partial<OutputOptions>): void {
  const v = useStudio.getState().values;
  const next = { ...v.output, ...patch };
  if (patch.format && !patch.partitionBy && isTyped(patch.format) !== isTyped(v.output.format)) {
    if (isTyped(patch.format) && next.partitionBy.length === 0) next.partitionBy = [...TYPED_DEFAULT];
    else if (!isTyped(patch.format) && samePartitions(next.partitionBy, TYPED_DEFAULT)) next.partitionBy = [];
  }
  setValues({ ...v, output: next });
}

/** Changes one fault kind or fraud pattern (`{ enabled }`, or its slider field). */
export function setTruthKind(section: TruthSection, key: string, patch: Record<string, unknown>): void {
  setValues(withTruthKind(useStudio.getState().values, section, key, patch));
}

/** Drops imported model parameters that have no control (the faults and fraud sections have one: kept). */
export function dropAdvanced(): void {
  const v = useStudio.getState().values;
  const keepWeights = v.advanced?.regionWeights;
  const truth = Object.fromEntries(
    TRUTH_SECTIONS.filter((k) => v.advanced?.other?.[k] !== undefined).map((k) => [k, v.advanced!.other![k]]),
  );
  const advanced = Object.keys(truth).length ? { other: truth } : null;
  setValues({ ...v, advanced, regionWeights: keepWeights ? effectiveWeights(v) : v.regionWeights });
}

/** Picks a new random seed (the UI may use Math.random; the engine never does). */
export function randomizeSeed(): void {
  setField('seed', String(Math.floor(Math.random() * 1_000_000)));
}

export function resetForm(): void {
  setValues(DEFAULT_FORM);
}

/** Worker count for the next runs (1..MAX_WORKERS). */
export function setWorkers(n: number): void {
  if (useStudio.getState().status === 'running') return;
  const workers = Math.max(1, Math.min(MAX_WORKERS, Math.round(n)));
  useStudio.setState({ workers });
}

export function setView(view: View): void {
  useStudio.setState({ view });
}

// ---------------------------------------------------------------------------------------------
// Notices, documents.

export function notify(kind: Notice['kind'], text: Notice['text']): void {
  useStudio.setState({ notice: { kind, text, id: ++noticeId } });
}

export function dismissNotice(): void {
  useStudio.setState({ notice: null });
}

/** Human text of why a document was refused. */
export function docErrorText(m: Messages, e: DocError): string {
  switch (e.key) {
    case 'tooLong':
      return m.doc.tooLong;
    case 'encoding':
      return m.doc.encoding;
    case 'json':
      return m.doc.json(e.detail ?? '');
    case 'notObject':
      return m.doc.notObject;
    case 'scenario':
      return m.doc.scenario(e.detail ?? '');
    case 'output':
      return m.doc.output(e.detail ?? '');
    case 'field':
      return e.field ? m.doc.field(e.field.name, fieldErrorText(m, e.field.error)) : m.doc.notObject;
  }
}

/** Human text of a field message. */
export function fieldErrorText(m: Messages, e: FieldError, fmt: (n: number) => string = String): string {
  const p = e.params ?? {};
  const num = (x: string | number | undefined) => (typeof x === 'number' ? fmt(x) : String(x ?? ''));
  switch (e.key) {
    case 'range':
      return m.errors.range(num(p.min), num(p.max));
    case 'min':
      return m.errors.min(num(p.min));
    case 'tooBig':
      return m.errors.tooBig(num(p.mb), num(p.max));
    case 'engine':
      return m.errors.engine(String(p.message ?? ''));
    default:
      return m.errors[e.key];
  }
}
