/** The ready-made query catalogue and its translations. */
import { describe, expect, it } from 'vitest';
import { availableQueries, READY_QUERIES, readyQuery } from '../../../src/analytics/queries.ts';
import { en } from '../../../src/ui/i18n/en.ts';
import { fr } from '../../../src/ui/i18n/fr.ts';

describe('ready-made queries', () => {
  it('have unique ids, a title and a description in English and French', () => {
    const ids = READY_QUERIES.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(en.explore.queries[id]?.title, id).toBeTruthy();
      expect(fr.explore.queries[id]?.title, id).toBeTruthy();
      expect(fr.explore.queries[id]!.title).not.toBe(en.explore.queries[id]!.title);
      expect(en.explore.queries[id]?.description, id).toBeTruthy();
    }
    expect(Object.keys(en.explore.queries).sort()).toEqual([...ids].sort());
    expect(Object.keys(fr.explore.queries).sort()).toEqual([...ids].sort());
  });

  it('reproduce the gold layer: daily and day × hour × cell KPIs of every service', () => {
    const gold = READY_QUERIES.filter((q) => q.group === 'gold');
    for (const t of ['voice_cdr', 'sms_cdr', 'data_cdr']) {
      const mine = gold.filter((q) => q.tables.includes(t));
      expect(
        mine.some((q) => /GROUP BY ALL/.test(q.sql) && !/hour\(/.test(q.sql)),
        `${t} daily`,
      ).toBe(true);
      expect(
        mine.some((q) => /hour\("timestamp"\)/.test(q.sql) && /cell_id/.test(q.sql)),
        `${t} hourly × cell`,
      ).toBe(true);
    }
    expect(READY_QUERIES.filter((q) => q.group === 'beyond').map((q) => q.id)).toEqual([
      'regionTraffic',
      'busyHour',
      'topTalkers',
      'onNetRevenue',
      'fraudCandidates',
    ]);
  });

  it('name every table they read, and read only the loaded tables', () => {
    for (const q of READY_QUERIES) {
      const read = [...q.sql.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/g)]
        .map((m) => m[1]!)
        .filter((t) => /_cdr$|^cells$|^subscribers$/.test(t));
      expect(new Set(read), q.id).toEqual(new Set(q.tables));
    }
  });

  it('are offered only when their tables are loaded', () => {
    expect(availableQueries(['voice_cdr', 'sms_cdr', 'data_cdr', 'cells', 'subscribers'])).toHaveLength(READY_QUERIES.length);
    const voiceOnly = availableQueries(['voice_cdr']).map((q) => q.id);
    expect(voiceOnly).toContain('voiceDaily');
    expect(voiceOnly).not.toContain('smsDaily');
    expect(voiceOnly).not.toContain('regionTraffic');
    expect(voiceOnly).not.toContain('onNetRevenue');
    expect(readyQuery('busyHour')?.chart).toEqual({ kind: 'bar', x: ['region'], y: 'calls_in_busy_hour' });
    expect(readyQuery('nope')).toBeUndefined();
  });
});
