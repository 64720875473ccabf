/** The instant preview: expected volumes from the plan (exact totals), sizes and time, as the form changes. */
import { useDeferredValue, useMemo } from 'react';
import { calibrationKey, estimateSeconds, sizesByFormat } from '../../state/estimate.ts';
import type { ServiceType } from '../../core/index.ts';
import type { FieldError, FieldName } from '../../state/scenario-form.ts';
import { fieldErrorText, useStudio } from '../../state/studio.ts';
import type { Messages } from '../i18n/en.ts';
import { expectedByDay, expectedByHour, expectedByRegion } from '../charts/data/preview.ts';
import { DailyChart } from '../charts/DailyChart.tsx';
import { HourlyChart } from '../charts/HourlyChart.tsx';
import { RegionMap } from '../charts/RegionMap.tsx';
import { RegionServiceChart } from '../charts/RegionServiceChart.tsx';
import { useFormat } from '../format.ts';
import { ClockIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { SERVICE_LOOKS } from '../services.tsx';
import { Kpi } from './Kpi.tsx';

export function PreviewView() {
  const m = useT();
  const f = useFormat();
  const livePlan = useStudio((s) => s.check.plan);
  const liveProfile = useStudio((s) => s.check.profile);
  const schema = useStudio((s) => s.values.schema);
  const output = useStudio((s) => s.values.output);
  const workers = useStudio((s) => s.workers);
  const calibration = useStudio((s) => s.calibration);
  const subscribers = useStudio((s) => s.check.scenario?.population.subscribers ?? 0);
  // Charts follow the sliders a frame behind, so dragging stays fluid (React may interrupt their render).
  const plan = useDeferredValue(livePlan);
  const profile = useDeferredValue(liveProfile);
  const regions = useMemo(() => (plan ? expectedByRegion(plan, profile) : []), [plan, profile]);
  const hours = useMemo(() => (plan ? expectedByHour(plan) : []), [plan]);
  const days = useMemo(() => (plan ? expectedByDay(plan) : []), [plan]);
  const start = useStudio((s) => s.check.scenario?.period.start ?? s.values.start);
  if (!livePlan || !plan) return <InvalidSummary />;
  const sizes = sizesByFormat(livePlan, schema, output.compression, subscribers);
  // Iceberg tables hold Parquet data files: their size is Parquet's.
  const sizeFormat = output.format === 'iceberg' ? 'parquet' : output.format;
  const chosen = sizes.find((s) => s.format === sizeFormat)!;
  const seconds = estimateSeconds(
    livePlan,
    { schema, format: output.format, compression: output.compression, workers, subscribers },
    calibration,
  );
  const calibrated = calibration[calibrationKey(schema, output.format, output.compression)] !== undefined;
  return (
    <div className="space-y-4 p-5">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{m.preview.title}</h2>
        <p className="mt-0.5 text-sm text-slate-500">{m.preview.subtitle}</p>
      </div>
      <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        <Kpi
          tone="dark"
          label={m.preview.records}
          value={f.int(livePlan.total)}
          sub={m.preview.perDay(f.int(Math.round(livePlan.total / livePlan.days)))}
          testId="expected-rows"
        />
        <div className="rounded-xl border border-slate-200 bg-white px-4 py-3">
          <ul className="space-y-1">
            {SERVICE_LOOKS.map(({ type, Icon, chip }) => (
              <li key={type} className="flex items-center justify-between gap-2 text-sm">
                <span className="flex items-center gap-1.5 text-slate-600">
                  <span className={`inline-flex size-5 items-center justify-center rounded ring-1 ${chip}`}>
                    <Icon className="size-3" />
                  </span>
                  {m.services[type]}
                </span>
                <span className="font-medium text-slate-900 tabular-nums" data-testid={`expected-${type}`}>
                  {f.int(livePlan.totals[type])}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <Kpi
          label={m.preview.estSize(m.config.formats[output.format])}
          value={`≈ ${f.bytes(chosen.bytes)}`}
          sub={sizeFormat === 'parquet' ? m.config.compressions[output.compression] : undefined}
          testId="expected-size"
        />
        <Kpi
          icon={<ClockIcon className="size-3.5" />}
          label={m.preview.estTime}
          value={`≈ ${f.seconds(seconds)}`}
          sub={calibrated ? m.preview.calibrated : m.preview.withWorkers(workers)}
          testId="expected-time"
        />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="space-y-4">
          <RegionServiceChart rows={regions} title={m.preview.byRegion} testId="preview-regions" />
          <DailyChart rows={days} start={start} title={m.preview.byDay} testId="preview-days" />
        </div>
        <RegionMap profileId={profile.id} rows={regions} title={m.preview.map} testId="preview-map" />
      </div>
      <HourlyChart rows={hours} title={m.preview.byHour} testId="preview-hours" />
      <section aria-labelledby="sizes-title" className="rounded-xl border border-slate-200 bg-white">
        <h3 id="sizes-title" className="px-4 pt-3 text-sm font-semibold text-slate-800">
          {m.preview.sizes}
        </h3>
        <table className="mt-2 w-full text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr className="border-b border-slate-100">
              <th scope="col" className="px-4 py-1.5 font-medium">
                {m.preview.sizeFormat}
              </th>
              <th scope="col" className="px-4 py-1.5 text-right font-medium">
                {m.preview.sizeBytes}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {sizes.map((s) => (
              <tr key={s.format} className={s.format === sizeFormat ? 'bg-orange-50/60' : undefined}>
                <td className="px-4 py-2 text-slate-700">
                  {m.config.formats[s.format]}
                  {s.format === 'parquet' ? ` · ${output.compression}` : ''}
                  {s.format === sizeFormat && (
                    <span className="ml-2 rounded-full bg-orange-100 px-2 py-0.5 text-[11px] font-medium text-orange-800">
                      {m.preview.selected}
                    </span>
                  )}
                </td>
                <td className="px-4 py-2 text-right text-slate-900 tabular-nums" data-testid={`size-${s.format}`}>
                  ≈ {f.bytes(s.bytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="px-4 pt-2 pb-3 text-xs text-slate-500">{m.preview.sizeNote}</p>
      </section>
    </div>
  );
}

/** What is wrong with the form, each message with a button that takes the focus to its field. */
function InvalidSummary() {
  const m = useT();
  const f = useFormat();
  const errors = useStudio((s) => s.check.errors);
  const entries = Object.entries(errors) as [FieldName, FieldError][];
  return (
    <div className="flex min-h-[420px] flex-col items-center justify-center px-8 py-10 text-center">
      <p className="max-w-sm text-sm text-slate-500" role="status">
        {m.preview.invalid}
      </p>
      {entries.length > 0 && (
        <ul className="mt-4 w-full max-w-md space-y-1.5 text-left text-sm" data-testid="error-summary">
          {entries.map(([name, error]) => (
            <li key={name} className="rounded-lg bg-red-50 px-3 py-2 ring-1 ring-red-100">
              <button
                type="button"
                className="font-medium text-red-800 underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-red-300 focus-visible:outline-none"
                onClick={() => focusField(name)}
              >
                {fieldLabel(m, name)}
              </button>
              <span className="text-red-700"> — {fieldErrorText(m, error, f.int)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Focuses the control of a field (inputs carry the field name as their `name`). */
function focusField(name: FieldName): void {
  const el = document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`);
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}

/** The label of a field, as its control shows it. */
function fieldLabel(m: Messages, name: FieldName): string {
  const [head, type] = name.split('.') as [string, ServiceType | undefined];
  switch (head) {
    case 'profile':
      return m.config.profile;
    case 'start':
      return m.config.start;
    case 'days':
      return m.config.days;
    case 'subscribers':
      return m.config.subscribers;
    case 'seed':
      return m.config.seed;
    case 'rows':
      return m.config.rows;
    case 'recordsPerDay':
      return m.config.recordsPerDay(m.services[type ?? 'voice']);
    case 'rates':
      return m.config.rates[type ?? 'voice'];
    case 'services':
      return m.config.sections.services;
    case 'regions':
      return m.config.regionsLegend;
    case 'partitionBy':
      return m.config.partitioning;
    default:
      return m.config.title;
  }
}
