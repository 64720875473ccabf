import { describe, expect, it } from 'vitest';
import { readHash, shareHash } from '../../../src/state/scenario-doc.ts';
import { advancedCount, checkForm, DEFAULT_FORM, truthKindOf, withTruthKind } from '../../../src/state/scenario-form.ts';

describe('faults & fraud in the form', () => {
  it('edits kinds, drops switched-off ones and round-trips through the share link', () => {
    let v = withTruthKind(DEFAULT_FORM, 'faults', 'exactDuplicates', { enabled: true, rate: 0.004 });
    v = withTruthKind(v, 'fraud', 'simBox', { enabled: true, share: 0.002 });
    expect(truthKindOf(v, 'faults', 'exactDuplicates')).toEqual({ enabled: true, rate: 0.004 });
    expect(advancedCount(v.advanced)).toBe(0);
    const back = readHash(shareHash({ ...v, output: { ...v.output, format: 'iceberg', warehouse: 's3://x/y' } }));
    expect(back?.ok).toBe(true);
    if (!back?.ok) return;
    expect(truthKindOf(back.values, 'faults', 'exactDuplicates')).toMatchObject({ enabled: true, rate: 0.004 });
    expect(truthKindOf(back.values, 'fraud', 'simBox')).toMatchObject({ enabled: true, share: 0.002 });
    expect(back.values.output).toMatchObject({ format: 'iceberg', warehouse: 's3://x/y' });
    const off = withTruthKind(withTruthKind(v, 'faults', 'exactDuplicates', { enabled: false }), 'fraud', 'simBox', { enabled: false });
    expect(off.advanced).toBeNull();
  });

  it('plans the added rows', () => {
    const v = withTruthKind({ ...DEFAULT_FORM, days: '1', subscribers: '2000' }, 'faults', 'exactDuplicates', {
      enabled: true,
      rate: 0.01,
    });
    const c = checkForm(v);
    expect(c.errors).toEqual({});
    expect(c.plan?.truth?.duplicates.voice).toBeGreaterThan(0);
  });
});
