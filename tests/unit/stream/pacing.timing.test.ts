// Wall-clock pacing: run alone (scripts/test-all.mjs runs *.timing.test.ts after the other unit tests,
// one file at a time) so that other test files' CPU load does not distort the measured rate.
import { describe, expect, it } from 'vitest';
import { cdrgenAsync, SMALL_FLAGS } from './helpers.ts';

describe('cdrgen stream pacing', () => {
  it('--rate 2000 --duration 10 delivers 20,000 ± 2 % events in 10 ± 0.5 s', async () => {
    let first = 0;
    let last = 0;
    const r = await cdrgenAsync(['stream', ...SMALL_FLAGS, '--rate', '2000', '--duration', '10'], {
      onStdout: (_c, at) => {
        first ||= at;
        last = at;
      },
    });
    expect(r.code, r.stderr).toBe(0);
    const n = r.stdout.split('\n').filter(Boolean).length;
    expect(Math.abs(n - 20_000)).toBeLessThanOrEqual(400);
    expect(Math.abs((last - first) / 1000 - 10)).toBeLessThanOrEqual(0.5);
    expect(r.stderr).toMatch(/streamed \d+ events .* duration reached/);
  });

});
