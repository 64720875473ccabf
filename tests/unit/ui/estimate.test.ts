import { describe, expect, it } from 'vitest';
import { buildPlan, parseScenario, resolveModel } from '../../../src/core/index.ts';
import { estimateSeconds, sizesByFormat } from '../../../src/state/estimate.ts';
import { makeFormat } from '../../../src/ui/format.ts';

describe('estimates and formatting', () => {
  const plan = buildPlan(resolveModel(parseScenario({ period: { days: 1 }, population: { subscribers: 20_000 } })));

  it('orders the formats by size as measured: NDJSON > CSV > Arrow > Parquet', () => {
    const s = Object.fromEntries(sizesByFormat(plan, 'legacy', 'zstd', 20_000).map((x) => [x.format, x.bytes]));
    expect(s.ndjson!).toBeGreaterThan(s.csv!);
    expect(s.csv!).toBeGreaterThan(s.arrow!);
    expect(s.arrow!).toBeGreaterThan(s.parquet!);
    // Measured: about 19.7 MB of CDR CSV for this scenario.
    expect(s.csv!).toBeGreaterThan(18e6);
    expect(s.csv!).toBeLessThan(23e6);
  });

  it('scales time with workers and prefers a measured rate', () => {
    const opts = { schema: 'legacy' as const, format: 'csv' as const, compression: 'zstd' as const, subscribers: 20_000 };
    expect(estimateSeconds(plan, { ...opts, workers: 2 })).toBeLessThan(estimateSeconds(plan, { ...opts, workers: 1 }));
    expect(estimateSeconds(plan, { ...opts, workers: 1 }, { 'legacy:csv': 10_000_000 })).toBeLessThan(1);
  });

  it('formats numbers and sizes in English and French', () => {
    const en = makeFormat('en');
    const fr = makeFormat('fr');
    expect(en.int(1234567)).toBe('1,234,567');
    expect(fr.int(1234567).replace(/\s/g, ' ')).toBe('1 234 567');
    expect(en.bytes(38_200_000)).toBe('38.2\u00a0MB');
    expect(fr.bytes(38_200_000)).toBe('38,2\u00a0Mo');
    expect(en.pct(0.273)).toBe('27.3\u00a0%');
    expect(en.seconds(185)).toBe('3\u00a0min 05\u00a0s');
    expect(en.date('2025-10-01')).toBe('1 Oct 2025');
    expect(en.duration(120)).toBe('2\u00a0min');
  });
});
