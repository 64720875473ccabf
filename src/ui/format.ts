/** Locale-aware display formatting (numbers, bytes, rates, durations, dates) for the UI. */
import { useMemo } from 'react';
import { CATALOGUES, useLocale, type Locale } from './i18n/index.ts';

export interface Formatters {
  locale: Locale;
  /** 1234567 → "1,234,567" / "1 234 567". */
  int: (n: number) => string;
  /** Fixed decimals. */
  dec: (n: number, digits: number) => string;
  /** 0.273 → "27.3 %". */
  pct: (share: number, digits?: number) => string;
  /** Compact: 1.2M / 1,2 M. */
  compact: (n: number) => string;
  /** Bytes → "38.2 MB" / "38,2 Mo" (decimal units). */
  bytes: (n: number) => string;
  /** Rows per second → "412k rows/s". */
  rate: (rowsPerSecond: number) => string;
  /** Seconds → "0.8 s", "42 s", "3 min 05 s". */
  seconds: (s: number | null) => string;
  /** Short duration label for bins: 30 → "30 s", 120 → "2 min", 3600 → "1 h". */
  duration: (s: number) => string;
  /** "2025-10-01" → "1 Oct 2025" / "1 oct. 2025". */
  date: (iso: string) => string;
  /** "2025-10-04" → "Sat 4" / "sam. 4" (weekday and day of month). */
  day: (iso: string) => string;
  /** Amount with 2 decimals and currency code. */
  money: (cents: number, currency: string) => string;
}

const BYTE_UNITS: Record<Locale, string[]> = { en: ['B', 'kB', 'MB', 'GB', 'TB'], fr: ['o', 'ko', 'Mo', 'Go', 'To'] };

/** Formatters for a locale (pure; the `useFormat` hook memoises them per locale). */
export function makeFormat(locale: Locale): Formatters {
  const tag = CATALOGUES[locale].locale;
  const units = CATALOGUES[locale].units;
  const int = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decs = [0, 1, 2, 3].map((d) => new Intl.NumberFormat(tag, { minimumFractionDigits: d, maximumFractionDigits: d }));
  const compactFmt = new Intl.NumberFormat(locale === 'en' ? 'en-US' : tag, { notation: 'compact', maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dayFmt = new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const dec = (n: number, digits: number) => (decs[digits] ?? decs[1]!).format(n);
  const sp = '\u00a0';
  return {
    locale,
    int: (n) => int.format(n),
    dec,
    pct: (share, digits = 1) => `${dec(share * 100, digits)}${sp}%`,
    compact: (n) => compactFmt.format(n),
    bytes: (n) => {
      const u = BYTE_UNITS[locale];
      if (n < 1000) return `${int.format(n)}${sp}${u[0]}`;
      let v = n / 1000;
      let i = 1;
      while (v >= 1000 && i < u.length - 1) {
        v /= 1000;
        i++;
      }
      return `${dec(v, v >= 100 ? 0 : 1)}${sp}${u[i]}`;
    },
    rate: (r) => {
      if (!(r > 0)) return '—';
      return `${compactFmt.format(r)}${sp}${units.rowsPerSecond}`;
    },
    seconds: (s) => {
      if (s === null || !Number.isFinite(s)) return '—';
      if (s < 10) return `${dec(s, 1)}${sp}${units.s}`;
      if (s < 60) return `${Math.round(s)}${sp}${units.s}`;
      const m = Math.floor(s / 60);
      const r = Math.round(s - m * 60);
      return `${m}${sp}${units.min} ${String(r).padStart(2, '0')}${sp}${units.s}`;
    },
    duration: (s) => {
      if (s < 60) return `${s}${sp}${units.s}`;
      if (s < 3600) return `${dec(s / 60, s % 60 ? 1 : 0)}${sp}${units.min}`;
      return `${dec(s / 3600, s % 3600 ? 1 : 0)}${sp}${units.h}`;
    },
    date: (iso) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      if (!m) return iso;
      return dateFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    day: (iso) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      if (!m) return iso;
      return dayFmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
    },
    money: (cents, currency) => `${dec(cents / 100, 0)}${sp}${currency}`,
  };
}

const cache = new Map<Locale, Formatters>();

/** Formatters of the current UI language. */
export function useFormat(): Formatters {
  const locale = useLocale((s) => s.locale);
  return useMemo(() => {
    let f = cache.get(locale);
    if (!f) cache.set(locale, (f = makeFormat(locale)));
    return f;
  }, [locale]);
}

/** Adds whole days to an ISO date (UTC arithmetic on the calendar date only). */
export function addDays(iso: string, days: number): string {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
