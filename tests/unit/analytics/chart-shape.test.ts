/** The chart chosen from a result's shape, and its points. */
import { describe, expect, it } from 'vitest';
import { chartPoints, chooseChart, MAX_BARS, MAX_LINE_POINTS, specFits, type ResultColumn } from '../../../src/analytics/chart-shape.ts';

const col = (name: string, kind: ResultColumn['kind']): ResultColumn => ({ name, kind, type: kind });
const DAY = 86_400_000;
const D0 = Date.UTC(2025, 9, 1);

describe('chooseChart', () => {
  it('time series → line: a date, a timestamp or an hour with a measure', () => {
    expect(chooseChart([col('call_date', 'date'), col('total_calls', 'number'), col('revenue', 'number')], 7)).toEqual({
      kind: 'line',
      x: ['call_date'],
      y: 'total_calls',
    });
    expect(chooseChart([col('ts', 'timestamp'), col('n', 'number')], 3)).toEqual({ kind: 'line', x: ['ts'], y: 'n' });
    expect(chooseChart([col('hour', 'number'), col('calls', 'number')], 24)).toEqual({ kind: 'line', x: ['hour'], y: 'calls' });
    // Day × hour × cell: the time axis is date + hour, summed over cells.
    expect(
      chooseChart([col('call_date', 'date'), col('call_hour', 'number'), col('cell_id', 'text'), col('total_calls', 'number')], 100),
    ).toEqual({ kind: 'line', x: ['call_date', 'call_hour'], y: 'total_calls' });
  });

  it('category × measure → bars; nothing to draw → null', () => {
    expect(chooseChart([col('region', 'text'), col('calls', 'number')], 8)).toEqual({ kind: 'bar', x: ['region'], y: 'calls' });
    expect(chooseChart([col('cell_id', 'text'), col('region_id', 'number'), col('calls', 'number')], 8)).toEqual({
      kind: 'bar',
      x: ['cell_id'],
      y: 'calls',
    });
    expect(chooseChart([col('region', 'text'), col('town', 'text')], 8)).toBeNull();
    expect(chooseChart([col('answer', 'number')], 1)).toBeNull();
    expect(chooseChart([col('region', 'text'), col('calls', 'number')], 0)).toBeNull();
  });

  it('a chart hint fits only columns that exist with a numeric y', () => {
    const cols = [col('region', 'text'), col('calls', 'number')];
    expect(specFits({ kind: 'bar', x: ['region'], y: 'calls' }, cols)).toBe(true);
    expect(specFits({ kind: 'bar', x: ['region'], y: 'region' }, cols)).toBe(false);
    expect(specFits({ kind: 'bar', x: ['town'], y: 'calls' }, cols)).toBe(false);
  });
});

describe('chartPoints', () => {
  it('lines: y summed per time, sorted by time (date + hour)', () => {
    const cols = [col('d', 'date'), col('h', 'number'), col('cell', 'text'), col('n', 'number')];
    const rows = [
      [D0 + DAY, 0, 'A', 1],
      [D0, 1, 'A', 2],
      [D0, 1, 'B', 3],
      [D0, 0, 'A', 4],
    ];
    const pts = chartPoints({ kind: 'line', x: ['d', 'h'], y: 'n' }, cols, rows.length, (r, c) => rows[r]![c]);
    expect(pts.map((p) => [p.label, p.value])).toEqual([
      ['2025-10-01 00h', 4],
      ['2025-10-01 01h', 5],
      ['2025-10-02 00h', 1],
    ]);
    expect(pts[1]!.x - pts[0]!.x).toBe(3_600_000);
  });

  it('bars: in the result’s order, at most MAX_BARS categories, NULL as ∅', () => {
    const cols = [col('msisdn', 'text'), col('minutes', 'number')];
    const rows = Array.from({ length: 30 }, (_, i) => [i === 3 ? null : `2237000${i}`, 100 - i]);
    const pts = chartPoints({ kind: 'bar', x: ['msisdn'], y: 'minutes' }, cols, rows.length, (r, c) => rows[r]![c]);
    expect(pts).toHaveLength(MAX_BARS);
    expect(pts[0]).toEqual({ x: 0, label: '22370000', value: 100 });
    expect(pts[3]!.label).toBe('∅');
  });

  it('long lines (a value per second) are summed in groups: at most MAX_LINE_POINTS, same total', () => {
    const cols = [col('ts', 'timestamp'), col('n', 'number')];
    const n = 10 * MAX_LINE_POINTS + 7;
    const pts = chartPoints({ kind: 'line', x: ['ts'], y: 'n' }, cols, n, (r, c) => (c === 0 ? D0 + (n - r) * 1000 : 1));
    expect(pts.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    expect(pts.reduce((a, p) => a + p.value, 0)).toBe(n);
    expect(pts.every((p, i) => i === 0 || p.x > pts[i - 1]!.x)).toBe(true);
  });

  it('skips non-numeric measures', () => {
    const cols = [col('region', 'text'), col('n', 'number')];
    const rows = [
      ['A', 1],
      ['B', null],
      ['A', 2],
    ];
    expect(chartPoints({ kind: 'bar', x: ['region'], y: 'n' }, cols, 3, (r, c) => rows[r]![c])).toEqual([{ x: 0, label: 'A', value: 3 }]);
  });
});
