/* eslint-disable @typescript-eslint/no-explicit-any -- table metadata JSON and decoded Avro records are checked field by field, untyped */
/**
 * The written tables against the spec and independent readers: required table-metadata fields
 * (format v2), manifest / manifest-list Avro decoded by avsc and by icebird's Avro reader with the
 * spec's field ids, DuckDB reading every data file (bronze types, field ids, one day per file =
 * the manifest's partition value, counts / sizes / bounds = the manifest's metrics), determinism.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import * as avsc from 'avsc';
import { parquetMetadata } from 'hyparquet';
import { avroMetadata, avroRead } from 'icebird';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../../src/core/calendar.ts';
import type { SqlType } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { bronzeColumns } from '../../../src/export/ddl.ts';
import { readAvroContainer, writeAvroContainer, type AvroSchema } from '../../../src/export/iceberg/avro.ts';
import {
  bronzeTableColumns,
  buildIcebergTables,
  decodeBound,
  readParquetFooter,
  type IcebergOutputFile,
} from '../../../src/export/iceberg/index.ts';
import { parseJsonExact, stringifyJsonExact } from '../../../src/export/iceberg/json.ts';
import { MANIFEST_FILE_SCHEMA } from '../../../src/export/iceberg/schema.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { DUCK_TYPE, duck, qs, query } from '../export/helpers.ts';
import { TYPES, existingTables, icebergWorld, readJson, tempFolder, writeFiles } from './helpers.ts';

const tmp = tempFolder();
const warehouse = pathToFileURL(tmp.dir).href;
let w: World;
let files: IcebergOutputFile[];
let c: DuckDBConnection;

beforeAll(async () => {
  await ensureParquetNode();
  w = icebergWorld();
  files = await buildIcebergTables(w, { warehouse });
  writeFiles(tmp.dir, files);
  c = await duck();
});
afterAll(() => tmp.cleanup());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const meta = (type: string, v = 1) => readJson(join(tmp.dir, type, 'metadata', `v${v}.metadata.json`)) as Record<string, any>;
const local = (uri: string) => fileURLToPath(uri);
const buf = (u8: Uint8Array) => u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;

/** The spec's required table-metadata fields of format version 2, and their consistency. */
function checkMetadata(m: Record<string, any>, location: string): void {
  expect(m['format-version']).toBe(2);
  expect(m['table-uuid']).toMatch(UUID);
  expect(m.location).toBe(location);
  expect(Number.isInteger(m['last-sequence-number'])).toBe(true);
  expect(Number.isInteger(m['last-updated-ms'])).toBe(true);
  expect(Number.isInteger(m['last-column-id'])).toBe(true);
  // Schemas.
  expect(Array.isArray(m.schemas) && m.schemas.length > 0).toBe(true);
  const schema = m.schemas.find((s: any) => s['schema-id'] === m['current-schema-id']);
  expect(schema).toBeDefined();
  for (const s of m.schemas) {
    expect(s.type).toBe('struct');
    expect(Number.isInteger(s['schema-id'])).toBe(true);
    const ids = s.fields.map((f: any) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of s.fields) {
      expect(Number.isInteger(f.id) && f.id > 0).toBe(true);
      expect(typeof f.name).toBe('string');
      expect(typeof f.required).toBe('boolean');
      expect(typeof f.type).toBe('string');
    }
    expect(Math.max(...ids)).toBeLessThanOrEqual(m['last-column-id']);
  }
  expect(m['last-column-id']).toBe(Math.max(...schema.fields.map((f: any) => f.id)));
  // Partition specs: field ids ≥ 1000, unique; sources are schema columns; last-partition-id.
  const spec = m['partition-specs'].find((s: any) => s['spec-id'] === m['default-spec-id']);
  expect(spec).toBeDefined();
  const pids: number[] = m['partition-specs'].flatMap((s: any) => s.fields.map((f: any) => f['field-id']));
  expect(pids.every((id) => id >= 1000)).toBe(true);
  expect(m['last-partition-id']).toBe(Math.max(...pids));
  expect(spec.fields).toEqual([
    { 'source-id': schema.fields.find((f: any) => f.name === 'timestamp').id, 'field-id': 1000, name: 'timestamp_day', transform: 'day' },
  ]);
  // Sort orders.
  expect(m['sort-orders'].some((o: any) => o['order-id'] === m['default-sort-order-id'])).toBe(true);
  for (const o of m['sort-orders']) expect(Array.isArray(o.fields)).toBe(true);
  // Snapshots.
  const snaps: any[] = m.snapshots;
  expect(snaps.some((s) => s['snapshot-id'] === m['current-snapshot-id'])).toBe(true);
  expect(m.refs.main).toEqual({ 'snapshot-id': m['current-snapshot-id'], type: 'branch' });
  for (const s of snaps) {
    expect(Number.isSafeInteger(s['snapshot-id']) && s['snapshot-id'] > 0).toBe(true);
    expect(Number.isInteger(s['sequence-number'])).toBe(true);
    expect(s['sequence-number']).toBeLessThanOrEqual(m['last-sequence-number']);
    expect(Number.isInteger(s['timestamp-ms'])).toBe(true);
    expect(s['manifest-list'].startsWith(`${location}/metadata/`)).toBe(true);
    expect(s.summary.operation).toBe('append');
    for (const k of ['added-data-files', 'added-records', 'added-files-size', 'total-records', 'total-data-files', 'total-files-size'])
      expect(s.summary[k], k).toMatch(/^\d+$/);
    expect(s['schema-id']).toBe(m['current-schema-id']);
  }
  expect(m['last-sequence-number']).toBe(Math.max(...snaps.map((s) => s['sequence-number'])));
  expect(m['snapshot-log'].map((e: any) => e['snapshot-id'])).toEqual(snaps.map((s) => s['snapshot-id']));
  const times = m['snapshot-log'].map((e: any) => e['timestamp-ms']);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  expect(m['last-updated-ms']).toBeGreaterThanOrEqual(Math.max(...times));
  expect(Array.isArray(m['metadata-log'])).toBe(true);
}

/** Field ids the spec gives the manifest-list and manifest records (v2). */
const MANIFEST_FILE_IDS: Record<string, number> = {
  manifest_path: 500,
  manifest_length: 501,
  partition_spec_id: 502,
  content: 517,
  sequence_number: 515,
  min_sequence_number: 516,
  added_snapshot_id: 503,
  added_files_count: 504,
  existing_files_count: 505,
  deleted_files_count: 506,
  added_rows_count: 512,
  existing_rows_count: 513,
  deleted_rows_count: 514,
  partitions: 507,
  key_metadata: 519,
};
const ENTRY_IDS: Record<string, number> = { status: 0, snapshot_id: 1, sequence_number: 3, file_sequence_number: 4, data_file: 2 };
const DATA_FILE_IDS: Record<string, number> = {
  content: 134,
  file_path: 100,
  file_format: 101,
  partition: 102,
  record_count: 103,
  file_size_in_bytes: 104,
  column_sizes: 108,
  value_counts: 109,
  null_value_counts: 110,
  nan_value_counts: 137,
  lower_bounds: 125,
  upper_bounds: 128,
  key_metadata: 131,
  split_offsets: 132,
  equality_ids: 135,
  sort_order_id: 140,
};
const MAP_IDS: Record<string, [number, number]> = {
  column_sizes: [117, 118],
  value_counts: [119, 120],
  null_value_counts: [121, 122],
  nan_value_counts: [138, 139],
  lower_bounds: [126, 127],
  upper_bounds: [129, 130],
};

/** Hand-parses an Avro container header: magic, metadata map (avro.schema JSON), sync marker. */
function avroHeader(bytes: Uint8Array): { meta: Record<string, string>; schema: any } {
  expect([...bytes.subarray(0, 4)]).toEqual([0x4f, 0x62, 0x6a, 0x01]);
  let p = 4;
  const varint = () => {
    let z = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[p++]!;
      z += (b & 0x7f) * mul;
      if (!(b & 0x80)) break;
      mul *= 128;
    }
    return z % 2 ? -(z + 1) / 2 : z / 2;
  };
  const str = () => {
    const n = varint();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const meta: Record<string, string> = {};
  for (let n = varint(); n !== 0; n = varint()) for (let i = 0; i < n; i++) meta[str()] = str();
  expect(bytes.length).toBeGreaterThanOrEqual(p + 16);
  return { meta, schema: JSON.parse(meta['avro.schema']!) };
}

/** avsc's decoding of a whole container file. */
function avscDecode(bytes: Uint8Array): Promise<{ records: any[]; codec: string }> {
  return new Promise((ok, ko) => {
    const d = new avsc.streams.BlockDecoder();
    const records: any[] = [];
    let codec = '';
    d.on('metadata', (_t: unknown, cd: string) => (codec = cd));
    d.on('data', (r: any) => records.push(r));
    d.on('end', () => ok({ records, codec }));
    d.on('error', ko);
    d.end(Buffer.from(bytes));
  });
}

/** Plain JSON-comparable values: Buffers / Uint8Arrays as hex, bigints as numbers, class instances as objects. */
function plain(v: any): any {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

const fieldIds = (rec: any) => Object.fromEntries(rec.fields.map((f: any) => [f.name, f['field-id']]));
const unwrap = (t: any) => (Array.isArray(t) ? t.find((x: any) => x !== 'null') : t);

describe('table metadata (spec, format v2)', () => {
  it.each(TYPES)('%s: v1.metadata.json has every required field, consistent', (type) => {
    const m = meta(type);
    checkMetadata(m, `${warehouse}/${type}`);
    expect(m['last-sequence-number']).toBe(1);
    expect(m.snapshots.length).toBe(1);
    expect(m.snapshots[0]['parent-snapshot-id']).toBeUndefined();
    expect(m.snapshots[0].summary['added-records']).toBe(String(w.plan.totals[type]));
    expect(m.snapshots[0].summary['added-data-files']).toBe(String(w.plan.days));
    // Deterministic time: the end of the simulated period, not the clock.
    expect(m['last-updated-ms']).toBe(Date.UTC(2025, 9, 3));
    expect(m.schemas[0].fields.map((f: any) => [f.id, f.name, f.type])).toEqual(
      bronzeTableColumns(type, 'legacy', w.model.profile).map((col, i) => [
        i + 1,
        col.name,
        col.type === 'timestamp' ? 'timestamptz' : col.type === 'bigint' ? 'long' : col.type,
      ]),
    );
    expect(readFileSync(join(tmp.dir, type, 'metadata', 'version-hint.text'), 'utf8')).toBe('1');
  });

  it('writes register.sql (Spark and Trino register_table) and the CREATE TABLE fallback in schema.sql', () => {
    const reg = readFileSync(join(tmp.dir, 'register.sql'), 'utf8');
    for (const type of TYPES) {
      expect(reg).toContain(
        `CALL iceberg.system.register_table(table => 'bronze.${type}_cdr', metadata_file => '${warehouse}/${type}/metadata/v1.metadata.json');`,
      );
      expect(reg).toContain(
        `CALL iceberg.system.register_table(schema_name => 'bronze', table_name => '${type}_cdr', table_location => '${warehouse}/${type}', metadata_file_name => 'v1.metadata.json');`,
      );
    }
    const ddl = readFileSync(join(tmp.dir, 'schema.sql'), 'utf8');
    expect(ddl).toContain('CREATE TABLE IF NOT EXISTS bronze.voice_cdr');
    expect(ddl).toContain('PARTITIONED BY (days(`timestamp`))');
    expect(ddl).toContain("partitioning = ARRAY['day(timestamp)']");
    expect(ddl).toContain('ingestion_date DATE');
  });

  it('metadata JSON keeps 64-bit ids of other engines exact', () => {
    const text = '{"current-snapshot-id": 3051729675574597004, "a": [1, -9007199254740993], "s": "x: 12345678901234567890", "f": 1.5e3}';
    const v = parseJsonExact(text) as Record<string, unknown>;
    expect(v['current-snapshot-id']).toBe(3051729675574597004n);
    expect(v.a).toEqual([1, -9007199254740993n]);
    expect(v.s).toBe('x: 12345678901234567890');
    expect(v.f).toBe(1500);
    expect(parseJsonExact(stringifyJsonExact(v))).toEqual(v);
    expect(stringifyJsonExact({ id: 3051729675574597004n })).toBe('{\n  "id": 3051729675574597004\n}');
  });
});

describe('manifests and manifest lists (Avro)', () => {
  it.each(TYPES)('%s: avsc and icebird decode them; field ids and key-value metadata are the spec’s', async (type) => {
    const m = meta(type);
    const listBytes = new Uint8Array(readFileSync(local(m.snapshots[0]['manifest-list'])));
    // Header by hand: schema with the spec's field ids, manifest-list metadata.
    const lh = avroHeader(listBytes);
    expect(lh.meta['avro.codec']).toBe('null');
    expect(lh.meta['snapshot-id']).toBe(String(m['current-snapshot-id']));
    expect(lh.meta['parent-snapshot-id']).toBe('null');
    expect(lh.meta['sequence-number']).toBe('1');
    expect(lh.meta['format-version']).toBe('2');
    expect(lh.schema.name).toBe('manifest_file');
    expect(fieldIds(lh.schema)).toEqual(MANIFEST_FILE_IDS);
    const summary = unwrap(lh.schema.fields.find((f: any) => f.name === 'partitions').type);
    expect(summary['element-id']).toBe(508);
    expect(fieldIds(summary.items)).toEqual({ contains_null: 509, contains_nan: 518, lower_bound: 510, upper_bound: 511 });

    // Records: ours = avsc's = icebird's.
    const mine = readAvroContainer(listBytes).records;
    const theirs = await avscDecode(listBytes);
    expect(theirs.codec).toBe('null');
    expect(plain(theirs.records)).toEqual(plain(mine));
    const reader = { view: new DataView(buf(listBytes)), offset: 0 };
    const icebirdRecords = avroRead({ reader, ...avroMetadata(reader) });
    expect(plain(icebirdRecords)).toEqual(plain(mine));
    expect(mine.length).toBe(1);
    const mf = mine[0] as any;
    expect(mf.content).toBe(0);
    expect(mf.sequence_number).toBe(1);
    expect(mf.added_snapshot_id).toBe(m['current-snapshot-id']);
    expect(mf.added_files_count).toBe(w.plan.days);
    expect(mf.added_rows_count).toBe(w.plan.totals[type]);
    const manifestBytes = new Uint8Array(readFileSync(local(mf.manifest_path)));
    expect(mf.manifest_length).toBe(manifestBytes.length);
    // Partition summary: day bounds as 4-byte little-endian ints.
    const start = w.plan.startEpochDay;
    expect(plain(mf.partitions)).toEqual([
      {
        contains_null: false,
        contains_nan: false,
        lower_bound: Buffer.from(Int32Array.of(start).buffer).toString('hex'),
        upper_bound: Buffer.from(Int32Array.of(start + w.plan.days - 1).buffer).toString('hex'),
      },
    ]);

    // Manifest: metadata keys, schema field ids (entry, data_file, maps, partition struct).
    const mh = avroHeader(manifestBytes);
    expect(JSON.parse(mh.meta.schema!)).toEqual(m.schemas[0]);
    expect(mh.meta['schema-id']).toBe('0');
    expect(JSON.parse(mh.meta['partition-spec']!)).toEqual(m['partition-specs'][0].fields);
    expect(mh.meta['partition-spec-id']).toBe('0');
    expect(mh.meta['format-version']).toBe('2');
    expect(mh.meta.content).toBe('data');
    expect(fieldIds(mh.schema)).toEqual(ENTRY_IDS);
    const df = mh.schema.fields.find((f: any) => f.name === 'data_file').type;
    expect(fieldIds(df)).toEqual(DATA_FILE_IDS);
    const part = df.fields.find((f: any) => f.name === 'partition').type;
    expect(fieldIds(part)).toEqual({ timestamp_day: 1000 });
    expect(unwrap(part.fields[0].type)).toEqual({ type: 'int', logicalType: 'date' });
    for (const [name, [k, v]] of Object.entries(MAP_IDS)) {
      const t = unwrap(df.fields.find((f: any) => f.name === name).type);
      expect(t.type).toBe('array');
      expect(t.logicalType).toBe('map');
      expect(fieldIds(t.items)).toEqual({ key: k, value: v });
    }
    expect(unwrap(df.fields.find((f: any) => f.name === 'split_offsets').type)['element-id']).toBe(133);

    const entries = readAvroContainer(manifestBytes).records as any[];
    expect(plain((await avscDecode(manifestBytes)).records)).toEqual(plain(entries));
    const r2 = { view: new DataView(buf(manifestBytes)), offset: 0 };
    expect(
      plain(avroRead({ reader: r2, ...avroMetadata(r2) })).map((e: any) => ({ ...e, data_file: { ...e.data_file, partition: null } })),
    ).toEqual(plain(entries).map((e: any) => ({ ...e, data_file: { ...e.data_file, partition: null } })));
    for (const e of entries) {
      expect(e.status).toBe(1);
      expect(e.snapshot_id).toBe(m['current-snapshot-id']);
      expect(e.sequence_number).toBeNull();
      expect(e.file_sequence_number).toBeNull();
      expect(e.data_file.content).toBe(0);
      expect(e.data_file.file_format).toBe('PARQUET');
    }
  });

  it('our reader decodes avsc-written containers (deflate too), and avsc reads ours', async () => {
    const schema = MANIFEST_FILE_SCHEMA;
    const rec = {
      manifest_path: 's3://b/t/metadata/x-m0.avro',
      manifest_length: 123,
      partition_spec_id: 0,
      content: 0,
      sequence_number: 7,
      min_sequence_number: 3,
      added_snapshot_id: 2 ** 52 + 5,
      added_files_count: 2,
      existing_files_count: 1,
      deleted_files_count: 0,
      added_rows_count: 1000,
      existing_rows_count: -1,
      deleted_rows_count: 0,
      partitions: [{ contains_null: false, contains_nan: null, lower_bound: Uint8Array.of(1, 2, 3, 4), upper_bound: null }],
      key_metadata: null,
    };
    for (const codec of ['null', 'deflate']) {
      const enc = new avsc.streams.BlockEncoder(schema as avsc.Schema, { codec });
      const chunks: Buffer[] = [];
      enc.on('data', (b: Buffer) => chunks.push(b));
      const done = new Promise((ok) => enc.on('end', ok));
      const t = avsc.Type.forSchema(schema as avsc.Schema);
      enc.write(t.clone({ ...rec, partitions: [{ ...rec.partitions[0], lower_bound: Buffer.from([1, 2, 3, 4]) }] }));
      enc.write(t.clone({ ...rec, partitions: null }));
      enc.end();
      await done;
      const got = readAvroContainer(new Uint8Array(Buffer.concat(chunks)));
      expect(got.metadata.get('avro.codec')).toBe(codec);
      expect(plain(got.records)).toEqual(plain([rec, { ...rec, partitions: null }]));
    }
    const ours = writeAvroContainer(schema as AvroSchema, [rec], [['k', 'v']], new Uint8Array(16).fill(7));
    expect(plain((await avscDecode(ours)).records)).toEqual(plain([rec]));
    expect(avroHeader(ours).meta.k).toBe('v');
  });
});

describe('data files (DuckDB)', () => {
  const bronzeDuck = (type: (typeof TYPES)[number]) =>
    bronzeColumns(bronzeTableColumns(type, 'legacy', w.model.profile).slice(0, -1)).map((col) => [
      col.name,
      DUCK_TYPE[col.type as SqlType],
    ]);

  it.each(TYPES)('%s: bronze types, field ids, one day per file = partition value, metrics = DuckDB’s', async (type) => {
    const m = meta(type);
    const list = readAvroContainer(new Uint8Array(readFileSync(local(m.snapshots[0]['manifest-list'])))).records as any[];
    const entries = readAvroContainer(new Uint8Array(readFileSync(local(list[0].manifest_path)))).records as any[];
    const cols = bronzeTableColumns(type, 'legacy', w.model.profile);
    expect(entries.length).toBe(w.plan.days);
    let total = 0;
    for (const e of entries) {
      const df = e.data_file;
      const path = local(df.file_path);
      const p = qs(path);
      const day = isoDate(df.partition.timestamp_day);
      expect(relative(join(tmp.dir, type), path).split('/').slice(0, 2)).toEqual(['data', `timestamp_day=${day}`]);
      expect(df.file_size_in_bytes).toBe(statSync(path).size);
      // Types = the bronze DDL; Parquet field ids 1..n.
      const desc = await query(c, `DESCRIBE SELECT * FROM read_parquet(${p}, hive_partitioning = false)`);
      expect(desc.map((r) => [r[0], r[1]])).toEqual(bronzeDuck(type));
      const ids = await query(c, `SELECT name, field_id FROM parquet_schema(${p}) WHERE num_children IS NULL OR num_children = 0`);
      expect(ids.map((r) => [r[0], Number(r[1])])).toEqual(cols.map((col, i) => [col.name, i + 1]));
      // One UTC day per file, equal to the partition value; ingestion_date = that day (UTC profile).
      const [[n, days, d0, ing]] = (await query(
        c,
        `SELECT count(*), count(DISTINCT CAST("timestamp" AS DATE)), CAST(min("timestamp") AS DATE)::VARCHAR, string_agg(DISTINCT ingestion_date::VARCHAR) FROM read_parquet(${p}, hive_partitioning = false)`,
      )) as [[bigint, bigint, string, string]];
      expect(Number(n)).toBe(df.record_count);
      expect(Number(days)).toBe(1);
      expect(d0).toBe(day);
      expect(ing).toBe(day);
      total += df.record_count;
      // Metrics: counts, column sizes (footer), bounds (DuckDB min/max).
      const byId = (kv: any[]) => new Map(kv.map((x: any) => [x.key, x.value]));
      const sizes = byId(df.column_sizes);
      const counts = byId(df.value_counts);
      const nulls = byId(df.null_value_counts);
      const lower = byId(df.lower_bounds);
      const upper = byId(df.upper_bounds);
      const pm = await query(c, `SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata(${p}) GROUP BY ALL`);
      const duckSizes = new Map(pm.map((r) => [String(r[0]), Number(r[1])]));
      for (const [i, col] of cols.entries()) {
        const id = i + 1;
        expect(counts.get(id)).toBe(df.record_count);
        expect(nulls.get(id)).toBe(0);
        expect(sizes.get(id), col.name).toBe(duckSizes.get(col.name));
        const q = `"${col.name}"`;
        const expr =
          col.type === 'timestamp'
            ? `epoch_us(min(${q}))::VARCHAR, epoch_us(max(${q}))::VARCHAR`
            : col.type === 'date'
              ? `(min(${q}) - DATE '1970-01-01')::VARCHAR, (max(${q}) - DATE '1970-01-01')::VARCHAR`
              : col.type === 'decimal(10,2)'
                ? `(min(${q}) * 100)::BIGINT::VARCHAR, (max(${q}) * 100)::BIGINT::VARCHAR`
                : `min(${q})::VARCHAR, max(${q})::VARCHAR`;
        const [[lo, hi]] = (await query(c, `SELECT ${expr} FROM read_parquet(${p}, hive_partitioning = false)`)) as [[string, string]];
        expect(String(decodeBound(col.type, lower.get(id)!)), `${col.name} lower`).toBe(lo);
        expect(String(decodeBound(col.type, upper.get(id)!)), `${col.name} upper`).toBe(hi);
      }
      // Split offsets = row group starts (hyparquet's reading of the footer); our footer reader agrees with it.
      const bytes = new Uint8Array(readFileSync(path));
      const hm = parquetMetadata(buf(bytes));
      const starts = hm.row_groups.map((rg) =>
        Math.min(...rg.columns.map((ch) => Number(ch.meta_data!.dictionary_page_offset ?? ch.meta_data!.data_page_offset))),
      );
      expect(df.split_offsets).toEqual(starts);
      const footer = readParquetFooter(bytes);
      expect(footer.columns.map((x) => [x.name, x.fieldId])).toEqual(hm.schema.slice(1).map((s) => [s.name, s.field_id]));
      expect(footer.numRows).toBe(Number(hm.num_rows));
    }
    expect(total).toBe(w.plan.totals[type]);
  });
});

describe('determinism', () => {
  const digest = (fs: IcebergOutputFile[]) => fs.map((f) => [f.path, Buffer.from(f.bytes).toString('base64')]);

  it('the same scenario gives identical bytes for every file (data, manifests, metadata, SQL)', async () => {
    const again = await buildIcebergTables(icebergWorld(), { warehouse });
    expect(again.map((f) => f.path)).toEqual(files.map((f) => f.path));
    expect(digest(again)).toEqual(digest(files));
    // Another seed: other uuids and snapshot ids.
    const other = await buildIcebergTables(icebergWorld({ seed: 6 }), { warehouse });
    const uuid = (fs: IcebergOutputFile[]) =>
      JSON.parse(new TextDecoder().decode(fs.find((f) => f.path === 'voice/metadata/v1.metadata.json')!.bytes))['table-uuid'];
    expect(uuid(other)).not.toBe(uuid(files));
  });

  it('appends are deterministic too, and keep the table uuid and location', async () => {
    const w2 = () => icebergWorld({ period: { start: '2025-10-03', days: 1 } });
    const a = await buildIcebergTables(w2(), { existing: await existingTables(tmp.dir) });
    const b = await buildIcebergTables(w2(), { existing: await existingTables(tmp.dir) });
    expect(digest(a)).toEqual(digest(b));
    writeFiles(tmp.dir, a);
    for (const type of TYPES) {
      const m1 = meta(type, 1);
      const m2 = meta(type, 2);
      checkMetadata(m2, `${warehouse}/${type}`);
      expect(m2['table-uuid']).toBe(m1['table-uuid']);
      expect(m2['last-updated-ms']).toBeGreaterThan(m1['last-updated-ms']);
      expect(m2['metadata-log']).toEqual([
        { 'timestamp-ms': m1['last-updated-ms'], 'metadata-file': `${warehouse}/${type}/metadata/v1.metadata.json` },
      ]);
      expect(readFileSync(join(tmp.dir, type, 'metadata', 'version-hint.text'), 'utf8')).toBe('2');
      // Old data files untouched, new ones beside them.
      const dataDirs = readdirSync(join(tmp.dir, type, 'data')).sort();
      expect(dataDirs).toEqual(['timestamp_day=2025-10-01', 'timestamp_day=2025-10-02', 'timestamp_day=2025-10-03']);
      const list = readAvroContainer(new Uint8Array(readFileSync(local(m2.snapshots[1]['manifest-list'])))).records as any[];
      expect(list.map((x) => x.sequence_number)).toEqual([2, 1]);
      expect(list[1]).toEqual(readAvroContainer(new Uint8Array(readFileSync(local(m1.snapshots[0]['manifest-list'])))).records[0]);
    }
    // Another schema cannot be appended.
    const ext = icebergWorld({ schema: 'extended', period: { start: '2025-10-04', days: 1 } });
    await expect(buildIcebergTables(ext, { existing: await existingTables(tmp.dir) })).rejects.toThrow(/other columns/);
    // Nor at another location.
    await expect(buildIcebergTables(w2(), { warehouse: 's3://elsewhere/bronze', existing: await existingTables(tmp.dir) })).rejects.toThrow(
      /located at/,
    );
  });
});
