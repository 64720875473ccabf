import { describe, expect, it } from 'vitest';
import { niceRound, positionOf, SLIDER_STEPS, subscribersAt } from '../../../src/state/subscribers-scale.ts';

describe('subscribers slider scale', () => {
  it('covers 1,000 to 2,000,000 on a log scale', () => {
    expect(subscribersAt(0)).toBe(1_000);
    expect(subscribersAt(SLIDER_STEPS)).toBe(2_000_000);
    expect(subscribersAt(SLIDER_STEPS / 2)).toBe(45_000);
  });

  it('gives nice numbers with two significant digits', () => {
    expect(niceRound(12_345)).toBe(12_000);
    expect(niceRound(1_987)).toBe(2_000);
    expect(niceRound(95)).toBe(95);
  });

  it('maps a count back to the position that shows it', () => {
    for (const n of [1_000, 5_000, 20_000, 100_000, 1_000_000]) expect(Math.abs(subscribersAt(positionOf(n)) - n) / n).toBeLessThan(0.02);
    expect(positionOf(10)).toBe(0);
    expect(positionOf(5_000_000)).toBe(SLIDER_STEPS);
  });

  it('is monotonic', () => {
    let prev = 0;
    for (let p = 0; p <= SLIDER_STEPS; p += 5) {
      const v = subscribersAt(p);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
  });
});
