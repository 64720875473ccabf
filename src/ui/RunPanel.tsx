/** The run panel: what happens to the scenario — nothing yet, generating (progress), done (result) or failed. */
import { useStudio } from '../state/studio.ts';
import { defaultPoolSize } from '../workers/pool.ts';
import { AlertIcon, StackIcon } from './icons.tsx';
import { RunProgressView } from './RunProgressView.tsx';
import { RunResultView } from './RunResultView.tsx';
import { resetRun } from '../state/studio.ts';

export function RunPanel() {
  const status = useStudio((s) => s.status);
  return (
    <section
      aria-labelledby="run-title"
      aria-busy={status === 'running'}
      className="rounded-2xl border border-slate-200 bg-white shadow-sm"
    >
      <h2 id="run-title" className="sr-only">
        Run
      </h2>
      {status === 'idle' && <IdleView />}
      {status === 'running' && <RunProgressView />}
      {status === 'done' && <RunResultView />}
      {status === 'error' && <ErrorView />}
    </section>
  );
}

function IdleView() {
  const workers = defaultPoolSize();
  return (
    <div className="flex min-h-[420px] flex-col items-center justify-center px-8 py-16 text-center">
      <div className="flex size-14 items-center justify-center rounded-2xl bg-orange-50 text-orange-600 ring-1 ring-orange-100">
        <StackIcon className="size-7" />
      </div>
      <h3 className="mt-5 text-lg font-semibold text-slate-900">No dataset yet</h3>
      <p className="mt-2 max-w-md text-sm leading-6 text-slate-500">
        Set the period, the subscriber base and a seed, then press <span className="font-medium text-slate-700">Generate</span>. Records are
        simulated in {workers} Web Worker{workers > 1 ? 's' : ''} on this device; nothing is uploaded.
      </p>
      <ul className="mt-6 flex flex-wrap justify-center gap-2 text-xs text-slate-600">
        {['Legacy CSV layout', 'One file per service per day', 'Cell towers reference', 'Deterministic by seed'].map((t) => (
          <li key={t} className="rounded-full bg-slate-100 px-3 py-1">
            {t}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ErrorView() {
  const error = useStudio((s) => s.error);
  return (
    <div className="px-6 py-8">
      <div role="alert" className="flex gap-3 rounded-xl bg-red-50 p-4 ring-1 ring-red-200">
        <AlertIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
        <div>
          <h3 className="text-sm font-semibold text-red-800">Generation failed</h3>
          <p className="mt-1 text-sm text-red-700">{error}</p>
          <button
            type="button"
            onClick={resetRun}
            className="mt-3 text-sm font-medium text-red-800 underline underline-offset-2 hover:text-red-900"
          >
            Back to the scenario
          </button>
        </div>
      </div>
    </div>
  );
}
