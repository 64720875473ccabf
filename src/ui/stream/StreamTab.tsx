/**
 * The streaming tab: a live replay of the scenario in event-time order (stream worker), with controls,
 * achieved vs target events/s per service, rolling per-region counts on the region map, a bounded feed
 * of the latest records and an optional network sink with its counters. Self-contained: mount
 * `<StreamTab />` anywhere; it streams the studio's current scenario (or the `scenario` prop).
 */
import { memo, useDeferredValue, useMemo, useState } from 'react';
import type { Scenario } from '../../core/scenario.ts';
import type { StreamSnapshot } from '../../workers/stream-api.ts';
import { useStream } from '../../state/stream.ts';
import { useStudio } from '../../state/studio.ts';
import { RegionMap } from '../charts/RegionMap.tsx';
import { useFormat } from '../format.ts';
import { SERVICE_LOOKS } from '../services.tsx';
import { Kpi } from '../views/Kpi.tsx';
import { eventClock, regionRows } from './chart-data.ts';
import { LiveFeed } from './LiveFeed.tsx';
import { useStreamT } from './messages.ts';
import { RateChart } from './RateChart.tsx';
import { SinkPanel } from './SinkPanel.tsx';
import { StreamControls } from './StreamControls.tsx';
import { profileIdOf } from '../../core/scenario.ts';
import { lookupProfile } from '../../state/profiles.ts';

const EMPTY_FEED: never[] = [];

/** `value`, refreshed at most once per `periodMs` of `clockMs` (null resets); the same reference in between. */
function useEvery<T>(value: T | null, clockMs: number, periodMs: number): T | null {
  const [held, setHeld] = useState<{ value: T | null; at: number }>({ value, at: clockMs });
  if (value === null ? held.value !== null : held.value === null || clockMs - held.at >= periodMs || clockMs < held.at) {
    setHeld({ value, at: clockMs });
    return value;
  }
  return held.value;
}

export function StreamTab({ scenario: override }: { scenario?: Scenario | null }) {
  const t = useStreamT();
  const formScenario = useStudio((s) => s.check.scenario);
  const scenario = override === undefined ? formScenario : override;
  const phase = useStream((s) => s.phase);
  const error = useStream((s) => s.error);
  const runScenario = useStream((s) => s.runScenario);
  // Live panels render the snapshot as a deferred value: React renders them in interruptible,
  // time-sliced passes, so a busy update never blocks the main thread for long.
  const snap = useDeferredValue(useStream((s) => s.snapshot));
  const series = useDeferredValue(useStream((s) => s.series));
  const active = phase === 'running' || phase === 'paused';
  // The map repaints its detailed boundaries on each change: once a second is plenty for 10-s rolling counts.
  const mapCounts = useEvery(snap?.regionsRolling ?? null, snap?.elapsedMs ?? 0, 1000);
  const changed = useMemo(
    () => active && runScenario !== null && scenario !== null && JSON.stringify(runScenario) !== JSON.stringify(scenario),
    [active, runScenario, scenario],
  );
  return (
    <div className="space-y-4 p-5" data-testid="stream-tab">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="max-w-3xl">
          <h2 className="text-base font-semibold text-slate-900">{t.title}</h2>
          <p className="mt-0.5 text-sm text-slate-500">{t.subtitle}</p>
        </div>
        <StatusBadge />
      </div>
      {!scenario && (
        <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {t.invalid}
        </p>
      )}
      {changed && (
        <p className="rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-900" role="status">
          {t.scenarioChanged}
        </p>
      )}
      {error && (
        <p className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="stream-error">
          {error}
        </p>
      )}
      <StreamControls scenario={scenario} />
      <LiveKpis snap={snap} />
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="space-y-4">
          <RateChart series={series} />
          <ServiceRates snap={snap} />
        </div>
        <LiveMap profileId={profileIdOf(runScenario ?? scenario ?? { profile: 'mali-omea' })} counts={mapCounts} />
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <SinkPanel />
        <QualityCard snap={snap} />
      </div>
      <LiveFeed items={snap?.feed ?? EMPTY_FEED} />
    </div>
  );
}

function StatusBadge() {
  const t = useStreamT();
  const phase = useStream((s) => s.phase);
  const reason = useStream((s) => s.snapshot?.endReason ?? null);
  const tone =
    phase === 'running'
      ? 'bg-emerald-50 text-emerald-800 ring-emerald-200'
      : phase === 'paused'
        ? 'bg-amber-50 text-amber-800 ring-amber-200'
        : phase === 'error'
          ? 'bg-red-50 text-red-800 ring-red-200'
          : 'bg-slate-50 text-slate-700 ring-slate-200';
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-xs font-medium ring-1 ${tone}`}
      role="status"
      data-testid="stream-status"
      data-phase={phase}
    >
      {phase === 'running' && <span className="size-2 animate-pulse rounded-full bg-emerald-500" aria-hidden />}
      {t.status[phase]}
      {phase === 'ended' && reason ? ` · ${t.endReason[reason] ?? reason}` : ''}
    </span>
  );
}

type SnapProps = { snap: StreamSnapshot | null };

const LiveKpis = memo(function LiveKpis({ snap }: SnapProps) {
  const t = useStreamT();
  const f = useFormat();
  const achieved = snap ? snap.rate[0] + snap.rate[1] + snap.rate[2] : 0;
  const target = snap?.target ?? null;
  return (
    <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
      <Kpi tone="dark" label={t.events} value={f.int(snap?.emitted ?? 0)} testId="stream-events" />
      <Kpi
        label={t.achievedVsTarget}
        value={<span data-testid="stream-achieved">{f.int(achieved)}</span>}
        sub={
          <span data-testid="stream-target">
            {t.target}: {target === null ? (snap ? t.noTarget : '—') : `${f.int(target)}/s`}
            {target ? ` · ${f.pct(achieved / target, 0)}` : ''}
          </span>
        }
      />
      <Kpi
        label={t.eventTime}
        value={<span className="text-base">{eventClock(snap?.eventTs ?? null, snap?.offsetSeconds ?? 0)}</span>}
        testId="stream-clock"
      />
      <Kpi label={t.elapsed} value={f.seconds(snap ? snap.elapsedMs / 1000 : null)} />
      {snap && snap.lagResets > 0 && <p className="col-span-full text-xs text-amber-800">{t.behind(snap.lagResets)}</p>}
    </div>
  );
});

const ServiceRates = memo(function ServiceRates({ snap }: SnapProps) {
  const t = useStreamT();
  const f = useFormat();
  const total = snap ? snap.rate[0] + snap.rate[1] + snap.rate[2] : 0;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label={t.perService}>
      <table className="w-full text-sm" data-testid="stream-services">
        <caption className="sr-only">{t.perService}</caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="pb-1 text-left font-medium">
              {t.perService}
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              {t.achieved}
            </th>
            <th scope="col" className="pb-1 text-right font-medium">
              {t.events}
            </th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {SERVICE_LOOKS.map(({ type, Icon, chip, bar }, i) => {
            const r = snap?.rate[i] ?? 0;
            return (
              <tr key={type} data-testid={`stream-service-${type}`}>
                <th scope="row" className="py-1 text-left font-normal text-slate-700">
                  <span className="flex items-center gap-1.5">
                    <span className={`inline-flex size-5 items-center justify-center rounded ring-1 ${chip}`}>
                      <Icon className="size-3" />
                    </span>
                    {t.services[type]}
                    <span className="ml-2 hidden h-1.5 flex-1 overflow-hidden rounded bg-slate-100 sm:block" aria-hidden>
                      <span className={`block h-full ${bar}`} style={{ width: `${total > 0 ? (r / total) * 100 : 0}%` }} />
                    </span>
                  </span>
                </th>
                <td className="py-1 text-right">{f.int(r)}/s</td>
                <td className="py-1 text-right text-slate-500">{f.int(snap?.totals[i] ?? 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
});

const LiveMap = memo(function LiveMap({ profileId, counts }: { profileId: string; counts: number[] | null }) {
  const t = useStreamT();
  const profile = lookupProfile(profileId);
  if (!profile) return null;
  const rows = regionRows(profile.regions, counts ?? []);
  return <RegionMap profileId={profileId} rows={rows} title={t.mapTitle} testId="stream-map" />;
});

const QualityCard = memo(function QualityCard({ snap }: SnapProps) {
  const t = useStreamT();
  const f = useFormat();
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-label={t.quality}>
      <h3 className="text-sm font-semibold text-slate-800">{t.quality}</h3>
      <dl className="mt-3 grid grid-cols-2 gap-2">
        <div className="rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-500">{t.outOfOrder}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="stream-out-of-order">
            {f.int(snap?.outOfOrder ?? 0)}
          </dd>
        </div>
        <div className="rounded-lg bg-slate-50 px-3 py-2">
          <dt className="text-xs text-slate-500">{t.late}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="stream-late">
            {f.int(snap?.late ?? 0)}
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-xs leading-5 text-slate-500">{t.qualityNote}</p>
    </section>
  );
});
