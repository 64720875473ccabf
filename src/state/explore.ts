/**
 * The Explore store: DuckDB-Wasm loaded on demand with the finished run's tables, the SQL editor, the
 * last result and its chart, and the live answer key. The engine (src/analytics/duckdb.ts) is imported
 * dynamically the first time Explore opens. Timings (engine start, tables, first answer) are kept for the
 * page and the browser bench (data attributes of `explore-timings`).
 */
import { create } from 'zustand';
import { aggregatesOf, answerChecks, runChecks, type AnswerCheck, type CheckResult } from '../analytics/answer-key.ts';
import { chooseChart, specFits, type ChartSpec } from '../analytics/chart-shape.ts';
import { toCsv } from '../analytics/csv.ts';
import { duckdbMessage } from '../analytics/error-text.ts';
import type { ExploreEngine, QueryResult, TableInfo } from '../analytics/duckdb.ts';
import { checkLoad, deviceMemory, estimateLoad, MAX_RESULT_ROWS, type LoadVerdict } from '../analytics/guard.ts';
import { availableQueries, READY_QUERIES, readyQuery } from '../analytics/queries.ts';
import { EXPLORE_GROUPS } from '../analytics/tables.ts';
import { saveBlob } from '../lib/save.ts';
import { exploreSource } from './run.ts';
import { useStudio, type RunResult } from './studio.ts';

export type ExploreStatus = 'idle' | 'refused' | 'loading' | 'ready' | 'error';
export type LoadPhase = 'engine' | 'tables' | 'schema';

export interface ExploreTimings {
  /** Start of the DuckDB engine (download, compile, open), ms (0 when it was already running). */
  engineMs: number;
  /** From the engine ready to every table inserted (the workers start making them with the engine), ms. */
  tablesMs: number;
  /** The first query's own time, ms. */
  queryMs: number | null;
  /** From opening Explore to the first answer on screen (load + tables + first query), ms. */
  firstAnswerMs: number | null;
  /** CDR rows loaded. */
  rows: number;
}

export interface ExploreResult {
  result: QueryResult;
  /** More rows than MAX_RESULT_ROWS: only the first ones were read (and are shown / exported). */
  truncated?: boolean;
  chart: ChartSpec | null;
  /** The ready query it came from, if any. */
  queryId: string | null;
}

export interface CheckRow {
  check: AnswerCheck;
  result: CheckResult | null;
}

export interface ExploreState {
  status: ExploreStatus;
  phase: LoadPhase | null;
  /** Key of the run whose tables are loaded (or loading). */
  runKey: string | null;
  verdict: LoadVerdict | null;
  loadError: string | null;
  version: string | null;
  tables: TableInfo[];
  sql: string;
  running: boolean;
  result: ExploreResult | null;
  /** DuckDB's message for the last query, shown inline. */
  error: string | null;
  checks: CheckRow[];
  checking: boolean;
  timings: ExploreTimings | null;
}

const FIRST = READY_QUERIES[0]!;

export const useExplore = create<ExploreState>()(() => ({
  status: 'idle',
  phase: null,
  runKey: null,
  verdict: null,
  loadError: null,
  version: null,
  tables: [],
  sql: FIRST.sql,
  running: false,
  result: null,
  error: null,
  checks: [],
  checking: false,
  timings: null,
}));

let engine: Promise<ExploreEngine> | null = null;
let loadId = 0;

/** The engine, started once (dynamic import: DuckDB is not part of the main bundle). */
function engineOf(): Promise<ExploreEngine> {
  engine ??= import('../analytics/duckdb.ts').then((m) => m.ExploreEngine.open());
  engine.catch(() => (engine = null));
  return engine;
}

/** CDR rows and reference rows of a run (what Explore would load). */
export function loadEstimateOf(r: RunResult) {
  const reference = r.files.filter((f) => !/_cdr$/.test(f.table)).reduce((a, f) => a + f.rows, 0);
  return estimateLoad(r.totalRows, reference);
}

/**
 * Loads the finished run into DuckDB (once per run): checks the memory guard, starts the engine, inserts
 * every table as the workers make them, then answers the first ready query and the answer key.
 */
export async function openExplore(): Promise<void> {
  const run = useStudio.getState().result;
  const st = useExplore.getState();
  if (!run || useStudio.getState().status !== 'done') return;
  if (st.runKey === run.key && st.status !== 'error') return;
  const id = ++loadId;
  const verdict = checkLoad(loadEstimateOf(run), deviceMemory());
  useExplore.setState({
    runKey: run.key,
    verdict,
    status: verdict.ok ? 'loading' : 'refused',
    phase: verdict.ok ? 'engine' : null,
    loadError: null,
    tables: [],
    result: null,
    error: null,
    checks: [],
    timings: null,
  });
  if (!verdict.ok) return;
  const source = exploreSource();
  if (!source) {
    useExplore.setState({ status: 'error', phase: null, loadError: 'the run’s data is no longer available: generate again' });
    return;
  }
  const t0 = performance.now();
  // The workers make the tables while DuckDB starts (each group on the next worker, in parallel).
  const groups = EXPLORE_GROUPS.map((g) => source.tables(g));
  for (const g of groups) g.catch(() => undefined);
  try {
    const wasRunning = engine !== null;
    const db = await engineOf();
    const engineMs = wasRunning ? 0 : performance.now() - t0;
    if (id !== loadId) return;
    useExplore.setState({ phase: 'tables', version: db.version });
    await db.dropAll();
    const t1 = performance.now();
    // Inserts go one after the other, in the order the groups arrive.
    const created = new Set<string>();
    let chain = Promise.resolve();
    await Promise.all(
      groups.map((g) =>
        g.then((pieces) => {
          chain = chain.then(async () => {
            for (const p of pieces) {
              if (id !== loadId) return;
              await db.insert(p.table, p.stream, !created.has(p.table));
              created.add(p.table);
            }
          });
          return chain;
        }),
      ),
    );
    await chain;
    if (id !== loadId) return;
    const tablesMs = performance.now() - t1;
    useExplore.setState({ phase: 'schema' });
    const tables = await db.tables();
    if (id !== loadId) return;
    const rows = tables.filter((t) => /_cdr$/.test(t.name)).reduce((a, t) => a + t.rows, 0);
    useExplore.setState({
      status: 'ready',
      phase: null,
      tables,
      timings: { engineMs, tablesMs, queryMs: null, firstAnswerMs: null, rows },
    });
    // The first answer: the first ready query that fits the tables (the editor's text when the person typed one).
    const first = availableQueries(tables.map((t) => t.name))[0];
    const sql = useExplore.getState().sql;
    const custom = !READY_QUERIES.some((q) => q.sql === sql);
    await runQuery(custom ? sql : (first?.sql ?? sql), custom ? null : (first?.id ?? null));
    if (id !== loadId) return;
    const done = performance.now();
    useExplore.setState((s) => ({
      timings: s.timings ? { ...s.timings, queryMs: s.result?.result.ms ?? null, firstAnswerMs: done - t0 } : null,
    }));
    await checkAnswerKey(source.manifest);
  } catch (e) {
    if (id !== loadId) return;
    useExplore.setState({ status: 'error', phase: null, loadError: e instanceof Error ? e.message : String(e) });
  }
}

/** Sets the editor's text. */
export function setSql(sql: string): void {
  useExplore.setState({ sql });
}

/** Puts a ready query in the editor and runs it. */
export function pickQuery(id: string): Promise<void> {
  const q = readyQuery(id);
  if (!q) return Promise.resolve();
  return runQuery(q.sql, q.id);
}

/** Runs SQL (the editor's by default); DuckDB's error goes to `error`, the last good result stays. */
export async function runQuery(sql = useExplore.getState().sql, queryId: string | null = null): Promise<void> {
  const st = useExplore.getState();
  if (st.status !== 'ready' || st.running || !engine) return;
  const text = sql.trim();
  if (!text) return;
  const fromReady = queryId ?? READY_QUERIES.find((q) => q.sql.trim() === text)?.id ?? null;
  useExplore.setState({ sql, running: true, error: null });
  try {
    const db = await engine;
    const { truncated, ...result } = await db.queryCapped(text, MAX_RESULT_ROWS);
    const hint = fromReady ? readyQuery(fromReady)?.chart : undefined;
    const chart = hint && specFits(hint, result.columns) ? hint : chooseChart(result.columns, result.rowCount);
    useExplore.setState({ result: { result, chart, queryId: fromReady, truncated }, running: false });
  } catch (e) {
    useExplore.setState({ error: duckdbMessage(e), running: false });
  }
}

/** Recomputes the manifest's aggregates with SQL (expected vs actual). */
async function checkAnswerKey(manifest: Blob | null): Promise<void> {
  const agg = manifest ? aggregatesOf(await manifest.text()) : null;
  if (!agg || !engine) return;
  const checks = answerChecks(agg);
  useExplore.setState({ checks: checks.map((check) => ({ check, result: null })), checking: true });
  const db = await engine;
  const results = await runChecks(checks, (sql) => db.rows(sql));
  useExplore.setState({ checks: checks.map((check, i) => ({ check, result: results[i] ?? null })), checking: false });
}

/** Downloads the current result as CSV. */
export function downloadResultCsv(): void {
  const r = useExplore.getState().result;
  if (!r) return;
  const { result } = r;
  const csv = toCsv(
    result.columns.map((c) => c.name),
    result.rowCount,
    result.text,
  );
  saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${r.queryId ?? 'query'}.csv`);
}
