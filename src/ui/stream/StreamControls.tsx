/** Start / Pause / Resume / Stop, and the pace: simulated-time speed (1×…3600×, max) or a target rate (events/s), applied live. */
import { useId, useState } from 'react';
import type { Scenario } from '../../core/scenario.ts';
import {
  pauseStream,
  resumeStream,
  setPaceMode,
  setRate,
  setSpeed,
  SPEED_STEPS,
  startStream,
  stopStream,
  useStream,
  type PaceMode,
} from '../../state/stream.ts';
import { useFormat } from '../format.ts';
import { useStreamT } from './messages.ts';

const RATE_PRESETS = [1_000, 10_000, 50_000, 100_000];

const btn =
  'inline-flex items-center justify-center gap-1.5 rounded-lg px-3.5 py-2 text-sm font-medium focus-visible:ring-2 focus-visible:ring-orange-300 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50';

export function StreamControls({ scenario }: { scenario: Scenario | null }) {
  const t = useStreamT();
  const f = useFormat();
  const id = useId();
  const phase = useStream((s) => s.phase);
  const mode = useStream((s) => s.settings.mode);
  const speed = useStream((s) => s.settings.speed);
  const rate = useStream((s) => s.settings.rate);
  const [rateText, setRateText] = useState<string | null>(null);
  const active = phase === 'running' || phase === 'paused';
  const busy = phase === 'starting' || phase === 'stopping';
  const applyRate = () => {
    if (rateText === null) return;
    const n = Number(rateText.replace(/[\s,_]/g, ''));
    if (Number.isFinite(n) && n >= 1) setRate(n);
    setRateText(null);
  };
  const speedIndex = Math.max(0, SPEED_STEPS.indexOf(speed));
  const speedLabel = (v: number) => (v === Infinity ? t.speedMax : `${f.int(v)}×`);
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex gap-2">
        {!active && (
          <button
            type="button"
            className={`${btn} bg-orange-600 text-white hover:bg-orange-700`}
            disabled={!scenario || busy}
            onClick={() => scenario && void startStream(scenario)}
            data-testid="stream-start"
          >
            {phase === 'starting' ? t.starting : phase === 'ended' || phase === 'error' ? t.restart : t.start}
          </button>
        )}
        {phase === 'running' && (
          <button
            type="button"
            className={`${btn} bg-slate-900 text-white hover:bg-slate-700`}
            onClick={pauseStream}
            data-testid="stream-pause"
          >
            {t.pause}
          </button>
        )}
        {phase === 'paused' && (
          <button
            type="button"
            className={`${btn} bg-orange-600 text-white hover:bg-orange-700`}
            onClick={resumeStream}
            data-testid="stream-resume"
          >
            {t.resume}
          </button>
        )}
        {(active || phase === 'stopping') && (
          <button
            type="button"
            className={`${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
            onClick={() => void stopStream()}
            disabled={phase === 'stopping'}
            data-testid="stream-stop"
          >
            {phase === 'stopping' ? t.stopping : t.stop}
          </button>
        )}
      </div>
      <fieldset className="min-w-0">
        <legend className="text-xs font-medium text-slate-700">{t.pace}</legend>
        <div className="mt-1 inline-flex rounded-lg bg-slate-100 p-0.5" role="radiogroup" aria-label={t.pace}>
          {(['speed', 'rate'] as PaceMode[]).map((m) => (
            <label
              key={m}
              className={`cursor-pointer rounded-md px-3 py-1.5 text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-orange-300 ${mode === m ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600'}`}
            >
              <input
                type="radio"
                className="sr-only"
                name={`${id}-mode`}
                value={m}
                checked={mode === m}
                onChange={() => setPaceMode(m)}
                data-testid={`stream-mode-${m}`}
              />
              {m === 'speed' ? t.bySpeed : t.byRate}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'speed' ? (
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-speed`} className="flex justify-between text-xs font-medium text-slate-700">
            <span>{t.speed}</span>
            <span className="tabular-nums" data-testid="stream-speed-value">
              {speedLabel(speed)}
            </span>
          </label>
          <input
            id={`${id}-speed`}
            type="range"
            min={0}
            max={SPEED_STEPS.length - 1}
            step={1}
            value={speedIndex}
            aria-valuetext={speedLabel(speed)}
            onChange={(e) => setSpeed(SPEED_STEPS[Number(e.target.value)] ?? 1)}
            className="mt-2 w-full accent-orange-600"
            data-testid="stream-speed"
          />
          <p className="mt-1 text-[11px] text-slate-500">{t.speedHelp}</p>
        </div>
      ) : (
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-rate`} className="text-xs font-medium text-slate-700">
            {t.rate}
          </label>
          <div className="mt-1 flex flex-wrap items-center gap-1.5">
            <input
              id={`${id}-rate`}
              inputMode="numeric"
              value={rateText ?? String(rate)}
              onChange={(e) => setRateText(e.target.value)}
              onBlur={applyRate}
              onKeyDown={(e) => e.key === 'Enter' && applyRate()}
              className="w-28 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm tabular-nums focus:border-orange-500 focus:ring-2 focus:ring-orange-200 focus:outline-none"
              data-testid="stream-rate"
            />
            {RATE_PRESETS.map((r) => (
              <button
                key={r}
                type="button"
                onClick={() => {
                  setRateText(null);
                  setRate(r);
                }}
                aria-pressed={rate === r}
                className={`rounded-md px-2 py-1 text-xs tabular-nums ring-1 ${rate === r ? 'bg-orange-50 text-orange-800 ring-orange-300' : 'text-slate-600 ring-slate-200 hover:bg-slate-50'}`}
              >
                {f.compact(r)}/s
              </button>
            ))}
          </div>
          <p className="mt-1 text-[11px] text-slate-500">{t.rateHelp}</p>
        </div>
      )}
    </div>
  );
}
