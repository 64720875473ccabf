/**
 * Fuzz: `cdrgen batch` with random flag combinations — valid, hostile, missing, repeated, unknown — and
 * hostile `--config` files. Every run either exits 0 with a complete folder (manifest, sizes and SHA-256
 * matching, no `.partial`), or exits 2 with exactly one stderr line naming the flag at fault, leaving no
 * `.partial` and nothing that looks complete (no manifest). A bounded number of real spawned runs.
 */
import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/core/index.ts';
import { UsageError, scenarioFromFlags } from '../../../src/cli/args.ts';
import { tempDir } from '../cli/helpers.ts';
import { checkComplete, listFiles, manifestNames, runCdrgen } from './cli-helpers.ts';

/** Spawned runs per property (each 0.3–2 s): the suite's budget, not its reach; the seed makes them reproducible. */
const RUNS = 14;

let dir = '';
/** Paths of the --config files, by name (written in beforeAll). */
const configs: Record<string, string> = {};
const CONFIG_NAMES = [
  'valid.json',
  'proto-region.json',
  'proto-top.json',
  'constructor.json',
  'infinite.json',
  'deep.json',
  'deep-object.json',
  'big-string.json',
  'broken.json',
  'array.json',
  'empty.json',
  'bom.json',
  'zero-weights.json',
  'unknown-region.json',
  'too-many-rows.json',
  'no-service.json',
  'wrong-types.json',
  'missing.json',
  'a-folder.json',
] as const;

beforeAll(() => {
  dir = tempDir('cdrgen-fuzz-');
  const mali = PROFILES['mali-omea']!;
  const files: Record<string, string> = {
    'valid.json': JSON.stringify({ seed: 3, period: { days: 1 }, population: { subscribers: 200 }, volume: { mode: 'rows', rows: 300 } }),
    'proto-region.json': '{"regionWeights":{"__proto__":5}}',
    'proto-top.json': '{"__proto__":{"polluted":1},"seed":1}',
    'constructor.json': '{"period":{"constructor":{"prototype":{"days":0}}}}',
    'infinite.json': '{"seed":1e400}',
    'deep.json': `{"population":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    'deep-object.json': `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
    'big-string.json': `{"profile":"${'x'.repeat(10 * 1024 * 1024)}"}`,
    'broken.json': '{ "seed": 1, ',
    'array.json': '[1,2]',
    'empty.json': '',
    'bom.json': '\ufeff{}',
    'zero-weights.json': JSON.stringify({ regionWeights: Object.fromEntries(mali.regions.map((r) => [r.name, 0])) }),
    'unknown-region.json': '{"regionWeights":{"Conakry":5}}',
    'too-many-rows.json': '{"volume":{"mode":"rows","rows":1e11}}',
    'no-service.json': '{"services":{"voice":{"enabled":false},"sms":{"enabled":false},"data":{"enabled":false}}}',
    'wrong-types.json': '{"seed":"42","period":{"days":"1"},"schema":7}',
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    configs[name] = join(dir, name);
  }
  configs['missing.json'] = join(dir, 'missing.json');
  mkdirSync(join(dir, 'a-folder.json'));
  configs['a-folder.json'] = join(dir, 'a-folder.json');
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  expect(Object.keys(configs).sort()).toEqual([...CONFIG_NAMES].sort());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values of a flag: good ones only on a clean command line; on a hostile one, a bad one time in five. */
const values = <T>(good: readonly T[], bad: readonly T[], hostile: boolean): fc.Arbitrary<T> =>
  hostile
    ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) })
    : fc.constantFrom(...good);
const NUMBER_BAD = ['', ' ', 'x', '-1', '0', '1.5', '1e400', 'NaN', 'Infinity', '0x10', '1_000', '--days'];

/** One flag and its value (good values keep every run small: ≤ 2 days, ≤ 3,000 subscribers, ≤ 5,000 rows). */
function flag(hostile: boolean): fc.Arbitrary<string[]> {
  const f = (name: string, good: readonly string[], bad: readonly string[]) => values(good, bad, hostile).map((v) => [name, v]);
  const flags = [
    f('--seed', ['0', '42', '9007199254740991'], [...NUMBER_BAD, '9007199254740992']),
    f('--start', ['2025-10-01', '2024-02-29', '2999-12-31'], ['2025-02-30', '1/10/2025', '', '1970-01-01', '2025-10-01T00:00']),
    f('--profile', ['mali-omea', 'guinea'], ['atlantis', '', '__proto__', 'constructor']),
    f('--type', ['voice', 'sms,data', 'all', 'data,voice'], ['', 'fax', ',', 'voice,fax']),
    f('--schema', ['legacy', 'extended'], ['fancy', '']),
    f('--format', ['csv', 'ndjson', 'parquet', 'arrow', 'iceberg'], ['xml', '']),
    f('--compression', ['zstd', 'snappy', 'none'], ['gzip']),
    f('--partition-by', ['none', 'type,date', 'type,date,hour', 'type,date,region'], ['bogus', 'type,type', 'hour']),
    f('--max-rows-per-file', ['1000', '5000'], ['999', 'abc', '1e9']),
    f('--workers', ['1', '2'], ['0', '65', '1.5', 'two']),
    f('--shard', ['0/1', '0/2', '1/2'], ['2/2', 'x', '1/0', '-1/2', '0/100001']),
    f('--rows', ['1', '700', '5000'], [...NUMBER_BAD, '1e11']),
    f('--records-per-day', ['100', 'voice=50,sms=10', 'data=0,sms=7'], ['voice=1=2', 'fax=1', 'voice=1,voice=2', 'voice=', '1e10', '-3']),
    hostile
      ? fc.constantFrom(...CONFIG_NAMES).map((name) => ['--config', `@config:${name}`])
      : fc.constant<string[]>(['--config', '@config:valid.json']),
  ];
  if (hostile) flags.push(fc.constantFrom<string[]>(['--bogus'], ['--dayz', '2'], ['extra-positional'], ['-x'], ['--days=1'], ['--out']));
  return fc.oneof(...flags);
}

/** A command line, clean or hostile: small --days/--subscribers always, 0–4 more flags, and (usually) --out. */
const argv = fc
  .oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) })
  .chain((hostile) =>
    fc.record({
      days: values(['1', '2'], NUMBER_BAD.concat(['3661', '1e4']), hostile),
      subscribers: values(['10', '500', '3000'], NUMBER_BAD.concat(['9', '10000001']), hostile),
      more: fc.array(flag(hostile), { maxLength: 4 }),
      out: hostile ? fc.constantFrom('fresh', 'fresh', 'nested', 'file', 'under-file', 'none') : fc.constantFrom('fresh', 'nested'),
      workers: fc.constantFrom('1', '2'),
    }),
  )
  .map((r) => ({
    ...r,
    args: ['batch', '--workers', r.workers, ...r.more.flat(), '--days', r.days, '--subscribers', r.subscribers],
  }));

describe('cdrgen batch fuzz (real spawned runs)', () => {
  it('answers every command line with a complete folder, or one line naming the flag and nothing that looks complete', async () => {
    const outcomes = { ok: 0, usage: 0 };
    let k = 0;
    await fc.assert(
      fc.asyncProperty(argv, async ({ args, out: outKind }) => {
        const base = join(dir, `run-${k++}`);
        const out = {
          fresh: base,
          nested: join(base, 'a', 'b'),
          file: join(dir, 'a-file'),
          'under-file': join(dir, 'a-file', 'sub'),
          none: '',
        }[outKind]!;
        const full = args.map((a) => (a.startsWith('@config:') ? configs[a.slice(8)]! : a));
        if (out) full.push('--out', out);
        const r = await runCdrgen(full, 90_000);
        const what = `cdrgen ${full.join(' ').replace(dir, '$DIR')}\n${r.stderr}`;
        expect(r.signal, what).toBeNull();
        expect(r.stdout, what).toBe('');
        const lines = r.stderr.trim().split('\n');
        const files = out ? listFiles(out) : [];
        if (r.code === 0) {
          outcomes.ok++;
          expect(lines.at(-1), what).toMatch(/^cdrgen: wrote \d+ CDR rows/);
          if (full.includes('iceberg')) {
            expect(
              files.filter((f) => f.endsWith('.partial')),
              what,
            ).toEqual([]);
            expect(files.filter((f) => f.endsWith('version-hint.text')).length, what).toBeGreaterThan(0);
          } else checkComplete(out);
        } else {
          outcomes.usage++;
          // Usage errors only (2): a 1 would be a failure during the run, i.e. something the checks let through.
          expect(r.code, what).toBe(2);
          expect(lines, what).toHaveLength(1);
          expect(lines[0], what).toMatch(/^cdrgen: error: /);
          expect(lines[0], what).toMatch(/--[a-z][a-z-]*|too many arguments|unknown command/);
          expect(lines[0]!.length, what).toBeLessThan(1_000);
          expect(
            files.filter((f) => f.endsWith('.partial')),
            what,
          ).toEqual([]);
          expect(manifestNames(files), what).toEqual([]);
        }
      }),
      { seed: 9201, numRuns: RUNS, endOnFailure: true },
    );
    // Both kinds of answer were exercised.
    expect(outcomes.ok).toBeGreaterThanOrEqual(3);
    expect(outcomes.usage).toBeGreaterThanOrEqual(3);
  }, 400_000);

  it('names the flag for each hostile --config in one line (in-process; three of them through the real CLI)', async () => {
    const expectations: [string, RegExp][] = [
      ['proto-region.json', /^--config .*regionWeights\.__proto__: not a region name/],
      ['proto-top.json', /^--config .*__proto__/],
      ['constructor.json', /^--config .*period: .*constructor/],
      ['infinite.json', /^--seed \/ seed/],
      ['deep.json', /^--config .*population: expected an object/],
      ['deep-object.json', /^--config .*Unrecognized key.*"a"/],
      ['big-string.json', /^--profile \/ profile: unknown profile/],
      ['broken.json', /^--config .*not valid JSON/],
      ['array.json', /^--config .*expected a JSON object/],
      ['empty.json', /^--config .*not valid JSON/],
      ['bom.json', /^--config .*not valid JSON/],
      ['zero-weights.json', /^--config .*regionWeights: region weights must not all be 0/],
      ['unknown-region.json', /^--config .*regionWeights\.Conakry: unknown region/],
      ['too-many-rows.json', /^--rows \/ volume\.rows: rows is too large/],
      ['no-service.json', /^--type \/ services: no service is enabled/],
      ['wrong-types.json', /^--seed \/ seed: seed must be an integer \(and 1 more problem\)/],
      ['missing.json', /^--config .*cannot read the file \(ENOENT\)/],
      ['a-folder.json', /^--config .*cannot read the file \(EISDIR\)/],
    ];
    for (const [name, re] of expectations) {
      let message = '';
      try {
        scenarioFromFlags({ config: configs[name]!, days: '1', subscribers: '100' });
      } catch (e) {
        expect(e, name).toBeInstanceOf(UsageError);
        message = (e as Error).message;
      }
      expect(message, name).toMatch(re);
      expect(message.length, name).toBeLessThan(1_000);
      expect(message, name).not.toMatch(/\n/);
    }
    for (const name of ['proto-region.json', 'deep.json', 'big-string.json']) {
      const out = join(dir, `cfg-${name}`);
      const r = await runCdrgen(['batch', '--config', configs[name]!, '--days', '1', '--subscribers', '100', '--out', out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatch(new RegExp(`^cdrgen: error: ${expectations.find(([n]) => n === name)![1].source.slice(1)}`));
      expect(listFiles(out), name).toEqual([]);
    }
  }, 120_000);
});
