/** Parquet and Arrow IPC writers: bronze types seen by DuckDB, codecs / encodings / field ids seen by hyparquet. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataType, tableFromIPC } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../../src/core/world.ts';
import { FIELD_ID_KEY, isDictColumn, toArrowSchema } from '../../../src/export/arrow.ts';
import { encodeArrowFile, encodeParquet, encodeParquetStream } from '../../../src/export/parquet.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { collectStream } from '../../../src/export/zip.ts';
import { DUCK_TYPE, TYPES, arrowBatches, batchesOf, columnsOf, duck, qs, query, smallWorld, tempDir } from './helpers.ts';

const buf = (u8: Uint8Array): ArrayBuffer => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;

let w: World;
let c: DuckDBConnection;
const tmp = tempDir();

beforeAll(async () => {
  await ensureParquetNode();
  w = smallWorld('extended');
  c = await duck();
});
afterAll(() => tmp.cleanup());

describe('Parquet', () => {
  it.each(['legacy', 'extended'] as const)(
    '%s: DuckDB sees the bronze types (timestamptz, decimal(10,2), int/bigint, varchar)',
    async (preset) => {
      for (const type of TYPES) {
        const cols = columnsOf(w, type, preset);
        const batches = arrowBatches(cols, batchesOf(w, type).slice(0, 3), w);
        const path = tmp.write(`describe/${preset}-${type}.parquet`, encodeParquet(batches));
        const desc = await query(c, `DESCRIBE SELECT * FROM read_parquet(${qs(path)})`);
        expect(desc.map((r) => [r[0], r[1]])).toEqual(cols.map((col) => [col.name, DUCK_TYPE[col.type]]));
      }
    },
  );

  it.each([
    ['zstd', 'ZSTD'],
    ['snappy', 'SNAPPY'],
    ['none', 'UNCOMPRESSED'],
  ] as const)('%s: codec, dictionary encoding only on dictionary columns, field ids, REQUIRED, logical types', (compression, codec) => {
    const cols = columnsOf(w, 'voice', 'extended');
    const batches = arrowBatches(cols, batchesOf(w, 'voice'), w);
    const rows = batches.reduce((a, b) => a + b.numRows, 0);
    const bytes = encodeParquet(batches, { compression, rowGroupRows: 10_000, metadata: { generator: 'cdr-studio-test' } });
    const md = parquetMetadata(buf(bytes));
    expect(Number(md.num_rows)).toBe(rows);
    expect(md.row_groups.length).toBe(Math.ceil(rows / 10_000));
    // Our metadata is one JSON value (parquet-rs orders several keys differently in each process).
    expect(JSON.parse(md.key_value_metadata?.find((kv) => kv.key === 'cdr-studio')?.value ?? '{}')).toEqual({ generator: 'cdr-studio-test' });
    const leaves = md.schema.slice(1);
    expect(leaves.map((s) => s.name)).toEqual(cols.map((col) => col.name));
    expect(leaves.map((s) => s.field_id)).toEqual(cols.map((_, i) => i + 1));
    expect(new Set(leaves.map((s) => s.repetition_type))).toEqual(new Set(['REQUIRED']));
    const el = (name: string) => leaves.find((s) => s.name === name)!;
    expect(el('timestamp').logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(el('end_time').logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(el('charging_amount').logical_type).toEqual({ type: 'DECIMAL', precision: 10, scale: 2 });
    expect(el('call_id').logical_type).toEqual({ type: 'STRING' });
    expect(el('duration_seconds').type).toBe('INT32');
    for (const rg of md.row_groups) {
      rg.columns.forEach((chunk, i) => {
        const meta = chunk.meta_data!;
        expect(meta.codec).toBe(codec);
        const dictEncoded = meta.encodings.includes('RLE_DICTIONARY') || meta.encodings.includes('PLAIN_DICTIONARY');
        expect(dictEncoded, `${cols[i]!.name} dictionary encoding`).toBe(isDictColumn(cols[i]!));
      });
    }
  });

  it('is byte-identical for the same input, and zstd is smaller than none', () => {
    const cols = columnsOf(w, 'data', 'legacy');
    const batches = arrowBatches(cols, batchesOf(w, 'data'), w);
    const a = encodeParquet(batches);
    const b = encodeParquet(arrowBatches(cols, batchesOf(w, 'data'), w));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a.length).toBeLessThan(encodeParquet(batches, { compression: 'none' }).length);
  });

  it('writes an empty file from a schema alone', async () => {
    const cols = columnsOf(w, 'sms', 'legacy');
    const path = tmp.write('empty.parquet', encodeParquet([], { schema: toArrowSchema(cols) }));
    expect(await query(c, `SELECT count(*) FROM read_parquet(${qs(path)})`)).toEqual([[0n]]);
  });

  it('streams batches into one file cut in row groups of rowGroupRows, equal to the one-shot file', async () => {
    const cols = columnsOf(w, 'voice', 'legacy');
    const batches = arrowBatches(cols, batchesOf(w, 'voice'), w);
    const rows = batches.reduce((a, b) => a + b.numRows, 0);
    const streamed = await collectStream(await encodeParquetStream(batches, { compression: 'snappy', rowGroupRows: 5000 }));
    const md = parquetMetadata(buf(streamed));
    expect(Number(md.num_rows)).toBe(rows);
    expect(md.row_groups.length).toBe(Math.ceil(rows / 5000));
    const p1 = tmp.write('stream.parquet', streamed);
    const p2 = tmp.write('oneshot.parquet', encodeParquet(batches, { compression: 'snappy' }));
    const diff = await query(
      c,
      `SELECT count(*) FROM ((SELECT * FROM read_parquet(${qs(p1)}) EXCEPT ALL SELECT * FROM read_parquet(${qs(p2)})) UNION ALL (SELECT * FROM read_parquet(${qs(p2)}) EXCEPT ALL SELECT * FROM read_parquet(${qs(p1)})))`,
    );
    expect(diff).toEqual([[0n]]);
  });

  it('streaming re-raises a failing source instead of closing a truncated file', async () => {
    const cols = columnsOf(w, 'sms', 'legacy');
    const batches = arrowBatches(cols, batchesOf(w, 'sms').slice(0, 3), w);
    async function* failing() {
      yield batches[0]!;
      yield batches[1]!;
      throw new Error('generator failed');
    }
    await expect(encodeParquetStream(failing()).then(collectStream)).rejects.toThrow();
  });
});

describe('Arrow IPC file', () => {
  it('shares one dictionary per column across batches, with distinct dictionary ids, and reads back', () => {
    const cols = columnsOf(w, 'voice', 'extended');
    const batches = arrowBatches(cols, batchesOf(w, 'voice'), w);
    const region = cols.findIndex((col) => col.name === 'region');
    expect(batches[0]!.getChildAt(region)!.data[0]!.dictionary).toBe(batches[5]!.getChildAt(region)!.data[0]!.dictionary);
    const schema = toArrowSchema(cols);
    const ids = schema.fields.filter((f) => DataType.isDictionary(f.type)).map((f) => (f.type as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(schema.fields.map((f) => f.metadata.get(FIELD_ID_KEY))).toEqual(cols.map((_, i) => String(i + 1)));
    expect(schema.fields.every((f) => !f.nullable)).toBe(true);
    const t = tableFromIPC(encodeArrowFile(batches));
    expect(t.numRows).toBe(batches.reduce((a, b) => a + b.numRows, 0));
    expect(t.batches.length).toBe(batches.length);
    expect(String(t.schema.fields[0]!.type)).toBe('Timestamp<MICROSECOND, UTC>');
  });
});
