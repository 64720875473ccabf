import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScenarioError, defaultScenario, parseScenario, resolveModel, PROFILE_IDS } from '../../../src/core/index.ts';

/** The ScenarioError thrown by fn (fails the test on success or on any other error). */
function scenarioError(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

const parseError = (input: unknown) => scenarioError(() => parseScenario(input));
const resolveError = (input: unknown, only?: ('voice' | 'sms' | 'data')[]) => scenarioError(() => resolveModel(parseScenario(input), only));

describe('parseScenario defaults', () => {
  it('fills in the documented defaults', () => {
    const s = parseScenario({});
    expect(s).toEqual({
      version: 1,
      seed: 42,
      profile: 'mali-omea',
      period: { start: '2025-10-01', days: 7 },
      population: { subscribers: 100_000 },
      volume: { mode: 'activity' },
      services: {},
      schema: 'legacy',
    });
    expect(defaultScenario()).toEqual(s);
    expect(parseScenario(undefined)).toEqual(s);
    expect(parseScenario(null)).toEqual(s);
  });

  it('fills exact-mode defaults from the legacy generator (10000 voice, 5000 sms, 3000 data)', () => {
    expect(parseScenario({ volume: { mode: 'exact' } }).volume).toEqual({
      mode: 'exact',
      recordsPerDay: { voice: 10_000, sms: 5_000, data: 3_000 },
    });
  });

  it('keeps valid values and resolves every built-in profile', () => {
    const s = parseScenario({
      seed: 0,
      profile: 'guinea',
      period: { start: '2024-02-29', days: 1 },
      population: { subscribers: 10 },
      volume: { mode: 'rows', rows: 1 },
      schema: 'extended',
    });
    expect(s.seed).toBe(0);
    expect(s.period).toEqual({ start: '2024-02-29', days: 1 });
    for (const profile of PROFILE_IDS) {
      const m = resolveModel(parseScenario({ profile }));
      expect(m.profile.id).toBe(profile);
      expect(m.types).toEqual(['voice', 'sms', 'data']);
    }
  });

  it('applies overrides on top of the profile and honours onlyTypes and enabled flags', () => {
    const m = resolveModel(
      parseScenario({
        regionWeights: { Kidal: 10 },
        population: { dataUserShare: 0.7 },
        services: { voice: { outcomes: { answered: 90 } }, sms: { enabled: false } },
      }),
    );
    expect(m.profile.regions.find((r) => r.name === 'Kidal')!.weight).toBe(10);
    expect(m.profile.regions.find((r) => r.name === 'Bamako')!.weight).toBe(27);
    expect(m.profile.population.dataUserShare).toBe(0.7);
    expect(m.profile.voice.outcomes.answered).toBe(90);
    expect(m.profile.voice.outcomes.busy).toBe(6);
    expect(m.types).toEqual(['voice', 'data']);
    expect(resolveModel(parseScenario({}), ['data', 'voice']).types).toEqual(['voice', 'data']);
  });
});

describe('parseScenario rejects bad input with a ScenarioError naming the field', () => {
  const cases: [string, unknown, string][] = [
    ['days = 0', { period: { days: 0 } }, 'period.days'],
    ['fractional days', { period: { days: 1.5 } }, 'period.days'],
    ['days as a string', { period: { days: '7' } }, 'period.days'],
    ['too many days', { period: { days: 100_000 } }, 'period.days'],
    ['NaN days', { period: { days: NaN } }, 'period.days'],
    ['impossible date', { period: { start: '2025-02-30' } }, 'period.start'],
    ['badly written date', { period: { start: '1/10/2025' } }, 'period.start'],
    ['negative seed', { seed: -1 }, 'seed'],
    ['fractional seed', { seed: 0.5 }, 'seed'],
    ['NaN seed', { seed: NaN }, 'seed'],
    ['infinite seed', { seed: Infinity }, 'seed'],
    ['seed as a string', { seed: '42' }, 'seed'],
    ['unsafe seed', { seed: 2 ** 60 }, 'seed'],
    ['unknown profile', { profile: 'atlantis' }, 'profile'],
    ['profile as a number', { profile: 3 }, 'profile'],
    ['too few subscribers', { population: { subscribers: 5 } }, 'population.subscribers'],
    ['too many subscribers', { population: { subscribers: 1e12 } }, 'population.subscribers'],
    ['subscribers NaN', { population: { subscribers: NaN } }, 'population.subscribers'],
    ['subscribers Infinity', { population: { subscribers: Infinity } }, 'population.subscribers'],
    ['subscribers as a string', { population: { subscribers: '1000' } }, 'population.subscribers'],
    ['prepaid share above 1', { population: { prepaidShare: 1.5 } }, 'population.prepaidShare'],
    ['negative region weight', { regionWeights: { Bamako: -1 } }, 'regionWeights.Bamako'],
    ['NaN region weight', { regionWeights: { Bamako: NaN } }, 'regionWeights.Bamako'],
    ['infinite region weight', { regionWeights: { Bamako: Infinity } }, 'regionWeights.Bamako'],
    ['region weight as a string', { regionWeights: { Bamako: '27' } }, 'regionWeights.Bamako'],
    ['rows missing', { volume: { mode: 'rows' } }, 'volume.rows'],
    ['rows = 0', { volume: { mode: 'rows', rows: 0 } }, 'volume.rows'],
    ['rows NaN', { volume: { mode: 'rows', rows: NaN } }, 'volume.rows'],
    ['rows as a string', { volume: { mode: 'rows', rows: '10' } }, 'volume.rows'],
    ['rows too large', { volume: { mode: 'rows', rows: 1e11 } }, 'volume.rows'],
    ['unknown volume mode', { volume: { mode: 'lots' } }, 'volume.mode'],
    ['exact records NaN', { volume: { mode: 'exact', recordsPerDay: { voice: NaN } } }, 'volume.recordsPerDay.voice'],
    ['negative outcome share', { services: { voice: { outcomes: { busy: -1 } } } }, 'services.voice.outcomes.busy'],
    ['infinite duration mu', { services: { voice: { durationMu: Infinity } } }, 'services.voice.durationMu'],
    ['schema unknown', { schema: 'fancy' }, 'schema'],
    ['version 2', { version: 2 }, 'version'],
  ];
  for (const [name, input, field] of cases) {
    it(`${name} → ${field}`, () => {
      const e = parseError(input);
      expect(e.message).toContain(`${field}:`);
      expect(e.issues.some((i) => i.path === field)).toBe(true);
    });
  }

  it('names unknown keys at the top level and inside nested objects', () => {
    expect(parseError({ sead: 42 }).message).toMatch(/sead/);
    const nested = parseError({ period: { days: 2, lenght: 3 } });
    expect(nested.message).toMatch(/^period: .*lenght/);
    expect(parseError({ population: { subscriber: 10 } }).message).toMatch(/population: .*subscriber/);
    expect(parseError({ services: { voice: { mocPerDay: 1 } } }).message).toMatch(/services\.voice: .*mocPerDay/);
    expect(parseError({ services: { mms: {} } }).message).toMatch(/services: .*mms/);
    expect(parseError({ volume: { mode: 'rows', rows: 5, extra: 1 } }).message).toMatch(/volume: .*extra/);
  });

  it('rejects non-object documents', () => {
    for (const bad of ['scenario', 42, true, [], [1, 2]]) expect(parseError(bad).issues.length).toBeGreaterThan(0);
  });
});

describe('resolveModel rejects inconsistent scenarios', () => {
  it('names unknown regions of the profile', () => {
    const e = resolveError({ regionWeights: { Conakry: 30 } });
    expect(e.message).toContain('regionWeights.Conakry:');
    expect(resolveError({ profile: 'guinea', regionWeights: { Bamako: 1 } }).message).toContain('regionWeights.Bamako:');
    // Accent-folded names are not silently accepted either.
    expect(resolveError({ regionWeights: { Ségou: 1 } }).message).toContain('regionWeights.Ségou:');
  });

  it('rejects all-zero weights and mixes', () => {
    const zero = { Bamako: 0, Segou: 0, Sikasso: 0, Kayes: 0, Mopti: 0, Tombouctou: 0, Gao: 0, Kidal: 0 };
    expect(resolveError({ regionWeights: zero }).message).toContain('regionWeights:');
    expect(resolveError({ services: { voice: { destinations: { onNet: 0, offNet: 0, international: 0 } } } }).message).toContain(
      'services.voice.destinations:',
    );
    expect(resolveError({ services: { sms: { delivery: { delivered: 0, failed: 0, pending: 0 } } } }).message).toContain(
      'services.sms.delivery:',
    );
    expect(resolveError({ services: { data: { rat: { '2G': 0, '3G': 0, '4G': 0, '5G': 0 } } } }).message).toContain('services.data.rat:');
  });

  it('rejects a run with no service enabled and selected', () => {
    expect(resolveError({ services: { voice: { enabled: false } } }, ['voice']).message).toContain('services:');
    expect(resolveError({ services: { voice: { enabled: false }, sms: { enabled: false }, data: { enabled: false } } }).message).toContain(
      'services:',
    );
  });
});

describe('scenario validation never crashes', () => {
  const keys = [
    'version',
    'seed',
    'profile',
    'regionWeights',
    'period',
    'population',
    'volume',
    'services',
    'schema',
    'start',
    'days',
    'subscribers',
    'mode',
    'rows',
    'voice',
    'sms',
    'data',
    'enabled',
    'Bamako',
    '__proto__',
    'constructor',
  ];
  const leaf = fc.oneof(
    fc.constantFrom(
      NaN,
      Infinity,
      -Infinity,
      -0,
      0,
      1,
      -1,
      1e300,
      2 ** 53,
      0.5,
      '',
      '7',
      'mali-omea',
      'guinea',
      'rows',
      'exact',
      'activity',
      '2025-10-01',
      null,
      true,
      false,
      undefined,
    ),
    fc.anything(),
  );
  const doc = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 5 }),
    ),
  })).node;

  it('answers any document with a Scenario or a ScenarioError (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(doc, fc.anything()), (input) => {
        let s;
        try {
          s = parseScenario(input);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          expect((e as ScenarioError).message.length).toBeGreaterThan(0);
          return;
        }
        try {
          const m = resolveModel(s);
          expect(m.types.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
        }
      }),
      { seed: 77, numRuns: 3000 },
    );
  });

  it('answers near-valid documents too, most of which reach resolveModel (fuzz)', () => {
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: leaf });
    const share = maybe(fc.double({ min: 0, max: 100, noNaN: true }));
    const near = fc.record(
      {
        seed: maybe(fc.nat()),
        profile: maybe(fc.constantFrom(...PROFILE_IDS)),
        regionWeights: maybe(fc.dictionary(fc.constantFrom('Bamako', 'Kidal', 'Conakry', 'Labé', 'Gao'), share, { maxKeys: 3 })),
        period: maybe(
          fc.record(
            { start: maybe(fc.constantFrom('2025-10-01', '2024-02-29', '2031-12-31')), days: maybe(fc.integer({ min: 1, max: 60 })) },
            { requiredKeys: [] },
          ),
        ),
        population: maybe(
          fc.record(
            { subscribers: maybe(fc.integer({ min: 10, max: 1e7 })), dataUserShare: maybe(fc.double({ min: 0, max: 1, noNaN: true })) },
            { requiredKeys: [] },
          ),
        ),
        volume: maybe(
          fc.oneof(
            fc.constant({ mode: 'activity' }),
            fc.record({ mode: fc.constant('rows'), rows: maybe(fc.integer({ min: 1, max: 1e9 })) }),
            fc.record({ mode: fc.constant('exact'), recordsPerDay: fc.record({ voice: maybe(fc.nat()) }, { requiredKeys: [] }) }),
          ),
        ),
        services: maybe(
          fc.record(
            {
              voice: fc.record(
                { enabled: fc.boolean(), outcomes: fc.record({ answered: share, busy: share }, { requiredKeys: [] }) },
                { requiredKeys: [] },
              ),
              sms: fc.record({ enabled: fc.boolean() }, { requiredKeys: [] }),
            },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    let resolved = 0;
    fc.assert(
      fc.property(near, fc.subarray(['voice', 'sms', 'data'] as const), (input, only) => {
        let s;
        try {
          s = parseScenario(input);
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
          return;
        }
        try {
          resolveModel(s, only.length ? only : undefined);
          resolved++;
        } catch (e) {
          expect(e).toBeInstanceOf(ScenarioError);
        }
      }),
      { seed: 78, numRuns: 2000 },
    );
    expect(resolved).toBeGreaterThan(100);
  });

  it('validates a JSON round trip of the default scenario to the same value', () => {
    const s = parseScenario({ volume: { mode: 'rows', rows: 1234 }, regionWeights: { Kidal: 2 } });
    expect(parseScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
});
