/**
 * The latest records (bounded: the worker sends at most 30), newest first. Each record is one line of
 * fixed-width text in a fixed-height, strictly contained row, keyed by position: an update rewrites 30
 * text nodes in place. (A table with a cell per field cost tens of ms of layout per update at 50,000
 * events/s: ~600 dirty layout objects instead of ~60.)
 */
import { memo } from 'react';
import type { FeedItem } from '../../workers/stream-api.ts';
import { SERVICE_COLOR } from '../services.tsx';
import { useStreamT, type StreamMessages } from './messages.ts';

/** Column widths in characters (the last column takes the rest). */
const WIDTHS = [19, 6, 13, 12, 14, 11, 13];

const pad = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n));

/** One feed line: fixed-width columns separated by two spaces. */
export function feedLine(cols: readonly string[]): string {
  let out = '';
  for (let i = 0; i < cols.length; i++) out += i < WIDTHS.length ? pad(cols[i]!, WIDTHS[i]!) + '  ' : cols[i]!;
  return out;
}

function rowText(r: FeedItem, t: StreamMessages): string {
  return feedLine([r.time.replace('T', ' '), t.services[r.type] ?? r.type, r.id, r.msisdn, r.other, r.region, r.cell, r.detail]);
}

export const LiveFeed = memo(function LiveFeed({ items }: { items: readonly FeedItem[] }) {
  const t = useStreamT();
  const c = t.feedCols;
  return (
    <section className="rounded-xl border border-slate-200 bg-white" aria-labelledby="stream-feed-title">
      <h3 id="stream-feed-title" className="px-4 pt-4 text-sm font-semibold text-slate-800">
        {t.feedTitle}
      </h3>
      {items.length === 0 ? (
        <p className="px-4 pt-2 pb-4 text-sm text-slate-500">{t.feedEmpty}</p>
      ) : (
        <div className="mt-2 overflow-x-auto px-3 pb-3 font-mono text-[11px] leading-[18px] whitespace-pre">
          <div className="min-w-[1040px]">
            <div className="h-[22px] rounded bg-slate-50 pl-2.5 leading-[22px] text-slate-500" aria-hidden>
              {feedLine([c.time, c.type, c.id, c.party, c.other, c.region, c.cell, c.detail])}
            </div>
            <ol className="h-[540px] [contain:strict]" aria-label={t.feedTitle} data-testid="stream-feed">
              {items.map((r, i) => (
                <li
                  key={i}
                  className="h-[18px] border-l-2 pl-2 text-slate-700 [contain:strict]"
                  style={{ borderLeftColor: SERVICE_COLOR[r.type] }}
                  data-testid="stream-feed-row"
                  data-n={r.n}
                >
                  {rowText(r, t)}
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
    </section>
  );
});
