/** The right column: Preview and Result tabs (the Result tab shows idle, progress, result or error). */
import { resetRun, startGeneration } from '../../state/run.ts';
import { useRunFailure } from '../../state/run-failure.ts';
import { buttonClass } from '../Field.tsx';
import { setView, useStudio } from '../../state/studio.ts';
import { AlertIcon, ResetIcon, StackIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { TabList, TabPanel } from '../Tabs.tsx';
import { PreviewView } from './PreviewView.tsx';
import { ResultView } from './ResultView.tsx';
import { RunProgressView } from './RunProgressView.tsx';
import { lazy, Suspense, useState } from 'react';
import { StreamTab } from '../stream/StreamTab.tsx';

/** Explore (DuckDB-Wasm) loads on first use: neither its view nor DuckDB is in the main bundle. */
const ExploreView = lazy(() => import('../explore/ExploreView.tsx'));

const TABS = 'views';

export function RunPanel() {
  const m = useT();
  const view = useStudio((s) => s.view);
  const status = useStudio((s) => s.status);
  const badge =
    status === 'running' ? (
      <span className="size-2 rounded-full bg-orange-500" aria-hidden />
    ) : status === 'done' ? (
      <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
    ) : status === 'error' ? (
      <span className="size-2 rounded-full bg-red-500" aria-hidden />
    ) : null;
  return (
    <section
      aria-label={m.tabs.label}
      aria-busy={status === 'running'}
      className="min-w-0 rounded-2xl border border-slate-200 bg-white shadow-sm"
    >
      <div className="border-b border-slate-200 px-3">
        <TabList
          idPrefix={TABS}
          label={m.tabs.label}
          value={view}
          onChange={setView}
          items={[
            { key: 'preview', label: m.tabs.preview },
            {
              key: 'result',
              label: (
                <>
                  {m.tabs.result}
                  {badge}
                </>
              ),
            },
            { key: 'stream', label: m.tabs.stream },
            { key: 'explore', label: m.tabs.explore },
          ]}
        />
      </div>
      {/* Both panels stay mounted (the hidden one is display:none): switching tabs never re-creates charts. */}
      <TabPanel idPrefix={TABS} tabKey="preview" hidden={view !== 'preview'}>
        <PreviewView />
      </TabPanel>
      <TabPanel idPrefix={TABS} tabKey="result" hidden={view !== 'result'}>
        <ResultTab />
      </TabPanel>
      <TabPanel idPrefix={TABS} tabKey="stream" hidden={view !== 'stream'}>
        <LazyStream active={view === 'stream'} />
      </TabPanel>
      <TabPanel idPrefix={TABS} tabKey="explore" hidden={view !== 'explore'}>
        <LazyExplore active={view === 'explore'} />
      </TabPanel>
    </section>
  );
}

/** Mounts Explore the first time it is shown (its code and DuckDB load then), then keeps it. */
function LazyExplore({ active }: { active: boolean }) {
  const [seen, setSeen] = useState(active);
  if (active && !seen) setSeen(true);
  return seen ? (
    <Suspense fallback={null}>
      <ExploreView active={active} />
    </Suspense>
  ) : null;
}

/** Mounts the streaming tab the first time it is shown, then keeps it (a stream runs on in the background). */
function LazyStream({ active }: { active: boolean }) {
  const [seen, setSeen] = useState(active);
  if (active && !seen) setSeen(true);
  return seen ? <StreamTab /> : null;
}

function ResultTab() {
  const status = useStudio((s) => s.status);
  if (status === 'running') return <RunProgressView />;
  if (status === 'done') return <ResultView />;
  if (status === 'error') return <ErrorView />;
  return <IdleView />;
}

function IdleView() {
  const m = useT();
  const workers = useStudio((s) => s.workers);
  return (
    <div className="flex min-h-[420px] flex-col items-center justify-center px-8 py-16 text-center">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-orange-50 text-orange-600 ring-1 ring-orange-100">
        <StackIcon className="size-7" />
      </div>
      <h2 className="mt-5 text-lg font-semibold text-slate-900">{m.result.idleTitle}</h2>
      <p className="mt-2 max-w-md text-sm leading-6 text-slate-500">{m.result.idleText(workers)}</p>
      <ul className="mt-6 flex flex-wrap justify-center gap-2 text-xs text-slate-600">
        {m.result.idleChips.map((t) => (
          <li key={t} className="rounded-full bg-slate-100 px-3 py-1">
            {t}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ErrorView() {
  const m = useT();
  const error = useStudio((s) => s.error);
  const crash = useRunFailure((s) => s.crash);
  const text = crash
    ? crash.reason === 'lost'
      ? m.runFailure.workerLost(crash.worker)
      : m.runFailure.workerError(crash.worker, crash.detail)
    : error;
  return (
    <div className="px-6 py-8">
      <div role="alert" className="flex gap-3 rounded-xl bg-red-50 p-4 ring-1 ring-red-200" data-testid="run-error">
        <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
        <div>
          <h2 className="text-sm font-semibold text-red-800">{m.result.failed}</h2>
          <p className="mt-1 text-sm text-red-700">{text}</p>
          {crash && <p className="mt-1 text-xs text-red-700/80">{m.runFailure.retryHint}</p>}
          <div className="mt-3 flex flex-wrap items-center gap-4">
            <button type="button" onClick={() => void startGeneration()} className={buttonClass.primary}>
              <ResetIcon className="size-4" />
              {m.runFailure.retry}
            </button>
            <button
              type="button"
              onClick={resetRun}
              className="text-sm font-medium text-red-800 underline underline-offset-2 hover:text-red-900"
            >
              {m.result.back}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
