/** The answer key's checks from manifest aggregates, and how answers are compared. */
import { describe, expect, it } from 'vitest';
import { aggregatesOf, answerChecks, runChecks } from '../../../src/analytics/answer-key.ts';
import type { ManifestAggregates } from '../../../src/export/manifest.ts';
import { duckdbMessage } from '../../../src/analytics/error-text.ts';

const agg: ManifestAggregates = {
  dateBasis: 'local date',
  rows: { voice: 30, sms: 5, total: 35 },
  rowsByDay: {
    '2025-10-01': { voice: { Bamako: 10, Kayes: 5 }, sms: { Bamako: 3 } },
    '2025-10-02': { voice: { Bamako: 15 }, sms: { Kayes: 2 } },
  },
  revenue: { voice: '123.50', sms: '50.00' },
  distinctSubscribers: { voice: 12, sms: 4, all: 14 },
  definitions: {},
};

/** A fake database answering each check's SQL from the aggregates (optionally wrong somewhere). */
function answers(overrides: Record<string, unknown[][]> = {}) {
  return async (sql: string): Promise<unknown[][]> => {
    for (const [k, v] of Object.entries(overrides)) if (sql.includes(k)) return v;
    if (sql.includes('strftime')) {
      const t = /FROM (\w+)_cdr/.exec(sql)![1] as 'voice' | 'sms';
      return Object.entries(agg.rowsByDay).flatMap(([d, per]) => Object.entries(per[t] ?? {}).map(([r, n]) => [d, r, String(n)]));
    }
    if (sql.includes('UNION ALL')) return [['14']];
    const t = /FROM (\w+)_cdr/.exec(sql)![1] as 'voice' | 'sms';
    if (sql.includes('count(DISTINCT')) return [[String(agg.distinctSubscribers[t])]];
    if (sql.includes('sum(charging_amount)')) return [[agg.revenue[t]]];
    return [[String(agg.rows[t])]];
  };
}

describe('answer key', () => {
  it('has rows, revenue, distinct subscribers and rows per day × region for each service present, and distinct overall', () => {
    const ids = answerChecks(agg).map((c) => c.id);
    expect(ids).toEqual([
      'rows.voice',
      'revenue.voice',
      'distinct.voice',
      'rowsByDay.voice',
      'rows.sms',
      'revenue.sms',
      'distinct.sms',
      'rowsByDay.sms',
      'distinct.all',
    ]);
    const c = answerChecks(agg).find((x) => x.id === 'rowsByDay.voice')!;
    expect(c.expected).toBe('2025-10-01|Bamako|10\n2025-10-01|Kayes|5\n2025-10-02|Bamako|15');
    expect(c.expectedShown).toBe('3 × 30');
    expect(answerChecks(agg).find((x) => x.id === 'distinct.all')!.sql).toContain('FROM voice_cdr UNION ALL SELECT');
  });

  it('equal answers are equal (row order of a GROUP BY does not matter)', async () => {
    const results = await runChecks(
      answerChecks(agg),
      answers({
        'FROM sms_cdr GROUP BY': [
          ['2025-10-02', 'Kayes', '2'],
          ['2025-10-01', 'Bamako', '3'],
        ],
      }),
    );
    expect(results.every((r) => r.equal)).toBe(true);
    expect(results.find((r) => r.id === 'revenue.voice')).toMatchObject({ actual: '123.50', actualShown: '123.50' });
  });

  it('a different value, a missing day × region cell or a failing query is not equal', async () => {
    const results = await runChecks(
      answerChecks(agg),
      answers({
        'CAST(coalesce(sum(charging_amount), 0)::DECIMAL(18, 2) AS VARCHAR) FROM voice_cdr': [['123.51']],
        'FROM sms_cdr GROUP BY': [['2025-10-01', 'Bamako', '3']],
        'count(DISTINCT CASE sms_type': [],
      }),
    );
    const bad = Object.fromEntries(results.filter((r) => !r.equal).map((r) => [r.id, r]));
    expect(Object.keys(bad).sort()).toEqual(['distinct.sms', 'revenue.voice', 'rowsByDay.sms']);
    expect(bad['rowsByDay.sms']!.actualShown).toBe('1 × 3');
    const failing = await runChecks(answerChecks(agg).slice(0, 1), async () => {
      throw new Error('Catalog Error: Table with name voice_cdr does not exist!');
    });
    expect(failing[0]).toMatchObject({ equal: false, error: expect.stringContaining('voice_cdr does not exist') });
  });

  it('reads the aggregates of manifest.json, null without them', () => {
    expect(aggregatesOf(JSON.stringify({ manifestVersion: 1, aggregates: agg }))).toEqual(agg);
    expect(aggregatesOf(JSON.stringify({ manifestVersion: 1 }))).toBeNull();
    expect(aggregatesOf('not json')).toBeNull();
  });
});

describe('DuckDB error text', () => {
  it('keeps the message and one copy of its LINE context', () => {
    const raw = 'Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^\n\nLINE 1: SELEC 1\n        ^';
    expect(duckdbMessage(new Error(raw))).toBe('Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^');
    expect(duckdbMessage('Catalog Error: Table with name x does not exist!')).toBe('Catalog Error: Table with name x does not exist!');
  });
});
