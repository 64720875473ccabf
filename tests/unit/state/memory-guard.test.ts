import { describe, expect, it } from 'vitest';
import { effectiveDestination, unavailable } from '../../../src/state/destination.ts';
import { checkMemory, deviceMemory, IN_MEMORY_LIMIT_BYTES, inMemoryLimitBytes } from '../../../src/state/memory-guard.ts';
import { checkForm, DEFAULT_FORM, type FormValues } from '../../../src/state/scenario-form.ts';
import { estimateOutputBytes, setValues, useStudio } from '../../../src/state/studio.ts';

const form = (patch: Partial<FormValues>): FormValues => ({ ...DEFAULT_FORM, ...patch });
/** The form's run as the app checks it (no size limit in the form itself), and its estimated bytes. */
const estimateOf = (values: FormValues): number => {
  const c = checkForm(values, estimateOutputBytes, Number.POSITIVE_INFINITY);
  expect(c.errors).toEqual({});
  return estimateOutputBytes(c.plan!, values);
};

describe('memory guard', () => {
  it('limits in-memory downloads to 1.5 GB, lowered to a quarter of a small device memory', () => {
    expect(IN_MEMORY_LIMIT_BYTES).toBe(1_500_000_000);
    expect(inMemoryLimitBytes(undefined)).toBe(IN_MEMORY_LIMIT_BYTES);
    expect(inMemoryLimitBytes(8)).toBe(IN_MEMORY_LIMIT_BYTES);
    expect(inMemoryLimitBytes(4)).toBe(1_000_000_000);
    expect(inMemoryLimitBytes(2)).toBe(500_000_000);
    expect(inMemoryLimitBytes(0.25)).toBe(62_500_000);
    expect(inMemoryLimitBytes(Number.NaN)).toBe(IN_MEMORY_LIMIT_BYTES);
    expect(deviceMemory({ deviceMemory: 4 })).toBe(4);
    expect(deviceMemory({})).toBeUndefined();
    expect(deviceMemory(undefined)).toBeUndefined();
  });

  it('refuses an in-memory run over the limit with the estimate and the limit, and lets a disk run through', () => {
    const limit = 1_500_000_000;
    expect(checkMemory(limit, true, limit)).toEqual({ ok: true, estimateBytes: limit, limitBytes: limit });
    expect(checkMemory(limit + 1, true, limit)).toEqual({ ok: false, estimateBytes: limit + 1, limitBytes: limit });
    expect(checkMemory(50e9, false, limit).ok).toBe(true);
  });

  it('refuses 30 days × 1 M subscribers of CSV in memory (≈ 28 GB) but not on disk; the default run fits a big device only', () => {
    const big = form({ days: '30', subscribers: '1000000' });
    const csv = estimateOf(big);
    expect(csv).toBeGreaterThan(20e9);
    const refusal = checkMemory(csv, true, inMemoryLimitBytes(8));
    expect(refusal.ok).toBe(false);
    expect(refusal.estimateBytes).toBe(Math.round(csv));
    expect(checkMemory(csv, false, inMemoryLimitBytes(8)).ok).toBe(true);
    // The default scenario (≈ 6.5 M rows of CSV, ≈ 650 MB) fits on a big device, not on a 2 GB one.
    const small = estimateOf(DEFAULT_FORM);
    expect(checkMemory(small, true, inMemoryLimitBytes(8)).ok).toBe(true);
    expect(checkMemory(small, true, inMemoryLimitBytes(2)).ok).toBe(false);
    // Parquet (zstd) of the big run is about 8 × smaller than its CSV.
    const parquet = estimateOf(
      form({ days: '30', subscribers: '1000000', output: { format: 'parquet', compression: 'zstd', partitionBy: ['type', 'date'] } }),
    );
    expect(parquet).toBeLessThan(csv / 4);
  });

  it('the app form no longer refuses big runs itself: the guard decides, by destination', () => {
    const big = form({ days: '30', subscribers: '1000000' });
    // The form module's default limit still refuses it (direct callers keep their 1.5 GB check)…
    expect(checkForm(big, estimateOutputBytes).errors.form?.key).toBe('tooBig');
    // …while the studio's check (what the page uses) plans it, for the guard to judge.
    setValues(big);
    const c = useStudio.getState().check;
    expect(c.errors).toEqual({});
    expect(c.scenario).not.toBeNull();
    expect(c.plan!.total).toBeGreaterThan(250_000_000);
  });

  it('offers the disk destinations only where the File System Access API exists, and never for Iceberg', () => {
    const all = { folder: true, zip: true };
    const none = { folder: false, zip: false };
    expect(unavailable('memory', 'csv', none)).toBeNull();
    expect(unavailable('folder', 'csv', none)).toBe('noApi');
    expect(unavailable('zip', 'parquet', all)).toBeNull();
    expect(unavailable('folder', 'iceberg', all)).toBe('iceberg');
    expect(effectiveDestination('folder', 'csv', none)).toBe('memory');
    expect(effectiveDestination('folder', 'csv', all)).toBe('folder');
    expect(effectiveDestination('zip', 'iceberg', all)).toBe('memory');
  });
});
