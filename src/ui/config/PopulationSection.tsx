/** Subscribers: a log-scale slider and the exact number. */
import { FIELD_LIMITS, readNumber } from '../../state/scenario-form.ts';
import { positionOf, SLIDER_STEPS, subscribersAt } from '../../state/subscribers-scale.ts';
import { setField, useStudio } from '../../state/studio.ts';
import { Field } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

const TICKS = [1_000, 10_000, 100_000, 1_000_000];

export function PopulationSection() {
  const m = useT();
  const f = useFormat();
  const text = useStudio((s) => s.values.subscribers);
  const error = useFieldError('subscribers');
  const n = readNumber(text);
  const valid = n !== undefined && Number.isFinite(n);
  const pos = valid ? positionOf(n) : 0;
  return (
    <Section title={m.config.sections.population}>
      <div>
        <Field
          name="subscribers"
          label={m.config.subscribers}
          value={text}
          onChange={(v) => setField('subscribers', v)}
          error={error}

          suffix={`≤ ${f.compact(FIELD_LIMITS.subscribers.max)}`}
          hint={m.config.subscribersHint}
        />
        <input
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={5}
          value={pos}

          aria-label={m.config.subscribersSlider}
          aria-valuetext={valid ? `${f.int(subscribersAt(pos))} ${m.config.subscribers.toLowerCase()}` : undefined}
          onChange={(e) => setField('subscribers', String(subscribersAt(Number(e.target.value))))}
          className="mt-3 w-full accent-orange-600"
        />
        <div className="relative mt-0.5 h-4 text-[11px] text-slate-500" aria-hidden>
          {TICKS.map((t) => (
            <span
              key={t}
              className="absolute -translate-x-1/2 first:translate-x-0"
              style={{ left: `${(positionOf(t) / SLIDER_STEPS) * 100}%` }}
            >
              {f.compact(t)}
            </span>
          ))}
        </div>
      </div>
    </Section>
  );
}
