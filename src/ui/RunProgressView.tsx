/** Progress of a running generation: bar, rows, throughput, ETA, and Cancel. */
import { cancelGeneration, useStudio } from '../state/studio.ts';
import { formatInt, formatRate, formatSeconds } from './format.ts';

export function RunProgressView() {
  const p = useStudio((s) => s.progress);
  const fraction = p.totalRows > 0 ? Math.min(1, p.rowsDone / p.totalRows) : 0;
  const percent = Math.floor(fraction * 100);
  const preparing = p.rowsDone === 0;
  return (
    <div className="px-6 py-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h3 className="text-lg font-semibold text-slate-900">Generating…</h3>
          <p className="mt-1 text-sm text-slate-500" aria-live="polite" data-testid="status">
            {preparing ? 'Building subscribers and cells' : `${formatInt(p.rowsDone)} of ${formatInt(p.totalRows)} records`}
          </p>
        </div>
        <button
          type="button"
          onClick={cancelGeneration}
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-xs transition hover:border-red-300 hover:bg-red-50 hover:text-red-700 focus-visible:ring-4 focus-visible:ring-red-100 focus-visible:outline-none"
        >
          Cancel
        </button>
      </div>

      <div className="mt-6">
        <div className="flex items-baseline justify-between">
          <span className="text-3xl font-semibold text-slate-900 tabular-nums">{percent}%</span>
          <span className="text-sm text-slate-500 tabular-nums">ETA {formatSeconds(p.etaSeconds)}</span>
        </div>
        <div
          role="progressbar"
          aria-label="Generation progress"
          aria-valuemin={0}
          aria-valuemax={p.totalRows}
          aria-valuenow={p.rowsDone}
          aria-valuetext={`${percent}%`}
          className="mt-3 h-3 overflow-hidden rounded-full bg-slate-100"
        >
          <div
            className="h-full rounded-full bg-gradient-to-r from-orange-500 to-amber-400 transition-[width] duration-150"
            style={{ width: `${fraction * 100}%` }}
          />
        </div>
      </div>

      <dl className="mt-6 grid grid-cols-3 divide-x divide-slate-100 rounded-xl border border-slate-200 text-center">
        <Stat label="Records" value={formatInt(p.rowsDone)} />
        <Stat label="Throughput" value={formatRate(p.rowsPerSecond)} />
        <Stat label="Elapsed" value={formatSeconds(p.elapsedMs / 1000)} />
      </dl>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="px-3 py-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm font-semibold text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}
