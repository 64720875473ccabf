/** Achieved events/s per service over the last 60 s (and the target, dashed): a light SVG chart, no chart library. */
import { memo } from 'react';
import type { RatePoint } from '../../state/stream.ts';
import { ChartCard, SwatchLegend } from '../charts/ChartCard.tsx';
import { useFormat } from '../format.ts';
import { SERVICE_COLOR } from '../services.tsx';
import { ratePaths } from './chart-data.ts';
import { useStreamT } from './messages.ts';

const W = 600;
const H = 180;
const PAD_L = 52;
const PAD_B = 18;

export const RateChart = memo(function RateChart({ series }: { series: readonly RatePoint[] }) {
  const t = useStreamT();
  const f = useFormat();
  const plot = ratePaths(series, W - PAD_L, H - PAD_B);
  const last = series[series.length - 1];
  // The per-service table next to the chart gives the same figures to screen readers.
  const summary = last
    ? `${t.chartTitle}: ${(['voice', 'sms', 'data'] as const).map((k) => `${t.services[k]} ${f.int(last[k])}`).join(', ')}`
    : t.chartTitle;
  const ticks = [0, 0.5, 1].map((k) => ({ v: plot.yMax * k, y: (H - PAD_B) * (1 - k) }));
  return (
    <ChartCard
      title={t.chartTitle}
      testId="stream-rate-chart"
      legend={
        <SwatchLegend
          items={[
            ...(['voice', 'sms', 'data'] as const).map((k) => ({ label: t.services[k]!, color: SERVICE_COLOR[k] })),
            { label: t.chartTarget, color: '#334155' },
          ]}
        />
      }
    >
      <svg viewBox={`0 0 ${W} ${H}`} className="block aspect-[10/3] w-full" role="img" aria-label={summary}>
        {ticks.map((tk) => (
          <g key={tk.v}>
            <line x1={PAD_L} x2={W} y1={tk.y + 0.5} y2={tk.y + 0.5} stroke="#e2e8f0" strokeWidth={1} />
            <text x={PAD_L - 6} y={Math.max(10, tk.y + 4)} fontSize={10} textAnchor="end" fill="#64748b">
              {f.compact(tk.v)}
            </text>
          </g>
        ))}
        <text x={PAD_L} y={H - 4} fontSize={10} fill="#64748b">
          {Math.round(plot.x0)} s
        </text>
        <text x={W} y={H - 4} fontSize={10} fill="#64748b" textAnchor="end">
          {Math.round(plot.x1)} s
        </text>
        <g transform={`translate(${PAD_L},0)`} fill="none" strokeLinejoin="round" strokeLinecap="round">
          {plot.paths.target && (
            <path d={plot.paths.target} stroke="#334155" strokeWidth={1.5} strokeDasharray="5 4" vectorEffect="non-scaling-stroke" />
          )}
          {(['data', 'sms', 'voice'] as const).map((k) =>
            plot.paths[k] ? (
              <path key={k} d={plot.paths[k]} stroke={SERVICE_COLOR[k]} strokeWidth={2} vectorEffect="non-scaling-stroke" />
            ) : null,
          )}
        </g>
      </svg>
    </ChartCard>
  );
});
