/** Sink settings (HTTP / Kafka REST / WebSocket URL) and the sink's counters. */
import { useId } from 'react';
import { setSinkChoice, setSinkUrl, sinkOf, useStream, type SinkChoice } from '../../state/stream.ts';
import { useFormat } from '../format.ts';
import { useStreamT } from './messages.ts';

export function SinkPanel() {
  const t = useStreamT();
  const f = useFormat();
  const id = useId();
  const settings = useStream((s) => s.settings);
  const phase = useStream((s) => s.phase);
  const stats = useStream((s) => s.snapshot?.sink ?? null);
  const locked = phase === 'running' || phase === 'paused' || phase === 'starting' || phase === 'stopping';
  const choice = settings.sink;
  const urlError = choice === 'none' ? null : sinkOf(settings).error;
  const options: { key: SinkChoice; label: string }[] = [
    { key: 'none', label: t.sinkNone },
    { key: 'http', label: t.sinkHttp },
    { key: 'kafka-rest', label: t.sinkKafka },
    { key: 'websocket', label: t.sinkWs },
  ];
  const counters: { key: keyof typeof t.counters; value: number; tone: string }[] = stats
    ? [
        { key: 'sent', value: stats.sent, tone: 'text-emerald-700' },
        { key: 'retried', value: stats.retried, tone: stats.retried ? 'text-amber-700' : 'text-slate-900' },
        { key: 'failed', value: stats.failed, tone: stats.failed ? 'text-amber-700' : 'text-slate-900' },
        { key: 'dropped', value: stats.dropped, tone: stats.dropped ? 'text-red-700' : 'text-slate-900' },
        { key: 'buffered', value: stats.buffered + stats.inFlight, tone: 'text-slate-900' },
      ]
    : [];
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4" aria-labelledby={`${id}-title`} data-testid="stream-sink">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-800">
        {t.sinkTitle}
      </h3>
      <fieldset className="mt-3" disabled={locked}>
        <legend className="sr-only">{t.sinkTitle}</legend>
        <div className="grid grid-cols-2 gap-1.5">
          {options.map((o) => (
            <label
              key={o.key}
              className={`flex cursor-pointer items-center gap-2 rounded-lg border px-2.5 py-1.5 text-xs ${choice === o.key ? 'border-orange-400 bg-orange-50 text-orange-900' : 'border-slate-200 text-slate-700'} ${locked ? 'cursor-not-allowed opacity-70' : ''}`}
            >
              <input
                type="radio"
                name={`${id}-sink`}
                value={o.key}
                checked={choice === o.key}
                onChange={() => setSinkChoice(o.key)}
                className="accent-orange-600"
              />
              {o.label}
            </label>
          ))}
        </div>
        {choice !== 'none' && (
          <div className="mt-3">
            <label htmlFor={`${id}-url`} className="text-xs font-medium text-slate-700">
              {t.sinkUrl}
            </label>
            <input
              id={`${id}-url`}
              type="url"
              spellCheck={false}
              value={settings.sinkUrl[choice]}
              onChange={(e) => setSinkUrl(choice, e.target.value)}
              aria-invalid={urlError ? true : undefined}
              aria-describedby={`${id}-help`}
              className="mt-1 w-full rounded-lg border border-slate-300 px-2.5 py-1.5 font-mono text-xs focus:border-orange-500 focus:ring-2 focus:ring-orange-200 focus:outline-none aria-[invalid]:border-red-500"
              data-testid="stream-sink-url"
            />
            {urlError && (
              <p className="mt-1 text-xs text-red-700" role="alert">
                {urlError}
              </p>
            )}
          </div>
        )}
      </fieldset>
      <p id={`${id}-help`} className="mt-2 text-xs leading-5 text-slate-500">
        {locked ? t.sinkLocked : t.sinkHelp[choice]}
      </p>
      {stats && (
        <>
          <dl className="mt-3 grid grid-cols-5 gap-2 text-center" data-testid="stream-sink-counters">
            {counters.map((c) => (
              <div key={c.key} className="rounded-lg bg-slate-50 px-1 py-1.5">
                <dt className="text-[11px] text-slate-500">{t.counters[c.key]}</dt>
                <dd className={`text-sm font-semibold tabular-nums ${c.tone}`} data-testid={`stream-sink-${c.key}`}>
                  {f.int(c.value)}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-[11px] leading-4 text-slate-500">{t.countersHelp.replace('{n}', f.int(settings.bufferRecords))}</p>
          {stats.lastError && (stats.failed > 0 || stats.dropped > 0) && (
            <p className="mt-1 text-xs break-all text-amber-800">
              {t.lastError}: {stats.lastError}
            </p>
          )}
        </>
      )}
    </section>
  );
}
