/** A histogram over bins with human labels (durations or byte volumes). */
import { memo, useMemo } from 'react';
import type { Bin } from './data/result-stats.ts';
import { ChartCard } from './ChartCard.tsx';
import { Columns } from './svg.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';

export const HistogramChart = memo(function HistogramChart({
  bins,
  title,
  color,
  unit,
  testId,
  countLabel,
}: {
  bins: Bin[];
  title: string;
  color: string;
  unit: 'seconds' | 'bytes';
  testId: string;
  countLabel: string;
}) {
  const m = useT();
  const f = useFormat();
  const bars = useMemo(() => {
    const fmt = unit === 'seconds' ? f.duration : (b: number) => f.bytes(b);
    return bins.map((b) => ({
      label:
        b.from === 0 && b.to !== null
          ? m.charts.under(fmt(b.to))
          : b.to === null
            ? m.charts.over(fmt(b.from))
            : m.charts.range(fmt(b.from), fmt(b.to)),
      tick: b.from === 0 && b.to !== null ? m.charts.under(fmt(b.to)) : b.to === null ? `${fmt(b.from)}+` : fmt(b.from),
      value: b.count,
      note: f.pct(b.share),
    }));
  }, [bins, unit, f, m]);
  return (
    <ChartCard
      title={title}
      testId={testId}
      table={{ columns: [m.charts.bin, countLabel, m.result.share], rows: bars.map((r) => [r.label, f.int(r.value), r.note]) }}
    >
      <Columns bars={bars} color={color} format={f.int} compact={f.compact} valueLabel={countLabel} />
    </ChartCard>
  );
});
