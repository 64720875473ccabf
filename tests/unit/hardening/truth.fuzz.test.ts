/**
 * Fuzz of the scenario's `faults` and `fraud` sections (src/core/truth/options.ts): random and adversarial
 * values give either a run — planned exactly, and for small scenarios generated chunk by chunk with every
 * planned record present — or a ScenarioError whose issues name the field (`faults.<kind>.<field>`,
 * `fraud.<pattern>.<field>`), never another exception, a hang or a polluted prototype.
 *
 * The exhaustive property puts every numeric field of both sections at every edge of its documented limits
 * (the table below is the oracle, written from REALISM.md §8–9, not read from the schema): an in-range value
 * must plan, an out-of-range one must be refused naming exactly that field. Disabling any one check of the
 * schema (a `.max`, an `.int`, the finite refinement, the min ≤ max refinement) fails it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  FRAUD_PATTERNS,
  ScenarioError,
  buildPlan,
  buildWorld,
  generateChunk,
  parseScenario,
  resolveModel,
  type Plan,
} from '../../../src/core/index.ts';
import { POLLUTION_KEYS, carriesPollution, hugeString, jsLeaf, jsonLeaf, prototypeSnapshot } from './arbitraries.ts';

/** A numeric field and its documented limits. */
interface Limit {
  path: string;
  lo: number;
  hi: number;
  int: boolean;
}

const rateOf = (kind: string, hi = 0.5): Limit => ({ path: `faults.${kind}.rate`, lo: 0, hi, int: false });
const share = (path: string, hi = 1): Limit => ({ path, lo: 0, hi, int: false });
const int = (path: string, lo: number, hi: number): Limit => ({ path, lo, hi, int: true });
/** An inclusive {min, max} range: both ends have the same limits. */
const range = (path: string, lo: number, hi: number): Limit[] => [int(`${path}.min`, lo, hi), int(`${path}.max`, lo, hi)];

/** Every numeric field of `faults` and `fraud`, with its limits (REALISM.md §8–9). */
export const TRUTH_LIMITS: readonly Limit[] = [
  ...FAULT_KINDS.map((k) => rateOf(k)),
  rateOf('orphanLegs', 1),
  int('faults.nearDuplicates.maxSeconds', 1, 60),
  share('faults.missingFields.cellShare'),
  int('faults.clockSkew.maxSeconds', 2, 86_400),
  int('faults.outOfOrder.maxSeconds', 2, 3600),
  share('fraud.simBox.share', 0.05),
  ...range('fraud.simBox.simsPerGateway', 2, 256),
  ...range('fraud.simBox.mocPerDay', 1, 5000),
  share('fraud.simBox.inboundRatio'),
  { path: 'fraud.wangiri.campaignsPerDay', lo: 0, hi: 50, int: false },
  ...range('fraud.wangiri.numbers', 1, 100),
  ...range('fraud.wangiri.targets', 1, 1_000_000),
  ...range('fraud.wangiri.windowHours', 1, 6),
  share('fraud.wangiri.nightShare'),
  share('fraud.wangiri.callbackShare'),
  ...range('fraud.wangiri.callbackMinutes', 1, 240),
  int('fraud.irsf.sims', 1, 1000),
  ...range('fraud.irsf.callsPerDay', 1, 5000),
  ...range('fraud.irsf.durationMinutes', 1, 60),
  ...range('fraud.irsf.attackDays', 1, 14),
  share('fraud.highVelocity.share', 0.05),
  share('fraud.highVelocity.smsShare'),
  ...range('fraud.highVelocity.smsPerDay', 1, 10_000),
  ...range('fraud.highVelocity.mocPerDay', 1, 5000),
  ...range('fraud.highVelocity.activeDays', 1, 14),
];

/** Sets `path` (dotted) in a plain object, creating objects on the way (own properties, as JSON.parse makes). */
function setPath(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let o = root;
  for (const k of keys.slice(0, -1)) {
    const v = Object.hasOwn(o, k) ? o[k] : undefined;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      Object.defineProperty(o, k, { value: {}, enumerable: true, writable: true, configurable: true });
    o = o[k] as Record<string, unknown>;
  }
  Object.defineProperty(o, keys[keys.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

const CASE_BUDGET_MS = 5_000;

type Outcome = { kind: 'plan'; plan: Plan; doc: unknown } | { kind: 'error'; error: ScenarioError };

/** parse → resolve → plan; anything but a ScenarioError fails. */
function validate(input: unknown): Outcome {
  try {
    const s = parseScenario(input);
    expect(carriesPollution(s), 'the validated scenario carries a foreign prototype or an own __proto__ key').toBe(false);
    return { kind: 'plan', plan: buildPlan(resolveModel(s)), doc: input };
  } catch (e) {
    if (!(e instanceof ScenarioError))
      throw new Error(`not a ScenarioError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
    return { kind: 'error', error: e };
  }
}

/** Time-bounded, pollution-checked; errors name a field of the sections (or the document when it is not one). */
function holds(input: unknown): Outcome {
  const before = prototypeSnapshot();
  const t0 = performance.now();
  const o = validate(input);
  expect(performance.now() - t0, 'hang guard').toBeLessThan(CASE_BUDGET_MS);
  expect(prototypeSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (o.kind === 'error') {
    expect(o.error.issues.length).toBeGreaterThan(0);
    expect(o.error.message.length).toBeLessThan(5_000);
    for (const i of o.error.issues) {
      expect(i.message.length).toBeGreaterThan(0);
      expect(i.path.length > 0 || /key|expected object|Invalid input/i.test(i.message), `issue without a field: ${JSON.stringify(i)}`).toBe(
        true,
      );
    }
  } else {
    const p = o.plan;
    expect(Number.isSafeInteger(p.total) && p.total >= 0).toBe(true);
    expect(p.total).toBe(p.totals.voice + p.totals.sms + p.totals.data);
  }
  return o;
}

/** Small base scenarios (fast to plan and to generate). */
const smallBase = fc.record({
  seed: fc.nat(10_000),
  profile: fc.constantFrom('mali-omea', 'guinea'),
  period: fc.record({ days: fc.integer({ min: 1, max: 2 }) }),
  population: fc.record({ subscribers: fc.integer({ min: 300, max: 3000 }) }),
  schema: fc.constantFrom('legacy', 'extended'),
});

/** A valid value of a limit (often an edge). */
const inRange = (l: Limit): fc.Arbitrary<number> =>
  fc.oneof(
    fc.constantFrom(l.lo, l.hi),
    l.int ? fc.integer({ min: l.lo, max: l.hi }) : fc.double({ min: l.lo, max: l.hi, noNaN: true, noDefaultInfinity: true }),
  );

/** Valid `faults` / `fraud` sections: random kinds on, random in-range parameters (ranges ordered, fault rates ≤ 0.5 in total). */
const validTruth: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.subarray([...FAULT_KINDS, 'orphanLegs']),
    fc.subarray([...FRAUD_PATTERNS]),
    fc.array(fc.constantFrom(...TRUTH_LIMITS), { maxLength: 6 }).chain((ls) => fc.tuple(fc.constant(ls), fc.tuple(...ls.map(inRange)))),
  )
  .map(([faults, fraud, [limits, values]]) => {
    const doc: Record<string, unknown> = {};
    for (const k of faults) setPath(doc, `faults.${k}.enabled`, true);
    for (const k of fraud) setPath(doc, `fraud.${k}.enabled`, true);
    limits.forEach((l, i) => {
      setPath(doc, l.path, values[i]);
      // Keep ranges ordered: the other end at its limit.
      if (l.path.endsWith('.min')) setPath(doc, l.path.replace(/\.min$/, '.max'), l.hi);
      if (l.path.endsWith('.max')) setPath(doc, l.path.replace(/\.max$/, '.min'), l.lo);
    });
    // Per-record fault rates share the records: at most 0.5 together (a separate, named rule).
    const f = doc.faults as Record<string, { rate?: number; enabled?: boolean }> | undefined;
    if (f) {
      const on = FAULT_KINDS.filter((k) => f[k]?.enabled);
      for (const k of on) if (typeof f[k]!.rate === 'number') f[k]!.rate = Math.min(f[k]!.rate!, 0.5 / on.length);
      for (const k of on) if (f[k]!.rate === undefined) f[k]!.rate = Math.min(0.01, 0.5 / on.length);
    }
    return doc;
  });

/** Paths inside the sections where a hostile value or key can go. */
const SECTION_PATHS = [
  'faults',
  'fraud',
  ...FAULT_KINDS.map((k) => `faults.${k}`),
  'faults.orphanLegs',
  ...FRAUD_PATTERNS.map((k) => `fraud.${k}`),
  ...TRUTH_LIMITS.map((l) => l.path),
  ...FAULT_KINDS.map((k) => `faults.${k}.enabled`),
  ...FRAUD_PATTERNS.map((k) => `fraud.${k}.enabled`),
  'fraud.simBox.simsPerGateway',
  'fraud.wangiri.targets',
  'fraud.irsf.attackDays',
];

const hostileEdit = (leaf: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ path: fc.constantFrom(...SECTION_PATHS), value: leaf }) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          at: fc.constantFrom('faults', 'fraud', ...FAULT_KINDS.map((k) => `faults.${k}`), ...FRAUD_PATTERNS.map((k) => `fraud.${k}`)),
          key: fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 6 })),
          value: fc.oneof(leaf, fc.constant({ polluted: true })),
        })
        .map(({ at, key, value }) => ({ path: `${at}.${key}`, value })),
    },
  );

function applyEdits(base: Record<string, unknown>, truth: Record<string, unknown>, edits: { path: string; value: unknown }[]) {
  const doc = JSON.parse(JSON.stringify({ ...base, ...truth })) as Record<string, unknown>;
  for (const e of edits) setPath(doc, e.path, e.value);
  return doc;
}

/** Sections-only edits: every issue must be about them. */
const aboutSections = (o: Outcome) => {
  if (o.kind === 'error') for (const i of o.error.issues) expect(i.path, i.message).toMatch(/^(faults|fraud)(\.|$)/);
};

describe('faults & fraud fuzz', () => {
  it('plans every valid faults/fraud section, and generates small ones with every planned record present', () => {
    let planned = 0;
    let generated = 0;
    fc.assert(
      fc.property(smallBase, validTruth, fc.nat(9), (base, truth, pick) => {
        const doc = { ...base, ...truth };
        const o = holds(doc);
        aboutSections(o);
        if (o.kind !== 'plan') return;
        planned++;
        // One case in ten is generated in full (24–48 chunks): planned counts are the records made.
        if (pick !== 0) return;
        const w = buildWorld(resolveModel(parseScenario(doc)));
        for (const c of w.plan.chunks) {
          const out = generateChunk(w, c.index);
          for (const t of w.plan.types) expect(out[t]?.length ?? 0, `chunk ${c.index} ${t}`).toBe(c.records[t]);
          for (const l of Object.values(out.ledger ?? {})) expect(l.recordId.length).toBe(l.length);
        }
        generated++;
      }),
      { seed: 9101, numRuns: 150 },
    );
    // Valid sections plan, except fraud SIMs that do not fit a tiny numbering space (named "fraud").
    expect(planned).toBeGreaterThan(130);
    expect(generated).toBeGreaterThan(5);
  });

  it('answers hostile JSON values and keys inside the sections (pollution keys, wrong types, 10 MB strings)', () => {
    const seen = { plan: 0, error: 0 };
    fc.assert(
      fc.property(smallBase, validTruth, fc.array(hostileEdit(jsonLeaf), { minLength: 1, maxLength: 3 }), (base, truth, edits) => {
        const doc = applyEdits(base, truth, edits);
        const text = JSON.stringify(doc);
        for (const input of text.length < 1e6 ? [doc, JSON.parse(text) as unknown] : [doc]) {
          const o = holds(input);
          aboutSections(o);
          seen[o.kind]++;
        }
      }),
      { seed: 9102, numRuns: 800 },
    );
    expect(seen.error).toBeGreaterThan(400);
    expect(seen.plan).toBeGreaterThan(5);
  });

  it('answers JS-only values inside the sections (NaN, ±Infinity, BigInt, functions, Maps, null prototypes)', () => {
    fc.assert(
      fc.property(smallBase, validTruth, fc.array(hostileEdit(jsLeaf), { minLength: 1, maxLength: 3 }), (base, truth, edits) => {
        aboutSections(holds(applyEdits(base, truth, edits)));
      }),
      { seed: 9103, numRuns: 600 },
    );
  });

  it('puts every numeric field of both sections at every edge of its limits, one at a time (exhaustive)', () => {
    const edges = (l: Limit): unknown[] => [
      l.lo,
      l.hi,
      (l.lo + l.hi) / 2,
      l.lo - 1,
      l.lo - 1e-9,
      l.hi + 1e-9,
      l.hi + 1,
      l.hi * 2 + 1,
      l.lo + 0.5,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1e308,
      String(l.lo),
      null,
      true,
      [],
      {},
    ];
    const valid = (l: Limit, v: unknown) =>
      typeof v === 'number' && Number.isFinite(v) && v >= l.lo && v <= l.hi && (!l.int || Number.isInteger(v));
    let cases = 0;
    for (const l of TRUTH_LIMITS)
      for (const v of edges(l)) {
        const [section, kind] = l.path.split('.') as [string, string];
        const doc: Record<string, unknown> = { period: { days: 2 }, population: { subscribers: 5000 } };
        setPath(doc, `${section}.${kind}.enabled`, true);
        setPath(doc, l.path, v);
        // The other end of a range at its limit, so that only the value under test can be wrong.
        if (l.path.endsWith('.min')) setPath(doc, l.path.replace(/\.min$/, '.max'), l.hi);
        if (l.path.endsWith('.max')) setPath(doc, l.path.replace(/\.max$/, '.min'), l.lo);
        const o = holds(doc);
        const what = `${l.path} = ${String(v)}`;
        if (valid(l, v)) expect(o.kind, `${what}: refused ${o.kind === 'error' ? o.error.message : ''}`).toBe('plan');
        else {
          expect(o.kind, `${what}: accepted`).toBe('error');
          if (o.kind === 'error')
            expect(
              o.error.issues.map((i) => i.path),
              what,
            ).toContain(l.path);
        }
        cases++;
      }
    expect(cases).toBe(TRUTH_LIMITS.map((l) => edges(l).length).reduce((a, b) => a + b, 0));
    expect(TRUTH_LIMITS.length).toBe(48);
  });

  it('names the cross-field rules: a reversed range, fault rates adding up to more than 0.5, fraud SIMs that do not fit', () => {
    const err = (doc: unknown) => {
      const o = holds(doc);
      if (o.kind !== 'error') throw new Error(`accepted: ${JSON.stringify(doc)}`);
      return o.error.issues.map((i) => i.path).join(' ');
    };
    expect(err({ fraud: { wangiri: { enabled: true, numbers: { min: 9, max: 2 } } } })).toMatch(/^fraud\.wangiri\.numbers/);
    expect(err({ fraud: { irsf: { attackDays: { min: 14, max: 1 } } } })).toMatch(/^fraud\.irsf\.attackDays/);
    expect(err({ faults: { lateArrivals: { enabled: true, rate: 0.3 }, outOfOrder: { enabled: true, rate: 0.3 } } })).toMatch(/^faults/);
    // The same rates with one kind off: allowed (only enabled kinds share the records).
    expect(holds({ faults: { lateArrivals: { enabled: true, rate: 0.3 }, outOfOrder: { enabled: false, rate: 0.3 } } }).kind).toBe('plan');
    expect(err({ population: { subscribers: 10_000_000 }, fraud: { simBox: { enabled: true, share: 0.05 } } })).toMatch(/fraud|population/);
  });

  it('keeps 10 MB strings and keys out of the messages, and refuses pollution keys by name in every kind', () => {
    const big = hugeString();
    for (const doc of [
      { faults: { [big]: 1 } },
      { fraud: { simBox: { [big]: 1 } } },
      { faults: { clockSkew: { enabled: big } } },
      { fraud: { wangiri: { targets: { min: big } } } },
    ]) {
      const o = holds(doc);
      expect(o.kind).toBe('error');
      if (o.kind === 'error') expect(o.error.message.length).toBeLessThan(1_000);
    }
    for (const k of POLLUTION_KEYS)
      for (const at of ['faults', 'fraud', 'faults.missingFields', 'fraud.irsf', 'fraud.simBox.mocPerDay']) {
        const doc = JSON.parse(JSON.stringify(setPath({}, `${at}.x`, 1)).replace('"x"', JSON.stringify(k))) as unknown;
        const o = holds(doc);
        expect(o.kind, `${at}.${k}`).toBe('error');
        if (o.kind === 'error') expect(o.error.message, `${at}.${k}`).toContain(k);
      }
  });
});
