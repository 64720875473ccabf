/** The finished run: figures, downloads and charts computed from the generated records. */
import { useEffect, useState, type ReactNode } from 'react';
import { formKey, setView, useStudio, type RunResult } from '../../state/studio.ts';
import { DailyChart } from '../charts/DailyChart.tsx';
import { HistogramChart } from '../charts/HistogramChart.tsx';
import { HourlyChart } from '../charts/HourlyChart.tsx';
import { RegionMap } from '../charts/RegionMap.tsx';
import { RegionServiceChart } from '../charts/RegionServiceChart.tsx';
import { useFormat } from '../format.ts';
import { CheckCircleIcon, InfoIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { SERVICE_COLOR, SERVICE_LOOKS } from '../services.tsx';
import { Kpi } from './Kpi.tsx';
import { DiskResultCard } from './DiskResultCard.tsx';
import { CategoryBars, DownloadsCard, FilesTable, SampleRows, TopCellsTable } from './ResultParts.tsx';
import { S3UploadCard } from './S3UploadCard.tsx';
import { runOutput } from '../../state/run.ts';
import { profileIdOf } from '../../core/scenario.ts';
import { lookupProfile } from '../../state/profiles.ts';

export function ResultView() {
  const m = useT();
  const f = useFormat();
  const r = useStudio((s) => s.result);
  const stale = useStudio((s) => s.result !== null && s.result.key !== formKey(s.check.scenario, s.check.output));
  if (!r) return null;
  const seconds = r.elapsedMs / 1000;
  const sc = r.scenario;
  return (
    <div className="space-y-4 p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex gap-3">
          <CheckCircleIcon className="mt-0.5 size-6 shrink-0 text-emerald-600" />
          <div>
            <h2 className="text-lg font-semibold text-slate-900">{m.result.ready}</h2>
            <p className="mt-0.5 text-sm text-slate-500">
              {m.result.summary(m.result.days(sc.period.days), f.date(sc.period.start), f.int(sc.population.subscribers), String(sc.seed))}{' '}
              · {m.profiles[profileIdOf(sc)] ?? lookupProfile(profileIdOf(sc))?.name ?? profileIdOf(sc)}
            </p>
          </div>
        </div>
        <button
          type="button"
          onClick={() => setView('preview')}
          className="text-sm font-medium text-slate-500 underline-offset-2 hover:text-slate-800 hover:underline"
        >
          {m.result.newRun}
        </button>
      </div>
      {stale && (
        <p className="flex items-center gap-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status">
          <InfoIcon className="size-4 shrink-0" />
          {m.result.stale}
        </p>
      )}
      <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        <Kpi
          tone="dark"
          label={m.result.totalRecords}
          value={f.int(r.totalRows)}
          sub={`${f.seconds(seconds)} · ${f.rate(seconds > 0 ? r.totalRows / seconds : 0)}`}
          testId="total-rows"
        />
        {SERVICE_LOOKS.map(({ type, Icon, chip }) => (
          <Kpi
            key={type}
            label={m.services[type]}
            icon={
              <span className={`inline-flex size-5 items-center justify-center rounded ring-1 ${chip}`}>
                <Icon className="size-3" />
              </span>
            }
            value={f.int(r.rows[type])}
            sub={`${m.result.revenue} ${f.money(r.cents[type], r.currency)}`}
            testId={`rows-${type}`}
          />
        ))}
      </div>
      {r.disk ? <DiskResultCard r={r} disk={r.disk} /> : <DownloadsCard r={r} />}
      {/* Runs kept in the page only (a run written to disk has no bytes here to send). */}
      {(runOutput()?.entries.length ?? 0) > 0 && <S3UploadCard r={r} />}
      {r.groundTruth && <GroundTruthCard truth={r.groundTruth} />}
      <p className="pt-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{m.result.fromGenerated}</p>
      <ResultCharts r={r} />
    </div>
  );
}

/** Records per fault kind / fraud pattern, from the manifest's groundTruth section. */
function GroundTruthCard({ truth }: { truth: NonNullable<RunResult['groundTruth']> }) {
  const m = useT();
  const f = useFormat();
  const actors = truth.actors.reduce((a, x) => a + x.count, 0);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="ground-truth-title" data-testid="ground-truth">
      <h3 id="ground-truth-title" className="text-sm font-semibold text-slate-900">
        {m.truth.resultTitle}
      </h3>
      <p className="mt-0.5 text-xs text-slate-500">
        {m.truth.resultHint}
        {actors > 0 ? ` · ${m.truth.actors(f.int(actors))}` : ''}
      </p>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 font-medium">{m.truth.kind}</th>
            <th className="py-1 text-right font-medium">{m.truth.count}</th>
          </tr>
        </thead>
        <tbody>
          {truth.byKind.map((k) => (
            <tr key={k.kind} className="border-t border-slate-100" data-testid={`truth-count-${k.kind}`}>
              <td className="py-1 font-mono text-xs">{k.kind}</td>
              <td className="py-1 text-right tabular-nums">{f.int(k.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Mounts `count` sections one per frame (each commit, layout and paint stays short). */
function useStaggered(count: number, key: unknown): number {
  const [shown, setShown] = useState({ key, n: 1 });
  const n = shown.key === key ? shown.n : 1;
  useEffect(() => {
    if (n >= count) return;
    const t = setTimeout(() => setShown({ key, n: n + 1 }), 16);
    return () => clearTimeout(t);
  }, [n, count, key]);
  return n;
}

/** Sections below the fold skip layout and paint until scrolled near (content-visibility). */
const lazyBox = '[content-visibility:auto] [contain-intrinsic-size:auto_320px]';

/**
 * The charts, tables and samples, mounted section by section after the figures and downloads, so that
 * showing a result never blocks the page for long.
 */
function ResultCharts({ r }: { r: RunResult }) {
  const m = useT();
  const sc = r.scenario;
  const c = r.charts;
  const sections: ReactNode[] = [
    <div key="regions" className="grid gap-4 xl:grid-cols-2">
      <div className="space-y-4">
        <RegionServiceChart rows={c.regions} title={m.result.byRegion} testId="result-regions" />
        <DailyChart rows={c.days} start={sc.period.start} title={m.result.byDay} testId="result-days" />
      </div>
      <RegionMap profileId={profileIdOf(sc)} rows={c.regions} title={m.result.map} testId="result-map" />
    </div>,
    <div key="hours" className={lazyBox}>
      <HourlyChart rows={c.hours} title={m.result.byHour} testId="result-hours" />
    </div>,
    <div key="histograms" className={`grid gap-4 lg:grid-cols-2 xl:grid-cols-3 ${lazyBox}`}>
      {r.rows.voice > 0 && (
        <HistogramChart
          bins={c.voiceDuration}
          title={m.result.voiceDuration}
          color={SERVICE_COLOR.voice}
          unit="seconds"
          countLabel={m.charts.calls}
          testId="result-voice-duration"
        />
      )}
      {r.rows.data > 0 && (
        <HistogramChart
          bins={c.dataDuration}
          title={m.result.dataDuration}
          color={SERVICE_COLOR.data}
          unit="seconds"
          countLabel={m.charts.sessions}
          testId="result-data-duration"
        />
      )}
      {r.rows.data > 0 && (
        <HistogramChart
          bins={c.dataVolume}
          title={m.result.dataVolume}
          color="#6d28d9"
          unit="bytes"
          countLabel={m.charts.sessions}
          testId="result-data-volume"
        />
      )}
    </div>,
    <div key="cells" className={`grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)] ${lazyBox}`}>
      <TopCellsTable cells={c.topCells} />
      <div className="space-y-4">
        {r.rows.voice > 0 && (
          <CategoryBars title={m.result.outcomes} rows={c.voiceReasons} color={SERVICE_COLOR.voice} testId="result-outcomes" />
        )}
        {r.rows.sms > 0 && <CategoryBars title={m.result.delivery} rows={c.smsStatus} color={SERVICE_COLOR.sms} testId="result-delivery" />}
      </div>
    </div>,
    <div key="samples" className={lazyBox}>
      <SampleRows samples={r.samples} />
    </div>,
    <div key="files" className={lazyBox}>
      <FilesTable r={r} />
    </div>,
  ];
  const shown = useStaggered(sections.length, r);
  return (
    <>
      {sections.slice(0, shown)}
      {shown < sections.length && <div className="h-72 rounded-xl bg-slate-50" aria-hidden />}
    </>
  );
}
