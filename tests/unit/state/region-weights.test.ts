import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseWeights, roundToTotal, setRegionWeight, WEIGHT_TOTAL } from '../../../src/state/region-weights.ts';

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

describe('region weight sliders', () => {
  it('normalises the Mali profile weights to tenths of a percent that add up to 100 %', () => {
    expect(normaliseWeights([27, 17, 19, 15, 15, 3.5, 3, 0.5])).toEqual([270, 170, 190, 150, 150, 35, 30, 5]);
  });

  it('rescales the other regions in proportion when one slider moves, keeping the total at 100 %', () => {
    const w = setRegionWeight([500, 300, 200], 0, 800);
    expect(w).toEqual([800, 120, 80]);
    expect(sum(w)).toBe(WEIGHT_TOTAL);
  });

  it('shares the rest equally when every other region was at 0', () => {
    expect(setRegionWeight([1000, 0, 0, 0], 0, 400)).toEqual([400, 200, 200, 200]);
  });

  it('clamps the moved value to 0..100 %', () => {
    expect(setRegionWeight([500, 500], 1, 1500)).toEqual([0, 1000]);
    expect(setRegionWeight([500, 500], 1, -3)).toEqual([1000, 0]);
  });

  it('always keeps whole tenths adding up to exactly 1000, whatever the moves (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 2, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.integer({ min: -50, max: 1100 })), { maxLength: 20 }),
        (start, moves) => {
          let w = normaliseWeights(start.map((x) => x + 1));
          for (const [i, v] of moves) {
            w = setRegionWeight(w, i % w.length, v);
            expect(sum(w)).toBe(WEIGHT_TOTAL);
            expect(w.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
            expect(w[i % w.length]).toBe(Math.min(1000, Math.max(0, v)));
          }
        },
      ),
    );
  });

  it('rounds reals to an exact integer total by largest remainder', () => {
    expect(roundToTotal([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(roundToTotal([0, 0], 10)).toEqual([5, 5]);
  });
});
