/** Records per hour of the day, one curve per service. */
import { memo, useMemo } from 'react';
import type { ServiceType } from '../../core/index.ts';
import type { HourRow } from './data/preview.ts';
import { ChartCard, SwatchLegend } from './ChartCard.tsx';
import { Lines } from './svg.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { SERVICE_COLOR } from '../services.tsx';

const SERVICES: ServiceType[] = ['voice', 'sms', 'data'];
const hh = (h: number) => `${String(h).padStart(2, '0')}h`;
const TICKS = [0, 3, 6, 9, 12, 15, 18, 21];

export const HourlyChart = memo(function HourlyChart({ rows, title, testId }: { rows: HourRow[]; title: string; testId: string }) {
  const m = useT();
  const f = useFormat();
  const active = SERVICES.filter((s) => rows.some((r) => r[s] > 0));
  const series = active.map((s) => ({ key: s, label: m.services[s], color: SERVICE_COLOR[s] }));
  const points = useMemo(() => rows.map((r) => ({ ...r, x: r.hour })), [rows]);
  return (
    <ChartCard
      title={title}
      testId={testId}
      legend={<SwatchLegend items={series} />}
      table={{
        columns: [m.charts.hour, ...active.map((s) => m.services[s])],
        rows: rows.map((r) => [hh(r.hour), ...active.map((s) => f.int(r[s]))]),
      }}
    >
      <Lines rows={points} series={series} format={f.int} compact={f.compact} xLabel={hh} xTicks={TICKS} />
    </ChartCard>
  );
});
