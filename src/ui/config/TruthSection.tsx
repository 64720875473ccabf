/** Faults & fraud: one toggle and one intensity slider per fault kind and fraud pattern (all off by default). */
import { FAULT_INFO, FRAUD_INFO, type KindInfo } from '../../core/truth/options.ts';
import { truthKindOf, type TruthSection as SectionName } from '../../state/scenario-form.ts';
import { setTruthKind, useStudio } from '../../state/studio.ts';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';
import { useRunning } from './use-field.ts';

function Badge({ tone, children }: { tone: 'amber' | 'slate' | 'sky'; children: string }) {
  const cls = {
    amber: 'bg-amber-50 text-amber-800 ring-amber-200',
    slate: 'bg-slate-50 text-slate-600 ring-slate-200',
    sky: 'bg-sky-50 text-sky-800 ring-sky-200',
  }[tone];
  return <span className={`inline-flex rounded-full px-1.5 py-0.5 text-[10px] leading-none font-medium ring-1 ${cls}`}>{children}</span>;
}

function KindRow({ section, info }: { section: SectionName; info: KindInfo }) {
  const m = useT();
  const f = useFormat();
  const running = useRunning();
  const settings = useStudio((s) => truthKindOf(s.values, section, info.key));
  const on = settings?.enabled === true;
  const raw = settings?.[info.slider.field];
  const value = typeof raw === 'number' ? raw : info.slider.default;
  const label = m.truth.kindLabel(info.key, info.label);
  const shown = info.slider.unit.startsWith('share') ? f.pct(value, 2) : f.dec(value, info.slider.step < 1 ? 1 : 0);
  return (
    <div
      className={`rounded-lg p-2.5 ring-1 ${on ? 'bg-orange-50/40 ring-orange-200' : 'ring-slate-200'}`}
      data-testid={`truth-${info.key}`}
    >
      <label className="flex cursor-pointer items-start gap-2">
        <input
          type="checkbox"
          checked={on}
          disabled={running}
          aria-label={m.truth.enable(label)}
          onChange={(e) =>
            setTruthKind(section, info.key, e.target.checked ? { enabled: true, [info.slider.field]: value } : { enabled: false })
          }
          className="mt-0.5 size-3.5 accent-orange-600"
        />
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-center gap-1.5 text-sm font-medium text-slate-800">
            {label}
            {info.rows === '+' && <Badge tone="slate">{`+ ${m.truth.adds}`}</Badge>}
            {info.rows === '-' && <Badge tone="slate">{`− ${m.truth.removes}`}</Badge>}
            {info.breaksStrictLoaders && <Badge tone="amber">{m.truth.breaksStrict}</Badge>}
            {info.extendedOnly && <Badge tone="sky">{m.truth.extendedOnly}</Badge>}
            {info.foreignNumbers && <Badge tone="amber">{m.truth.foreignNumbers}</Badge>}
          </span>
          <span className="mt-0.5 block text-xs leading-5 text-slate-500">{m.truth.kindDescription(info.key, info.description)}</span>
        </span>
      </label>
      {on && (
        <div className="mt-2 flex items-center gap-2 pl-5.5">
          <input
            type="range"
            min={info.slider.min}
            max={info.slider.max}
            step={info.slider.step}
            value={value}
            disabled={running}
            aria-label={m.truth.slider(label)}
            onChange={(e) => setTruthKind(section, info.key, { [info.slider.field]: Number(e.target.value) })}
            className="flex-1 accent-orange-600"
          />
          <span className="w-28 text-right text-xs text-slate-600 tabular-nums">
            {shown} <span className="text-slate-500">{m.truth.unit(info.slider.unit)}</span>
          </span>
        </div>
      )}
    </div>
  );
}

/** Rows the plan adds and removes (fraud, duplicate copies, dropped legs), when faults or fraud are on. */
function TruthPreview() {
  const m = useT();
  const f = useFormat();
  const truth = useStudio((s) => s.check.plan?.truth);
  if (!truth) return null;
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return (
    <p className="rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-700 ring-1 ring-slate-200" data-testid="truth-preview">
      {m.truth.preview(f.int(sum(truth.fraudRecords)), f.int(sum(truth.duplicates)), f.int(sum(truth.orphans)))}
    </p>
  );
}

export function TruthSection() {
  const m = useT();
  return (
    <Section title={m.truth.section}>
      <p className="text-xs leading-5 text-slate-500">{m.truth.intro}</p>
      <TruthPreview />
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm font-medium text-slate-800">{m.truth.faults}</legend>
        {FAULT_INFO.map((info) => (
          <KindRow key={info.key} section="faults" info={info} />
        ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1.5 text-sm font-medium text-slate-800">{m.truth.fraud}</legend>
        {FRAUD_INFO.map((info) => (
          <KindRow key={info.key} section="fraud" info={info} />
        ))}
      </fieldset>
    </Section>
  );
}
