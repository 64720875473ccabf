/**
 * Small SVG charts drawn directly by React (stacked bars, lines, columns). Recharts 3 cost 50–190 ms per
 * update on our 2-core VM (its store dispatches and layout effects), too slow for a preview that follows a
 * slider; these render in a few milliseconds and only re-measure when their box is resized.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { linear, linePath, niceTicks } from './data/scale.ts';

const AXIS = '#64748b';
const GRID = '#e2e8f0';

/** Width of an element, from a ResizeObserver (null until the first measurement: no forced layout). */
export function useWidth(): [(el: HTMLDivElement | null) => void, number | null] {
  const [width, setWidth] = useState<number | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth((old) => (old === w ? old : w));
    });
    ro.observe(el);
    observer.current = ro;
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  return [ref, width];
}

export interface Series<K extends string> {
  key: K;
  label: string;
  color: string;
}

interface TooltipProps {
  x: number;
  y: number;
  width: number;
  children: ReactNode;
}

function Tooltip({ x, y, width, children }: TooltipProps) {
  const left = Math.min(Math.max(0, x + 12), Math.max(0, width - 170));
  return (
    <div
      className="pointer-events-none absolute z-10 min-w-36 rounded-lg border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs shadow-md"
      style={{ left, top: Math.max(0, y - 10) }}
    >
      {children}
    </div>
  );
}

function TooltipRows<K extends string>({
  title,
  series,
  values,
  format,
}: {
  title: string;
  series: Series<K>[];
  values: Record<K, number>;
  format: (n: number) => string;
}) {
  return (
    <>
      <p className="mb-1 font-semibold text-slate-800">{title}</p>
      {series.map((s) => (
        <p key={s.key} className="flex items-center justify-between gap-3 text-slate-600">
          <span className="inline-flex items-center gap-1.5">
            <span className="size-2 rounded-sm" style={{ backgroundColor: s.color }} />
            {s.label}
          </span>
          <span className="font-medium text-slate-900 tabular-nums">{format(values[s.key])}</span>
        </p>
      ))}
    </>
  );
}

/** Horizontal bars, one per row, stacked by series. */
export function StackedBars<K extends string, R extends { label: string } & Record<K, number>>({
  rows,
  series,
  format,
  compact,
  labelWidth = 96,
}: {
  rows: readonly R[];
  series: Series<K>[];
  format: (n: number) => string;
  compact: (n: number) => string;
  labelWidth?: number;
}) {
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);
  const band = 26;
  const top = 4;
  const axis = 20;
  const height = top + rows.length * band + axis;
  const totals = rows.map((r) => series.reduce((a, s) => a + r[s.key], 0));
  const ticks = niceTicks(Math.max(0, ...totals), 4);
  return (
    <div ref={ref} className="relative" style={{ height }} onMouseLeave={() => setHover(null)}>
      {width !== null && (
        <svg width={width} height={height} className="block">
          {(() => {
            const x = linear(0, ticks.at(-1)!, labelWidth, width - 12);
            return (
              <>
                {ticks.map((t) => (
                  <g key={t}>
                    <line x1={x(t)} x2={x(t)} y1={top} y2={height - axis} stroke={GRID} />
                    <text x={x(t)} y={height - 5} fontSize={11} fill={AXIS} textAnchor="middle">
                      {compact(t)}
                    </text>
                  </g>
                ))}
                {rows.map((r, i) => {
                  const y = top + i * band;
                  let acc = 0;
                  return (
                    <g
                      key={r.label}
                      onMouseMove={(e) => setHover({ i, x: e.nativeEvent.offsetX, y: y + band })}
                      className={hover?.i === i ? 'opacity-90' : undefined}
                    >
                      <rect x={0} y={y} width={width} height={band} fill={hover?.i === i ? '#f8fafc' : 'transparent'} />
                      <text x={labelWidth - 8} y={y + band / 2 + 4} fontSize={12} fill="#334155" textAnchor="end">
                        {r.label}
                      </text>
                      {series.map((s, k) => {
                        const v = r[s.key];
                        const x0 = x(acc);
                        acc += v;
                        const w = Math.max(0, x(acc) - x0);
                        const last = k === series.length - 1 || series.slice(k + 1).every((n) => r[n.key] === 0);
                        return w > 0 ? (
                          <rect key={s.key} x={x0} y={y + 5} width={w} height={band - 10} fill={s.color} rx={last ? 2 : 0} />
                        ) : null;
                      })}
                    </g>
                  );
                })}
              </>
            );
          })()}
        </svg>
      )}
      {hover && width !== null && rows[hover.i] && (
        <Tooltip x={hover.x} y={hover.y} width={width}>
          <TooltipRows title={rows[hover.i]!.label} series={series} values={rows[hover.i]!} format={format} />
        </Tooltip>
      )}
    </div>
  );
}

/** One line per series over a numeric x (hours 0–23). */
export function Lines<K extends string, R extends { x: number } & Record<K, number>>({
  rows,
  series,
  format,
  compact,
  xLabel,
  xTicks,
  height = 220,
}: {
  rows: readonly R[];
  series: Series<K>[];
  format: (n: number) => string;
  compact: (n: number) => string;
  xLabel: (x: number) => string;
  xTicks: number[];
  height?: number;
}) {
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const left = 46;
  const top = 8;
  const bottom = 22;
  const max = Math.max(0, ...rows.flatMap((r) => series.map((s) => r[s.key])));
  const ticks = niceTicks(max, 4);
  const xs = rows.map((r) => r.x);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  return (
    <div ref={ref} className="relative" style={{ height }} onMouseLeave={() => setHover(null)}>
      {width !== null && rows.length > 0 && (
        <svg
          width={width}
          height={height}
          className="block"
          onMouseMove={(e) => {
            const px = e.nativeEvent.offsetX;
            const t = (px - left) / Math.max(1, width - left - 12);
            const i = Math.round(t * (rows.length - 1));
            setHover(i >= 0 && i < rows.length ? i : null);
          }}
        >
          {(() => {
            const x = linear(x0, x1, left, width - 12);
            const y = linear(0, ticks.at(-1)!, height - bottom, top);
            return (
              <>
                {ticks.map((t) => (
                  <g key={t}>
                    <line x1={left} x2={width - 12} y1={y(t)} y2={y(t)} stroke={GRID} />
                    <text x={left - 6} y={y(t) + 4} fontSize={11} fill={AXIS} textAnchor="end">
                      {compact(t)}
                    </text>
                  </g>
                ))}
                {xTicks.map((t) => (
                  <text key={t} x={x(t)} y={height - 5} fontSize={11} fill={AXIS} textAnchor="middle">
                    {xLabel(t)}
                  </text>
                ))}
                {hover !== null && rows[hover] && (
                  <line x1={x(rows[hover].x)} x2={x(rows[hover].x)} y1={top} y2={height - bottom} stroke="#94a3b8" strokeDasharray="3 3" />
                )}
                {series.map((s) => (
                  <path
                    key={s.key}
                    d={linePath(rows.map((r) => [x(r.x), y(r[s.key])]))}
                    fill="none"
                    stroke={s.color}
                    strokeWidth={2}
                    strokeLinejoin="round"
                  />
                ))}
                {hover !== null &&
                  rows[hover] &&
                  series.map((s) => (
                    <circle
                      key={s.key}
                      cx={x(rows[hover]!.x)}
                      cy={y(rows[hover]![s.key])}
                      r={3.5}
                      fill="#fff"
                      stroke={s.color}
                      strokeWidth={2}
                    />
                  ))}
              </>
            );
          })()}
        </svg>
      )}
      {hover !== null && width !== null && rows[hover] && (
        <Tooltip x={linear(x0, x1, left, width - 12)(rows[hover].x)} y={top} width={width}>
          <TooltipRows title={xLabel(rows[hover].x)} series={series} values={rows[hover]} format={format} />
        </Tooltip>
      )}
    </div>
  );
}

/** Vertical columns (a histogram) with a label under each. */
export function Columns({
  bars,
  color,
  format,
  compact,
  valueLabel,
  height = 210,
}: {
  /** `label` (full, tooltip) and `tick` (short, under the bar). */
  bars: readonly { label: string; tick?: string; value: number; note?: string }[];
  color: string;
  format: (n: number) => string;
  compact: (n: number) => string;
  valueLabel: string;
  height?: number;
}) {
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const left = 44;
  const top = 8;
  const ticks = niceTicks(Math.max(0, ...bars.map((b) => b.value)), 4);
  const slotOf = (w: number) => (w - left - 4) / Math.max(1, bars.length);
  const rotate = width !== null && slotOf(width) < 40;
  const bottom = rotate ? 44 : 22;
  return (
    <div ref={ref} className="relative" style={{ height }} onMouseLeave={() => setHover(null)}>
      {width !== null && (
        <svg width={width} height={height} className="block">
          {(() => {
            const y = linear(0, ticks.at(-1)!, height - bottom, top);
            const slot = slotOf(width);
            return (
              <>
                {ticks.map((t) => (
                  <g key={t}>
                    <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke={GRID} />
                    <text x={left - 6} y={y(t) + 4} fontSize={11} fill={AXIS} textAnchor="end">
                      {compact(t)}
                    </text>
                  </g>
                ))}
                {bars.map((b, i) => {
                  const cx = left + slot * i + slot / 2;
                  const h = Math.max(0, y(0) - y(b.value));
                  return (
                    <g key={b.label} onMouseEnter={() => setHover(i)}>
                      <rect
                        x={left + slot * i}
                        y={top}
                        width={slot}
                        height={height - bottom - top}
                        fill={hover === i ? '#f1f5f9' : 'transparent'}
                      />
                      <rect x={cx - slot * 0.38} y={y(b.value)} width={slot * 0.76} height={h} fill={color} rx={2} />
                      <text
                        x={cx}
                        y={height - bottom + 14}
                        fontSize={10}
                        fill={AXIS}
                        textAnchor={rotate ? 'end' : 'middle'}
                        transform={rotate ? `rotate(-40 ${cx} ${height - bottom + 14})` : undefined}
                      >
                        {b.tick ?? b.label}
                      </text>
                    </g>
                  );
                })}
              </>
            );
          })()}
        </svg>
      )}
      {hover !== null && width !== null && bars[hover] && (
        <Tooltip x={left + ((width - left) / bars.length) * (hover + 0.5)} y={top} width={width}>
          <p className="font-semibold text-slate-800">{bars[hover].label}</p>
          <p className="text-slate-600">
            {valueLabel}: <span className="font-medium text-slate-900 tabular-nums">{format(bars[hover].value)}</span>
            {bars[hover].note ? ` · ${bars[hover].note}` : ''}
          </p>
        </Tooltip>
      )}
    </div>
  );
}

/** Vertical columns stacked by series, one per category (days), with a label every `labelEvery`. */
export function StackedColumns<K extends string, R extends { label: string } & Record<K, number>>({
  rows,
  series,
  format,
  compact,
  height = 170,
}: {
  rows: readonly R[];
  series: Series<K>[];
  format: (n: number) => string;
  compact: (n: number) => string;
  height?: number;
}) {
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const left = 44;
  const top = 6;
  const bottom = 20;
  const totals = rows.map((r) => series.reduce((a, s) => a + r[s.key], 0));
  const ticks = niceTicks(Math.max(0, ...totals), 3);
  return (
    <div ref={ref} className="relative" style={{ height }} onMouseLeave={() => setHover(null)}>
      {width !== null && rows.length > 0 && (
        <svg width={width} height={height} className="block">
          {(() => {
            const y = linear(0, ticks.at(-1)!, height - bottom, top);
            const slot = (width - left - 4) / rows.length;
            const labelEvery = Math.max(1, Math.ceil(56 / slot));
            return (
              <>
                {ticks.map((t) => (
                  <g key={t}>
                    <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke={GRID} />
                    <text x={left - 6} y={y(t) + 4} fontSize={11} fill={AXIS} textAnchor="end">
                      {compact(t)}
                    </text>
                  </g>
                ))}
                {rows.map((r, i) => {
                  const x0 = left + slot * i;
                  let acc = 0;
                  return (
                    <g key={r.label} onMouseEnter={() => setHover(i)}>
                      <rect x={x0} y={top} width={slot} height={height - bottom - top} fill={hover === i ? '#f1f5f9' : 'transparent'} />
                      {series.map((s) => {
                        const v = r[s.key];
                        const yTop = y(acc + v);
                        const h = y(acc) - yTop;
                        acc += v;
                        return h > 0 ? (
                          <rect key={s.key} x={x0 + slot * 0.15} y={yTop} width={Math.max(1, slot * 0.7)} height={h} fill={s.color} />
                        ) : null;
                      })}
                      {i % labelEvery === 0 && (
                        <text x={x0 + slot / 2} y={height - 5} fontSize={10} fill={AXIS} textAnchor="middle">
                          {r.label}
                        </text>
                      )}
                    </g>
                  );
                })}
              </>
            );
          })()}
        </svg>
      )}
      {hover !== null && width !== null && rows[hover] && (
        <Tooltip x={left + ((width - left) / rows.length) * (hover + 0.5)} y={top} width={width}>
          <TooltipRows title={rows[hover].label} series={series} values={rows[hover]} format={format} />
        </Tooltip>
      )}
    </div>
  );
}
