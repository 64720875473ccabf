import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en.ts';
import { fr } from '../../../src/ui/i18n/fr.ts';
import { detectLocale } from '../../../src/ui/i18n/index.ts';

function shape(o: unknown, path = ''): string[] {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return [`${path}:${Array.isArray(o) ? 'array' : typeof o}`];
  return Object.entries(o).flatMap(([k, v]) => shape(v, `${path}.${k}`));
}

describe('translations', () => {
  it('French has every English key, with the same kind of value', () => {
    // Map attributions are an open record (English falls back to the profile's own text).
    const keys = (o: unknown) =>
      shape(o)
        .filter((k) => !k.startsWith('.charts.attributions'))
        .sort();
    expect(keys(fr)).toEqual(keys(en));
  });

  it('French strings are translated (no English label left on the main buttons)', () => {
    expect(fr.config.generate).toBe('Générer');
    expect(fr.result.downloadZip).not.toBe(en.result.downloadZip);
    expect(fr.result.download('Parquet')).toBe('Télécharger Parquet');
  });

  it('defaults to French for a French browser, English otherwise', () => {
    expect(detectLocale(['fr-FR', 'en'])).toBe('fr');
    expect(detectLocale(['fr'])).toBe('fr');
    expect(detectLocale(['en-US'])).toBe('en');
    expect(detectLocale(['de-DE', 'fr'])).toBe('en');
  });
});
