/**
 * An independent Iceberg reader (the npm package icebird, on hyparquet) reads our tables over HTTP
 * (warehouse http://127.0.0.1:<port>): every row with the right names and types, row counts equal to
 * the manifests', and after an append both snapshots and the union of the rows.
 */
import { icebergListVersions, icebergManifests, icebergMetadata, icebergRead } from 'icebird';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChunk } from '../../../src/core/index.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import type { World } from '../../../src/core/world.ts';
import { bronzeTableColumns, buildIcebergTables, ICEBERG_TYPES } from '../../../src/export/iceberg/index.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { TYPES, existingTables, icebergWorld, serveFolder, tempFolder, writeFiles } from './helpers.ts';

/** What hyparquet hands back for each Iceberg type. */
const JS_TYPE: Record<string, string> = {
  timestamptz: 'Date',
  date: 'Date',
  string: 'string',
  int: 'number',
  long: 'bigint',
  'decimal(10,2)': 'number',
  boolean: 'boolean',
  double: 'number',
};
const jsType = (v: unknown) => (v instanceof Date ? 'Date' : typeof v);

/** Expected (id, timestamp ms) of every row of a type, from the engine. */
function expectedRows(w: World, type: ServiceType): Map<string, number[]> {
  const idCol = bronzeTableColumns(type, w.model.scenario.schema, w.model.profile)[1]!;
  const k = idCol.kind;
  if (k.k !== 'id') throw new Error('second column is not the id');
  const out = new Map<string, number[]>();
  for (const c of w.plan.chunks) {
    const b = generateChunk(w, c.index, [type])[type];
    if (!b) continue;
    for (let i = 0; i < b.length; i++) {
      const id = k.prefix + String(b.seq[i]!).padStart(k.width, '0');
      const l = out.get(id) ?? [];
      l.push(b.ts[i]! * 1000);
      out.set(id, l);
    }
  }
  return out;
}

const dayOf = (ms: number) => Math.floor(ms / 86_400_000);

let srv: Awaited<ReturnType<typeof serveFolder>>;
const tmp = tempFolder();
let w1: World;
let w2: World;

beforeAll(async () => {
  await ensureParquetNode();
  srv = await serveFolder(tmp.dir);
  w1 = icebergWorld({ population: { subscribers: 800 } });
  writeFiles(tmp.dir, await buildIcebergTables(w1, { warehouse: srv.url }));
});
afterAll(async () => {
  await srv.close();
  tmp.cleanup();
});

describe('icebird reads the tables', () => {
  it.each(TYPES)('%s: every row, right names and types, counts = manifests', async (type) => {
    const tableUrl = `${srv.url}/${type}`;
    const metadata = await icebergMetadata({ tableUrl });
    const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id'])!;
    const cols = bronzeTableColumns(type, 'legacy', w1.model.profile);
    expect(schema.fields.map((f) => [f.name, f.type])).toEqual(cols.map((c) => [c.name, ICEBERG_TYPES[c.type]]));

    const manifests = await icebergManifests(metadata);
    const manifestRows = manifests.flatMap((m) => m.entries).reduce((a, e) => a + Number(e.data_file.record_count), 0);
    const rows = await icebergRead({ tableUrl, metadata });
    expect(rows.length).toBe(w1.plan.totals[type]);
    expect(rows.length).toBe(manifestRows);
    expect(String(manifestRows)).toBe(metadata.snapshots![0]!.summary['total-records']);

    // Names and JS types of every value (problems collected, asserted once).
    const names = cols.map((c) => c.name).join();
    const bad: string[] = [];
    for (const row of rows) {
      if (Object.keys(row).join() !== names) bad.push(`columns ${Object.keys(row).join()}`);
      for (const f of schema.fields) if (jsType(row[f.name]) !== JS_TYPE[f.type]) bad.push(`${f.name}: ${jsType(row[f.name])}`);
    }
    // Every record of the engine, once, with its timestamp; ingestion_date = date of timestamp (UTC profile).
    const expected = expectedRows(w1, type);
    const idName = cols[1]!.name;
    for (const row of rows) {
      const ts = (row.timestamp as Date).getTime();
      const l = expected.get(row[idName] as string);
      const at = l ? l.indexOf(ts) : -1;
      if (at < 0) bad.push(`unexpected row ${String(row[idName])} @ ${ts}`);
      else l!.splice(at, 1);
      if (dayOf((row.ingestion_date as Date).getTime()) !== dayOf(ts)) bad.push(`ingestion_date of ${String(row[idName])}`);
    }
    for (const [id, l] of expected) if (l.length) bad.push(`missing ${id}`);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('reads the extended preset too (boolean, end_time, lac, …) with the right types', async () => {
    const ext = tempFolder();
    const s = await serveFolder(ext.dir);
    try {
      const w = icebergWorld({ schema: 'extended', period: { start: '2025-10-01', days: 1 }, population: { subscribers: 500 } });
      writeFiles(ext.dir, await buildIcebergTables(w, { warehouse: s.url }));
      for (const type of TYPES) {
        const rows = await icebergRead({ tableUrl: `${s.url}/${type}` });
        const cols = bronzeTableColumns(type, 'extended', w.model.profile);
        expect(rows.length).toBe(w.plan.totals[type]);
        const bad: string[] = [];
        for (const row of rows) {
          if (Object.keys(row).join() !== cols.map((c) => c.name).join()) bad.push(`columns ${Object.keys(row).join()}`);
          for (const c of cols) if (jsType(row[c.name]) !== JS_TYPE[ICEBERG_TYPES[c.type]]) bad.push(`${c.name}: ${jsType(row[c.name])}`);
        }
        expect(bad.slice(0, 10)).toEqual([]);
      }
    } finally {
      await s.close();
      ext.cleanup();
    }
  });
});

describe('appending a second run', () => {
  beforeAll(async () => {
    // Same schema, later days: a new snapshot on top of the first, location kept from the table.
    w2 = icebergWorld({ period: { start: '2025-10-03', days: 1 }, population: { subscribers: 800 } });
    writeFiles(tmp.dir, await buildIcebergTables(w2, { existing: await existingTables(tmp.dir) }));
  });

  it.each(TYPES)('%s: icebird sees both snapshots and the union of the rows', async (type) => {
    const tableUrl = `${srv.url}/${type}`;
    expect(await icebergListVersions({ tableUrl })).toEqual(['v1', 'v2']);
    const v1 = await icebergMetadata({ tableUrl, metadataFileName: 'v1.metadata.json' });
    const v2 = await icebergMetadata({ tableUrl });
    expect(v2.snapshots!.length).toBe(2);
    const [s1, s2] = v2.snapshots!;
    expect(s1!['snapshot-id']).toBe(v1['current-snapshot-id']);
    expect(s2!['parent-snapshot-id']).toBe(s1!['snapshot-id']);
    expect(s2!['sequence-number']).toBe(2);
    expect(v2['last-sequence-number']).toBe(2);
    expect(v2['current-snapshot-id']).toBe(s2!['snapshot-id']);
    expect(v2['snapshot-log']!.map((e) => e['snapshot-id'])).toEqual([s1!['snapshot-id'], s2!['snapshot-id']]);
    expect(v2['metadata-log']!.map((e) => e['metadata-file'])).toEqual([`${tableUrl}/metadata/v1.metadata.json`]);
    expect(v2['table-uuid']).toBe(v1['table-uuid']);

    const before = await icebergRead({ tableUrl, metadataFileName: 'v1.metadata.json' });
    const after = await icebergRead({ tableUrl });
    const n1 = w1.plan.totals[type];
    const n2 = w2.plan.totals[type];
    expect(before.length).toBe(n1);
    expect(after.length).toBe(n1 + n2);
    expect(String(n1 + n2)).toBe(s2!.summary['total-records']);
    expect(String(n2)).toBe(s2!.summary['added-records']);
    // The union: the old rows plus the new ones (keyed by id and timestamp; the new run restarts its ids).
    const key = (r: Record<string, unknown>) => `${String(Object.values(r)[1])}@${(r.timestamp as Date).getTime()}`;
    const all = after.map(key).sort();
    const expected = [...before.map(key)];
    for (const [id, ts] of expectedRows(w2, type)) for (const t of ts) expected.push(`${id}@${t}`);
    expect(all).toEqual(expected.sort());
    // Manifest list of the new snapshot = new manifest + the old one, counts adding up.
    const manifests = await icebergManifests(v2);
    expect(manifests.length).toBe(2);
    expect(manifests.flatMap((m) => m.entries).reduce((a, e) => a + Number(e.data_file.record_count), 0)).toBe(n1 + n2);
  });
});
