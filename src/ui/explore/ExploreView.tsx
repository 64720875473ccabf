/**
 * The Explore tab: DuckDB-Wasm over the finished run's tables. Before a run: what Explore does and a button
 * to generate. Then: loading (engine, tables), or the refusal of the memory guard; once ready: ready-made
 * queries and the schema on the side, the SQL editor (Ctrl/⌘+Enter runs), DuckDB's error inline, the
 * result as a chart and a virtualised table (CSV download), and the live answer key.
 * Imported lazily by RunPanel: this view, the store and DuckDB stay out of the main bundle.
 */
import { useEffect, type KeyboardEvent } from 'react';
import { startGeneration } from '../../state/run.ts';
import { downloadResultCsv, loadEstimateOf, openExplore, runQuery, setSql, useExplore } from '../../state/explore.ts';
import { useStudio } from '../../state/studio.ts';
import { buttonClass } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { AlertIcon, DownloadIcon, PlayIcon, SpinnerIcon, StackIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { AnswerKeyPanel } from './AnswerKeyPanel.tsx';
import { ResultChart } from './ResultChart.tsx';
import { ResultTable } from './ResultTable.tsx';
import { ReadyQueries, SchemaPanel } from './SchemaPanel.tsx';

export default function ExploreView({ active }: { active: boolean }) {
  const m = useT();
  const runStatus = useStudio((s) => s.status);
  const runKey = useStudio((s) => s.result?.key ?? null);
  const status = useExplore((s) => s.status);
  // Load (or reload for a new run) whenever the tab is shown with a finished run.
  useEffect(() => {
    if (active && runStatus === 'done' && runKey) void openExplore();
  }, [active, runStatus, runKey]);
  return (
    <div className="space-y-4 p-5" data-testid="explore" data-status={runStatus === 'done' ? status : 'no-run'}>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">{m.explore.title}</h2>
          <p className="mt-0.5 text-sm text-slate-500">{m.explore.subtitle}</p>
        </div>
        {runStatus === 'done' && <Timings />}
      </header>
      {runStatus !== 'done' ? <NoRun running={runStatus === 'running'} /> : <Body />}
    </div>
  );
}

function NoRun({ running }: { running: boolean }) {
  const m = useT();
  const canRun = useStudio((s) => Boolean(s.check.scenario && s.check.plan));
  return (
    <div className="flex min-h-[360px] flex-col items-center justify-center px-8 py-12 text-center" data-testid="explore-idle">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-orange-50 text-orange-600 ring-1 ring-orange-100">
        <StackIcon className="size-7" />
      </div>
      <h3 className="mt-5 text-lg font-semibold text-slate-900">{m.explore.idleTitle}</h3>
      <p className="mt-2 max-w-lg text-sm leading-6 text-slate-500">{running ? m.explore.staleRun : m.explore.idleText}</p>
      {!running && (
        <button type="button" className={`${buttonClass.primary} mt-6`} disabled={!canRun} onClick={() => void startGeneration()}>
          <PlayIcon className="size-4" />
          {m.explore.idleButton}
        </button>
      )}
    </div>
  );
}

function Body() {
  const status = useExplore((s) => s.status);
  if (status === 'refused') return <Refused />;
  if (status === 'error') return <LoadError />;
  if (status !== 'ready') return <Loading />;
  return (
    <>
      <div className="grid items-start gap-4 xl:grid-cols-[250px_minmax(0,1fr)]">
        <aside className="space-y-5 rounded-xl border border-slate-200 bg-slate-50/60 p-3 xl:sticky xl:top-0">
          <ReadyQueries />
          <SchemaPanel />
        </aside>
        <div className="min-w-0 space-y-3">
          <Editor />
          <QueryError />
          <Result />
        </div>
      </div>
      <AnswerKeyPanel />
    </>
  );
}

function Loading() {
  const m = useT();
  const phase = useExplore((s) => s.phase) ?? 'engine';
  return (
    <div
      role="status"
      className="flex min-h-[300px] flex-col items-center justify-center gap-3 text-sm text-slate-600"
      data-testid="explore-loading"
    >
      <SpinnerIcon className="size-6 text-orange-600" />
      <p>{m.explore.loading[phase]}</p>
    </div>
  );
}

function LoadError() {
  const m = useT();
  const error = useExplore((s) => s.loadError);
  return (
    <div role="alert" className="flex gap-3 rounded-xl bg-red-50 p-4 ring-1 ring-red-200">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
      <div>
        <h3 className="text-sm font-semibold text-red-800">{m.explore.loadFailed}</h3>
        <p className="mt-1 font-mono text-xs whitespace-pre-wrap text-red-700">{error}</p>
        <button type="button" className={`${buttonClass.secondary} mt-3`} onClick={() => void openExplore()}>
          {m.explore.retry}
        </button>
      </div>
    </div>
  );
}

function Refused() {
  const m = useT();
  const f = useFormat();
  const verdict = useExplore((s) => s.verdict);
  const run = useStudio((s) => s.result);
  if (!verdict || verdict.ok || !run) return null;
  const est = loadEstimateOf(run);
  return (
    <div role="alert" className="flex gap-3 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="explore-refused">
      <AlertIcon className="mt-0.5 size-5 shrink-0 text-amber-600" />
      <div>
        <h3 className="text-sm font-semibold text-amber-900">{m.explore.refusedTitle}</h3>
        <p className="mt-1 text-sm leading-6 text-amber-900/90">
          {m.explore.refused(f.int(est.rows), f.bytes(verdict.bytes), f.bytes(verdict.limit), f.int(verdict.maxRows))}
        </p>
        <code className="mt-2 block font-mono text-xs text-amber-900/80">{m.explore.refusedSql}</code>
      </div>
    </div>
  );
}

function Editor() {
  const m = useT();
  const sql = useExplore((s) => s.sql);
  const running = useExplore((s) => s.running);
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void runQuery(e.currentTarget.value);
    }
  };
  return (
    <div className="rounded-xl border border-slate-200 bg-white">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-3 py-1.5">
        <label htmlFor="explore-sql" className="text-xs font-semibold text-slate-600">
          {m.explore.editor}
        </label>
        <span className="text-[11px] text-slate-500">{m.explore.editorHint}</span>
      </div>
      <textarea
        id="explore-sql"
        data-testid="explore-sql"
        value={sql}
        onChange={(e) => setSql(e.target.value)}
        onKeyDown={onKey}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        rows={10}
        className="block w-full resize-y bg-slate-950 px-3 py-2 font-mono text-xs leading-5 text-slate-100 caret-orange-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-orange-400 focus-visible:ring-inset"
      />
      <div className="flex items-center justify-end gap-2 px-3 py-2">
        <button type="button" className={buttonClass.primary} disabled={running} onClick={() => void runQuery()} data-testid="explore-run">
          {running ? <SpinnerIcon className="size-4" /> : <PlayIcon className="size-4" />}
          {running ? m.explore.running : m.explore.run}
        </button>
      </div>
    </div>
  );
}

function QueryError() {
  const m = useT();
  const error = useExplore((s) => s.error);
  if (!error) return null;
  return (
    <div role="alert" className="flex gap-3 rounded-xl bg-red-50 p-3 ring-1 ring-red-200" data-testid="explore-error">
      <AlertIcon className="mt-0.5 size-4 shrink-0 text-red-600" />
      <div className="min-w-0">
        <p className="text-xs font-semibold text-red-800">{m.explore.error}</p>
        <pre className="mt-1 overflow-x-auto font-mono text-xs whitespace-pre-wrap text-red-700">{error}</pre>
      </div>
    </div>
  );
}

function Result() {
  const m = useT();
  const f = useFormat();
  const r = useExplore((s) => s.result);
  const running = useExplore((s) => s.running);
  if (!r) return null;
  const { result, chart } = r;
  return (
    <section
      aria-label={m.explore.tableLabel}
      className={`space-y-3 ${running ? 'opacity-60' : ''}`}
      data-testid="explore-result"
      data-query={r.queryId ?? ''}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600 tabular-nums" data-testid="explore-result-meta">
          {m.explore.resultRows(f.int(result.rowCount), `${f.dec(result.ms, result.ms < 10 ? 1 : 0)} ms`)}
          {r.truncated && (
            <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-amber-800 ring-1 ring-amber-200" data-testid="explore-truncated">
              {m.explore.truncated(f.int(result.rowCount))}
            </span>
          )}
        </p>
        <button
          type="button"
          className={buttonClass.secondary}
          onClick={downloadResultCsv}
          disabled={!result.rowCount}
          data-testid="explore-csv"
        >
          <DownloadIcon className="size-4" />
          {m.explore.downloadCsv}
        </button>
      </div>
      {result.rowCount === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">{m.explore.noRows}</p>
      ) : (
        <>
          {chart ? <ResultChart result={result} spec={chart} /> : <p className="text-xs text-slate-500">{m.explore.noChart}</p>}
          <ResultTable key={`${r.queryId}:${result.ms}`} result={result} />
        </>
      )}
    </section>
  );
}

function Timings() {
  const m = useT();
  const f = useFormat();
  const t = useExplore((s) => s.timings);
  const version = useExplore((s) => s.version);
  if (!t || t.firstAnswerMs === null) return null;
  const s = (ms: number) => f.seconds(ms / 1000);
  return (
    <p
      className="rounded-full bg-slate-100 px-3 py-1 text-[11px] text-slate-600 tabular-nums"
      data-testid="explore-timings"
      data-engine-ms={Math.round(t.engineMs)}
      data-tables-ms={Math.round(t.tablesMs)}
      data-query-ms={t.queryMs === null ? '' : Math.round(t.queryMs)}
      data-first-answer-ms={Math.round(t.firstAnswerMs)}
      data-rows={t.rows}
      title={version ?? undefined}
    >
      {m.explore.timings(s(t.engineMs), s(t.tablesMs), s(t.firstAnswerMs))}
    </p>
  );
}
