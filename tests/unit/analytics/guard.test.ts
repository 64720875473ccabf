/** Explore's memory guard. */
import { describe, expect, it } from 'vitest';
import {
  checkLoad,
  estimateLoad,
  EXPLORE_BYTES_PER_REFERENCE_ROW,
  EXPLORE_BYTES_PER_ROW,
  EXPLORE_DEVICE_SHARE,
  EXPLORE_MAX_BYTES,
  loadLimit,
} from '../../../src/analytics/guard.ts';

const GiB = 1024 ** 3;

describe('Explore memory guard', () => {
  it('estimates rows × bytes per row', () => {
    expect(estimateLoad(1_000_000, 100_000).bytes).toBe(1_000_000 * EXPLORE_BYTES_PER_ROW + 100_000 * EXPLORE_BYTES_PER_REFERENCE_ROW);
  });

  it('loads a million rows, refuses ten million on any device', () => {
    expect(checkLoad(estimateLoad(1_000_000, 100_000)).ok).toBe(true);
    const v = checkLoad(estimateLoad(10_000_000, 100_000));
    expect(v.ok).toBe(false);
    expect(v.limit).toBe(EXPLORE_MAX_BYTES);
    if (!v.ok) {
      // The advice: how many rows would fit.
      expect(v.maxRows * EXPLORE_BYTES_PER_ROW + 100_000 * EXPLORE_BYTES_PER_REFERENCE_ROW).toBeLessThanOrEqual(EXPLORE_MAX_BYTES);
      expect((v.maxRows + 1) * EXPLORE_BYTES_PER_ROW + 100_000 * EXPLORE_BYTES_PER_REFERENCE_ROW).toBeGreaterThan(EXPLORE_MAX_BYTES);
    }
  });

  it('the limit is the constant, lowered on small devices and small JS heaps', () => {
    expect(loadLimit()).toBe(EXPLORE_MAX_BYTES);
    expect(loadLimit({ deviceMemoryGiB: 8 })).toBe(EXPLORE_MAX_BYTES);
    expect(loadLimit({ deviceMemoryGiB: 2 })).toBe(2 * GiB * EXPLORE_DEVICE_SHARE);
    expect(loadLimit({ jsHeapSizeLimit: 1 * GiB })).toBe(0.5 * GiB);
    expect(loadLimit({ deviceMemoryGiB: 4, jsHeapSizeLimit: 4 * GiB })).toBe(1 * GiB);
    // The same run: fine on a laptop, refused on a 1 GiB phone.
    const run = estimateLoad(2_000_000, 50_000);
    expect(checkLoad(run, { deviceMemoryGiB: 8 }).ok).toBe(true);
    expect(checkLoad(run, { deviceMemoryGiB: 1 }).ok).toBe(false);
  });

  it('the exact limit is allowed, one byte more is not', () => {
    const rows = Math.floor(EXPLORE_MAX_BYTES / EXPLORE_BYTES_PER_ROW);
    expect(checkLoad(estimateLoad(rows, 0)).ok).toBe(true);
    expect(checkLoad({ rows, referenceRows: 0, bytes: EXPLORE_MAX_BYTES + 1 }).ok).toBe(false);
  });
});
