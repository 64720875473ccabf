/**
 * Fuzz: every scenario document, however hostile, gives a valid run plan or a ScenarioError naming a field —
 * never another exception, never a hang (each case is timed), never a polluted prototype.
 * Seeds are fixed: a failure prints its counterexample and reproduces with the same seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ROWS,
  PROFILES,
  ScenarioError,
  buildPlan,
  parseScenario,
  resolveModel,
  type Plan,
  type ServiceType,
} from '../../../src/core/index.ts';
import {
  NUMBER_EDGES,
  NUMBER_PATHS,
  POLLUTION_KEYS,
  carriesPollution,
  hostileJsScenario,
  hostileJsonScenario,
  hugeString,
  jsLeaf,
  mutate,
  nested,
  prototypeSnapshot,
  validScenario,
} from './arbitraries.ts';

/**
 * Longest a single case may take (parse + resolve + plan): the largest legal plan takes ~0.3 s on an idle
 * 2-core machine and up to ~2 s when it is shared; a hang (or a plan of millions of chunks) takes far longer.
 */
const CASE_BUDGET_MS = 5_000;

type Outcome = { kind: 'plan'; plan: Plan; days: number } | { kind: 'error'; stage: 'parse' | 'resolve' | 'plan'; error: ScenarioError };

/** Runs the validator pipeline on one input; any exception other than a ScenarioError fails the property. */
function validate(input: unknown, only?: ServiceType[]): Outcome {
  let stage: 'parse' | 'resolve' | 'plan' = 'parse';
  try {
    const s = parseScenario(input);
    expect(carriesPollution(s), 'the validated scenario carries a foreign prototype or an own __proto__ key').toBe(false);
    stage = 'resolve';
    const m = resolveModel(s, only);
    stage = 'plan';
    return { kind: 'plan', plan: buildPlan(m), days: s.period.days };
  } catch (e) {
    if (!(e instanceof ScenarioError))
      throw new Error(`${stage}: not a ScenarioError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    return { kind: 'error', stage, error: e };
  }
}

/** The contract of one outcome. */
function checkOutcome(input: unknown, o: Outcome): void {
  if (o.kind === 'error') {
    const { issues, message } = o.error;
    expect(issues.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThan(5_000); // a 10 MB key never reaches the message
    for (const i of issues) {
      expect(i.message.length).toBeGreaterThan(0);
      // A field-named error: the path, or (top level) the key in the message, or a non-object document.
      const named = i.path.length > 0 || /key|expected object|Invalid input/i.test(i.message);
      expect(named, `issue without a field: ${JSON.stringify(i)}`).toBe(true);
    }
    // Beyond parsing, the engine's own checks always name the field in the path.
    if (o.stage !== 'parse') for (const i of issues) expect(i.path).toMatch(/^(regionWeights|services|population|volume|period)/);
    return;
  }
  const p = o.plan;
  const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;
  expect(isCount(p.total)).toBe(true);
  expect(p.total).toBeLessThanOrEqual(MAX_ROWS);
  expect(p.total).toBe(p.totals.voice + p.totals.sms + p.totals.data);
  // A run covers at least one whole day: 24 hours, each at least one chunk.
  expect(p.days).toBe(o.days);
  expect(p.days).toBeGreaterThanOrEqual(1);
  expect(p.chunks.length).toBeGreaterThanOrEqual(p.days * 24);
  expect(p.types.length).toBeGreaterThan(0);
  // Plain checks per chunk (a plan can have 100,000 chunks: one expect() each would dominate the run).
  const sums = { voice: 0, sms: 0, data: 0 };
  let bad: unknown = null;
  for (const c of p.chunks) {
    for (const t of ['voice', 'sms', 'data'] as const) {
      if (!isCount(c.records[t])) bad ??= c;
      sums[t] += c.records[t];
    }
    for (const k of [c.voice, c.sms]) if (![k.pairs, k.offNet, k.international, k.inbound].every(isCount)) bad ??= c;
    // The kinds split the simulated records (with fraud or faults on, `extra.base` of them; `records` is then the final count).
    const base = c.extra?.base ?? c.records;
    if (2 * c.voice.pairs + c.voice.offNet + c.voice.international + c.voice.inbound !== base.voice) bad ??= c;
    if (2 * c.sms.pairs + c.sms.offNet + c.sms.international + c.sms.inbound !== base.sms) bad ??= c;
  }
  expect(bad, 'a chunk with a count that is not a whole number or whose kinds do not add up').toBeNull();
  expect(sums).toEqual(p.totals);
  expect(p.regionShares.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  expect(Math.abs(p.regionShares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
  void input;
}

/** Property body shared by the suites: time-bounded, pollution-checked. */
function holds(input: unknown, only?: ServiceType[]): Outcome {
  const before = prototypeSnapshot();
  const t0 = performance.now();
  const o = validate(input, only);
  const ms = performance.now() - t0;
  expect(ms, `one case took ${ms.toFixed(0)} ms (hang guard ${CASE_BUDGET_MS} ms)`).toBeLessThan(CASE_BUDGET_MS);
  checkOutcome(input, o);
  expect(prototypeSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return o;
}

const onlyArb = fc.option(fc.subarray(['voice', 'sms', 'data'] as ServiceType[], { minLength: 1 }), { nil: undefined });

describe('validator fuzz: parseScenario → resolveModel → buildPlan', () => {
  it('plans every valid document (and plans within the bounds)', () => {
    let planned = 0;
    fc.assert(
      fc.property(validScenario, onlyArb, (doc, only) => {
        if (holds(doc, only).kind === 'plan') planned++;
      }),
      { seed: 9001, numRuns: 400 },
    );
    // Most valid documents plan; the rest are all-zero mixes, huge runs or disabled services, named as such.
    expect(planned).toBeGreaterThan(200);
  });

  it('answers near-valid JSON documents with hostile changes at every level (own __proto__ keys included)', () => {
    const stages = { plan: 0, parse: 0, resolve: 0, planError: 0 };
    fc.assert(
      fc.property(hostileJsonScenario, onlyArb, (doc, only) => {
        // Through JSON text too, as a link, a file or --config would bring it.
        const text = JSON.stringify(doc);
        for (const input of text.length < 1e6 ? [doc, JSON.parse(text) as unknown] : [doc]) {
          const o = holds(input, only);
          if (o.kind === 'plan') stages.plan++;
          else if (o.stage === 'plan') stages.planError++;
          else stages[o.stage]++;
        }
      }),
      { seed: 9002, numRuns: 1000 },
    );
    expect(stages.parse).toBeGreaterThan(500);
    expect(stages.plan).toBeGreaterThan(50);
    expect(stages.resolve).toBeGreaterThan(10);
  });

  it('puts every numeric field at every edge of the limits, one field at a time (exhaustive, no sampling)', () => {
    // Every (field, edge) pair on the default document and on two sampled ones: a missed bound cannot hide in the odds.
    const bases = [{}, ...fc.sample(validScenario, { seed: 9006, numRuns: 2 })];
    let cases = 0;
    for (const base of bases)
      for (const path of NUMBER_PATHS)
        for (const value of NUMBER_EDGES) {
          try {
            holds(mutate(base, [{ op: 'set', path, value }]));
          } catch (e) {
            throw new Error(`${path.join('.')} = ${value} on ${JSON.stringify(base)}: ${(e as Error).message}`, { cause: e });
          }
          cases++;
        }
    expect(cases).toBe(bases.length * NUMBER_PATHS.length * NUMBER_EDGES.length);
  });

  it('answers JS objects with values JSON cannot carry (NaN, ±Infinity, undefined, BigInt, functions, Maps, null prototypes)', () => {
    fc.assert(
      fc.property(hostileJsScenario, onlyArb, (doc, only) => {
        holds(doc, only);
      }),
      { seed: 9003, numRuns: 800 },
    );
  });

  it('answers any value at all, and documents whose prototype (not own keys) carries values', () => {
    fc.assert(
      fc.property(fc.oneof(jsLeaf, fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true })), (x) => {
        holds(x);
        // Inherited values are read like own ones and validated the same way: harmless.
        holds(Object.create(typeof x === 'object' && x !== null ? x : { seed: x }) as unknown);
      }),
      { seed: 9004, numRuns: 600 },
    );
  });
});

describe('validator: adversarial cases named one by one', () => {
  const err = (input: unknown, only?: ServiceType[]) => {
    const o = holds(input, only);
    if (o.kind !== 'error') throw new Error(`accepted: ${JSON.stringify(input)?.slice(0, 200)}`);
    return o.error;
  };
  const paths = (e: ScenarioError) => e.issues.map((i) => i.path);

  it('refuses an own __proto__ region (zod drops it silently: parseScenario names it)', () => {
    expect(paths(err(JSON.parse('{"regionWeights":{"__proto__":5}}')))).toContain('regionWeights.__proto__');
    expect(paths(err(JSON.parse('{"regionWeights":{"Bamako":2,"__proto__":{"polluted":1}}}')))).toContain('regionWeights.__proto__');
    // ... while an object literal's __proto__ sets the prototype: not an own key, nothing to refuse, nothing read.
    const lit = { regionWeights: { __proto__: { Bamako: 99 } as unknown, Kidal: 3 } };
    const o = holds(lit);
    expect(o.kind).toBe('plan');
  });

  it('refuses constructor / prototype as region names, and as keys at every other level', () => {
    for (const k of POLLUTION_KEYS) {
      // A computed key makes an own property, as JSON.parse does (even for "__proto__").
      expect(err({ regionWeights: { [k]: 1 } }).message).toContain(`regionWeights.${k}`);
      const docs = [
        { [k]: 1 },
        { period: { [k]: { days: 0 } } },
        { population: { [k]: 1 } },
        { services: { [k]: {} } },
        { services: { voice: { [k]: 1 } } },
        { services: { sms: { delivery: { [k]: 1 } } } },
        { volume: { mode: 'rows', rows: 5, [k]: 1 } },
        { volume: { mode: 'exact', recordsPerDay: { [k]: 1 } } },
      ];
      for (const doc of docs) expect(err(doc).message, JSON.stringify(doc)).toContain(k);
    }
  });

  it('refuses weights that add up to 0 and accepts an empty weights object (no override)', () => {
    for (const profile of Object.keys(PROFILES)) {
      const zero = Object.fromEntries(PROFILES[profile]!.regions.map((r) => [r.name, 0]));
      expect(paths(err({ profile, regionWeights: zero }))).toContain('regionWeights');
      expect(holds({ profile, regionWeights: {} }).kind).toBe('plan');
    }
    for (const mix of ['destinations', 'outcomes']) {
      expect(
        err({
          services: {
            voice: {
              [mix]: {
                onNet: 0,
                offNet: 0,
                international: 0,
                answered: 0,
                dropped: 0,
                noAnswer: 0,
                busy: 0,
                unreachable: 0,
                congestion: 0,
                invalid: 0,
              },
            },
          },
        }).message,
      ).toMatch(/services\.voice/);
    }
  });

  it('refuses NaN, ±Infinity, negative and huge values in every numeric field', () => {
    const fields: [string, (v: unknown) => unknown][] = [
      ['seed', (v) => ({ seed: v })],
      ['period.days', (v) => ({ period: { days: v } })],
      ['population.subscribers', (v) => ({ population: { subscribers: v } })],
      ['population.prepaidShare', (v) => ({ population: { prepaidShare: v } })],
      ['volume.rows', (v) => ({ volume: { mode: 'rows', rows: v } })],
      ['volume.recordsPerDay.sms', (v) => ({ volume: { mode: 'exact', recordsPerDay: { sms: v } } })],
      ['regionWeights.Bamako', (v) => ({ regionWeights: { Bamako: v } })],
      ['services.voice.mocPerSubDay', (v) => ({ services: { voice: { mocPerSubDay: v } } })],
      ['services.data.rat.5G', (v) => ({ services: { data: { rat: { '5G': v } } } })],
    ];
    for (const [path, doc] of fields)
      for (const v of [NaN, Infinity, -Infinity, -1, 1e300, '5', null, [], {}, 10n])
        expect(paths(err(doc(v))), `${path} = ${String(v)}`).toContain(path);
    // JSON's own road to Infinity.
    expect(paths(err(JSON.parse('{"seed":1e400}')))).toContain('seed');
  });

  it('refuses runs too big to plan, naming the volume (bounded plan size, no hang)', () => {
    expect(paths(err({ period: { days: 3660 }, volume: { mode: 'exact', recordsPerDay: { voice: 1e9, sms: 1e9, data: 1e9 } } }))).toEqual([
      'volume.recordsPerDay',
    ]);
    expect(paths(err({ period: { days: 3660 }, population: { subscribers: 10_000_000 } }))).toEqual(['population.subscribers']);
    // Unselected services size the chunks too: they count.
    expect(
      paths(err({ period: { days: 3660 }, volume: { mode: 'exact', recordsPerDay: { voice: 1e9, sms: 1, data: 1 } } }, ['sms'])),
    ).toEqual(['volume.recordsPerDay']);
    // The largest legal plans still come back in time.
    for (const doc of [
      { period: { days: 3660 }, volume: { mode: 'rows', rows: MAX_ROWS }, population: { subscribers: 10_000_000 } },
      { period: { days: 3660 }, population: { subscribers: 200_000 } },
      { period: { days: 10 }, volume: { mode: 'exact', recordsPerDay: { voice: 1e9, sms: 0, data: 0 } } },
    ])
      expect(holds(doc).kind).toBe('plan');
  });

  it('keeps 10 MB strings and keys out of the error message', () => {
    const big = hugeString();
    for (const doc of [
      { profile: big },
      { seed: big },
      { period: { start: big } },
      { schema: big },
      { [big]: 1 },
      { regionWeights: { [big]: 1 } },
      { services: { voice: { [big]: 1 } } },
    ]) {
      const e = err(doc);
      expect(e.message.length).toBeLessThan(1_000);
    }
  });

  it('survives deeply nested values where a field is expected (no recursion into them)', () => {
    for (const depth of [1_000, 100_000])
      for (const k of ['period', 'population', 'services', 'regionWeights', 'volume', '__proto__']) {
        const doc = JSON.parse(`{"${k}":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
        err(doc);
        err({ [k]: nested(depth, k, false) });
      }
  });

  it('accepts JSON round trips of its own output unchanged', () => {
    fc.assert(
      fc.property(validScenario, (doc) => {
        let s;
        try {
          s = parseScenario(doc);
        } catch {
          return;
        }
        expect(parseScenario(JSON.parse(JSON.stringify(s)))).toEqual(s);
      }),
      { seed: 9005, numRuns: 300 },
    );
  });
});
