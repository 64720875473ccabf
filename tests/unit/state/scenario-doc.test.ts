import { describe, expect, it } from 'vitest';
import {
  fromBase64Url,
  MAX_DOC_CHARS,
  readHash,
  readJsonText,
  recallForm,
  rememberForm,
  shareHash,
  toBase64Url,
} from '../../../src/state/scenario-doc.ts';
import { DEFAULT_FORM, type FormValues } from '../../../src/state/scenario-form.ts';

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

const custom: FormValues = {
  ...DEFAULT_FORM,
  profile: 'guinea',
  days: '2',
  subscribers: '8000',
  seed: '99',
  regionWeights: [310, 160, 130, 130, 90, 60, 60, 60],
  output: { format: 'arrow', compression: 'zstd', partitionBy: ['type', 'date'] },
};

describe('scenario documents', () => {
  it('base64url round-trips UTF-8 text (region names with accents)', () => {
    const s = '{"Nzérékoré":13,"x":"+/="}';
    const b = toBase64Url(s);
    expect(b).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(b)).toBe(s);
  });

  it('a share link restores every control', () => {
    const r = readHash(shareHash(custom));
    expect(r).toEqual({ ok: true, values: custom, hasOutput: true });
  });

  it('an empty or unrelated hash is not a scenario', () => {
    expect(readHash('')).toBeNull();
    expect(readHash('#')).toBeNull();
    expect(readHash('#section-2')).toBeNull();
  });

  it.each([
    ['#s=%%%', 'encoding'],
    ['#s=!!!!', 'encoding'],
    [`#s=${toBase64Url('not json')}`, 'json'],
    [`#s=${toBase64Url('[1,2]')}`, 'notObject'],
    [`#s=${toBase64Url('{"scenario":{"seed":-4}}')}`, 'scenario'],
    [`#s=${toBase64Url('{"scenario":{"__proto__":{"polluted":1}}}')}`, 'scenario'],
    [`#s=${toBase64Url('{"scenario":{},"output":{"format":"exe"}}')}`, 'output'],
    [`#s=${toBase64Url('{"scenario":{"period":{"days":3000}}}')}`, 'field'],
    [`#s=${toBase64Url('{"scenario":{},"extra":1}')}`, 'scenario'],
    [`#s=${'A'.repeat(MAX_DOC_CHARS + 10)}`, 'tooLong'],
  ])('refuses the hostile or broken link %s (%s)', (hash, key) => {
    const r = readHash(hash);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.key).toBe(key);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads an exported scenario file (a bare scenario, as the CLI takes it)', () => {
    const r = readJsonText(JSON.stringify({ seed: 5, period: { days: 2 }, population: { subscribers: 3000 } }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.values).toMatchObject({ seed: '5', days: '2', subscribers: '3000', output: DEFAULT_FORM.output });
  });

  it('remembers the last scenario and drops a corrupted copy', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    rememberForm(custom, storage);
    expect(recallForm(storage)).toEqual(custom);
    storage.setItem('cdr-studio.scenario.v1', '{broken');
    expect(recallForm(storage)).toBeNull();
    expect(storage.getItem('cdr-studio.scenario.v1')).toBeNull();
  });
});
