/**
 * Hostile and near-valid scenario documents for the hardening fuzz suites (fast-check).
 *
 * Two shapes of input matter: JSON documents (what a link, an imported file or `--config` carry: own
 * `__proto__` keys, 1e400 → Infinity, no NaN) and JS objects (what code hands over: NaN, -0, Infinity,
 * BigInt, Maps, null prototypes, real prototypes carrying values).
 */
import fc from 'fast-check';
import { PROFILE_IDS, PROFILES } from '../../../src/core/index.ts';

/** Keys that pollute prototypes when assigned naively. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** 10 MiB of text, built once and shared by every case that uses it. */
let huge: string | undefined;
export const hugeString = (): string => (huge ??= 'x'.repeat(10 * 1024 * 1024));

/** The objects of a scenario document where keys can be added (the top level is []). */
export const OBJECT_PATHS: readonly (readonly string[])[] = [
  [],
  ['regionWeights'],
  ['period'],
  ['population'],
  ['volume'],
  ['volume', 'recordsPerDay'],
  ['services'],
  ['services', 'voice'],
  ['services', 'voice', 'destinations'],
  ['services', 'voice', 'outcomes'],
  ['services', 'sms'],
  ['services', 'sms', 'delivery'],
  ['services', 'data'],
  ['services', 'data', 'rat'],
];

/** Fields of a scenario document that hold a value (numbers, strings, booleans). */
export const LEAF_PATHS: readonly (readonly string[])[] = [
  ['version'],
  ['seed'],
  ['profile'],
  ['schema'],
  ['period', 'start'],
  ['period', 'days'],
  ['population', 'subscribers'],
  ['population', 'prepaidShare'],
  ['population', 'dataUserShare'],
  ['population', 'activitySigma'],
  ['population', 'inactiveShare'],
  ['volume', 'mode'],
  ['volume', 'rows'],
  ['volume', 'recordsPerDay', 'voice'],
  ['volume', 'recordsPerDay', 'sms'],
  ['services', 'voice', 'enabled'],
  ['services', 'voice', 'mocPerSubDay'],
  ['services', 'voice', 'inboundPerMoc'],
  ['services', 'voice', 'durationMu'],
  ['services', 'voice', 'outcomes', 'answered'],
  ['services', 'sms', 'moPerSubDay'],
  ['services', 'sms', 'mtPerSubDay'],
  ['services', 'sms', 'delivery', 'delivered'],
  ['services', 'data', 'sessionsPerUserDay'],
  ['services', 'data', 'downMu'],
  ['services', 'data', 'rat', '4G'],
  ['regionWeights', 'Bamako'],
  ['regionWeights', 'Conakry'],
];

/** A value nested `depth` levels deep under `key` (arrays or objects). */
export function nested(depth: number, key: string, array: boolean): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = array ? [v] : { [key]: v };
  return v;
}

/** Fields that hold a number. */
export const NUMBER_PATHS = LEAF_PATHS.filter(
  (p) => !['version', 'profile', 'schema', 'start', 'mode', 'enabled'].includes(p[p.length - 1]!),
);

/** The edges of the schema's numeric limits (and just past them), for one field at a time. */
export const NUMBER_EDGES: readonly number[] = [
  -1,
  -0,
  0,
  1e-9,
  0.5,
  0.95,
  0.96,
  1,
  1.5,
  2,
  3,
  3.1,
  4,
  4.1,
  5,
  5.1,
  8.2,
  8.3,
  9,
  10,
  25,
  26,
  100,
  101,
  1000,
  1001,
  3660,
  3661,
  1e6,
  1e6 + 1,
  1e7,
  1e7 + 1,
  1e9,
  1e9 + 1,
  1e10,
  1e10 + 1,
  2 ** 53,
  2 ** 53 + 2,
];

/** Values that break numbers, strings and types: the edges, the wrong types, the enormous. */
export const JSON_EDGE_VALUES: readonly unknown[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e-300,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  9,
  10,
  366,
  367,
  3660,
  3661,
  10_000_000,
  10_000_001,
  1e9,
  1e10,
  1e11,
  '',
  ' ',
  '7',
  '1e400',
  'NaN',
  'Infinity',
  '-1',
  'mali-omea',
  'guinea',
  'rows',
  'exact',
  'activity',
  'legacy',
  'extended',
  '2025-10-01',
  '2024-02-29',
  '2025-02-29',
  '1970-12-31',
  '2999-12-31',
  '3000-01-01',
  '2025-10-01T00:00:00Z',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\ud800',
  '__proto__',
  null,
  true,
  false,
  [],
  [1, 2, 3],
  {},
  { __proto__: null },
];

/** JSON-safe hostile leaves. */
export const jsonLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...JSON_EDGE_VALUES) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e7 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }).map((t) => JSON.parse(t) as unknown) },
  { weight: 1, arbitrary: fc.constant(null).map(() => hugeString()) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(...POLLUTION_KEYS, 'seed', 'days'), fc.boolean())
      .map(([d, k, a]) => nested(d, k, a)),
  },
);

/** Hostile leaves only a JS caller can hand over (not representable in JSON). */
export const jsLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jsonLeaf },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      NaN,
      Infinity,
      -Infinity,
      undefined,
      10n,
      Symbol('s'),
      () => 1,
      new Date(0),
      new Map(),
      new Set([1]),
      new Uint8Array(3),
      /x/,
    ),
  },
  {
    weight: 1,
    arbitrary: fc.anything({
      maxDepth: 2,
      withBigInt: true,
      withNullPrototype: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
      withDate: true,
    }),
  },
);

/** Mostly `usual`, once in 60 `edge` (edges that make big plans: frequent enough to be met, rare enough to stay fast). */
const rare = <T>(usual: fc.Arbitrary<T>, edge: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 59, arbitrary: usual }, { weight: 1, arbitrary: edge });

/**
 * A valid scenario document (JSON-safe): mostly small runs, sometimes big ones. The largest plans the schema
 * allows (3,660 days, 10^10 rows: ~1 s each on a loaded 2-core machine) are met one by one in the named tests.
 */
export const validScenario: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      seed: fc.oneof(fc.nat(1000), fc.constantFrom(0, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER)),
      profile: fc.constantFrom(...PROFILE_IDS),
      period: fc.record(
        {
          start: fc.constantFrom('2025-10-01', '2024-02-29', '1971-01-01', '2999-12-01', '2025-03-30'),
          days: rare(fc.integer({ min: 1, max: 31 }), fc.constant(366)),
        },
        { requiredKeys: [] },
      ),
      population: fc.record(
        {
          subscribers: rare(fc.integer({ min: 10, max: 20_000 }), fc.constantFrom(10, 1_000_000, 10_000_000)),
          prepaidShare: fc.double({ min: 0, max: 1, noNaN: true }),
          dataUserShare: fc.double({ min: 0, max: 1, noNaN: true }),
          activitySigma: fc.double({ min: 0, max: 3, noNaN: true }),
          inactiveShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
        },
        { requiredKeys: [] },
      ),
      volume: fc.oneof(
        fc.constant({ mode: 'activity' }),
        fc.record({ mode: fc.constant('rows'), rows: rare(fc.integer({ min: 1, max: 100_000 }), fc.constant(1e9)) }),
        fc.record({
          mode: fc.constant('exact'),
          recordsPerDay: fc.record(
            {
              voice: fc.integer({ min: 0, max: 50_000 }),
              sms: fc.integer({ min: 0, max: 50_000 }),
              data: rare(fc.integer({ min: 0, max: 50_000 }), fc.constant(1e9)),
            },
            { requiredKeys: [] },
          ),
        }),
      ),
      services: fc.record(
        {
          voice: fc.record(
            {
              enabled: fc.boolean(),
              mocPerSubDay: fc.double({ min: 0, max: 20, noNaN: true }),
              outcomes: fc.record({ answered: fc.double({ min: 0, max: 100, noNaN: true }), busy: fc.nat(100) }, { requiredKeys: [] }),
              destinations: fc.record({ onNet: fc.nat(100), offNet: fc.nat(100), international: fc.nat(100) }, { requiredKeys: [] }),
            },
            { requiredKeys: [] },
          ),
          sms: fc.record({ enabled: fc.boolean(), moPerSubDay: fc.double({ min: 0, max: 20, noNaN: true }) }, { requiredKeys: [] }),
          data: fc.record(
            { enabled: fc.boolean(), rat: fc.record({ '2G': fc.nat(100), '4G': fc.nat(100) }, { requiredKeys: [] }) },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      schema: fc.constantFrom('legacy', 'extended'),
    },
    { requiredKeys: [] },
  )
  .chain((doc) => {
    const profile = PROFILES[(doc.profile as string | undefined) ?? 'mali-omea']!;
    const names = profile.regions.map((r) => r.name);
    const weights = fc.dictionary(
      fc.constantFrom(...names),
      fc.oneof(fc.nat(100), fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true })),
      {
        maxKeys: names.length,
      },
    );
    // Sometimes every region at 0 (the weights add up to nothing), sometimes all of them at random.
    const allZero = fc.constant(Object.fromEntries(names.map((n) => [n, 0])));
    const all = fc.tuple(...names.map(() => fc.nat(3))).map((ws) => Object.fromEntries(names.map((n, i) => [n, ws[i]!])));
    return fc
      .oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        { weight: 6, arbitrary: weights },
        { weight: 1, arbitrary: allZero },
        { weight: 2, arbitrary: all },
      )
      .map((rw) => (rw === undefined ? doc : { ...doc, regionWeights: rw }));
  });

/** One change to a document: set a field, add a key (often a pollution key) to an object, or drop a field. */
export type Mutation =
  | { op: 'set'; path: readonly string[]; value: unknown }
  | { op: 'add'; at: readonly string[]; key: string; value: unknown }
  | { op: 'drop'; path: readonly string[] };

export const mutation = (leaf: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('set' as const),
        path: fc.constantFrom(...LEAF_PATHS, ...OBJECT_PATHS.filter((p) => p.length)),
        value: leaf,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('add' as const),
        at: fc.constantFrom(...OBJECT_PATHS),
        key: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...POLLUTION_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
        value: fc.oneof(leaf, fc.constant({ polluted: true }), fc.constant({ seed: 7, period: { days: 0 } })),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('drop' as const),
        path: fc.constantFrom(...LEAF_PATHS, ...OBJECT_PATHS.filter((p) => p.length)),
      }),
    },
  );

/** Defines an own, enumerable property, as JSON.parse does (plain assignment of "__proto__" would set the prototype). */
function defineOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The object at `path`, created (as a plain object) where missing or not an object. */
function objectAt(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let o = root;
  for (const k of path) {
    const v = Object.hasOwn(o, k) ? o[k] : undefined;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) o = v as Record<string, unknown>;
    else {
      const fresh: Record<string, unknown> = {};
      defineOwn(o, k, fresh);
      o = fresh;
    }
  }
  return o;
}

/** Applies mutations to a deep copy of a JSON-safe document; own "__proto__" keys are made as JSON.parse makes them. */
export function mutate(doc: Record<string, unknown>, ms: readonly Mutation[]): Record<string, unknown> {
  const root = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const m of ms) {
    if (m.op === 'set') defineOwn(objectAt(root, m.path.slice(0, -1)), m.path[m.path.length - 1]!, m.value);
    else if (m.op === 'add') defineOwn(objectAt(root, m.at), m.key, m.value);
    else delete objectAt(root, m.path.slice(0, -1))[m.path[m.path.length - 1]!];
  }
  return root;
}

/** Near-valid documents: a valid one with 1–3 hostile changes (JSON-safe leaves, so they survive JSON text). */
export const hostileJsonScenario: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(validScenario, fc.array(mutation(jsonLeaf), { minLength: 1, maxLength: 3 }))
  .map(([doc, ms]) => mutate(doc, ms));

/** The same with JS-only leaves (NaN, Infinity, undefined, BigInt, functions, Maps...). */
export const hostileJsScenario: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(validScenario, fc.array(mutation(jsLeaf), { minLength: 1, maxLength: 3 }))
  .map(([doc, ms]) => mutate(doc, ms));

/** Snapshot of what prototype pollution would change. */
export function prototypeSnapshot(): string {
  const names = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
  return [
    names(Object.prototype),
    names(Array.prototype),
    names(Function.prototype),
    String(Object.getPrototypeOf({}) === Object.prototype),
  ].join('|');
}

/** True when an object graph (JSON-like) has an own "__proto__" key or an exotic prototype anywhere. */
export function carriesPollution(x: unknown, depth = 0): boolean {
  if (depth > 50 || typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== Array.prototype) return true;
  if (Object.hasOwn(x, '__proto__')) return true;
  return Object.values(x).some((v) => carriesPollution(v, depth + 1));
}
