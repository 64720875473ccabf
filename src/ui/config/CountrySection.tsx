/** Profile (built-in or imported custom profile), start date and number of days. */
import { useRef, type ChangeEvent } from 'react';
import { downloadProfileTemplate, importProfileText } from '../../state/documents.ts';
import { isCustomProfile, lookupProfile, profileIds, useCustomProfiles } from '../../state/profiles.ts';
import { FIELD_LIMITS } from '../../state/scenario-form.ts';
import { MAX_DOC_CHARS } from '../../state/scenario-doc.ts';
import { notify, setField, setProfile, useStudio } from '../../state/studio.ts';
import { Field, SelectField } from '../Field.tsx';
import { addDays, useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { DownloadIcon, UploadIcon } from '../icons.tsx';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

export function CountrySection() {
  const m = useT();
  const f = useFormat();
  const profile = useStudio((s) => s.values.profile);
  const start = useStudio((s) => s.values.start);
  const days = useStudio((s) => s.values.days);
  const plannedDays = useStudio((s) => s.check.plan?.days ?? null);
  const custom = useCustomProfiles((s) => s.byId);
  const startError = useFieldError('start');
  const daysError = useFieldError('days');
  const fileInput = useRef<HTMLInputElement>(null);
  const p = lookupProfile(profile);
  const imported = isCustomProfile(profile);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > MAX_DOC_CHARS * 4) {
      notify('error', (mm) => mm.doc.badProfile(file.name, mm.doc.tooLong));
      return;
    }
    importProfileText(await file.text(), file.name);
  };

  return (
    <Section title={m.config.sections.country}>
      <SelectField
        name="profile"
        label={m.config.profile}
        value={profile}
        options={profileIds(custom).map((id) => ({ value: id, label: m.profiles[id] ?? lookupProfile(id)?.name ?? id }))}
        onChange={setProfile}
        hint={p ? (imported ? m.config.customProfileHint : m.config.profileHint)(p.regions.length, p.currency) : undefined}
      />
      <div className="-mt-1 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs">
        <button
          type="button"
          className="inline-flex items-center gap-1 font-medium text-orange-700 hover:text-orange-800"
          onClick={() => fileInput.current?.click()}
        >
          <UploadIcon className="size-3.5" />
          {m.config.importProfile}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="hidden"
          onChange={onFile}
          data-testid="import-profile-file"
          tabIndex={-1}
          aria-hidden
        />
        <button
          type="button"
          className="inline-flex items-center gap-1 font-medium text-slate-600 hover:text-slate-800"
          title={m.config.profileTemplateHint}
          onClick={() => downloadProfileTemplate(profile)}
        >
          <DownloadIcon className="size-3.5" />
          {m.config.profileTemplate}
        </button>
      </div>
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
