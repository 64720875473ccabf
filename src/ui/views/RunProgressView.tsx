/** Progress of a running generation: bar, records, throughput, ETA, files, and Cancel. */
import { cancelGeneration } from '../../state/run.ts';
import { useStudio } from '../../state/studio.ts';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { SERVICE_LOOKS } from '../services.tsx';

export function RunProgressView() {
  const m = useT();
  const f = useFormat();
  const p = useStudio((s) => s.progress);
  const fraction = p.totalRows > 0 ? Math.min(1, p.rowsDone / p.totalRows) : 0;
  const percent = Math.floor(fraction * 100);
  const status =
    p.phase === 'world' && p.rowsDone === 0
      ? m.progress.preparing
      : p.phase === 'packing'
        ? m.progress.packing
        : m.progress.recordsOf(f.int(p.rowsDone), f.int(p.totalRows));
  return (
    <div className="px-6 py-8">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">{m.progress.title}</h2>
          <p className="mt-1 text-sm text-slate-500" aria-live="polite" data-testid="status">
            {status}
          </p>
        </div>
        <button
          type="button"
          onClick={cancelGeneration}
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-xs transition hover:border-red-300 hover:bg-red-50 hover:text-red-700 focus-visible:ring-4 focus-visible:ring-red-100 focus-visible:outline-none"
        >
          {m.progress.cancel}
        </button>
      </div>
      <div className="mt-8">
        <div className="flex items-baseline justify-between">
          <span className="text-4xl font-semibold text-slate-900 tabular-nums" data-testid="percent">
            {percent}%
          </span>
          <span className="text-sm text-slate-500 tabular-nums">{m.progress.eta(f.seconds(p.etaSeconds))}</span>
        </div>
        <div
          role="progressbar"
          aria-label={m.progress.label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%`}
          className="mt-3 h-3 overflow-hidden rounded-full bg-slate-100"
        >
          <div className="h-full rounded-full bg-gradient-to-r from-orange-500 to-amber-400" style={{ width: `${fraction * 100}%` }} />
        </div>
      </div>
      <ul className="mt-8 space-y-3" aria-label={m.progress.byService}>
        {SERVICE_LOOKS.filter(({ type }) => p.byType[type].total > 0).map(({ type, Icon, chip, bar }) => {
          const t = p.byType[type];
          return (
            <li key={type} className="grid grid-cols-[7rem_1fr_10.5rem] items-center gap-3 text-sm">
              <span className="flex items-center gap-2 text-slate-700">
                <span className={`inline-flex size-6 items-center justify-center rounded-md ring-1 ${chip}`}>
                  <Icon className="size-3.5" />
                </span>
                {m.services[type]}
              </span>
              <span className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
                <span className={`block h-full rounded-full ${bar}`} style={{ width: `${(t.done / Math.max(1, t.total)) * 100}%` }} />
              </span>
              <span className="text-right text-xs text-slate-500 tabular-nums">
                {f.int(t.done)} / {f.int(t.total)}
              </span>
            </li>
          );
        })}
      </ul>

      <dl className="mt-8 grid grid-cols-2 divide-slate-100 rounded-xl border border-slate-200 text-center sm:grid-cols-4 sm:divide-x">
        <Stat label={m.progress.records} value={f.int(p.rowsDone)} />
        <Stat label={m.progress.throughput} value={f.rate(p.rowsPerSecond)} />
        <Stat label={m.progress.files} value={p.filesTotal ? `${f.int(p.filesDone)} / ${f.int(p.filesTotal)}` : '—'} />
        <Stat label={m.progress.elapsed} value={f.seconds(p.elapsedMs / 1000)} />
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
