/**
 * manifest.json: a Hive-partitioned Parquet dataset is written the way the app does it; the manifest's
 * aggregates must equal DuckDB's GROUP BYs over the files, and its sizes / SHA-256 must match the files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import type { World } from '../../../src/core/world.ts';
import { toRecordBatch } from '../../../src/export/arrow.ts';
import { partitionBatch, partitionPath, takeRows } from '../../../src/export/layout.ts';
import {
  AggregateAccumulator,
  buildManifest,
  centsToDecimal,
  manifestFile,
  manifestFileSync,
  manifestJson,
  type Manifest,
  type ManifestFile,
} from '../../../src/export/manifest.ts';
import { encodeParquet } from '../../../src/export/parquet.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { Sha256, sha256Hex, sha256HexSync } from '../../../src/export/sha256.ts';
import { TYPES, batchesOf, columnsOf, duck, qs, query, smallWorld, tempDir } from './helpers.ts';

const SERVED: Record<ServiceType, string> = {
  voice: "CASE call_type WHEN 'MOC' THEN caller_msisdn ELSE callee_msisdn END",
  sms: "CASE sms_type WHEN 'MO' THEN sender_msisdn ELSE receiver_msisdn END",
  data: 'msisdn',
};

let w: World;
let c: DuckDBConnection;
let manifest: Manifest;
const tmp = tempDir();

beforeAll(async () => {
  await ensureParquetNode();
  w = smallWorld('legacy', 2);
  c = await duck();
  // Write the dataset: type=<t>/date=<d>/part-NNNNN.parquet, one part per partition, aggregates on the fly.
  const keys = ['type', 'date'] as const;
  const acc = new AggregateAccumulator();
  const files: ManifestFile[] = [];
  for (const type of TYPES) {
    const cols = columnsOf(w, type, 'legacy');
    const groups = new Map<string, { values: object; batches: ReturnType<typeof toRecordBatch>[]; rows: number }>();
    for (const b of batchesOf(w, type)) {
      acc.add(type, b, w);
      for (const p of partitionBatch(type, b, w, keys)) {
        const part = p.rows ? takeRows(b, p.rows) : b;
        const g = groups.get(p.dir) ?? { values: p.values, batches: [], rows: 0 };
        g.batches.push(toRecordBatch(cols, part, part.length, w));
        g.rows += part.length;
        groups.set(p.dir, g);
      }
    }
    for (const g of groups.values()) {
      const path = partitionPath(keys, g.values, 0, 'parquet');
      const bytes = encodeParquet(g.batches);
      tmp.write(path, bytes);
      files.push(await manifestFile(path, `${type}_cdr`, 'parquet', g.rows, bytes));
    }
  }
  manifest = buildManifest({ scenario: w.model.scenario, files, aggregates: acc, format: 'parquet', partitionBy: [...keys] });
  tmp.write('manifest.json', manifestJson(manifest));
});
afterAll(() => tmp.cleanup());

const glob = (type: ServiceType) => qs(join(tmp.dir, `type=${type}`, '**', '*.parquet'));

describe('manifest.json', () => {
  it('lists every file with its table, rows, size and a SHA-256 that matches the bytes on disk', async () => {
    expect(manifest.files.length).toBe(6); // 3 types × 2 days
    expect(manifest.files.map((f) => f.path)).toContain('type=voice/date=2025-10-02/part-00000.parquet');
    for (const f of manifest.files) {
      const p = join(tmp.dir, f.path);
      expect(f.bytes).toBe(statSync(p).size);
      expect(f.sha256).toBe(createHash('sha256').update(readFileSync(p)).digest('hex'));
      expect(await query(c, `SELECT count(*) FROM read_parquet(${qs(p)})`)).toEqual([[BigInt(f.rows)]]);
    }
    expect(manifest.totals.rows).toBe(w.plan.total);
    expect(manifest.generator).toMatchObject({ name: 'cdr-studio', dataVersion: expect.any(Number), engineVersion: expect.any(String) });
    expect(manifest.scenario.seed).toBe(11);
    expect(manifest).not.toHaveProperty('createdAt');
  });

  it('rows per day × type × region equal DuckDB GROUP BY over the partitioned files', async () => {
    const agg = manifest.aggregates!;
    for (const type of TYPES) {
      const rows = await query(
        c,
        `SELECT strftime(CAST("timestamp" AS DATE), '%Y-%m-%d') AS d, region, count(*) FROM read_parquet(${glob(type)}, hive_partitioning = true) GROUP BY ALL ORDER BY ALL`,
      );
      const fromManifest = Object.entries(agg.rowsByDay)
        .flatMap(([d, perType]) => Object.entries(perType[type] ?? {}).map(([region, n]) => [d, region, BigInt(n)]))
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
      expect(fromManifest).toEqual(rows);
      // The hive `date=` partition agrees with the timestamp's date.
      expect(
        await query(
          c,
          `SELECT count(*) FROM read_parquet(${glob(type)}, hive_partitioning = true) WHERE CAST(date AS VARCHAR) <> strftime(CAST("timestamp" AS DATE), '%Y-%m-%d')`,
        ),
      ).toEqual([[0n]]);
      expect(agg.rows[type]).toBe(w.plan.totals[type]);
    }
  });

  it('revenue and distinct subscribers per type and overall equal DuckDB', async () => {
    const agg = manifest.aggregates!;
    for (const type of TYPES) {
      const [[revenue, distinct]] = (await query(
        c,
        `SELECT CAST(sum(charging_amount) AS VARCHAR), count(DISTINCT ${SERVED[type]}) FROM read_parquet(${glob(type)})`,
      )) as [[string, bigint]];
      expect(agg.revenue[type]).toBe(revenue);
      expect(BigInt(agg.distinctSubscribers[type]!)).toBe(distinct);
    }
    const union = TYPES.map((t) => `SELECT ${SERVED[t]} AS m FROM read_parquet(${glob(t)})`).join(' UNION ALL ');
    expect(await query(c, `SELECT count(DISTINCT m) FROM (${union})`)).toEqual([[BigInt(agg.distinctSubscribers.all)]]);
    expect(agg.distinctSubscribers.all).toBeGreaterThan(agg.distinctSubscribers.voice!);
  });

  it('accumulators of separate workers merge (through structured clone) into the same aggregates', () => {
    const one = new AggregateAccumulator();
    const a = new AggregateAccumulator();
    const b = new AggregateAccumulator();
    for (const type of TYPES) {
      batchesOf(w, type).forEach((batch, i) => {
        one.add(type, batch, w);
        (i % 2 ? a : b).add(type, batch, w);
      });
    }
    const merged = new AggregateAccumulator().merge(structuredClone(a.state())).merge(structuredClone(b.state()));
    expect(merged.result()).toEqual(one.result());
    expect(one.result()).toEqual(manifest.aggregates);
  });

  it('formats revenue exactly', () => {
    expect([0, 5, 50, 1234, 123456789012, -250].map(centsToDecimal)).toEqual(['0.00', '0.05', '0.50', '12.34', '1234567890.12', '-2.50']);
  });
});

describe('SHA-256', () => {
  it('matches node:crypto for block-boundary sizes, in one piece and in random chunks', async () => {
    const data = randomBytes(200_003);
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 200_003]) {
      const d = data.subarray(0, n);
      const want = createHash('sha256').update(d).digest('hex');
      expect(sha256HexSync(d)).toBe(want);
      expect(await sha256Hex(d)).toBe(want);
      const h = new Sha256();
      for (let p = 0; p < n;) {
        const k = Math.min(n - p, 1 + ((p * 7919) % 97));
        h.update(d.subarray(p, p + k));
        p += k;
      }
      expect(h.hex()).toBe(want);
    }
    expect(manifestFileSync('x', 't', 'csv', 1, data).sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
