/** UI language: English or French, from the saved choice or the browser language; switchable at any time. */
import { create } from 'zustand';
import { en, type Messages } from './en.ts';
import { fr } from './fr.ts';

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];
export const CATALOGUES: Record<Locale, Messages> = { en, fr };
export type { Messages };

const STORAGE_KEY = 'cdr-studio.locale';

/** French when the preferred browser language is French, English otherwise. */
export function detectLocale(languages: readonly string[] | undefined = globalThis.navigator?.languages): Locale {
  const first = languages?.[0] ?? globalThis.navigator?.language ?? 'en';
  return first.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch {
    /* storage disabled */
  }
  return detectLocale();
}

export const useLocale = create<{ locale: Locale }>(() => ({ locale: initialLocale() }));

/** Switches the UI language (remembered locally) and updates `<html lang>`. */
export function setLocale(locale: Locale): void {
  useLocale.setState({ locale });
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    /* storage disabled */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The strings of the current language. */
export function useT(): Messages {
  return CATALOGUES[useLocale((s) => s.locale)];
}
