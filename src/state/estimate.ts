/**
 * Output size and run time estimates, known before generating: exact row counts from the plan times
 * bytes per row and rows per second measured per format (Node 20 / Chromium on a 2-vCPU VM, mali-omea,
 * 20,000 subscribers, one day). The time estimate is recalibrated with the rate of the last run.
 */
import type { Plan, ServiceType } from '../core/index.ts';
import type { Compression, FileFormat, OutputFormat, SchemaPreset } from './scenario-form.ts';

type PerService = Record<ServiceType, number>;

/** Average bytes per record by schema, format and (Parquet) codec. */
const BYTES_PER_ROW: Record<SchemaPreset, Record<'csv' | 'ndjson' | 'arrow' | `parquet-${Compression}`, PerService>> = {
  legacy: {
    csv: { voice: 97, sms: 97, data: 109 },
    ndjson: { voice: 315, sms: 310, data: 345 },
    'parquet-zstd': { voice: 11, sms: 13, data: 18 },
    'parquet-snappy': { voice: 24, sms: 27, data: 34 },
    'parquet-none': { voice: 68, sms: 67, data: 68 },
    arrow: { voice: 84, sms: 84, data: 85 },
  },
  extended: {
    csv: { voice: 209, sms: 144, data: 195 },
    ndjson: { voice: 595, sms: 431, data: 547 },
    'parquet-zstd': { voice: 24, sms: 23, data: 33 },
    'parquet-snappy': { voice: 50, sms: 46, data: 61 },
    'parquet-none': { voice: 123, sms: 105, data: 127 },
    arrow: { voice: 149, sms: 128, data: 149 },
  },
};

/** Reference files: cell towers (per cell) and subscribers (per subscriber), CSV bytes. */
const CELL_BYTES = 70;
const SUBSCRIBER_BYTES = 75;

/** Records per second per worker, generation included, by format (legacy schema; extended is slower). */
const ROWS_PER_SECOND: Record<FileFormat | `parquet-${Compression}`, number> = {
  csv: 350_000,
  ndjson: 200_000,
  parquet: 130_000,
  'parquet-zstd': 130_000,
  'parquet-snappy': 170_000,
  'parquet-none': 190_000,
  arrow: 300_000,
};
const EXTENDED_SLOWDOWN = 0.6;
/** World building (subscribers, cells) per subscriber, in each worker, seconds. */
const WORLD_SECONDS_PER_SUBSCRIBER = 5e-6;

export const ESTIMATE_FORMATS = ['csv', 'ndjson', 'parquet', 'arrow'] as const;

/** Iceberg tables hold Parquet data files: estimated as Parquet. */
const key = (format: OutputFormat, compression: Compression): Exclude<FileFormat, 'parquet'> | `parquet-${Compression}` =>
  format === 'parquet' || format === 'iceberg' ? (`parquet-${compression}` as const) : format;

/** Estimated bytes of the CDR files of a plan in a format. */
export function cdrBytes(plan: Pick<Plan, 'totals'>, schema: SchemaPreset, format: OutputFormat, compression: Compression): number {
  const b = BYTES_PER_ROW[schema][key(format, compression)];
  return plan.totals.voice * b.voice + plan.totals.sms * b.sms + plan.totals.data * b.data;
}

/** Estimated bytes of the reference files (cell towers, subscribers). */
export function referenceBytes(subscribers: number): number {
  const cells = Math.max(16, Math.ceil(subscribers / 5000) * 3);
  return cells * CELL_BYTES + subscribers * SUBSCRIBER_BYTES;
}

export interface SizeEstimate {
  format: OutputFormat;
  bytes: number;
}

/** Estimated dataset size in every format (CDR files plus reference files). */
export function sizesByFormat(
  plan: Pick<Plan, 'totals'>,
  schema: SchemaPreset,
  compression: Compression,
  subscribers: number,
): SizeEstimate[] {
  const ref = referenceBytes(subscribers);
  return ESTIMATE_FORMATS.map((format) => ({ format, bytes: cdrBytes(plan, schema, format, compression) + ref }));
}

/** A measured rate (records per second per worker) of a format on this device, if any. */
export type Calibration = Partial<Record<string, number>>;

/** Estimated seconds to generate and encode a plan with `workers` workers. */
export function estimateSeconds(
  plan: Pick<Plan, 'total'>,
  opts: { schema: SchemaPreset; format: OutputFormat; compression: Compression; workers: number; subscribers: number },
  calibration: Calibration = {},
): number {
  const k = key(opts.format, opts.compression);
  const measured = calibration[`${opts.schema}:${k}`];
  const rate = measured && measured > 0 ? measured : ROWS_PER_SECOND[k] * (opts.schema === 'extended' ? EXTENDED_SLOWDOWN : 1);
  const workers = Math.max(1, opts.workers);
  return plan.total / (rate * workers) + opts.subscribers * WORLD_SECONDS_PER_SUBSCRIBER + 0.3;
}

/** Calibration key of a run. */
export const calibrationKey = (schema: SchemaPreset, format: OutputFormat, compression: Compression): string =>
  `${schema}:${key(format, compression)}`;
