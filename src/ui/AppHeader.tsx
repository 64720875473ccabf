/** Top bar: product name, what it is, the language switch. */
import { ENGINE_VERSION } from '../core/index.ts';
import { LOCALES, setLocale, useLocale, useT } from './i18n/index.ts';
import { GlobeIcon, SignalIcon } from './icons.tsx';

export function AppHeader() {
  const m = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-[1600px] items-center justify-between gap-4 px-6 py-3">
        <div className="flex items-center gap-3">
          <div className="flex size-9 items-center justify-center rounded-lg bg-orange-600 text-white shadow-sm">
            <SignalIcon className="size-5" strokeWidth={2.5} />
          </div>
          <div className="leading-tight">
            <p className="text-base font-semibold tracking-tight text-slate-900">{m.app.name}</p>
            <p className="text-xs text-slate-500">{m.app.tagline}</p>
          </div>
        </div>
        <div className="flex items-center gap-3 text-xs">
          <span className="hidden items-center gap-1.5 rounded-full bg-emerald-50 px-2.5 py-1 font-medium text-emerald-700 ring-1 ring-emerald-200 sm:inline-flex">
            <span className="size-1.5 rounded-full bg-emerald-500" />
            {m.app.runsInBrowser}
          </span>
          <div role="group" aria-label={m.app.language} className="flex items-center gap-1 rounded-lg bg-slate-100 p-0.5">
            <GlobeIcon className="ml-1 size-3.5 text-slate-500" />
            {LOCALES.map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                aria-pressed={l === locale}
                onClick={() => setLocale(l)}
                className={`rounded-md px-2 py-1 font-semibold uppercase transition focus-visible:ring-2 focus-visible:ring-orange-400 focus-visible:outline-none ${
                  l === locale ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'
                }`}
              >
                <span aria-hidden>{l}</span>
                <span className="sr-only">{l === 'en' ? 'English' : 'Français'}</span>
              </button>
            ))}
          </div>
          <span className="text-slate-500">v{ENGINE_VERSION}</span>
        </div>
      </div>
    </header>
  );
}
