import './zod-config.ts'; // first: no zod JIT (the page's CSP forbids eval)
import { z } from 'zod';
import { PROFILES, PROFILE_IDS } from './profiles/index.ts';
import type { Profile, ServiceType } from './profiles/types.ts';
import { buildCustomProfile, customProfileSchema, type CustomProfile, type CustomProfileInput } from './profiles/custom.ts';
import { parseIsoDate } from './calendar.ts';
import { faultsSchema, fraudSchema } from './truth/options.ts';

/** Version of the generated data: bump when the same scenario would give different bytes. */
export const DATA_VERSION = 2;
export const ENGINE_VERSION = '0.1.0';

const finite = (label: string) => z.number({ error: `${label} must be a number` }).refine(Number.isFinite, `${label} must be finite`);
const share = (label: string) => finite(label).min(0, `${label} must be ≥ 0`).max(1, `${label} must be ≤ 1`);
const percentMix = <K extends string>(keys: readonly K[]) =>
  z
    .object(
      Object.fromEntries(keys.map((k) => [k, finite(k).min(0, `${k} must be ≥ 0`).max(1e6)])) as unknown as Record<K, z.ZodType<number>>,
    )
    .partial()
    .strict();

const dateString = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .max(10)
  .refine((s) => parseIsoDate(s) !== null, { message: 'must be a real date written YYYY-MM-DD' });

const voiceOverrides = z
  .object({
    enabled: z.boolean(),
    mocPerSubDay: finite('mocPerSubDay').min(0).max(1000),
    inboundPerMoc: finite('inboundPerMoc').min(0).max(100),
    destinations: percentMix(['onNet', 'offNet', 'international'] as const),
    outcomes: percentMix(['answered', 'dropped', 'noAnswer', 'busy', 'unreachable', 'congestion', 'invalid'] as const),
    userTerminatedShare: share('userTerminatedShare'),
    durationMu: finite('durationMu').min(0).max(8.2),
    durationSigma: finite('durationSigma').min(0).max(4),
  })
  .partial()
  .strict();

const smsOverrides = z
  .object({
    enabled: z.boolean(),
    moPerSubDay: finite('moPerSubDay').min(0).max(1000),
    mtPerSubDay: finite('mtPerSubDay').min(0).max(1000),
    destinations: percentMix(['onNet', 'offNet', 'international'] as const),
    delivery: percentMix(['delivered', 'failed', 'pending'] as const),
  })
  .partial()
  .strict();

const dataOverrides = z
  .object({
    enabled: z.boolean(),
    sessionsPerUserDay: finite('sessionsPerUserDay').min(0).max(1000),
    durationMu: finite('durationMu').min(0).max(8.2),
    durationSigma: finite('durationSigma').min(0).max(4),
    downMu: finite('downMu').min(0).max(25),
    downSigma: finite('downSigma').min(0).max(5),
    rat: percentMix(['2G', '3G', '4G', '5G'] as const),
  })
  .partial()
  .strict();

/** `profile`: a built-in id (default mali-omea) or a custom profile object, validated field by field. */
const profileField = z
  .custom<string | CustomProfileInput>(() => true)
  .optional()
  .transform((v: unknown, ctx): string | CustomProfile => {
    if (v === undefined) return 'mali-omea';
    if (typeof v === 'string') {
      if (PROFILE_IDS.includes(v)) return v;
      ctx.addIssue({ code: 'custom', message: `unknown profile (known: ${PROFILE_IDS.join(', ')}, or a custom profile object)` });
      return z.NEVER;
    }
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const r = customProfileSchema.safeParse(v);
      if (r.success) return r.data;
      for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path as (string | number)[], message: i.message });
      return z.NEVER;
    }
    ctx.addIssue({ code: 'custom', message: 'profile must be a profile id or a custom profile object' });
    return z.NEVER;
  });

const MAX_SUBSCRIBERS = 10_000_000;
const MAX_DAYS = 3660;
export const MAX_ROWS = 10_000_000_000;

/** The scenario document: everything that determines the data. */
export const scenarioSchema = z
  .object({
    version: z.literal(1, { error: 'version must be 1' }).default(1),
    seed: z
      .number({ error: 'seed must be an integer' })
      .int('seed must be an integer')
      .min(0, 'seed must be ≥ 0')
      .max(Number.MAX_SAFE_INTEGER, 'seed is too large')
      .default(42),
    /** A built-in profile id, or a custom profile (object, see profiles/custom.ts). */
    profile: profileField,
    regionWeights: z.record(z.string().max(200), finite('region weight').min(0, 'region weight must be ≥ 0').max(1e6)).optional(),
    period: z
      .object({
        start: dateString.default('2025-10-01'),
        days: z
          .number({ error: 'days must be an integer' })
          .int('days must be an integer')
          .min(1, 'days must be ≥ 1')
          .max(MAX_DAYS, `days must be ≤ ${MAX_DAYS}`)
          .default(7),
      })
      .strict()
      .prefault({}),
    population: z
      .object({
        subscribers: z
          .number({ error: 'subscribers must be an integer' })
          .int('subscribers must be an integer')
          .min(10, 'subscribers must be ≥ 10')
          .max(MAX_SUBSCRIBERS, 'subscribers must be ≤ 10,000,000')
          .default(100_000),
        prepaidShare: share('prepaidShare').optional(),
        dataUserShare: share('dataUserShare').optional(),
        activitySigma: finite('activitySigma').min(0).max(3).optional(),
        inactiveShare: finite('inactiveShare').min(0).max(0.95).optional(),
      })
      .strict()
      .prefault({}),
    volume: z
      .discriminatedUnion(
        'mode',
        [
          z.object({ mode: z.literal('activity') }).strict(),
          z
            .object({
              mode: z.literal('exact'),
              recordsPerDay: z
                .object({
                  voice: z.number().int('records per day must be an integer').min(0).max(1e9).default(10_000),
                  sms: z.number().int('records per day must be an integer').min(0).max(1e9).default(5_000),
                  data: z.number().int('records per day must be an integer').min(0).max(1e9).default(3_000),
                })
                .strict()
                .prefault({}),
            })
            .strict(),
          z
            .object({
              mode: z.literal('rows'),
              rows: z
                .number({ error: 'rows must be an integer' })
                .int('rows must be an integer')
                .min(1, 'rows must be ≥ 1')
                .max(MAX_ROWS, 'rows is too large'),
            })
            .strict(),
        ],
        { error: 'mode must be one of activity, exact, rows' },
      )
      .prefault({ mode: 'activity' }),
    services: z
      .object({ voice: voiceOverrides.optional(), sms: smsOverrides.optional(), data: dataOverrides.optional() })
      .strict()
      .prefault({}),
    schema: z.enum(['legacy', 'extended'], { error: 'schema must be legacy or extended' }).default('legacy'),
    /** Data-quality faults (absent or every kind disabled by default; see truth/options.ts). */
    faults: faultsSchema.optional(),
    /** Fraud patterns (absent or every pattern disabled by default; see truth/options.ts). */
    fraud: fraudSchema.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

/** A bad scenario: `issues` name each field and what is wrong with it. */
export class ScenarioError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'ScenarioError';
  }
}

/** The scenario with every default filled in and the profile resolved into a concrete model. */
export interface Model {
  scenario: Scenario;
  profile: Profile;
  /** Services that produce records (enabled and, for the CLI, selected). */
  types: ServiceType[];
}

/** Keeps hostile input (a 10 MB key echoed by "Unrecognized key", a huge path) out of error messages. */
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : clip(String(p), 60)))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Validates an untrusted scenario and fills in defaults; throws ScenarioError naming the fields. */
export function parseScenario(input: unknown): Scenario {
  const res = scenarioSchema.safeParse(input ?? {});
  const issues = res.success ? [] : res.error.issues.slice(0, 10).map((i) => ({ path: issuePath(i.path), message: clip(i.message, 300) }));
  // zod's record skips an own "__proto__" key without a word (its value is not even checked): refuse it by name.
  const weights = typeof input === 'object' && input !== null ? (input as { regionWeights?: unknown }).regionWeights : undefined;
  if (typeof weights === 'object' && weights !== null && Object.hasOwn(weights, '__proto__')) {
    issues.unshift({ path: 'regionWeights.__proto__', message: 'not a region name' });
  }
  if (!res.success || issues.length) throw new ScenarioError(issues);
  return res.data;
}

/** The default scenario (mali-omea, 2025-10-01, 7 days, 100,000 subscribers, seed 42). */
export function defaultScenario(): Scenario {
  return parseScenario({});
}

function merge<T extends object>(base: T, over: object | undefined): T {
  if (!over) return base;
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || k === 'enabled') continue;
    const b = (base as Record<string, unknown>)[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && typeof v === 'object' ? { ...(b as object), ...(v as object) } : v;
  }
  return out as T;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** Upper bound of the SIMs the fraud section appends to the subscriber base. */
function fraudSims(s: Scenario): number {
  const f = s.fraud;
  if (!f) return 0;
  const N = s.population.subscribers;
  return (
    (f.simBox.enabled ? Math.max(f.simBox.simsPerGateway.min, Math.round(f.simBox.share * N)) : 0) +
    (f.irsf.enabled ? f.irsf.sims : 0) +
    (f.highVelocity.enabled ? Math.max(1, Math.round(f.highVelocity.share * N)) : 0)
  );
}

/** Id of a scenario's profile (the custom profile's own id for an imported one). */
export function profileIdOf(scenario: Pick<Scenario, 'profile'>): string {
  return typeof scenario.profile === 'string' ? scenario.profile : scenario.profile.id;
}

/** The concrete profile of a validated scenario (built-in, or built from the custom profile); undefined for an unknown id. */
export function profileOfScenario(scenario: Pick<Scenario, 'profile'>): Profile | undefined {
  return typeof scenario.profile === 'string' ? PROFILES[scenario.profile] : buildCustomProfile(scenario.profile);
}

/** Resolves a validated scenario against its profile; throws ScenarioError on inconsistent values. */
export function resolveModel(scenario: Scenario, only?: readonly ServiceType[]): Model {
  const base = profileOfScenario(scenario);
  if (!base) throw new ScenarioError([{ path: 'profile', message: 'unknown profile' }]);
  const issues: { path: string; message: string }[] = [];
  let regions = base.regions;
  if (scenario.regionWeights) {
    const names = new Set(regions.map((r) => r.name));
    for (const k of Object.keys(scenario.regionWeights)) {
      if (!names.has(k)) issues.push({ path: `regionWeights.${k}`, message: `unknown region (known: ${[...names].join(', ')})` });
    }
    regions = regions.map((r) => ({ ...r, weight: scenario.regionWeights?.[r.name] ?? r.weight }));
    if (!(regions.reduce((a, r) => a + r.weight, 0) > 0))
      issues.push({ path: 'regionWeights', message: 'region weights must not all be 0' });
  }
  const pop = scenario.population;
  const profile: Profile = {
    ...base,
    regions,
    population: {
      ...base.population,
      prepaidShare: pop.prepaidShare ?? base.population.prepaidShare,
      dataUserShare: pop.dataUserShare ?? base.population.dataUserShare,
      activitySigma: pop.activitySigma ?? base.population.activitySigma,
      inactiveShare: pop.inactiveShare ?? base.population.inactiveShare,
    },
    voice: merge(base.voice, scenario.services.voice),
    sms: merge(base.sms, scenario.services.sms),
    data: merge(base.data, scenario.services.data),
  };
  if (!(sum(profile.voice.destinations) > 0)) issues.push({ path: 'services.voice.destinations', message: 'shares must not all be 0' });
  if (!(sum(profile.voice.outcomes) > 0)) issues.push({ path: 'services.voice.outcomes', message: 'shares must not all be 0' });
  if (!(sum(profile.sms.destinations) > 0)) issues.push({ path: 'services.sms.destinations', message: 'shares must not all be 0' });
  if (!(sum(profile.sms.delivery) > 0)) issues.push({ path: 'services.sms.delivery', message: 'shares must not all be 0' });
  if (!(sum(profile.data.rat) > 0)) issues.push({ path: 'services.data.rat', message: 'shares must not all be 0' });
  const served = profile.operators[0]!;
  const space = served.prefixes.length * 10 ** (profile.nationalLength - served.prefixes[0]!.length);
  if (pop.subscribers > space) {
    issues.push({ path: 'population.subscribers', message: `must be ≤ ${space} (the numbering space of ${served.name})` });
  } else if (scenario.fraud && fraudSims(scenario) + pop.subscribers > space) {
    issues.push({ path: 'fraud', message: `the fraudulent SIMs do not fit in the numbering space of ${served.name} (${space} numbers)` });
  }
  const enabled = (['voice', 'sms', 'data'] as const).filter((t) => scenario.services[t]?.enabled !== false);
  const types = only ? enabled.filter((t) => only.includes(t)) : enabled;
  if (types.length === 0) issues.push({ path: 'services', message: 'no service is enabled (and selected)' });
  if (issues.length) throw new ScenarioError(issues);
  return { scenario, profile, types };
}
