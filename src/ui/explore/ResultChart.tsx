/** The chart of a query result (line over time, or bars per category), drawn with the app's SVG charts. */
import { memo, useMemo } from 'react';
import { chartPoints, MAX_BARS, type ChartSpec } from '../../analytics/chart-shape.ts';
import type { QueryResult } from '../../analytics/duckdb.ts';
import { ChartCard } from '../charts/ChartCard.tsx';
import { Columns, Lines } from '../charts/svg.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';

const COLOR = '#ea580c';

export const ResultChart = memo(function ResultChart({ result, spec }: { result: QueryResult; spec: ChartSpec }) {
  const m = useT();
  const f = useFormat();
  const points = useMemo(() => chartPoints(spec, result.columns, result.rowCount, result.value), [spec, result]);
  const summed = points.length < result.rowCount;
  const fmt = (n: number) => (Number.isInteger(n) ? f.int(n) : f.dec(n, 2));
  const title = `${spec.y} · ${spec.x.join(' × ')}`;
  const subtitle = [
    summed && spec.kind === 'line' ? m.explore.chartSummed : null,
    spec.kind === 'bar' && points.length >= MAX_BARS ? m.explore.chartFirst(MAX_BARS) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const labels = new Map(points.map((p) => [p.x, p.label]));
  const xTicks = useMemo(() => {
    const n = Math.min(7, points.length);
    if (n <= 1) return points.map((p) => p.x);
    return Array.from({ length: n }, (_, i) => points[Math.round((i * (points.length - 1)) / (n - 1))]!.x);
  }, [points]);
  return (
    <div data-testid="explore-chart" data-kind={spec.kind} data-points={points.length}>
      <ChartCard
        title={title}
        subtitle={subtitle || undefined}
        table={{ columns: [spec.x.join(' × '), spec.y], rows: points.slice(0, 200).map((p) => [p.label, p.value]) }}
      >
        {spec.kind === 'line' ? (
          <Lines
            rows={points.map((p) => ({ x: p.x, v: p.value }))}
            series={[{ key: 'v', label: spec.y, color: COLOR }]}
            format={fmt}
            compact={f.compact}
            xLabel={(x) => labels.get(x) ?? String(x)}
            xTicks={xTicks}
            height={230}
          />
        ) : (
          <Columns
            bars={points.map((p) => ({ label: p.label, tick: p.label.length > 14 ? `${p.label.slice(0, 12)}…` : p.label, value: p.value }))}
            color={COLOR}
            format={fmt}
            compact={f.compact}
            valueLabel={spec.y}
            height={250}
          />
        )}
      </ChartCard>
    </div>
  );
});
