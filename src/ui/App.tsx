/** The page: header, title, the configuration column beside the Preview / Result column. */
import { useEffect } from 'react';
import { AppHeader } from './AppHeader.tsx';
import { ConfigPanel } from './config/ConfigPanel.tsx';
import { useLocale, useT } from './i18n/index.ts';
import { NoticeBar } from './NoticeBar.tsx';
import { RunPanel } from './views/RunPanel.tsx';

export function App() {
  const m = useT();
  const locale = useLocale((s) => s.locale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${m.app.name} — ${m.app.title}`;
  }, [locale, m]);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#configure"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {m.app.skip}
      </a>
      <AppHeader />
      <main className="mx-auto w-full max-w-[1600px] flex-1 px-6 py-7">
        <div className="max-w-4xl">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{m.app.title}</h1>
          <p className="mt-1.5 text-sm leading-6 text-slate-600">{m.app.intro}</p>
        </div>
        <div className="mt-6">
          <NoticeBar />
        </div>
        <div className="grid items-start gap-6 lg:grid-cols-[400px_minmax(0,1fr)]">
          <ConfigPanel />
          <div className="min-w-0 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto lg:rounded-2xl">
            <RunPanel />
          </div>
        </div>
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-[1600px] flex-wrap justify-between gap-2 px-6 py-4 text-xs text-slate-500">
          <span>{m.app.footerLeft}</span>
          <span>{m.app.footerRight}</span>
        </div>
      </footer>
    </div>
  );
}
