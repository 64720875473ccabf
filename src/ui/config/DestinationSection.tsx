/** Where the run's files go: in memory for downloads, a folder on disk, or a ZIP file on disk (feature-detected). */
import { useId, type ReactNode } from 'react';
import { diskSupport } from '../../lib/fs-access.ts';
import { DESTINATIONS, setDestination, unavailable, useDestination, type Destination } from '../../state/destination.ts';
import { useStudio } from '../../state/studio.ts';
import { DownloadIcon, InfoIcon } from '../icons.tsx';
import { useT } from '../i18n/index.ts';
import { Section } from './Section.tsx';

const svg = (children: ReactNode) => (
  <svg
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={1.8}
    strokeLinecap="round"
    strokeLinejoin="round"
    className="size-4"
    aria-hidden
  >
    {children}
  </svg>
);
const ICONS: Record<Destination, ReactNode> = {
  memory: <DownloadIcon className="size-4" />,
  folder: svg(<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />),
  zip: svg(
    <>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M11 7h2M11 10h2M11 13h2" />
    </>,
  ),
};

export function DestinationSection() {
  const m = useT();
  const chosen = useDestination((s) => s.destination);
  const format = useStudio((s) => s.values.output.format);
  const running = useStudio((s) => s.status === 'running');
  const support = diskSupport();
  const id = useId();
  return (
    <Section title={m.destination.title}>
      <fieldset data-testid="destination" disabled={running}>
        <legend className="sr-only">{m.destination.legend}</legend>
        <div className="space-y-2">
          {DESTINATIONS.map((d) => {
            const why = unavailable(d, format, support);
            const on = chosen === d && !why;
            const o = m.destination.options[d];
            return (
              <label
                key={d}
                className={`relative flex gap-3 rounded-lg p-3 ring-1 transition has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-orange-400 ${
                  why
                    ? 'cursor-not-allowed bg-slate-50 ring-slate-200'
                    : on
                      ? 'cursor-pointer bg-orange-50/70 ring-orange-300'
                      : 'cursor-pointer bg-white ring-slate-200 hover:bg-slate-50'
                }`}
              >
                <input
                  type="radio"
                  name="destination"
                  value={d}
                  checked={on}
                  disabled={!!why}
                  onChange={() => setDestination(d)}
                  aria-labelledby={`${id}-${d}`}
                  aria-describedby={`${id}-${d}-hint`}
                  className="mt-0.5 size-4 shrink-0 accent-orange-600"
                />
                <span
                  className={`mt-px inline-flex size-6 shrink-0 items-center justify-center rounded-md ring-1 ${
                    on ? 'bg-white text-orange-700 ring-orange-200' : 'bg-slate-50 text-slate-500 ring-slate-200'
                  }`}
                  aria-hidden
                >
                  {ICONS[d]}
                </span>
                <span className="min-w-0">
                  <span id={`${id}-${d}`} className={`block text-sm font-medium ${why ? 'text-slate-500' : 'text-slate-900'}`}>
                    {o.label}
                  </span>
                  <span id={`${id}-${d}-hint`} className="mt-0.5 block text-xs leading-5 text-slate-500">
                    {why === 'noApi' ? m.destination.noApi : why === 'iceberg' ? m.destination.iceberg : o.hint}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {(chosen === 'folder' || chosen === 'zip') && !unavailable(chosen, format, support) && (
          <p
            className="mt-2.5 flex gap-2 rounded-lg bg-slate-50 p-2.5 text-xs leading-5 text-slate-600 ring-1 ring-slate-200"
            data-testid="destination-note"
          >
            <InfoIcon className="mt-0.5 size-4 shrink-0 text-slate-400" />
            {chosen === 'folder' ? m.destination.folderNote : m.destination.zipNote}
          </p>
        )}
      </fieldset>
    </Section>
  );
}
