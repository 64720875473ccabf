/**
 * CSV, NDJSON, Parquet and Arrow IPC carry the same records (same values, same order), read back with
 * independent readers: DuckDB for CSV / NDJSON / Parquet, apache-arrow's tableFromIPC for .arrow.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataType, TimeUnit, tableFromIPC, type Vector } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch } from '../../../src/core/dimensions.ts';
import type { Column, SchemaPreset } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { toRecordBatch } from '../../../src/export/arrow.ts';
import { csvContext, encodeCsv, type ColumnSource } from '../../../src/export/csv.ts';
import { encodeNdjson } from '../../../src/export/ndjson.ts';
import { encodeArrowFile, encodeParquet } from '../../../src/export/parquet.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { TYPES, batchesOf, columnsOf, concat, duck, qi, qs, query, smallWorld, tempDir } from './helpers.ts';

/** A table as the writers see it: columns and one or more sources of rows. */
interface Source {
  name: string;
  cols: Column[];
  parts: { src: ColumnSource; length: number }[];
}

function sourcesOf(w: World, preset: SchemaPreset): Source[] {
  const out: Source[] = TYPES.map((t) => ({
    name: `${t}_cdr`,
    cols: columnsOf(w, t, preset),
    parts: batchesOf(w, t).map((b) => ({ src: b as unknown as ColumnSource, length: b.length })),
  }));
  const cells = cellsBatch(w);
  out.push({ name: 'cells', cols: cellColumns(preset), parts: [{ src: cells.cols, length: cells.length }] });
  // Subscribers in two slices, so the shared dictionaries are exercised across batches.
  const half = Math.floor(w.subs.n / 2);
  const s1 = subscribersBatch(w, 0, half);
  const s2 = subscribersBatch(w, half, w.subs.n);
  out.push({ name: 'subscribers', cols: subscriberColumns(preset), parts: [s1, s2].map((s) => ({ src: s.cols, length: s.length })) });
  return out;
}

const isImsiLike = (c: Column) => /im[se]i/i.test(c.name);

/** DuckDB type of each NDJSON field (numbers where the Kafka shape has numbers). */
function ndjsonType(c: Column): string {
  const k = c.kind;
  switch (k.k) {
    case 'digits':
      return isImsiLike(c) ? 'VARCHAR' : 'BIGINT';
    case 'int':
    case 'lookup':
      return c.type === 'bigint' ? 'BIGINT' : 'INTEGER';
    case 'cell':
      return k.field === 'lac' ? 'INTEGER' : 'VARCHAR';
    case 'cents':
      return 'DECIMAL(10,2)';
    case 'bool':
      return 'BOOLEAN';
    case 'float':
      return 'DOUBLE';
    default:
      return 'VARCHAR';
  }
}

/** Canonical text of a typed DuckDB column (doubles stay numbers, compared as JS numbers). */
function typedExpr(c: Column, timestampIsText: boolean): string {
  const q = qi(c.name);
  if (c.type === 'timestamp') return timestampIsText ? q : `strftime(${q}, '%Y-%m-%dT%H:%M:%S')`;
  if (c.type === 'double') return q;
  return `CAST(${q} AS VARCHAR)`;
}

/** Columns in comparison order: doubles last (they are compared as JS numbers, the rest as one joined string). */
const ordered = (cols: readonly Column[]) => [...cols.filter((c) => c.type !== 'double'), ...cols.filter((c) => c.type === 'double')];

/** Canonical lines of a DuckDB query: non-double expressions joined in SQL, then the doubles. */
async function sqlLines(c: DuckDBConnection, from: string, cols: readonly Column[], expr: (c: Column) => string): Promise<string[]> {
  const o = ordered(cols);
  const text = o.filter((col) => col.type !== 'double').map(expr);
  const dbl = o.filter((col) => col.type === 'double').map(expr);
  const rows = await query(c, `SELECT concat_ws('|', ${text.join(', ')})${dbl.map((e) => `, ${e}`).join('')} FROM ${from}`);
  return rows.map((r) => r.map(String).join('|'));
}

function expectSameLines(actual: string[], expected: string[], what: string): void {
  expect(actual.length, `${what}: row count`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) expect(`${what} row ${i}: ${actual[i]}`).toBe(`${what} row ${i}: ${expected[i]}`);
  }
}

/** Canonical rows of an Arrow IPC file, decoded with apache-arrow only. */
function arrowLines(bytes: Uint8Array, cols: Column[]): string[] {
  const t = tableFromIPC(bytes);
  expect(t.schema.fields.map((f) => f.name)).toEqual(cols.map((c) => c.name));
  const columns = ordered(cols).map((c) => {
    const k = cols.indexOf(c);
    const v = t.getChildAt(k)! as Vector;
    const type = t.schema.fields[k]!.type;
    const out: string[] = [];
    for (const d of v.data) {
      for (let i = 0; i < d.length; i++) {
        if (DataType.isTimestamp(type)) {
          expect(type.unit).toBe(TimeUnit.MICROSECOND);
          const us = (d.values as BigInt64Array)[i]!;
          out.push(new Date(Number(us / 1000n)).toISOString().slice(0, 19));
        } else if (DataType.isDecimal(type)) {
          const w = d.values as Uint32Array;
          const cents = w[4 * i]! + (w[4 * i + 1]! | 0) * 4294967296;
          out.push((cents / 100).toFixed(2));
        } else if (DataType.isDate(type)) {
          out.push(new Date((d.values as Int32Array)[i]! * 86_400_000).toISOString().slice(0, 10));
        } else if (DataType.isFloat(type)) {
          out.push(String((d.values as Float64Array)[i]));
        } else if (DataType.isDictionary(type) || DataType.isUtf8(type) || DataType.isInt(type) || DataType.isBool(type)) {
          out.push(String(v.get(out.length)));
        } else throw new Error(`unexpected type ${String(type)} of ${c.name}`);
      }
    }
    return out;
  });
  const n = t.numRows;
  return Array.from({ length: n }, (_, i) => columns.map((col) => col[i]!).join('|'));
}

describe.each(['legacy', 'extended'] as const)('%s preset: every format holds the same records', (preset) => {
  let w: World;
  let c: DuckDBConnection;
  const tmp = tempDir();

  beforeAll(async () => {
    await ensureParquetNode();
    w = smallWorld(preset);
    c = await duck();
  });
  afterAll(() => tmp.cleanup());

  it('CSV, NDJSON, Parquet and Arrow agree row by row for the CDR and dimension tables', async () => {
    const ctx = csvContext(w);
    for (const s of sourcesOf(w, preset)) {
      const csv = concat(s.parts.map((p, i) => encodeCsv(s.cols, p.src, p.length, ctx, i === 0)));
      const nd = concat(s.parts.map((p) => encodeNdjson(s.cols, p.src, p.length, w, { filename: `${s.name}.csv` })));
      const batches = s.parts.map((p) => toRecordBatch(s.cols, p.src, p.length, w));
      const csvPath = tmp.write(`${preset}/${s.name}.csv`, csv);
      const ndPath = tmp.write(`${preset}/${s.name}.ndjson`, nd);
      const pqPath = tmp.write(`${preset}/${s.name}.parquet`, encodeParquet(batches, { compression: 'snappy', rowGroupRows: 10_000 }));
      const arrowBytes = encodeArrowFile(batches);
      tmp.write(`${preset}/${s.name}.arrow`, arrowBytes);
      const total = s.parts.reduce((a, p) => a + p.length, 0);

      const csvExpr = (col: Column) => (col.type === 'double' ? `CAST(${qi(col.name)} AS DOUBLE)` : qi(col.name));
      const csvRows = await sqlLines(
        c,
        `read_csv(${qs(csvPath)}, header = true, all_varchar = true, delim = ',', quote = '"')`,
        s.cols,
        csvExpr,
      );
      expect(csvRows.length, s.name).toBe(total);

      const pqRows = await sqlLines(c, `read_parquet(${qs(pqPath)})`, s.cols, (col) => typedExpr(col, false));
      expectSameLines(pqRows, csvRows, `${preset} ${s.name} parquet vs csv`);

      const jsonTypes = [
        ...s.cols.map((col) => `${qs(col.name)}: ${qs(ndjsonType(col))}`),
        `'filename': 'VARCHAR'`,
        `'ingest_ts': 'BIGINT'`,
      ];
      const json = `read_json(${qs(ndPath)}, format = 'newline_delimited', columns = {${jsonTypes.join(', ')}})`;
      const ndRows = await sqlLines(c, json, s.cols, (col) => typedExpr(col, true));
      expectSameLines(ndRows, csvRows, `${preset} ${s.name} ndjson vs csv`);
      const [[files, minDelay, maxDelay]] = (await query(
        c,
        s.name.endsWith('_cdr')
          ? `SELECT count(DISTINCT filename), min(ingest_ts - epoch_ms(strptime("timestamp", '%Y-%m-%dT%H:%M:%S'))), max(ingest_ts - epoch_ms(strptime("timestamp", '%Y-%m-%dT%H:%M:%S'))) FROM ${json}`
          : `SELECT count(DISTINCT filename), 1000, 30000 FROM ${json} WHERE ingest_ts IS NULL`,
      )) as [[bigint, number | bigint, number | bigint]];
      expect(files).toBe(1n);
      expect(Number(minDelay)).toBeGreaterThanOrEqual(1000);
      expect(Number(maxDelay)).toBeLessThanOrEqual(30_000);

      expectSameLines(arrowLines(arrowBytes, s.cols), csvRows, `${preset} ${s.name} arrow vs csv`);
    }
  });

  it('the NDJSON lines have the legacy Kafka message shape', () => {
    const type = 'voice';
    const cols = columnsOf(w, type, preset);
    const b = batchesOf(w, type)[10]!;
    const text = new TextDecoder().decode(encodeNdjson(cols, b, b.length, w, { filename: 'voice_cdr_20251001_01.csv' }));
    const first = JSON.parse(text.split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual([...cols.map((col) => col.name), 'filename', 'ingest_ts']);
    expect(first.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(first.call_id).toMatch(/^CALL_\d{6,}$/);
    expect(typeof first.caller_msisdn).toBe('number');
    expect(String(first.caller_msisdn)).toMatch(/^223\d{8}$/);
    expect(typeof first.duration_seconds).toBe('number');
    expect(typeof first.charging_amount).toBe('number');
    expect(typeof first.call_type).toBe('string');
    expect(first.filename).toBe('voice_cdr_20251001_01.csv');
    expect(Number.isInteger(first.ingest_ts)).toBe(true);
    if (preset === 'extended') {
      expect(typeof first.served_imsi).toBe('string');
      expect(typeof first.served_imei).toBe('string');
      expect(typeof first.roaming).toBe('boolean');
      expect(typeof first.lac).toBe('number');
    }
  });
});
