/** Top bar: product name and what kind of tool this is. */
import { ENGINE_VERSION } from '../core/index.ts';
import { SignalIcon } from './icons.tsx';

export function AppHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3.5">
        <div className="flex items-center gap-3">
          <div className="flex size-9 items-center justify-center rounded-lg bg-orange-600 text-white shadow-sm">
            <SignalIcon className="size-5" strokeWidth={2.5} />
          </div>
          <div className="leading-tight">
            <p className="text-base font-semibold tracking-tight text-slate-900">CDR Studio</p>
            <p className="text-xs text-slate-500">Synthetic telecom call detail records</p>
          </div>
        </div>
        <div className="flex items-center gap-3 text-xs">
          <span className="hidden items-center gap-1.5 rounded-full bg-emerald-50 px-2.5 py-1 font-medium text-emerald-700 ring-1 ring-emerald-200 sm:inline-flex">
            <span className="size-1.5 rounded-full bg-emerald-500" />
            Runs in your browser
          </span>
          <span className="text-slate-400">v{ENGINE_VERSION}</span>
        </div>
      </div>
    </header>
  );
}
