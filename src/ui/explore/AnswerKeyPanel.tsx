/** The live answer key: each manifest aggregate beside the same aggregate in SQL, green when equal. */
import { valueFaultsOf, type AnswerCheck } from '../../analytics/answer-key.ts';
import { useExplore } from '../../state/explore.ts';
import { useStudio } from '../../state/studio.ts';
import { AlertIcon, CheckCircleIcon, SpinnerIcon } from '../icons.tsx';
import { useT, type Messages } from '../i18n/index.ts';

function label(m: Messages, c: AnswerCheck): string {
  const s = c.service ? (m.services[c.service] ?? c.service) : '';
  switch (c.kind) {
    case 'rows':
      return m.explore.checks.rows(s);
    case 'revenue':
      return m.explore.checks.revenue(s);
    case 'distinct':
      return m.explore.checks.distinct(s);
    case 'distinctAll':
      return m.explore.checks.distinctAll;
    case 'rowsByDay':
      return m.explore.checks.rowsByDay(s);
  }
}

export function AnswerKeyPanel() {
  const m = useT();
  const checks = useExplore((s) => s.checks);
  const checking = useExplore((s) => s.checking);
  const scenario = useStudio((s) => s.result?.scenario);
  if (!checks.length) return null;
  const faults = valueFaultsOf(scenario);
  const done = checks.filter((c) => c.result);
  const bad = done.filter((c) => !c.result!.equal).length;
  const allEqual = !checking && bad === 0 && done.length === checks.length;
  return (
    <section aria-labelledby="answer-key-title" className="rounded-xl border border-slate-200 bg-white" data-testid="answer-key">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <div>
          <h3 id="answer-key-title" className="text-sm font-semibold text-slate-900">
            {m.explore.answerKey}
          </h3>
          <p className="mt-0.5 text-xs text-slate-500">{m.explore.answerKeySubtitle}</p>
        </div>
        <p
          role="status"
          data-testid="answer-key-summary"
          data-all-equal={allEqual}
          className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ${
            checking
              ? 'bg-slate-100 text-slate-600'
              : allEqual
                ? 'bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200'
                : 'bg-red-50 text-red-700 ring-1 ring-red-200'
          }`}
        >
          {checking ? (
            <SpinnerIcon className="size-3.5" />
          ) : allEqual ? (
            <CheckCircleIcon className="size-3.5" />
          ) : (
            <AlertIcon className="size-3.5" />
          )}
          {checking
            ? m.explore.answerKeyChecking
            : allEqual
              ? m.explore.answerKeyAll(checks.length)
              : m.explore.answerKeySome(bad, checks.length)}
        </p>
      </div>
      {faults.length > 0 && (
        <p className="border-b border-slate-100 bg-amber-50 px-4 py-2 text-xs text-amber-900" data-testid="answer-key-faults">
          {m.explore.answerKeyFaults(faults.join(', '))}
        </p>
      )}
      <div className="overflow-x-auto">
        <table className="min-w-full text-xs">
          <thead className="text-left text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                {m.explore.check}
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                {m.explore.expected}
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                {m.explore.actual}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">{m.explore.check}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {checks.map(({ check, result }) => {
              const tone = !result ? '' : result.equal ? 'bg-emerald-50/70' : 'bg-red-50';
              return (
                <tr
                  key={check.id}
                  className={`border-t border-slate-100 ${tone}`}
                  data-testid="answer-check"
                  data-check={check.id}
                  data-equal={result?.equal ?? ''}
                >
                  <th scope="row" className="px-4 py-1.5 text-left font-medium text-slate-700">
                    <details>
                      <summary className="cursor-pointer list-none marker:hidden">
                        {label(m, check)}
                        <span className="ml-2 text-[10px] font-normal text-slate-500 underline decoration-dotted">{m.explore.showSql}</span>
                      </summary>
                      <code className="mt-1 block max-w-xl font-mono text-[10px] leading-4 font-normal break-all whitespace-pre-wrap text-slate-500">
                        {check.sql}
                      </code>
                    </details>
                  </th>
                  <td className="px-3 py-1.5 text-right font-mono text-slate-800 tabular-nums">
                    {check.expectedShown}
                    {check.kind === 'rowsByDay' && (
                      <span className="ml-1 font-sans text-[10px] text-slate-500">{m.explore.rowsByDayShown}</span>
                    )}
                  </td>
                  <td className="px-3 py-1.5 text-right font-mono text-slate-800 tabular-nums" title={result?.error}>
                    {result ? (
                      result.error ? (
                        <span className="font-sans text-red-700">{result.error.split('\n')[0]}</span>
                      ) : (
                        result.actualShown
                      )
                    ) : (
                      '…'
                    )}
                  </td>
                  <td className="px-4 py-1.5">
                    {result &&
                      (result.equal ? (
                        <span className="inline-flex items-center gap-1 font-semibold text-emerald-700">
                          <CheckCircleIcon className="size-3.5" />
                          {m.explore.equal}
                        </span>
                      ) : (
                        <span className="inline-flex items-center gap-1 font-semibold text-red-700">
                          <AlertIcon className="size-3.5" />
                          {m.explore.differ}
                        </span>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
