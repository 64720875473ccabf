/** Accessible tabs (WAI-ARIA pattern): arrow keys / Home / End move between tabs, one tab stop. */
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
  disabled?: boolean;
}

export function TabList<K extends string>({
  items,
  value,
  onChange,
  label,
  idPrefix,
  size = 'md',
}: {
  items: readonly TabItem<K>[];
  value: K;
  onChange: (k: K) => void;
  label: string;
  idPrefix: string;
  size?: 'md' | 'sm';
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const enabled = items.filter((i) => !i.disabled);
  const onKey = (e: KeyboardEvent) => {
    const idx = enabled.findIndex((i) => i.key === value);
    let next = -1;
    if (e.key === 'ArrowRight') next = (idx + 1) % enabled.length;
    else if (e.key === 'ArrowLeft') next = (idx - 1 + enabled.length) % enabled.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = enabled.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const k = enabled[next]!.key;
    onChange(k);
    refs.current[items.findIndex((i) => i.key === k)]?.focus();
  };
  const sm = size === 'sm';
  return (
    <div role="tablist" aria-label={label} onKeyDown={onKey} className={`flex gap-1 ${sm ? 'flex-wrap' : ''}`}>
      {items.map((it, i) => {
        const selected = it.key === value;
        return (
          <button
            key={it.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${it.key}`}
            aria-selected={selected}
            aria-controls={`${idPrefix}-panel-${it.key}`}
            tabIndex={selected ? 0 : -1}
            disabled={it.disabled}
            onClick={() => onChange(it.key)}
            className={
              sm
                ? `rounded-md px-2.5 py-1 font-mono text-xs transition focus-visible:ring-2 focus-visible:ring-orange-400 focus-visible:outline-none ${
                    selected ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-100'
                  }`
                : `relative inline-flex items-center gap-2 border-b-2 px-3 py-3 text-sm font-medium transition focus-visible:ring-2 focus-visible:ring-orange-400 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-40 ${
                    selected ? 'border-orange-600 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'
                  }`
            }
          >
            {it.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel({
  idPrefix,
  tabKey,
  children,
  className = '',
  hidden,
}: {
  idPrefix: string;
  tabKey: string;
  children: ReactNode;
  className?: string;
  hidden?: boolean;
}) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel-${tabKey}`}
      aria-labelledby={`${idPrefix}-tab-${tabKey}`}
      tabIndex={0}
      hidden={hidden}
      className={`focus-visible:outline-none ${className}`}
    >
      {children}
    </div>
  );
}

/** A stable id prefix for a tab set. */
export const useTabsId = (): string => useId().replace(/:/g, '');
