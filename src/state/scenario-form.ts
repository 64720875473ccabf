/**
 * The scenario form: what the controls hold (text as typed, choices, region weights), how it becomes a
 * validated engine scenario plus output options, and the messages per field (as message keys, so the UI
 * can show them in French or English).
 */
import { recordsPerSubDay } from '../core/plan.ts';
import {
  buildPlan,
  defaultScenario,
  parseScenario,
  PROFILES,
  resolveModel,
  ScenarioError,
  type Plan,
  type Profile,
  type Scenario,
  type ScenarioInput,
  type ServiceType,
} from '../core/index.ts';
import { normaliseWeights, sameWeights, tenthsToPercent, WEIGHT_TOTAL } from './region-weights.ts';
import { lookupProfile, registerCustomProfile, scenarioProfileValue } from './profiles.ts';

export const SERVICE_TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];
export const VOLUME_MODES = ['activity', 'exact', 'rows'] as const;
export type VolumeMode = (typeof VOLUME_MODES)[number];
export const OUTPUT_FORMATS = ['csv', 'ndjson', 'parquet', 'arrow', 'iceberg'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** Formats of single files (Iceberg is a folder of tables: Parquet data files plus metadata). */
export const FILE_FORMATS = ['csv', 'ndjson', 'parquet', 'arrow'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
/** Warehouse URI of the Iceberg tables when none is typed (tables at `<warehouse>/<type>`). */
export const DEFAULT_WAREHOUSE = 's3://lakehouse/bronze';
export const COMPRESSIONS = ['zstd', 'snappy', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const PARTITION_KEYS = ['type', 'date', 'hour', 'region'] as const;
export type PartitionKey = (typeof PARTITION_KEYS)[number];
export const SCHEMA_PRESETS = ['legacy', 'extended'] as const;
export type SchemaPreset = (typeof SCHEMA_PRESETS)[number];

/** Output options: not part of the scenario (they do not change the records), but part of a shared link. */
export interface OutputOptions {
  format: OutputFormat;
  /** Parquet codec (ignored by the other formats). */
  compression: Compression;
  /** Hive partition keys of the ZIP layout; empty = the legacy flat layout (one file per type per day). */
  partitionBy: PartitionKey[];
  /** Iceberg only: warehouse URI, tables at `<warehouse>/<type>` (absent = DEFAULT_WAREHOUSE). */
  warehouse?: string;
}

/** What the controls hold. Numbers stay text as typed, so a half-typed value can be shown with its message. */
export interface FormValues {
  profile: string;
  start: string;
  days: string;
  subscribers: string;
  seed: string;
  volumeMode: VolumeMode;
  recordsPerDay: Record<ServiceType, string>;
  rows: string;
  services: Record<ServiceType, boolean>;
  /** Per-subscriber daily rates (activity mode); '' = the profile's default. */
  rates: Record<ServiceType, string>;
  /** Tenths of a percent per profile region (sum 1000); null = the profile's weights. */
  regionWeights: number[] | null;
  schema: SchemaPreset;
  output: OutputOptions;
  /**
   * Model parameters that have no control on the page (set by an imported scenario or link), kept as
   * they came so that exporting gives the same scenario back.
   */
  advanced: AdvancedParameters | null;
}

/** Imported model parameters without a control: population shares and per-service overrides. */
export interface AdvancedParameters {
  /** Other scenario sections the page has no control for yet (e.g. faults, fraud), kept verbatim. */
  other?: Record<string, unknown>;
  /** Region weights that are not whole tenths of a percent summing to 100 (shown normalised until a slider moves). */
  regionWeights?: Record<string, number>;
  population?: Omit<NonNullable<ScenarioInput['population']>, 'subscribers'>;
  services?: {
    voice?: Omit<NonNullable<NonNullable<ScenarioInput['services']>['voice']>, 'enabled' | 'mocPerSubDay'>;
    sms?: Omit<NonNullable<NonNullable<ScenarioInput['services']>['sms']>, 'enabled' | 'moPerSubDay'>;
    data?: Omit<NonNullable<NonNullable<ScenarioInput['services']>['data']>, 'enabled' | 'sessionsPerUserDay'>;
  };
}

/** Everything that can carry a message: a control, or the form as a whole. */
export type FieldName =
  | 'profile'
  | 'start'
  | 'days'
  | 'subscribers'
  | 'seed'
  | 'rows'
  | `recordsPerDay.${ServiceType}`
  | `rates.${ServiceType}`
  | 'services'
  | 'regions'
  | 'partitionBy'
  | 'form';

/** A message key of `errors` in the i18n catalogues, with its parameters; `engine` carries the engine's own text. */
export interface FieldError {
  key: ErrorKey;
  params?: Record<string, string | number>;
}

export type ErrorKey =
  | 'required'
  | 'notInteger'
  | 'notNumber'
  | 'range'
  | 'min'
  | 'date'
  | 'dateRange'
  | 'noService'
  | 'allZero'
  | 'tooBig'
  | 'partitionNeedsTypeDate'
  | 'engine';

export type FormErrors = Partial<Record<FieldName, FieldError>>;

/** What the page allows (narrower than the engine's schema: everything is held in memory). */
export const FIELD_LIMITS = {
  days: { min: 1, max: 366 },
  subscribers: { min: 10, max: 5_000_000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  recordsPerDay: { min: 0, max: 50_000_000 },
  rows: { min: 1, max: 50_000_000 },
  rate: { min: 0, max: 200 },
} as const;

/** The subscribers slider covers this range on a log scale (the text field accepts the full range). */
export const SUBSCRIBER_SLIDER = { min: 1_000, max: 2_000_000 } as const;

/** The largest estimated output (of the chosen format) the page accepts to hold in memory. */
export const MAX_OUTPUT_BYTES = 1_500_000_000;

const DEFAULT_EXACT: Record<ServiceType, string> = { voice: '10000', sms: '5000', data: '3000' };

export const DEFAULT_OUTPUT: OutputOptions = { format: 'csv', compression: 'zstd', partitionBy: [] };

/** The form of the default scenario (mali-omea, 2025-10-01, 7 days, 100,000 subscribers, seed 42). */
export const DEFAULT_FORM: FormValues = {
  profile: 'mali-omea',
  start: '2025-10-01',
  days: '7',
  subscribers: '100000',
  seed: '42',
  volumeMode: 'activity',
  recordsPerDay: DEFAULT_EXACT,
  rows: '1000000',
  services: { voice: true, sms: true, data: true },
  rates: { voice: '', sms: '', data: '' },
  regionWeights: null,
  schema: 'legacy',
  output: DEFAULT_OUTPUT,
  advanced: null,
};

/** The profile of a form (the default one when the id is unknown). */
export function profileOf(values: Pick<FormValues, 'profile'>): Profile {
  return lookupProfile(values.profile) ?? PROFILES['mali-omea']!;
}

/** The region weights shown by the sliders: the form's, or the profile's normalised to 1000. */
export function effectiveWeights(
  values: Pick<FormValues, 'profile' | 'regionWeights'> & { advanced?: AdvancedParameters | null },
): number[] {
  const profile = profileOf(values);
  const w = values.regionWeights;
  if (w && w.length === profile.regions.length) return w;
  const raw = values.advanced?.regionWeights;
  return normaliseWeights(profile.regions.map((r) => raw?.[r.name] ?? r.weight));
}

/** The profile's default rate of a service, as the engine reads it (per subscriber, or per data user, per day). */
export function defaultRate(profile: Profile, type: ServiceType): number {
  if (type === 'voice') return profile.voice.mocPerSubDay;
  if (type === 'sms') return profile.sms.moPerSubDay;
  return profile.data.sessionsPerUserDay;
}

/** Reads a number typed by a person: spaces, commas, underscores and NBSPs as digit separators; '' → undefined. */
export function readNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const plain = t.replace(/[\s,_\u202f\u00a0']/g, '');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
}

/** Decimal number typed by a person (accepts a decimal comma: "2,5"). */
export function readDecimal(text: string): number | undefined {
  const t = text.trim().replace(/[\s\u202f\u00a0]/g, '');
  if (t === '') return undefined;
  const normal = /^\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  return /^\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}

type IntCheck = { value: number | undefined; error?: FieldError };

function readInt(text: string, min: number, max: number, required = true): IntCheck {
  const v = readNumber(text);
  if (v === undefined) return required ? { value: undefined, error: { key: 'required' } } : { value: undefined };
  if (Number.isNaN(v)) return { value: undefined, error: { key: 'notNumber' } };
  if (!Number.isInteger(v)) return { value: undefined, error: { key: 'notInteger' } };
  if (v < min || v > max) return { value: undefined, error: { key: 'range', params: { min, max } } };
  return { value: v };
}

const ENGINE_FIELDS: [RegExp, FieldName][] = [
  [/^seed/, 'seed'],
  [/^profile/, 'profile'],
  [/^period\.start/, 'start'],
  [/^period\.days/, 'days'],
  [/^population\.subscribers/, 'subscribers'],
  [/^volume\.rows/, 'rows'],
  [/^volume\.recordsPerDay\.voice/, 'recordsPerDay.voice'],
  [/^volume\.recordsPerDay\.sms/, 'recordsPerDay.sms'],
  [/^volume\.recordsPerDay\.data/, 'recordsPerDay.data'],
  [/^services\.voice\.mocPerSubDay/, 'rates.voice'],
  [/^services\.sms\.moPerSubDay/, 'rates.sms'],
  [/^services\.data\.sessionsPerUserDay/, 'rates.data'],
  [/^services/, 'services'],
  [/^regionWeights/, 'regions'],
];

function engineErrors(e: ScenarioError, errors: FormErrors): void {
  for (const issue of e.issues) {
    const field = ENGINE_FIELDS.find(([re]) => re.test(issue.path))?.[1] ?? 'form';
    errors[field] ??= { key: 'engine', params: { message: issue.path ? `${issue.path}: ${issue.message}` : issue.message } };
  }
}

/**
 * The scenario document of the form, with only what differs from the engine's defaults (what a shared
 * link and an exported JSON carry). Fields with errors fall back to a harmless value; callers check errors.
 */
export function scenarioInputOf(values: FormValues): ScenarioInput {
  const profile = profileOf(values);
  const n = (t: string, fallback: number) => {
    const v = readNumber(t);
    return v === undefined || Number.isNaN(v) ? fallback : v;
  };
  const input: ScenarioInput = {
    seed: n(values.seed, 42),
    profile: scenarioProfileValue(values.profile),
    period: { start: values.start, days: n(values.days, 7) },
    population: { subscribers: n(values.subscribers, 100_000) },
  };
  if (values.volumeMode === 'exact') {
    input.volume = {
      mode: 'exact',
      recordsPerDay: {
        voice: n(values.recordsPerDay.voice, 0),
        sms: n(values.recordsPerDay.sms, 0),
        data: n(values.recordsPerDay.data, 0),
      },
    };
  } else if (values.volumeMode === 'rows') {
    input.volume = { mode: 'rows', rows: n(values.rows, 1) };
  }
  const adv = values.advanced;
  if (adv?.other) Object.assign(input, adv.other);
  if (adv?.population && Object.keys(adv.population).length) input.population = { ...adv.population, ...input.population };
  const services: Record<string, Record<string, unknown>> = {};
  const rateKey: Record<ServiceType, string> = { voice: 'mocPerSubDay', sms: 'moPerSubDay', data: 'sessionsPerUserDay' };
  for (const t of SERVICE_TYPES) {
    const o: Record<string, unknown> = {};
    if (!values.services[t]) o.enabled = false;
    const extra = adv?.services?.[t];
    if (extra) Object.assign(o, extra);
    const rate = readDecimal(values.rates[t]);
    if (values.volumeMode !== 'exact' && rate !== undefined && !Number.isNaN(rate) && rate !== defaultRate(profile, t))
      o[rateKey[t]] = rate;
    if (Object.keys(o).length) services[t] = o;
  }
  if (Object.keys(services).length) input.services = services as ScenarioInput['services'];
  const w = values.regionWeights;
  if (w && w.length === profile.regions.length && !sameWeights(w, effectiveWeights({ profile: values.profile, regionWeights: null }))) {
    input.regionWeights = Object.fromEntries(profile.regions.map((r, i) => [r.name, tenthsToPercent(w[i]!)]));
  } else if (!w && adv?.regionWeights) input.regionWeights = { ...adv.regionWeights };
  if (values.schema !== 'legacy') input.schema = values.schema;
  return input;
}

/** The result of checking the form: messages, and when valid the scenario, its plan and the output options. */
export interface FormCheck {
  errors: FormErrors;
  /** Null while any field is invalid. */
  scenario: Scenario | null;
  /** The plan of the scenario (exact totals), also when only the size check fails. */
  plan: Plan | null;
  profile: Profile;
  output: OutputOptions;
}

/** Estimated output bytes of row totals in a format; injected to keep this module free of the estimate tables. */
export type SizeEstimator = (plan: Pick<Plan, 'totals'>, values: FormValues) => number;

/** Approximate rows per service of a resolved scenario, without planning (weekday effects ignored). */
export function approximateTotals(model: ReturnType<typeof resolveModel>): Record<ServiceType, number> {
  const sc = model.scenario;
  const out: Record<ServiceType, number> = { voice: 0, sms: 0, data: 0 };
  const v = sc.volume;
  for (const t of model.types) {
    if (v.mode === 'exact') out[t] = v.recordsPerDay[t] * sc.period.days;
    else out[t] = sc.population.subscribers * recordsPerSubDay(model.profile, t) * sc.period.days;
  }
  if (v.mode === 'rows') {
    const sum = out.voice + out.sms + out.data;
    for (const t of SERVICE_TYPES) out[t] = sum > 0 ? (v.rows * out[t]) / sum : model.types.includes(t) ? v.rows / model.types.length : 0;
  }
  return out;
}

/**
 * Validates the form (own messages first, then the engine's schema) and plans the run; with an estimator,
 * refuses runs whose estimated output exceeds `maxBytes` (the engine's own volume limit always applies).
 */
export function checkForm(values: FormValues, estimateBytes?: SizeEstimator, maxBytes: number = MAX_OUTPUT_BYTES): FormCheck {
  const errors: FormErrors = {};
  const profile = profileOf(values);
  const output = values.output;
  if (!lookupProfile(values.profile)) errors.profile = { key: 'engine', params: { message: `unknown profile ${values.profile}` } };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.start)) errors.start = { key: 'date' };
  else if (values.start < '1971-01-01' || values.start > '2999-12-31') errors.start = { key: 'dateRange' };
  const days = readInt(values.days, FIELD_LIMITS.days.min, FIELD_LIMITS.days.max);
  if (days.error) errors.days = days.error;
  const subs = readInt(values.subscribers, FIELD_LIMITS.subscribers.min, FIELD_LIMITS.subscribers.max);
  if (subs.error) errors.subscribers = subs.error;
  const seed = readInt(values.seed, FIELD_LIMITS.seed.min, FIELD_LIMITS.seed.max);
  if (seed.error) errors.seed = seed.error;
  if (!SERVICE_TYPES.some((t) => values.services[t])) errors.services = { key: 'noService' };
  if (values.volumeMode === 'exact') {
    for (const t of SERVICE_TYPES) {
      if (!values.services[t]) continue;
      const r = readInt(values.recordsPerDay[t], FIELD_LIMITS.recordsPerDay.min, FIELD_LIMITS.recordsPerDay.max);
      if (r.error) errors[`recordsPerDay.${t}`] = r.error;
    }
  } else {
    if (values.volumeMode === 'rows') {
      const r = readInt(values.rows, FIELD_LIMITS.rows.min, FIELD_LIMITS.rows.max);
      if (r.error) errors.rows = r.error;
    }
    for (const t of SERVICE_TYPES) {
      if (!values.services[t]) continue;
      const rate = readDecimal(values.rates[t]);
      if (rate === undefined) continue;
      if (Number.isNaN(rate)) errors[`rates.${t}`] = { key: 'notNumber' };
      else if (rate < FIELD_LIMITS.rate.min || rate > FIELD_LIMITS.rate.max) {
        errors[`rates.${t}`] = { key: 'range', params: { min: FIELD_LIMITS.rate.min, max: FIELD_LIMITS.rate.max } };
      }
    }
  }
  const weights = effectiveWeights(values);
  if (weights.reduce((a, b) => a + b, 0) !== WEIGHT_TOTAL || weights.every((w) => w === 0)) errors.regions = { key: 'allZero' };
  // Partitioned paths must differ per table and per day (each day's job writes part-00000 of its partition).
  if (
    output.format !== 'iceberg' &&
    output.partitionBy.length > 0 &&
    !(output.partitionBy.includes('type') && output.partitionBy.includes('date'))
  ) {
    errors.partitionBy = { key: 'partitionNeedsTypeDate' };
  }
  if (Object.keys(errors).length) return { errors, scenario: null, plan: null, profile, output };

  let scenario: Scenario;
  let plan: Plan;
  try {
    scenario = parseScenario(scenarioInputOf(values));
    const model = resolveModel(scenario);
    // Refuse far too big runs before planning them (a plan of hundreds of millions of rows takes a while).
    const rough = estimateBytes?.({ totals: approximateTotals(model) }, values) ?? 0;
    if (rough > 1.25 * maxBytes) {
      errors.form = { key: 'tooBig', params: { mb: Math.round(rough / 1e6), max: maxBytes / 1e6 } };
      return { errors, scenario: null, plan: null, profile, output };
    }
    plan = buildPlan(model);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    engineErrors(e, errors);
    return { errors, scenario: null, plan: null, profile, output };
  }
  if (plan.total === 0) {
    errors.form = { key: 'allZero' };
    return { errors, scenario: null, plan, profile, output };
  }
  const bytes = estimateBytes?.(plan, values) ?? 0;
  if (bytes > maxBytes) {
    errors.form = { key: 'tooBig', params: { mb: Math.round(bytes / 1e6), max: maxBytes / 1e6 } };
    return { errors, scenario: null, plan, profile, output };
  }
  return { errors, scenario, plan, profile, output };
}

/** Scenario sections the form's controls cover (everything else is kept in `advanced.other`). */
const FORM_KEYS = ['version', 'seed', 'profile', 'regionWeights', 'period', 'population', 'volume', 'services', 'schema'];

/** Weights of a scenario as slider tenths, when that is exact (whole tenths of a percent adding up to 100). */
function tenthsOf(profile: Profile, weights: Record<string, number> | undefined): { tenths: number[] | null; exact: boolean } {
  if (!weights) return { tenths: null, exact: true };
  const raw = profile.regions.map((r) => weights[r.name] ?? r.weight);
  const tenths = normaliseWeights(raw);
  const exact =
    Object.keys(weights).every((k) => profile.regions.some((r) => r.name === k)) &&
    raw.every((x, i) => Math.abs(x * 10 - tenths[i]!) < 1e-9);
  if (!exact) return { tenths: null, exact: false };
  return { tenths: sameWeights(tenths, normaliseWeights(profile.regions.map((r) => r.weight))) ? null : tenths, exact: true };
}

const fmtRate = (v: number | undefined) => (v === undefined ? '' : String(v));

/** The form showing a validated scenario (imported JSON, shared link, remembered scenario) and output options. */
export function formFromScenario(scenario: Scenario, output: OutputOptions = DEFAULT_OUTPUT): FormValues {
  const profile = (typeof scenario.profile === 'string' ? lookupProfile(scenario.profile) : registerCustomProfile(scenario.profile)) ?? PROFILES['mali-omea']!;
  const v = scenario.volume;
  const { subscribers, ...population } = scenario.population;
  const pick = <T extends object>(o: T | undefined, drop: readonly string[]) => {
    if (!o) return undefined;
    const rest = Object.fromEntries(Object.entries(o).filter(([k, x]) => !drop.includes(k) && x !== undefined));
    return Object.keys(rest).length ? (rest as Partial<T>) : undefined;
  };
  const popExtra = pick(population, []);
  const svc = scenario.services;
  const advServices = {
    voice: pick(svc.voice, ['enabled', 'mocPerSubDay']),
    sms: pick(svc.sms, ['enabled', 'moPerSubDay']),
    data: pick(svc.data, ['enabled', 'sessionsPerUserDay']),
  };
  const hasServices = Object.values(advServices).some((x) => x !== undefined);
  const weights = tenthsOf(profile, scenario.regionWeights);
  const rawWeights = weights.exact ? undefined : scenario.regionWeights;
  const defaults = defaultScenario() as Record<string, unknown>;
  const otherEntries = Object.entries(scenario).filter(
    ([k, v]) => !FORM_KEYS.includes(k) && v !== undefined && JSON.stringify(v) !== JSON.stringify(defaults[k]),
  );
  const other = otherEntries.length ? (structuredClone(Object.fromEntries(otherEntries)) as Record<string, unknown>) : undefined;
  const advanced: AdvancedParameters | null =
    popExtra || hasServices || rawWeights || other
      ? {
          ...(other ? { other } : {}),
          ...(rawWeights ? { regionWeights: { ...rawWeights } } : {}),
          ...(popExtra ? { population: popExtra } : {}),
          ...(hasServices ? { services: Object.fromEntries(Object.entries(advServices).filter(([, x]) => x)) } : {}),
        }
      : null;
  return {
    profile: profile.id,
    start: scenario.period.start,
    days: String(scenario.period.days),
    subscribers: String(subscribers),
    seed: String(scenario.seed),
    volumeMode: v.mode,
    recordsPerDay:
      v.mode === 'exact'
        ? { voice: String(v.recordsPerDay.voice), sms: String(v.recordsPerDay.sms), data: String(v.recordsPerDay.data) }
        : DEFAULT_EXACT,
    rows: v.mode === 'rows' ? String(v.rows) : DEFAULT_FORM.rows,
    services: { voice: svc.voice?.enabled !== false, sms: svc.sms?.enabled !== false, data: svc.data?.enabled !== false },
    rates: { voice: fmtRate(svc.voice?.mocPerSubDay), sms: fmtRate(svc.sms?.moPerSubDay), data: fmtRate(svc.data?.sessionsPerUserDay) },
    regionWeights: weights.tenths,
    schema: scenario.schema,
    output: { ...output, partitionBy: [...output.partitionBy] },
    advanced,
  };
}

/** Scenario sections edited by the "Faults & fraud" panel (kept in `advanced.other`, so they round-trip verbatim). */
export const TRUTH_SECTIONS = ['faults', 'fraud'] as const;
export type TruthSection = (typeof TRUTH_SECTIONS)[number];

/** The settings of one fault kind or fraud pattern in the form (undefined = not set: off, defaults). */
export function truthKindOf(values: Pick<FormValues, 'advanced'>, section: TruthSection, key: string): Record<string, unknown> | undefined {
  const sec = values.advanced?.other?.[section];
  if (!sec || typeof sec !== 'object') return undefined;
  const k = (sec as Record<string, unknown>)[key];
  return k && typeof k === 'object' ? (k as Record<string, unknown>) : undefined;
}

/**
 * The form with one fault kind / fraud pattern changed (`patch` merged into its settings). A kind switched
 * off is removed, and so is a section left empty, so that a scenario without faults keeps its old bytes.
 */
export function withTruthKind(values: FormValues, section: TruthSection, key: string, patch: Record<string, unknown>): FormValues {
  const other = { ...(values.advanced?.other ?? {}) };
  const sec = { ...((other[section] as Record<string, unknown> | undefined) ?? {}) };
  const next = { ...(truthKindOf(values, section, key) ?? {}), ...patch };
  if (next.enabled === true) sec[key] = next;
  else delete sec[key];
  const active = Object.values(sec).some((k) => !!k && typeof k === 'object' && (k as { enabled?: unknown }).enabled === true);
  if (active) other[section] = sec;
  else delete other[section];
  const advanced: AdvancedParameters = { ...(values.advanced ?? {}), other };
  if (!Object.keys(other).length) delete advanced.other;
  const empty = Object.values(advanced).every((x) => x === undefined);
  return { ...values, advanced: empty ? null : advanced };
}

/** Number of imported model parameters that have no control on the page. */
export function advancedCount(a: AdvancedParameters | null): number {
  if (!a) return 0;
  const otherKeys = Object.keys(a.other ?? {}).filter((k) => !(TRUTH_SECTIONS as readonly string[]).includes(k));
  let n = Object.keys(a.population ?? {}).length + (a.regionWeights ? 1 : 0) + otherKeys.length;
  for (const t of SERVICE_TYPES) n += Object.keys(a.services?.[t] ?? {}).length;
  return n;
}
