import { describe, expect, it } from 'vitest';
import { linear, linePath, niceStep, niceTicks } from '../../../src/ui/charts/data/scale.ts';

describe('chart scales', () => {
  it('picks round steps', () => {
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(7, 4)).toBe(2);
    expect(niceStep(1_234_567, 4)).toBe(500_000);
  });

  it('gives ticks from 0 to a round maximum covering the data', () => {
    expect(niceTicks(93)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1_780_000)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
  });

  it('maps linearly and draws paths', () => {
    const y = linear(0, 100, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(
      linePath([
        [0, 1],
        [2.25, 3],
      ]),
    ).toBe('M0.0,1.0L2.3,3.0');
  });
});
