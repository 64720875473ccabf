/** Volume mode (activity-driven, exact per day, exact total), the services and their rates. */
import type { ServiceType } from '../../core/index.ts';
import { defaultRate, profileOf, VOLUME_MODES, type VolumeMode } from '../../state/scenario-form.ts';
import { patchForm, setField, setRate, setRecordsPerDay, setService, useStudio } from '../../state/studio.ts';
import { Field, Segmented } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { SERVICE_LOOKS } from '../services.tsx';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

export function VolumeSection() {
  const m = useT();
  const mode = useStudio((s) => s.values.volumeMode);
  const rows = useStudio((s) => s.values.rows);
  const rowsError = useFieldError('rows');
  return (
    <Section title={m.config.sections.volume}>
      <Segmented<VolumeMode>
        name="volumeMode"
        legend={m.config.volumeMode}
        value={mode}

        options={VOLUME_MODES.map((v) => ({ value: v, label: m.config.volumeModes[v] }))}
        onChange={(volumeMode) => patchForm({ volumeMode })}
        hint={m.config.volumeHints[mode]}
      />
      {mode === 'rows' && <Field name="rows" label={m.config.rows} value={rows} onChange={(v) => setField('rows', v)} error={rowsError} />}
      <ServicesList />
    </Section>
  );
}

function ServicesList() {
  const m = useT();
  const servicesError = useFieldError('services');
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{m.config.sections.services}</legend>
      <div className="mt-1.5 divide-y divide-slate-100 rounded-xl border border-slate-200">
        {SERVICE_LOOKS.map((look) => (
          <ServiceRow key={look.type} type={look.type} />
        ))}
      </div>
      {servicesError && <p className="mt-1.5 text-xs font-medium text-red-600">⚠ {servicesError}</p>}
    </fieldset>
  );
}

function ServiceRow({ type }: { type: ServiceType }) {
  const m = useT();
  const f = useFormat();
  const look = SERVICE_LOOKS.find((l) => l.type === type)!;
  const enabled = useStudio((s) => s.values.services[type]);
  const mode = useStudio((s) => s.values.volumeMode);
  const rate = useStudio((s) => s.values.rates[type]);
  const perDay = useStudio((s) => s.values.recordsPerDay[type]);
  const profile = useStudio((s) => profileOf(s.values));
  const rateError = useFieldError(`rates.${type}`);
  const perDayError = useFieldError(`recordsPerDay.${type}`);
  const name = m.services[type];
  return (
    <div className="px-3 py-2.5">
      <label className="flex cursor-pointer items-center gap-2.5 text-sm font-medium text-slate-800">
        <input
          type="checkbox"
          checked={enabled}

          onChange={(e) => setService(type, e.target.checked)}
          aria-label={m.config.serviceToggle(name)}
          className="size-4 rounded border-slate-300 accent-orange-600"
        />
        <span className={`inline-flex size-6 items-center justify-center rounded-md ring-1 ${look.chip}`}>
          <look.Icon className="size-3.5" />
        </span>
        {name}
      </label>
      {enabled && mode === 'exact' && (
        <div className="mt-2 pl-6.5">
          <Field
            name={`recordsPerDay.${type}`}
            label={m.config.recordsPerDay(name)}
            value={perDay}
            onChange={(v) => setRecordsPerDay(type, v)}
            error={perDayError}
          />
        </div>
      )}
      {enabled && mode !== 'exact' && (
        <div className="mt-2 pl-6.5">
          <Field
            name={`rates.${type}`}
            label={m.config.rates[type]}
            value={rate}
            inputMode="decimal"
            placeholder={f.dec(defaultRate(profile, type), 1)}
            onChange={(v) => setRate(type, v)}
            error={rateError}

            hint={m.config.rateHint(f.dec(defaultRate(profile, type), 1))}
          />
        </div>
      )}
    </div>
  );
}
