/** The scenario form of the skeleton: text values → validated scenario, messages per field and an estimate. */
import { buildPlan, parseScenario, resolveModel, ScenarioError, type Scenario, type ServiceType } from '../core/index.ts';

export type FieldName = 'days' | 'subscribers' | 'seed';
export type FormValues = Record<FieldName, string>;
/** Messages by field; `form` holds the ones that belong to no single field. */
export type FormErrors = Partial<Record<FieldName | 'form', string>>;

/** What the web form allows (narrower than the scenario schema). */
export const FIELD_LIMITS = {
  days: { min: 1, max: 31 },
  subscribers: { min: 10, max: 1_000_000 },
} as const;

/** The skeleton holds the files in memory before zipping: refuse runs whose CSV would exceed this. */
export const MAX_IN_MEMORY_BYTES = 400_000_000;

/** Average legacy CSV bytes per row (mali-omea, measured), for the size estimate. */
const BYTES_PER_ROW: Record<ServiceType, number> = { voice: 96, sms: 96, data: 109 };
const HEADER_BYTES: Record<ServiceType, number> = { voice: 130, sms: 130, data: 160 };

export const DEFAULT_FORM: FormValues = { days: '7', subscribers: '20000', seed: '42' };

/** Expected output of a valid form, known before generating (the plan decides every count up front). */
export interface Estimate {
  start: string;
  startEpochDay: number;
  days: number;
  rows: Record<ServiceType, number>;
  total: number;
  bytes: number;
  files: number;
  /** Records per chunk, in chunk order (work balancing). */
  chunkRecords: number[];
}

export interface FormCheck {
  errors: FormErrors;
  scenario: Scenario | null;
  estimate: Estimate | null;
}

const FIELD_OF_PATH: Record<string, FieldName> = {
  'period.days': 'days',
  'population.subscribers': 'subscribers',
  seed: 'seed',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Reads an integer typed by a person: spaces, commas and underscores as digit separators; '' → undefined. */
export function readInteger(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const plain = t.replace(/[\s,_\u202f\u00a0]/g, '');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : Number.NaN;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Validates the form with the engine's own schema, then the page's limits, and plans the run. */
export function checkForm(values: FormValues): FormCheck {
  const errors: FormErrors = {};
  const days = readInteger(values.days);
  const subscribers = readInteger(values.subscribers);
  const seed = readInteger(values.seed);
  if (days === undefined) errors.days = 'Enter a number of days';
  if (subscribers === undefined) errors.subscribers = 'Enter a number of subscribers';
  if (seed === undefined) errors.seed = 'Enter a seed (any whole number ≥ 0)';

  const input = { seed: seed ?? 0, period: { days: days ?? 1 }, population: { subscribers: subscribers ?? 10 } };
  let scenario: Scenario | null = null;
  try {
    scenario = parseScenario(input);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    for (const issue of e.issues) {
      const field = FIELD_OF_PATH[issue.path];
      const key = field ?? 'form';
      errors[key] ??= capitalize(issue.message);
    }
  }
  if (days !== undefined && !errors.days && (days < FIELD_LIMITS.days.min || days > FIELD_LIMITS.days.max)) {
    errors.days = `Days must be between ${FIELD_LIMITS.days.min} and ${FIELD_LIMITS.days.max}`;
  }
  const { min, max } = FIELD_LIMITS.subscribers;
  if (subscribers !== undefined && !errors.subscribers && (subscribers < min || subscribers > max)) {
    errors.subscribers = `Subscribers must be between ${fmt(min)} and ${fmt(max)}`;
  }
  if (!scenario || Object.keys(errors).length) return { errors, scenario: null, estimate: null };

  let plan;
  try {
    plan = buildPlan(resolveModel(scenario));
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    for (const issue of e.issues) errors[FIELD_OF_PATH[issue.path] ?? 'form'] ??= capitalize(issue.message);
    return { errors, scenario: null, estimate: null };
  }
  const rows = { ...plan.totals };
  let bytes = 0;
  for (const t of plan.types) bytes += rows[t] * BYTES_PER_ROW[t] + plan.days * HEADER_BYTES[t];
  const estimate: Estimate = {
    start: scenario.period.start,
    startEpochDay: plan.startEpochDay,
    days: plan.days,
    rows,
    total: plan.total,
    bytes,
    files: plan.types.length * plan.days + 1,
    chunkRecords: plan.chunks.map((c) => c.records.voice + c.records.sms + c.records.data),
  };
  if (bytes > MAX_IN_MEMORY_BYTES) {
    errors.form = `About ${Math.round(bytes / 1e6)} MB of CSV: this in-browser preview holds at most ${MAX_IN_MEMORY_BYTES / 1e6} MB. Reduce days or subscribers.`;
    return { errors, scenario: null, estimate };
  }
  return { errors, scenario, estimate };
}
