/** Seed (with Randomize) and the number of workers. */
import { randomizeSeed, setField, setWorkers, useStudio } from '../../state/studio.ts';
import { deviceCores, MAX_WORKERS } from '../../workers/pool.ts';
import { buttonClass, Field, SelectField } from '../Field.tsx';
import { DiceIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useFieldError, useRunning } from './use-field.ts';

export function SeedSection() {
  const m = useT();
  const seed = useStudio((s) => s.values.seed);
  const workers = useStudio((s) => s.workers);
  const running = useRunning();
  const error = useFieldError('seed');
  return (
    <Section title={m.config.sections.seed}>
      <Field
        name="seed"
        label={m.config.seed}
        value={seed}
        onChange={(v) => setField('seed', v)}
        error={error}
        hint={m.config.seedHint}
        addon={
          <button type="button" onClick={randomizeSeed} className={buttonClass.secondary} aria-label={m.config.randomizeLabel}>
            <DiceIcon className="size-4" />
            {m.config.randomize}
          </button>
        }
      />
      <SelectField
        name="workers"
        label={m.config.workers}
        value={String(workers)}
        disabled={running}
        options={Array.from({ length: MAX_WORKERS }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
        onChange={(v) => setWorkers(Number(v))}
        hint={m.config.workersHint(deviceCores())}
      />
    </Section>
  );
}
