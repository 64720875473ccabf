/** A titled group of controls in the configuration panel. */
import { useId, type ReactNode } from 'react';

export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="border-t border-slate-100 px-5 py-5 first:border-t-0">
      <div className="mb-3.5 flex items-center justify-between gap-2">
        <h3 id={id} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
          {title}
        </h3>
        {aside}
      </div>
      <div className="space-y-4">{children}</div>
    </section>
  );
}
