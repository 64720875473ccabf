/**
 * A query result as a virtualised table: only the rows in view (plus a margin) are in the DOM, so a
 * million-row answer scrolls as smoothly as ten. Cells are read from DuckDB's Arrow result on demand.
 */
import { useState, type UIEvent } from 'react';
import type { QueryResult } from '../../analytics/duckdb.ts';
import { useT } from '../i18n/index.ts';
import { useFormat } from '../format.ts';

/** Row height in px (fixed: positions are computed, not measured). */
export const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 336;
const OVERSCAN = 8;
/** What a column holds, under its name (the engine hands BIGINT and DECIMAL over as doubles: no SQL type here). */
const KIND_TAG = { number: '123', text: 'abc', date: 'date', timestamp: 'time' } as const;

export function ResultTable({ result }: { result: QueryResult }) {
  const m = useT();
  const f = useFormat();
  const [top, setTop] = useState(0);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setTop(e.currentTarget.scrollTop);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(result.rowCount, Math.ceil((top + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const rows: number[] = [];
  for (let r = first; r < last; r++) rows.push(r);
  const show = (r: number, c: number): string => {
    const v = result.value(r, c);
    if (v === null) return 'NULL';
    if (result.columns[c]!.kind === 'number' && typeof v === 'number')
      return Number.isInteger(v) ? f.int(v) : f.dec(v, Math.abs(v) < 10 ? 3 : 2);
    return result.text(r, c) ?? 'NULL';
  };
  return (
    <div
      className="overflow-auto rounded-xl border border-slate-200"
      style={{ maxHeight: VIEW_HEIGHT + ROW_HEIGHT + 2 }}
      onScroll={onScroll}
      data-testid="explore-table"
      data-rows={result.rowCount}
      tabIndex={0}
      role="region"
      aria-label={m.explore.tableLabel}
    >
      <table className="min-w-full border-separate border-spacing-0 text-xs" aria-rowcount={result.rowCount + 1}>
        <thead className="sticky top-0 z-10 bg-slate-50">
          <tr aria-rowindex={1}>
            <th scope="col" className="border-b border-slate-200 px-2 text-right font-normal text-slate-500" style={{ height: ROW_HEIGHT }}>
              #
            </th>
            {result.columns.map((c) => (
              <th
                key={c.name}
                scope="col"
                className={`border-b border-slate-200 px-3 font-semibold whitespace-nowrap text-slate-700 ${c.kind === 'number' ? 'text-right' : 'text-left'}`}
              >
                {c.name}
                <span className="ml-1.5 font-mono text-[10px] font-normal text-slate-500" title={c.type}>
                  {KIND_TAG[c.kind]}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && (
            <tr aria-hidden>
              <td style={{ height: first * ROW_HEIGHT }} colSpan={result.columns.length + 1} />
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r} aria-rowindex={r + 2} className="odd:bg-white even:bg-slate-50/60 hover:bg-orange-50/50" data-testid="explore-row">
              <td className="px-2 text-right text-slate-500 tabular-nums" style={{ height: ROW_HEIGHT }}>
                {r + 1}
              </td>
              {result.columns.map((c, j) => (
                <td
                  key={c.name}
                  className={`px-3 whitespace-nowrap ${c.kind === 'number' ? 'text-right tabular-nums' : 'text-left'} ${result.value(r, j) === null ? 'text-slate-500 italic' : 'text-slate-800'}`}
                >
                  {show(r, j)}
                </td>
              ))}
            </tr>
          ))}
          {last < result.rowCount && (
            <tr aria-hidden>
              <td style={{ height: (result.rowCount - last) * ROW_HEIGHT }} colSpan={result.columns.length + 1} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
