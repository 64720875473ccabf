/** Records per day of the run, stacked by service (weekday rhythms show here). */
import { memo, useMemo } from 'react';
import type { ServiceType } from '../../core/index.ts';
import { ChartCard } from './ChartCard.tsx';
import { StackedColumns } from './svg.tsx';
import { addDays, useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';
import { SERVICE_COLOR } from '../services.tsx';

const SERVICES: ServiceType[] = ['voice', 'sms', 'data'];

export interface DayRow {
  day: number;
  voice: number;
  sms: number;
  data: number;
}

export const DailyChart = memo(function DailyChart({
  rows,
  start,
  title,
  testId,
}: {
  rows: DayRow[];
  start: string;
  title: string;
  testId: string;
}) {
  const m = useT();
  const f = useFormat();
  const active = SERVICES.filter((s) => rows.some((r) => r[s] > 0));
  const series = active.map((s) => ({ key: s, label: m.services[s], color: SERVICE_COLOR[s] }));
  const labelled = useMemo(() => rows.map((r) => ({ ...r, label: f.day(addDays(start, r.day)) })), [rows, start, f]);
  return (
    <ChartCard
      title={title}
      testId={testId}
      table={{
        columns: [m.charts.day, ...active.map((s) => m.services[s])],
        rows: labelled.map((r) => [r.label, ...active.map((s) => f.int(r[s]))]),
      }}
    >
      <StackedColumns rows={labelled} series={series} format={f.int} compact={f.compact} />
    </ChartCard>
  );
});
