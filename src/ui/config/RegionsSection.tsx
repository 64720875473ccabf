/** Region weight sliders that keep the total at 100 %. */
import { effectiveWeights, profileOf } from '../../state/scenario-form.ts';
import { WEIGHT_TOTAL } from '../../state/region-weights.ts';
import { resetRegions, setRegion, useStudio } from '../../state/studio.ts';
import { useShallow } from 'zustand/react/shallow';
import { buttonClass } from '../Field.tsx';
import { useFormat } from '../format.ts';
import { ResetIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useFieldError } from './use-field.ts';

export function RegionsSection() {
  const m = useT();
  const f = useFormat();
  const weights = useStudio(useShallow((s) => effectiveWeights(s.values)));
  const custom = useStudio((s) => s.values.regionWeights !== null || !!s.values.advanced?.regionWeights);
  const regions = useStudio((s) => profileOf(s.values).regions);
  const error = useFieldError('regions');
  const total = weights.reduce((a, b) => a + b, 0);
  return (
    <Section
      title={m.config.sections.regions}
      aside={
        <button type="button" className={buttonClass.ghost} onClick={resetRegions} disabled={!custom}>
          <ResetIcon className="size-3.5" />
          {m.config.resetRegions}
        </button>
      }
    >
      <fieldset aria-describedby="regions-hint">
        <legend className="sr-only">{m.config.regionsLegend}</legend>
        <p id="regions-hint" className="-mt-1 mb-3 text-xs leading-5 text-slate-500">
          {m.config.regionsHint}
        </p>
        <ul className="space-y-2">
          {regions.map((r, i) => {
            const w = weights[i] ?? 0;
            return (
              <li key={r.name} className="grid grid-cols-[6.5rem_1fr_3.6rem] items-center gap-3">
                <span className="truncate text-sm text-slate-700" title={r.name}>
                  {r.name}
                </span>
                <input
                  type="range"
                  min={0}
                  max={WEIGHT_TOTAL}
                  step={5}
                  value={w}

                  aria-label={m.config.regionWeight(r.name)}
                  aria-valuetext={f.pct(w / WEIGHT_TOTAL)}
                  onChange={(e) => setRegion(i, Number(e.target.value))}
                  className="w-full accent-orange-600"
                />
                <output className="text-right text-sm font-medium text-slate-900 tabular-nums" aria-hidden>
                  {f.pct(w / WEIGHT_TOTAL)}
                </output>
              </li>
            );
          })}
        </ul>
        <p className="mt-3 flex justify-between border-t border-slate-100 pt-2 text-xs text-slate-500">
          <span>{m.config.regionsTotal}</span>
          <span className="font-semibold text-slate-700 tabular-nums" data-testid="regions-total">
            {f.pct(total / WEIGHT_TOTAL)}
          </span>
        </p>
        {error && <p className="mt-1.5 text-xs font-medium text-red-600">⚠ {error}</p>}
      </fieldset>
    </Section>
  );
}
