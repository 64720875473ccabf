/** Profile, start date and number of days. */
import { PROFILE_IDS, PROFILES } from '../../core/index.ts';
import { FIELD_LIMITS } from '../../state/scenario-form.ts';
import { setField, setProfile, useStudio } from '../../state/studio.ts';
import { Field, SelectField } from '../Field.tsx';
import { addDays, useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

export function CountrySection() {
  const m = useT();
  const f = useFormat();
  const profile = useStudio((s) => s.values.profile);
  const start = useStudio((s) => s.values.start);
  const days = useStudio((s) => s.values.days);
  const plannedDays = useStudio((s) => s.check.plan?.days ?? null);
  const startError = useFieldError('start');
  const daysError = useFieldError('days');
  const p = PROFILES[profile];
  return (
    <Section title={m.config.sections.country}>
      <SelectField
        name="profile"
        label={m.config.profile}
        value={profile}

        options={PROFILE_IDS.map((id) => ({ value: id, label: m.profiles[id] ?? PROFILES[id]!.name }))}
        onChange={setProfile}
        hint={p ? m.config.profileHint(p.regions.length, p.currency) : undefined}
      />
      <div className="grid grid-cols-[1.3fr_1fr] gap-3">
        <Field name="start" type="date" label={m.config.start} value={start} onChange={(v) => setField('start', v)} error={startError} />
        <Field
          name="days"
          label={m.config.days}
          value={days}
          onChange={(v) => setField('days', v)}
          error={daysError}

          suffix={`${FIELD_LIMITS.days.min}–${FIELD_LIMITS.days.max}`}
        />
      </div>
      {plannedDays !== null && !startError && !daysError && (
        <p className="-mt-2 text-xs text-slate-500">{m.config.daysHint(f.date(start), f.date(addDays(start, plannedDays - 1)))}</p>
      )}
    </Section>
  );
}
