/** A key figure card. */
import type { ReactNode } from 'react';

export function Kpi({
  label,
  value,
  sub,
  tone = 'light',
  testId,
  icon,
}: {
  label: ReactNode;
  value: ReactNode;
  sub?: ReactNode;
  tone?: 'light' | 'dark';
  testId?: string;
  icon?: ReactNode;
}) {
  const dark = tone === 'dark';
  return (
    <div className={`rounded-xl px-4 py-3 ${dark ? 'bg-slate-900 text-white' : 'border border-slate-200 bg-white'}`}>
      <p className={`flex items-center gap-1.5 text-xs ${dark ? 'text-slate-300' : 'text-slate-500'}`}>
        {icon}
        {label}
      </p>
      <p className={`mt-1 text-xl font-semibold tabular-nums ${dark ? 'text-white' : 'text-slate-900'}`} data-testid={testId}>
        {value}
      </p>
      {sub && <p className={`mt-0.5 text-xs ${dark ? 'text-slate-300' : 'text-slate-500'}`}>{sub}</p>}
    </div>
  );
}
