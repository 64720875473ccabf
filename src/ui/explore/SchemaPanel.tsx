/** The side panel: ready-made queries (gold layer, then beyond) and the loaded tables with columns, types and rows. */
import { availableQueries, type QueryGroup } from '../../analytics/queries.ts';
import { pickQuery, useExplore } from '../../state/explore.ts';
import { useFormat } from '../format.ts';
import { useT } from '../i18n/index.ts';

const GROUPS: readonly QueryGroup[] = ['gold', 'beyond'];

export function ReadyQueries() {
  const m = useT();
  const tables = useExplore((s) => s.tables);
  const active = useExplore((s) => s.result?.queryId ?? null);
  const running = useExplore((s) => s.running);
  const queries = availableQueries(tables.map((t) => t.name));
  return (
    <nav aria-labelledby="ready-queries-title">
      <h3 id="ready-queries-title" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {m.explore.readyTitle}
      </h3>
      {GROUPS.map((g) => (
        <div key={g} className="mt-2">
          <p className="text-[11px] font-medium text-slate-500">{m.explore.groups[g]}</p>
          <ul className="mt-1 space-y-0.5">
            {queries
              .filter((q) => q.group === g)
              .map((q) => {
                const text = m.explore.queries[q.id];
                return (
                  <li key={q.id}>
                    <button
                      type="button"
                      disabled={running}
                      onClick={() => void pickQuery(q.id)}
                      title={text?.description}
                      aria-pressed={active === q.id}
                      data-testid="ready-query"
                      data-query={q.id}
                      className={`w-full rounded-md px-2 py-1 text-left text-xs transition focus-visible:ring-2 focus-visible:ring-orange-300 focus-visible:outline-none disabled:opacity-60 ${
                        active === q.id
                          ? 'bg-orange-50 font-semibold text-orange-800 ring-1 ring-orange-200'
                          : 'text-slate-700 hover:bg-slate-100'
                      }`}
                    >
                      {text?.title ?? q.id}
                    </button>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

export function SchemaPanel() {
  const m = useT();
  const f = useFormat();
  const tables = useExplore((s) => s.tables);
  return (
    <section aria-labelledby="schema-title" data-testid="explore-schema">
      <h3 id="schema-title" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {m.explore.schema}
      </h3>
      <ul className="mt-2 space-y-1">
        {tables.map((t) => (
          <li key={t.name}>
            <details className="group rounded-md" open={t.name === 'voice_cdr'}>
              <summary
                className="flex cursor-pointer items-baseline justify-between gap-2 rounded-md px-2 py-1 text-xs hover:bg-slate-100"
                data-testid="schema-table"
                data-table={t.name}
              >
                <span className="font-mono font-semibold text-slate-800">{t.name}</span>
                <span className="text-[11px] text-slate-500 tabular-nums">{m.explore.rows(f.int(t.rows))}</span>
              </summary>
              <ul className="mt-0.5 mb-1 ml-3 border-l border-slate-200 pl-2">
                {t.columns.map((c) => (
                  <li key={c.name} className="flex justify-between gap-2 py-px font-mono text-[11px]">
                    <span className="truncate text-slate-700">{c.name}</span>
                    <span className="shrink-0 text-slate-500">{c.type}</span>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
