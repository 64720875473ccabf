import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../../src/core/rng.ts';
import { AliasTable, apportion, clamp, zipfWeights } from '../../../src/core/sampling.ts';

describe('AliasTable', () => {
  it('samples each index with frequency proportional to its weight (chi-square, p = 0.001)', () => {
    const weights = [5, 1, 0, 10, 3.5, 0.5, 27, 0.01];
    const table = new AliasTable(weights);
    const rng = new Rng(99);
    const n = 400_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < n; i++) counts[table.sample(rng)]! += 1;
    const total = weights.reduce((a, b) => a + b, 0);
    expect(counts[2]).toBe(0);
    let chi = 0;
    weights.forEach((w, i) => {
      if (w === 0) return;
      const e = (n * w) / total;
      chi += (counts[i]! - e) ** 2 / e;
    });
    expect(chi).toBeLessThan(22.46); // df = 6, p = 0.001
  });

  it('maps [0, 1) onto the indices with measure exactly proportional to the weights', () => {
    const weights = [0.5, 3, 15, 17, 19, 27, 3.5, 15];
    const table = new AliasTable(weights);
    const total = weights.reduce((a, b) => a + b, 0);
    const grid = 1_000_000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < grid; i++) counts[table.pick((i + 0.5) / grid)]! += 1;
    weights.forEach((w, i) => expect(Math.abs(counts[i]! / grid - w / total)).toBeLessThan(1e-5));
  });

  it('never picks a zero weight, falls back to uniform when all are zero, and rejects bad weights', () => {
    const t = new AliasTable([0, 1, 0]);
    for (let i = 0; i < 1000; i++) expect(t.pick(i / 1000)).toBe(1);
    const u = new AliasTable([0, 0, 0, 0]);
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(u.pick(i / 400));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(() => new AliasTable([])).toThrow();
    expect(() => new AliasTable([1, -1])).toThrow();
    expect(() => new AliasTable([1, NaN])).toThrow();
    expect(() => new AliasTable([1, Infinity])).toThrow();
  });

  it('stays in range for any weights and any u in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (w, u) => {
          const t = new AliasTable(w);
          const i = t.pick(u);
          expect(Number.isInteger(i) && i >= 0 && i < w.length).toBe(true);
          if (w.some((x) => x > 0)) expect(w[i]).toBeGreaterThan(0);
        },
      ),
      { seed: 4242, numRuns: 500 },
    );
  });
});

describe('apportion', () => {
  it('sums exactly to the total with each part within 1 of its exact share (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 100 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.length).toBe(weights.length);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(Number.isInteger(p) && p >= 0).toBe(true);
            const exact = sum > 0 ? (total * weights[i]!) / sum : total / weights.length;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-9);
            if (sum > 0 && weights[i] === 0) expect(p).toBe(0);
          });
        },
      ),
      { seed: 1234, numRuns: 2000 },
    );
  });

  it('splits by largest remainder with ties broken by index', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(3600, [1, 1, 1, 1, 1, 1, 1])).toEqual([515, 515, 514, 514, 514, 514, 514]);
    expect(apportion(100, [27, 17, 19, 15, 15, 3.5, 3, 0.5])).toEqual([27, 17, 19, 15, 15, 4, 3, 0]);
    expect(apportion(7, [0, 0])).toEqual([4, 3]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [])).toEqual([]);
  });
});

describe('helpers', () => {
  it('zipfWeights decrease as 1/(rank+1)^s and clamp bounds values', () => {
    expect(zipfWeights(3, 1)).toEqual([1, 1 / 2, 1 / 3]);
    const z = zipfWeights(30, 1.1);
    for (let i = 1; i < z.length; i++) expect(z[i]!).toBeLessThan(z[i - 1]!);
    expect([clamp(-1, 0, 1), clamp(0.5, 0, 1), clamp(2, 0, 1)]).toEqual([0, 0.5, 1]);
  });
});
