/** The configuration column: every control of the scenario, the scenario document, and Generate. */
import type { FormEvent } from 'react';
import { startGeneration } from '../../state/run.ts';
import { useStudio } from '../../state/studio.ts';
import { buttonClass } from '../Field.tsx';
import { PlayIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { CountrySection } from './CountrySection.tsx';
import { OutputSection } from './OutputSection.tsx';
import { DestinationSection } from './DestinationSection.tsx';
import { MemoryGuardNotice, useMemoryVerdict } from './MemoryGuardNotice.tsx';
import { PopulationSection } from './PopulationSection.tsx';
import { RegionsSection } from './RegionsSection.tsx';
import { ScenarioActions } from './ScenarioActions.tsx';
import { SeedSection } from './SeedSection.tsx';
import { TruthSection } from './TruthSection.tsx';
import { VolumeSection } from './VolumeSection.tsx';
import { fieldErrorText } from '../../state/studio.ts';
import { useFormat } from '../format.ts';

export function ConfigPanel() {
  const m = useT();
  const f = useFormat();
  const running = useStudio((s) => s.status === 'running');
  const valid = useStudio((s) => s.check.scenario !== null);
  const formError = useStudio((s) => s.check.errors.form);
  const memory = useMemoryVerdict();
  const refused = memory !== null && !memory.ok;
  const canGenerate = !running && valid && !refused;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (canGenerate) void startGeneration();
  };
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="config-title"
      id="configure"
      className="rounded-2xl border border-slate-200 bg-white shadow-sm"
    >
      <div className="border-b border-slate-100 px-5 py-4">
        <h2 id="config-title" className="text-base font-semibold text-slate-900">
          {m.config.title}
        </h2>
        <p className="mt-0.5 text-sm text-slate-500">{m.config.subtitle}</p>
      </div>
      <CountrySection />
      <PopulationSection />
      <VolumeSection />
      <RegionsSection />
      <TruthSection />
      <OutputSection />
      <DestinationSection />
      <SeedSection />
      <ScenarioActions />
      <div className="sticky bottom-0 z-10 rounded-b-2xl border-t border-slate-200 bg-white px-5 py-4">
        {formError && (
          <p role="alert" className="mb-3 rounded-lg bg-red-50 px-3 py-2 text-xs leading-5 text-red-700 ring-1 ring-red-200">
            {fieldErrorText(m, formError, f.int)}
          </p>
        )}
        {refused && !running && <MemoryGuardNotice verdict={memory} />}
        {!valid && !formError && !running && <p className="mb-2 text-xs text-slate-500">{m.config.fixFields}</p>}
        <button type="submit" disabled={!canGenerate} className={`${buttonClass.primary} w-full`}>
          {!running && <PlayIcon className="size-4" />}
          {running ? m.config.generating : m.config.generate}
        </button>
      </div>
    </form>
  );
}
