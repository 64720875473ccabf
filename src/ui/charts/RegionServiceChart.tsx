/** Records per region, stacked by service (horizontal bars, busiest region first). */
import { memo, useMemo } from 'react';
import type { ServiceType } from '../../core/index.ts';
import { sortByTotal, type RegionServiceRow } from './data/preview.ts';
import { ChartCard, SwatchLegend } from './ChartCard.tsx';
import { StackedBars } from './svg.tsx';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { SERVICE_COLOR } from '../services.tsx';

const SERVICES: ServiceType[] = ['voice', 'sms', 'data'];

export const RegionServiceChart = memo(function RegionServiceChart({
  rows,
  title,
  testId,
}: {
  rows: RegionServiceRow[];
  title: string;
  testId: string;
}) {
  const m = useT();
  const f = useFormat();
  const sorted = useMemo(() => sortByTotal(rows).map((r) => ({ ...r, label: r.region })), [rows]);
  const active = SERVICES.filter((s) => rows.some((r) => r[s] > 0));
  const series = active.map((s) => ({ key: s, label: m.services[s], color: SERVICE_COLOR[s] }));
  return (
    <ChartCard
      title={title}
      testId={testId}
      legend={<SwatchLegend items={series} />}
      table={{
        columns: [m.result.region, ...active.map((s) => m.services[s]), m.result.totalRecords],
        rows: sorted.map((r) => [r.region, ...active.map((s) => f.int(r[s])), f.int(r.total)]),
      }}
    >
      <StackedBars rows={sorted} series={series} format={f.int} compact={f.compact} />
    </ChartCard>
  );
});
