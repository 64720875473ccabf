/**
 * Custom (imported) profiles: a scenario's `profile` may be an object. The engine uses its regions,
 * towns, numbering and operators; bad profiles give field-named errors; the CLI takes `--profile file.json`.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld, generateChunk, parseScenario, resolveModel, ScenarioError } from '../../../src/core/index.ts';
import { profileIdOf } from '../../../src/core/scenario.ts';
import { cdrgen, ROOT, tempDir } from '../cli/helpers.ts';

const FILE = join(ROOT, 'tests', 'fixtures', 'senegal-profile.json');
const senegal = () => JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown> & { regions: Record<string, unknown>[] };

/** The first issue of a scenario that must be refused. */
function refusal(profile: unknown): string {
  try {
    resolveModel(parseScenario({ profile }));
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('custom profile', () => {
  it('drives the simulation: regions, cells, numbering and region shares come from the profile', () => {
    const scenario = parseScenario({ profile: senegal(), population: { subscribers: 5000 }, period: { days: 1 } });
    expect(profileIdOf(scenario)).toBe('senegal-demo');
    const w = buildWorld(resolveModel(scenario));
    expect(w.model.profile.currency).toBe('XOF');
    expect(w.model.profile.regions.map((r) => r.name)).toEqual(['Dakar', 'Thiès', 'Tambacounda']);
    expect(new Set(w.cells.id.map((id) => id.slice(0, 8)))).toEqual(new Set(['CELL_DAK', 'CELL_THI', 'CELL_TAM']));
    // Every subscriber: 221 + a 77/78 prefix + 7 digits (12 digits in all).
    for (let s = 0; s < w.subs.n; s++) expect(String(w.subs.msisdn[s])).toMatch(/^2217[78]\d{7}$/);
    let total = 0;
    const byRegion = [0, 0, 0];
    for (let c = 0; c < w.plan.chunks.length; c++) {
      const o = generateChunk(w, c);
      for (const b of [o.voice, o.sms, o.data]) {
        if (!b) continue;
        for (let i = 0; i < b.length; i++) byRegion[w.cells.region[b.cell[i]!]!]! += 1;
        total += b.length;
      }
    }
    expect(total).toBeGreaterThan(10_000);
    // Traffic shares follow the region weights 50 / 30 / 20 (± 3 points: activity is heterogeneous).
    [0.5, 0.3, 0.2].forEach((share, r) => expect(Math.abs(byRegion[r]! / total - share)).toBeLessThan(0.03));
  });

  it('refuses bad profiles with the field named', () => {
    const dupCode = senegal();
    dupCode.regions[1]!.code = 'DAK';
    expect(refusal(dupCode)).toBe('profile.regions[1].code: duplicate region code "DAK"');
    const lat = senegal();
    (lat.regions[0]!.towns as Record<string, unknown>[])[0]!.lat = 120;
    expect(refusal(lat)).toBe('profile.regions[0].towns[0].lat: lat must be between -90 and 90');
    const markup = senegal();
    markup.regions[2]!.name = '<img src=x onerror=alert(1)>';
    expect(refusal(markup)).toMatch(/^profile\.regions\[2\]\.name: region name must be plain text/);
    expect(refusal({ ...senegal(), id: 'mali-omea' })).toBe('profile.id: id must differ from the built-in profiles');
    expect(refusal({ ...senegal(), extra: 1 })).toMatch(/^profile: Unrecognized key/);
    expect(refusal({ ...senegal(), nationalLength: 10, operators: undefined })).toMatch(/^profile\.operators: nationalLength differs/);
    const prefixes = senegal();
    (prefixes.operators as { prefixes: string[] }[])[0]!.prefixes = ['77', '780'];
    expect(refusal(prefixes)).toBe('profile.operators[0].prefixes[1]: the prefixes of the first operator must all have the same length');
    expect(refusal({ ...senegal(), regions: [] })).toBe('profile.regions: a profile needs at least one region');
    expect(refusal(JSON.parse('{"__proto__": {"polluted": 1}, "id": "x", "name": "x", "regions": []}'))).toMatch(/^profile/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(refusal('atlantis')).toMatch(/^profile: unknown profile/);
    expect(refusal(42)).toBe('profile: profile must be a profile id or a custom profile object');
    // The numbering space of the served operator bounds the subscribers.
    const small = {
      ...senegal(),
      nationalLength: 6,
      operators: [{ id: 'a', name: 'A', mcc: '608', mnc: '01', prefixes: ['7'], marketShare: 1 }],
    };
    expect(() => resolveModel(parseScenario({ profile: small, population: { subscribers: 200_000 } }))).toThrow(
      /population\.subscribers: must be ≤ 100000/,
    );
  });
});

describe('cdrgen --profile file.json', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('generates with the custom profile, byte-identical to --config with the profile inline', () => {
    const a = tempDir('cdrgen-profile-');
    const b = tempDir('cdrgen-profile-');
    dirs.push(a, b);
    const r1 = cdrgen(['batch', '--profile', FILE, '--subscribers', '3000', '--days', '1', '--out', a]);
    expect(r1.code, r1.stderr).toBe(0);
    const cfg = join(b, '..', `${b.split('/').pop()}-scenario.json`);
    writeFileSync(cfg, JSON.stringify({ profile: senegal(), population: { subscribers: 3000 }, period: { days: 1 } }));
    const r2 = cdrgen(['batch', '--config', cfg, '--out', b]);
    rmSync(cfg);
    expect(r2.code, r2.stderr).toBe(0);
    const files = readdirSync(a).sort();
    expect(files).toContain('cell_towers_senegal.csv');
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files.filter((x) => x.endsWith('.csv')))
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    const voice = readFileSync(
      join(
        a,
        files.find((f) => /voice/i.test(f) && f.endsWith('.csv'))!,
      ),
      'utf8',
    ).split('\n');
    expect(voice[1]).toMatch(/,2217[678]\d{7},/);
    expect(readFileSync(join(a, 'manifest.json'), 'utf8')).toContain('"senegal-demo"');
  });

  it('names the flag and the field of a bad profile file', () => {
    const d = tempDir('cdrgen-profile-');
    dirs.push(d);
    const bad = join(d, 'bad.json');
    const p = senegal();
    p.regions[0]!.code = 'dakar';
    writeFileSync(bad, JSON.stringify(p));
    const r = cdrgen(['batch', '--profile', bad, '--days', '1', '--out', join(d, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profile .*bad\.json: profile\.regions\[0\]\.code: region code must be 3 capital letters/);
    const missing = cdrgen(['batch', '--profile', join(d, 'nope.json'), '--out', join(d, 'out')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--profile .*nope\.json: cannot read the file \(ENOENT\)/);
  });
});
