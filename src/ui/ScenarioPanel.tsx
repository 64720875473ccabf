/** The scenario form: period, population and seed, the expected output, and the Generate button. */
import type { FormEvent } from 'react';
import { randomizeSeed, setField, startGeneration, useStudio } from '../state/studio.ts';
import { FIELD_LIMITS } from '../state/scenario-form.ts';
import { Field } from './Field.tsx';
import { addDays, formatBytes, formatInt, formatIsoDate } from './format.ts';
import { DiceIcon, PlayIcon } from './icons.tsx';
import { SERVICE_LOOKS } from './services.tsx';

export function ScenarioPanel() {
  const values = useStudio((s) => s.values);
  const check = useStudio((s) => s.check);
  const running = useStudio((s) => s.status === 'running');
  const { errors, estimate } = check;
  const canGenerate = !running && check.scenario !== null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (canGenerate) void startGeneration();
  };

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="scenario-title"
      className="rounded-2xl border border-slate-200 bg-white shadow-sm"
    >
      <div className="border-b border-slate-100 px-6 py-5">
        <h2 id="scenario-title" className="text-base font-semibold text-slate-900">
          Scenario
        </h2>
        <p className="mt-1 text-sm text-slate-500">Everything that determines the data. Same scenario, same bytes.</p>
      </div>

      <div className="space-y-5 px-6 py-5">
        <dl className="grid grid-cols-3 gap-3 rounded-xl bg-slate-50 px-4 py-3 text-xs">
          <div>
            <dt className="text-slate-500">Profile</dt>
            <dd className="mt-0.5 font-medium text-slate-800">Mali · OMEA</dd>
          </div>
          <div>
            <dt className="text-slate-500">Starts</dt>
            <dd className="mt-0.5 font-medium text-slate-800">{formatIsoDate(estimate?.start ?? '2025-10-01')}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Schema</dt>
            <dd className="mt-0.5 font-medium text-slate-800">Legacy CSV</dd>
          </div>
        </dl>

        <Field
          name="days"
          label="Days"
          value={values.days}
          onChange={(v) => setField('days', v)}
          error={errors.days}
          disabled={running}
          suffix={`${FIELD_LIMITS.days.min}–${FIELD_LIMITS.days.max}`}
          hint={
            estimate
              ? `${formatIsoDate(estimate.start)} to ${formatIsoDate(addDays(estimate.start, estimate.days - 1))}, one file per service per day`
              : 'Simulated days, one file per service per day'
          }
        />
        <Field
          name="subscribers"
          label="Subscribers"
          value={values.subscribers}
          onChange={(v) => setField('subscribers', v)}
          error={errors.subscribers}
          disabled={running}
          suffix={`${formatInt(FIELD_LIMITS.subscribers.min)}–${formatInt(FIELD_LIMITS.subscribers.max)}`}
          hint="Size of the simulated subscriber base; traffic follows from it"
        />
        <Field
          name="seed"
          label="Seed"
          value={values.seed}
          onChange={(v) => setField('seed', v)}
          error={errors.seed}
          disabled={running}
          hint="Any whole number; change it for a different but equally realistic dataset"
          addon={
            <button
              type="button"
              onClick={randomizeSeed}
              disabled={running}
              className="inline-flex items-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 shadow-xs transition hover:bg-slate-50 focus-visible:ring-4 focus-visible:ring-orange-100 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50"
            >
              <DiceIcon className="size-4" />
              Randomize
            </button>
          }
        />

        <section aria-labelledby="estimate-title" className="rounded-xl border border-slate-200">
          <div className="flex items-baseline justify-between px-4 pt-3">
            <h3 id="estimate-title" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Expected output
            </h3>
            {estimate && <span className="text-xs text-slate-500">≈ {formatBytes(estimate.bytes)} CSV</span>}
          </div>
          {estimate ? (
            <>
              <ul className="divide-y divide-slate-100 px-4 py-1">
                {SERVICE_LOOKS.map(({ type, label, Icon, chip }) => (
                  <li key={type} className="flex items-center justify-between py-2 text-sm">
                    <span className="flex items-center gap-2 text-slate-700">
                      <span className={`inline-flex size-6 items-center justify-center rounded-md ring-1 ${chip}`}>
                        <Icon className="size-3.5" />
                      </span>
                      {label}
                    </span>
                    <span className="font-medium text-slate-900 tabular-nums">{formatInt(estimate.rows[type])}</span>
                  </li>
                ))}
              </ul>
              <div className="flex items-center justify-between rounded-b-xl border-t border-slate-100 bg-slate-50 px-4 py-2.5 text-sm">
                <span className="font-medium text-slate-700">Total records</span>
                <span className="font-semibold text-slate-900 tabular-nums" data-testid="expected-rows">
                  {formatInt(estimate.total)}
                </span>
              </div>
            </>
          ) : (
            <p className="px-4 pt-1 pb-3 text-sm text-slate-500">Fix the highlighted fields to see the expected volumes.</p>
          )}
        </section>

        {errors.form && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {errors.form}
          </p>
        )}
      </div>

      <div className="border-t border-slate-100 px-6 py-4">
        <button
          type="submit"
          disabled={!canGenerate}
          className="inline-flex w-full items-center justify-center gap-2 rounded-lg bg-orange-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-orange-700 focus-visible:ring-4 focus-visible:ring-orange-200 focus-visible:outline-none disabled:cursor-not-allowed disabled:bg-slate-300"
        >
          <PlayIcon className="size-4" />
          Generate
        </button>
      </div>
    </form>
  );
}
