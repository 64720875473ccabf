/**
 * Pieces of the Iceberg writer: data files split by UTC day when the profile's local time is not UTC
 * (partition = UTC day of the timestamptz, ingestion_date = local date), single-value serialization.
 */
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, parseScenario, resolveModel } from '../../../src/core/index.ts';
import { encodeIcebergJob, IcebergRun, planIcebergJobs } from '../../../src/export/iceberg/index.ts';
import { decimalBytes, decodeBound, int32Bytes } from '../../../src/export/iceberg/metrics.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';

beforeAll(async () => {
  await ensureParquetNode();
});

const buf = (u8: Uint8Array) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;

describe('data files', () => {
  it('split by UTC day when local time is UTC+2; ingestion_date is the local date', async () => {
    const model = resolveModel(parseScenario({ seed: 9, period: { start: '2025-10-01', days: 1 }, population: { subscribers: 400 } }), [
      'sms',
    ]);
    model.profile = { ...model.profile, utcOffsetMinutes: 120 };
    const w = buildWorld(model);
    const jobs = planIcebergJobs(w);
    expect(jobs.length).toBe(1);
    const files = encodeIcebergJob(w, jobs[0]!, { compression: 'none' });
    const local = w.plan.startEpochDay;
    // Local 2025-10-01 00:00–02:00 is 2025-09-30 22:00–24:00 UTC.
    expect(files.map((f) => f.epochDay)).toEqual([local - 1, local]);
    expect(files.reduce((a, f) => a + f.rows, 0)).toBe(w.plan.totals.sms);
    for (const f of files) {
      const rows = await parquetReadObjects({ file: buf(f.bytes) });
      expect(rows.length).toBe(f.rows);
      for (const r of rows) {
        const ms = (r.timestamp as Date).getTime();
        expect(Math.floor(ms / 86_400_000)).toBe(f.epochDay);
        expect(Math.floor((r.ingestion_date as Date).getTime() / 86_400_000)).toBe(Math.floor((ms + 7_200_000) / 86_400_000));
      }
    }
    // Named under their UTC day, with a part counter per day.
    const run = new IcebergRun(w, { warehouse: 'hdfs://nn/wh' });
    const names = run.add(files).map((f) => f.path);
    expect(names[0]).toMatch(/^sms\/data\/timestamp_day=2025-09-30\/part-00000-1-[0-9a-f-]+\.parquet$/);
    expect(names[1]).toMatch(/^sms\/data\/timestamp_day=2025-10-01\/part-00000-1-[0-9a-f-]+\.parquet$/);
  });

  it('several files per day when a day has more than maxRowsPerFile rows', () => {
    const w = buildWorld(resolveModel(parseScenario({ seed: 2, period: { days: 1 }, population: { subscribers: 3000 } }), ['voice']));
    const run = new IcebergRun(w, { warehouse: 's3://b/wh', maxRowsPerFile: 10_000 });
    expect(run.jobs.length).toBeGreaterThan(1);
    const paths = run.jobs.flatMap((j) => run.add(run.encode(j)).map((f) => f.path));
    expect(paths.map((p) => p.replace(/-1-.*$/, ''))).toEqual(
      paths.map((_, i) => `voice/data/timestamp_day=2025-10-01/part-${String(i).padStart(5, '0')}`),
    );
  });
});

describe('single-value serialization (spec Appendix D)', () => {
  it('decimals: minimal two’s-complement big-endian', () => {
    const cases: [bigint, number[]][] = [
      [0n, [0]],
      [1n, [1]],
      [127n, [0x7f]],
      [128n, [0x00, 0x80]],
      [255n, [0x00, 0xff]],
      [256n, [0x01, 0x00]],
      [-1n, [0xff]],
      [-128n, [0x80]],
      [-129n, [0xff, 0x7f]],
      [123456789n, [0x07, 0x5b, 0xcd, 0x15]],
    ];
    for (const [v, bytes] of cases) {
      expect([...decimalBytes(v)], String(v)).toEqual(bytes);
      expect(decodeBound('decimal(10,2)', decimalBytes(v))).toBe(v);
    }
  });

  it('ints and dates: 4-byte little-endian', () => {
    expect([...int32Bytes(20362)]).toEqual([0x8a, 0x4f, 0, 0]);
    expect([...int32Bytes(-2)]).toEqual([0xfe, 0xff, 0xff, 0xff]);
    expect(decodeBound('date', int32Bytes(20362))).toBe(20362);
  });
});

/** Whether this build's scenario knows the `faults` section (fault injection, developed alongside). */
const HAS_FAULTS = (() => {
  try {
    parseScenario({ faults: {} });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!HAS_FAULTS)('with fault injection', () => {
  it('nulls and skewed records: null counts and bounds of the manifests match the data, one UTC day per file', async () => {
    const faults = {
      missingFields: { enabled: true, rate: 0.05 },
      truncatedRows: { enabled: true, rate: 0.03 },
      lateArrivals: { enabled: true, rate: 0.1 },
      clockSkew: { enabled: true, rate: 0.05, maxSeconds: 86_400 },
      exactDuplicates: { enabled: true, rate: 0.02 },
    };
    const w = buildWorld(resolveModel(parseScenario({ seed: 4, period: { days: 2 }, population: { subscribers: 600 }, faults } as never)));
    const run = new IcebergRun(w, { warehouse: 's3://b/wh', compression: 'none' });
    const files = run.jobs.flatMap((j) => run.encode(j));
    let nulls = 0;
    for (const f of files) {
      const rows = await parquetReadObjects({ file: buf(f.bytes) });
      expect(rows.length).toBe(f.metrics.recordCount);
      const cols = Object.keys(rows[0]!);
      for (const [id, count] of f.metrics.nullValueCounts) {
        const name = cols[id - 1]!;
        expect(count, name).toBe(rows.filter((r) => r[name] === null || r[name] === undefined).length);
        nulls += count;
      }
      for (const r of rows) expect(Math.floor((r.timestamp as Date).getTime() / 86_400_000)).toBe(f.epochDay);
      // Bounds only over the non-null values.
      const idx = cols.indexOf('cell_id') + 1;
      const present = rows
        .map((r) => r.cell_id as string | null | undefined)
        .filter((v): v is string => typeof v === 'string')
        .sort();
      const lo = f.metrics.lowerBounds.find(([id]) => id === idx)?.[1];
      expect(lo && new TextDecoder().decode(lo)).toBe(present[0]);
    }
    expect(nulls).toBeGreaterThan(0);
    // Clock skew moves some timestamps to another day than their file's: extra files under that day's partition.
    expect(files.length).toBeGreaterThan(run.jobs.length);
    const paths = run.add(files).map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
