/** The page: header, intro, scenario form beside the run panel. */
import { AppHeader } from './AppHeader.tsx';
import { RunPanel } from './RunPanel.tsx';
import { ScenarioPanel } from './ScenarioPanel.tsx';

export function App() {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader />
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
        <div className="max-w-3xl">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Generate a CDR dataset</h1>
          <p className="mt-2 text-sm leading-6 text-slate-600">
            Voice, SMS and data records of a simulated subscriber base in Mali, in the legacy CSV layout your lakehouse already ingests:
            daily rhythms, busy regions and subscribers who call each other.
          </p>
        </div>
        <div className="mt-8 grid items-start gap-6 lg:grid-cols-[380px_minmax(0,1fr)]">
          <ScenarioPanel />
          <RunPanel />
        </div>
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap justify-between gap-2 px-6 py-4 text-xs text-slate-400">
          <span>CDR Studio · deterministic synthetic CDRs</span>
          <span>Same scenario and seed ⇒ byte-identical files, whatever the worker count</span>
        </div>
      </footer>
    </div>
  );
}
