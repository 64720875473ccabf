/**
 * Scenario sections `faults` (data-quality damage) and `fraud` (fraud actors): all off by default,
 * each kind with one intensity (its slider) and documented defaults from REALISM.md §8–9, plus the
 * labels and descriptions the web app shows. Both sections are optional in the scenario document: a
 * scenario without them gives exactly the bytes it gave before they existed.
 */
import { z } from 'zod';

const num = (label: string) => z.number({ error: `${label} must be a number` }).refine(Number.isFinite, `${label} must be finite`);
const rate = (label: string, def: number, max = 0.5) =>
  num(label).min(0, `${label} must be ≥ 0`).max(max, `${label} must be ≤ ${max}`).default(def);
const int = (label: string, min: number, max: number, def: number) =>
  z
    .number({ error: `${label} must be an integer` })
    .int(`${label} must be an integer`)
    .min(min, `${label} must be ≥ ${min}`)
    .max(max, `${label} must be ≤ ${max}`)
    .default(def);
/** An inclusive integer range {min, max} with min ≤ max. */
const range = (label: string, lo: number, hi: number, def: [number, number]) =>
  z
    .object({ min: int(`${label}.min`, lo, hi, def[0]), max: int(`${label}.max`, lo, hi, def[1]) })
    .strict()
    .refine((r) => r.min <= r.max, { message: `${label}.min must be ≤ ${label}.max` })
    .prefault({});
const enabled = z.boolean({ error: 'enabled must be true or false' }).default(false);
// `{}` fills every default (the generic shape hides that from the type checker).
const kind = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ enabled, ...shape })
    .strict()
    .prefault({} as never);

// ---------------------------------------------------------------------------------------------
// Data-quality faults (REALISM.md §9)

/** Per-record fault kinds, in the order records are picked for them (each record gets at most one). */
export const FAULT_KINDS = [
  'exactDuplicates',
  'nearDuplicates',
  'missingFields',
  'truncatedRows',
  'malformedMsisdn',
  'corruptValues',
  'clockSkew',
  'timestampAnomalies',
  'lateArrivals',
  'outOfOrder',
  'malformedImei',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** Fault kinds that act on pairs of legs rather than on single records. */
export const PAIR_FAULT_KINDS = ['orphanLegs'] as const;

export const faultsSchema = z
  .object({
    exactDuplicates: kind({ rate: rate('exactDuplicates.rate', 0.003) }),
    nearDuplicates: kind({ rate: rate('nearDuplicates.rate', 0.002), maxSeconds: int('nearDuplicates.maxSeconds', 1, 60, 1) }),
    missingFields: kind({ rate: rate('missingFields.rate', 0.005), cellShare: rate('missingFields.cellShare', 0.6, 1) }),
    truncatedRows: kind({ rate: rate('truncatedRows.rate', 0.001) }),
    malformedMsisdn: kind({ rate: rate('malformedMsisdn.rate', 0.001) }),
    malformedImei: kind({ rate: rate('malformedImei.rate', 0.001) }),
    corruptValues: kind({ rate: rate('corruptValues.rate', 0.001) }),
    clockSkew: kind({ rate: rate('clockSkew.rate', 0.002), maxSeconds: int('clockSkew.maxSeconds', 2, 86_400, 900) }),
    orphanLegs: kind({ rate: rate('orphanLegs.rate', 0.01, 1) }),
    timestampAnomalies: kind({ rate: rate('timestampAnomalies.rate', 0.002) }),
    lateArrivals: kind({ rate: rate('lateArrivals.rate', 0.05) }),
    outOfOrder: kind({ rate: rate('outOfOrder.rate', 0.075), maxSeconds: int('outOfOrder.maxSeconds', 2, 3600, 300) }),
  })
  .strict()
  .refine((f) => FAULT_KINDS.reduce((a, k) => a + (f[k].enabled ? f[k].rate : 0), 0) <= 0.5, {
    message: 'the enabled per-record fault rates must add up to at most 0.5 (each record gets at most one fault)',
  });

export type FaultsOptions = z.output<typeof faultsSchema>;

// ---------------------------------------------------------------------------------------------
// Fraud (REALISM.md §8)

export const FRAUD_PATTERNS = ['simBox', 'wangiri', 'irsf', 'highVelocity'] as const;
export type FraudPattern = (typeof FRAUD_PATTERNS)[number];

export const fraudSchema = z
  .object({
    simBox: kind({
      /** Share of the subscriber base added as SIM-box SIMs (at least one gateway of 8). */
      share: rate('simBox.share', 0.001, 0.05),
      simsPerGateway: range('simBox.simsPerGateway', 2, 256, [8, 32]),
      mocPerDay: range('simBox.mocPerDay', 1, 5000, [100, 300]),
      /** Terminating calls per originating call (call-backs of people the SIM-box called). */
      inboundRatio: rate('simBox.inboundRatio', 0.02, 1),
    }),
    wangiri: kind({
      campaignsPerDay: num('wangiri.campaignsPerDay')
        .min(0, 'wangiri.campaignsPerDay must be ≥ 0')
        .max(50, 'wangiri.campaignsPerDay must be ≤ 50')
        .default(1),
      numbers: range('wangiri.numbers', 1, 100, [1, 20]),
      targets: range('wangiri.targets', 1, 1_000_000, [1500, 5000]),
      windowHours: range('wangiri.windowHours', 1, 6, [1, 3]),
      /** Share of campaigns run at night (03–06 h local); the others in the day (09–21 h). */
      nightShare: rate('wangiri.nightShare', 0.7, 1),
      callbackShare: rate('wangiri.callbackShare', 0.05, 1),
      callbackMinutes: range('wangiri.callbackMinutes', 1, 240, [2, 20]),
    }),
    irsf: kind({
      sims: int('irsf.sims', 1, 1000, 3),
      callsPerDay: range('irsf.callsPerDay', 1, 5000, [50, 500]),
      durationMinutes: range('irsf.durationMinutes', 1, 60, [5, 60]),
      attackDays: range('irsf.attackDays', 1, 14, [1, 3]),
    }),
    highVelocity: kind({
      share: rate('highVelocity.share', 0.0005, 0.05),
      /** Share of the SIMs that spam SMS (the others robo-call). */
      smsShare: rate('highVelocity.smsShare', 0.5, 1),
      smsPerDay: range('highVelocity.smsPerDay', 1, 10_000, [200, 600]),
      mocPerDay: range('highVelocity.mocPerDay', 1, 5000, [100, 300]),
      activeDays: range('highVelocity.activeDays', 1, 14, [1, 3]),
    }),
  })
  .strict();

export type FraudOptions = z.output<typeof fraudSchema>;

/** Whether a scenario has any fault kind enabled. */
export const anyFault = (f: FaultsOptions | undefined): boolean => !!f && (FAULT_KINDS.some((k) => f[k].enabled) || f.orphanLegs.enabled);
/** Whether the faults can leave CDR fields empty (missing fields, truncated rows). */
export const nullableFaults = (f: FaultsOptions | undefined): boolean => !!f && (f.missingFields.enabled || f.truncatedRows.enabled);
/** Whether a scenario has any fraud pattern enabled. */
export const anyFraud = (f: FraudOptions | undefined): boolean => !!f && FRAUD_PATTERNS.some((k) => f[k].enabled);

// ---------------------------------------------------------------------------------------------
// What the web app shows: labels, descriptions, the slider of each kind.

export interface KindInfo {
  /** Key in the scenario section (`faults.<key>` / `fraud.<key>`). */
  key: string;
  label: string;
  description: string;
  /** Field of the kind's slider and its bounds. */
  slider: { field: string; min: number; max: number; step: number; default: number; unit: string };
  /** REALISM.md section of the defaults. */
  source: string;
  /** Warning shown next to the toggle in the legacy preset (the kind breaks strict positional loaders). */
  breaksStrictLoaders?: boolean;
  /** Only visible in the extended schema (the damaged column is not in the legacy preset). */
  extendedOnly?: boolean;
  /** The pattern introduces foreign numbers (not 223 + 8 digits in the legacy Mali profile). */
  foreignNumbers?: boolean;
  /** Adds rows on top of the volume (+) or removes some (−); undefined = rows unchanged. */
  rows?: '+' | '-';
}

export const FAULT_INFO: readonly KindInfo[] = [
  {
    key: 'exactDuplicates',
    label: 'Exact duplicates',
    description: 'A record written twice, byte for byte (same id).',
    slider: { field: 'rate', min: 0, max: 0.05, step: 0.0005, default: 0.003, unit: 'share of records' },
    source: 'REALISM §9',
    rows: '+',
  },
  {
    key: 'nearDuplicates',
    label: 'Near duplicates',
    description: 'A second copy of a record (same id) whose timestamp is off by ±1 s.',
    slider: { field: 'rate', min: 0, max: 0.05, step: 0.0005, default: 0.002, unit: 'share of records' },
    source: 'REALISM §9',
    rows: '+',
  },
  {
    key: 'missingFields',
    label: 'Missing fields',
    description:
      'A field left empty (CSV), null (NDJSON, Parquet, Arrow): cell_id most often, else the other party, the charge, IMSI or IMEI.',
    slider: { field: 'rate', min: 0, max: 0.05, step: 0.0005, default: 0.005, unit: 'share of records' },
    source: 'REALISM §9',
  },
  {
    key: 'truncatedRows',
    label: 'Truncated rows (missing columns)',
    description: 'The row stops early: fewer CSV fields, fewer NDJSON keys, trailing nulls in typed files.',
    slider: { field: 'rate', min: 0, max: 0.02, step: 0.0005, default: 0.001, unit: 'share of records' },
    source: 'REALISM §9 (corrupt values)',
    breaksStrictLoaders: true,
  },
  {
    key: 'malformedMsisdn',
    label: 'Malformed MSISDN',
    description: 'A number without country code, with a digit missing or one too many, or the country code twice.',
    slider: { field: 'rate', min: 0, max: 0.02, step: 0.0005, default: 0.001, unit: 'share of records' },
    source: 'REALISM §9',
  },
  {
    key: 'malformedImei',
    label: 'Malformed IMEI',
    description: 'A wrong Luhn check digit, or 14 / 16 digits (extended schema: served_imei).',
    slider: { field: 'rate', min: 0, max: 0.02, step: 0.0005, default: 0.001, unit: 'share of records' },
    source: 'REALISM §9',
    extendedOnly: true,
  },
  {
    key: 'corruptValues',
    label: 'Corrupt values',
    description: 'Impossible numbers: negative or day-long durations, negative charges, zero-length SMS, negative byte counts.',
    slider: { field: 'rate', min: 0, max: 0.02, step: 0.0005, default: 0.001, unit: 'share of records' },
    source: 'REALISM §9',
  },
  {
    key: 'clockSkew',
    label: 'Clock skew',
    description: 'The timestamp is off by the (consistent) clock error of its cell, up to ±15 min.',
    slider: { field: 'rate', min: 0, max: 0.05, step: 0.0005, default: 0.002, unit: 'share of records' },
    source: '[E]',
  },
  {
    key: 'orphanLegs',
    label: 'Orphan MO/MT legs',
    description: 'One leg of an on-net call or SMS is lost: an MOC without its MTC, or the reverse.',
    slider: { field: 'rate', min: 0, max: 0.2, step: 0.001, default: 0.01, unit: 'share of on-net pairs' },
    source: 'REALISM §9',
    rows: '-',
  },
  {
    key: 'timestampAnomalies',
    label: 'Timestamp anomalies',
    description: 'An epoch (1970-01-01) timestamp, one in the future, or one long before the period.',
    slider: { field: 'rate', min: 0, max: 0.02, step: 0.0005, default: 0.002, unit: 'share of records' },
    source: 'REALISM §9',
  },
  {
    key: 'lateArrivals',
    label: 'Late arrivals',
    description: 'Ingestion (NDJSON ingest_ts, stream delivery) long after the event: 80 % 15 min–6 h, 18 % 6–72 h, 2 % 3–7 days.',
    slider: { field: 'rate', min: 0, max: 0.2, step: 0.005, default: 0.05, unit: 'share of records' },
    source: 'REALISM §9',
  },
  {
    key: 'outOfOrder',
    label: 'Out-of-order delivery',
    description: 'The record is delivered after records up to 5 min younger (row order of the files and the stream).',
    slider: { field: 'rate', min: 0, max: 0.2, step: 0.005, default: 0.075, unit: 'share of records' },
    source: 'REALISM §9',
  },
];

export const FRAUD_INFO: readonly KindInfo[] = [
  {
    key: 'simBox',
    label: 'SIM-box',
    description:
      'Gateways of 8–32 new prepaid SIMs sharing one IMEI on 1–2 fixed cells, 100–300 calls a day each to distinct numbers, almost no incoming calls, no SMS or data, evening-heavy.',
    slider: { field: 'share', min: 0, max: 0.005, step: 0.0001, default: 0.001, unit: 'share of SIMs' },
    source: 'REALISM §8',
    rows: '+',
  },
  {
    key: 'wangiri',
    label: 'Wangiri',
    description:
      'Foreign numbers ring thousands of subscribers for 1–3 s within 1–3 h (often 03–06 h); about 5 % call back 2–20 min later (charged international calls).',
    slider: { field: 'campaignsPerDay', min: 0, max: 5, step: 0.1, default: 1, unit: 'campaigns per day' },
    source: 'REALISM §8',
    foreignNumbers: true,
    rows: '+',
  },
  {
    key: 'irsf',
    label: 'IRSF',
    description:
      'A few SIMs make 50–500 long (5–60 min, overlapping) international calls a day to one narrow premium number range, at night and on weekends, for 1–3 days.',
    slider: { field: 'sims', min: 1, max: 20, step: 1, default: 3, unit: 'SIMs' },
    source: 'REALISM §8',
    foreignNumbers: true,
    rows: '+',
  },
  {
    key: 'highVelocity',
    label: 'High-velocity SIMs',
    description:
      'SIMs activated less than 7 days earlier send > 200 SMS or make > 100 calls a day to distinct numbers for 1–3 days, then fall silent.',
    slider: { field: 'share', min: 0, max: 0.005, step: 0.0001, default: 0.0005, unit: 'share of SIMs' },
    source: 'REALISM §8',
    rows: '+',
  },
];
