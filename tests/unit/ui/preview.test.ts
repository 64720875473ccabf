import { describe, expect, it } from 'vitest';
import { buildPlan, parseScenario, PROFILES, resolveModel } from '../../../src/core/index.ts';
import { apportionInt, expectedByDay, expectedByHour, expectedByRegion, sortByTotal } from '../../../src/ui/charts/data/preview.ts';

const planOf = (input: Parameters<typeof parseScenario>[0]) => buildPlan(resolveModel(parseScenario(input)));

describe('preview chart data (from the plan)', () => {
  const plan = planOf({ period: { days: 7 }, population: { subscribers: 20_000 } });
  const profile = PROFILES['mali-omea']!;

  it('splits each service total over the regions exactly', () => {
    const rows = expectedByRegion(plan, profile);
    expect(rows.map((r) => r.region)).toEqual(profile.regions.map((r) => r.name));
    for (const s of ['voice', 'sms', 'data'] as const) expect(rows.reduce((a, r) => a + r[s], 0)).toBe(plan.totals[s]);
    const bamako = rows.find((r) => r.region === 'Bamako')!;
    expect(bamako.total / plan.total).toBeCloseTo(0.27, 2);
    expect(bamako.geoId).toBe('bamako');
  });

  it('follows the region weights of the scenario', () => {
    const heavy = planOf({ population: { subscribers: 20_000 }, regionWeights: { Kidal: 50 } });
    const rows = expectedByRegion(heavy, resolveModel(parseScenario({ regionWeights: { Kidal: 50 } })).profile);
    expect(sortByTotal(rows)[0]!.region).toBe('Kidal');
  });

  it('gives the average day per hour, busiest in the evening for voice', () => {
    const hours = expectedByHour(plan);
    expect(hours).toHaveLength(24);
    const peak = hours.reduce((a, h) => (h.voice > a.voice ? h : a));
    expect(peak.hour).toBeGreaterThanOrEqual(17);
    expect(hours[3]!.voice).toBeLessThan(peak.voice / 5);
    const sumVoice = hours.reduce((a, h) => a + h.voice, 0);
    expect(Math.abs(sumVoice - plan.totals.voice / 7)).toBeLessThan(24);
  });

  it('lists the records per day', () => {
    const days = expectedByDay(plan);
    expect(days).toHaveLength(7);
    expect(days.reduce((a, d) => a + d.sms, 0)).toBe(plan.totals.sms);
  });

  it('apportions integers exactly by largest remainder', () => {
    expect(apportionInt(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportionInt(0, [1, 2])).toEqual([0, 0]);
    expect(apportionInt(5, [0, 0])).toEqual([0, 0]);
  });
});
