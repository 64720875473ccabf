/** A titled chart figure: the picture for sighted users, a data table for screen readers. */
import { useId, type ReactNode } from 'react';

export interface DataTable {
  columns: string[];
  rows: (string | number)[][];
}

export function ChartCard({
  title,
  subtitle,
  children,
  table,
  legend,
  className = '',
  testId,
  footer,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  table?: DataTable;
  legend?: ReactNode;
  className?: string;
  testId?: string;
  /** Shown below the chart and read by screen readers too (e.g. an attribution). */
  footer?: ReactNode;
}) {
  const id = useId();
  return (
    <figure aria-labelledby={id} className={`rounded-xl border border-slate-200 bg-white p-4 ${className}`} data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <figcaption id={id} className="text-sm font-semibold text-slate-800">
          {title}
        </figcaption>
        {legend}
      </div>
      {subtitle && <p className="mt-0.5 text-xs text-slate-500">{subtitle}</p>}
      <div className="mt-3" aria-hidden={table ? true : undefined}>
        {children}
      </div>
      {footer}
      {table && (
        <table className="sr-only" data-testid={testId ? `${testId}-table` : undefined}>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {v}
                    </th>
                  ) : (
                    <td key={j}>{v}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

/** Coloured dots with names (a lighter legend than recharts'). */
export function SwatchLegend({ items }: { items: { label: string; color: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-hidden>
      {items.map((it) => (
        <li key={it.label} className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm" style={{ backgroundColor: it.color }} />
          {it.label}
        </li>
      ))}
    </ul>
  );
}
