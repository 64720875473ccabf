import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdrgen, tempDir } from './helpers.ts';

const cdrFiles = (d: string) =>
  readdirSync(d)
    .filter((f) => /_cdr_\d{8}_\d+\.csv$/.test(f))
    .sort();
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('cdrgen batch --continue', () => {
  it('3 days then --continue 4 days equals one 7-day run, byte for byte (ids and dates included)', () => {
    const whole = tempDir();
    const split = tempDir();
    const args = ['--subscribers', '10000', '--seed', '9'];
    expect(cdrgen(['batch', ...args, '--days', '7', '--out', whole]).code).toBe(0);
    expect(cdrgen(['batch', ...args, '--days', '3', '--out', split]).code).toBe(0);
    expect(cdrFiles(split)).toHaveLength(9);
    const r = cdrgen(['batch', '--continue', split, '--days', '4']);
    expect(r.code, r.stderr).toBe(0);
    expect(cdrFiles(split)).toEqual(cdrFiles(whole));
    for (const f of cdrFiles(whole)) expect(sha(join(split, f)), f).toBe(sha(join(whole, f)));
    const legacy = JSON.parse(readFileSync(join(split, 'state_generation.txt'), 'utf8')) as Record<
      string,
      { last_date: string; last_id: string }
    >;
    expect(legacy.voice!.last_date).toBe('2025-10-07');
    expect(legacy.voice!.last_id).toMatch(/^CALL_\d{6,}$/);
  });

  it('refuses to continue with a different seed, naming the flag', () => {
    const d = tempDir();
    expect(cdrgen(['batch', '--subscribers', '2000', '--days', '1', '--out', d]).code).toBe(0);
    const r = cdrgen(['batch', '--continue', d, '--seed', '1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--seed differs from the previous run \(42\)/);
  });

  it('explains a folder without state', () => {
    const r = cdrgen(['batch', '--continue', tempDir()]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--continue .*no \.cdrgen-state\.json/);
  });
});
