/* eslint-disable @typescript-eslint/no-explicit-any -- table metadata JSON and decoded Avro records are checked field by field, untyped */
/**
 * `cdrgen batch --format iceberg`: the tables the library writes (same bytes), on 1 or 2 worker
 * threads, the default `file://` warehouse, appending a later run as a new snapshot, and flag errors.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, parseScenario, resolveModel } from '../../../src/core/index.ts';
import { buildIcebergTables } from '../../../src/export/iceberg/index.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { cdrgen, tempDir as newTempDir } from '../cli/helpers.ts';
import { TYPES, readJson } from './helpers.ts';

const BASE = ['batch', '--format', 'iceberg', '--seed', '3', '--days', '2', '--subscribers', '1500'];
const WAREHOUSE = 's3://lakehouse/bronze';

/** Path → sha256 of every file under a folder. */
function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const dirs: string[] = [];
/** A temp folder removed after the tests. */
const tempDir = () => {
  const d = newTempDir('cdrgen-iceberg-');
  dirs.push(d);
  return d;
};

let one: string;
/** The files of the first (unsharded, single-worker) run, before later tests append to its folder. */
let oneDigest: Record<string, string>;
beforeAll(() => {
  one = tempDir();
  const r = cdrgen([...BASE, '--workers', '1', '--table-location', WAREHOUSE, '--out', one]);
  expect(r.code, r.stderr).toBe(0);
  oneDigest = digest(one);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('cdrgen batch --format iceberg', () => {
  it('writes the library’s tables byte for byte, on 1 or 2 workers', async () => {
    const two = tempDir();
    const r = cdrgen([...BASE, '--workers', '2', '--table-location', WAREHOUSE, '--out', two]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote \d+ CDR rows/);
    const d1 = digest(one);
    expect(digest(two)).toEqual(d1);
    await ensureParquetNode();
    const world = buildWorld(resolveModel(parseScenario({ seed: 3, period: { days: 2 }, population: { subscribers: 1500 } })));
    const lib = await buildIcebergTables(world, { warehouse: WAREHOUSE });
    for (const f of lib) expect(d1[f.path], f.path).toBe(createHash('sha256').update(f.bytes).digest('hex'));
    for (const t of TYPES) expect(readJson(join(one, t, 'metadata', 'v1.metadata.json')).location).toBe(`${WAREHOUSE}/${t}`);
  });

  it('defaults the warehouse to file://<absolute out>', () => {
    const d = tempDir();
    const r = cdrgen([...BASE, '--type', 'sms', '--out', d]);
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(join(d, 'sms', 'metadata', 'v1.metadata.json')).location).toBe(`${pathToFileURL(d).href}/sms`);
    expect(
      readdirSync(d)
        .filter((f) => !f.startsWith('.') && !f.startsWith('state_'))
        .sort(),
    ).toEqual(['register.sql', 'schema.sql', 'sms']);
  });

  it('a second run into the folder appends a snapshot (v2) and keeps the location', () => {
    const before = digest(one);
    const r = cdrgen([
      'batch',
      '--format',
      'iceberg',
      '--seed',
      '3',
      '--start',
      '2025-10-03',
      '--days',
      '1',
      '--subscribers',
      '1500',
      '--out',
      one,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const after = digest(one);
    // Nothing rewritten but the SQL helpers (now naming v2) and the hints; the rest is added.
    for (const [p, h] of Object.entries(before)) if (!/register\.sql$|version-hint\.text$|state/.test(p)) expect(after[p], p).toBe(h);
    for (const t of TYPES) {
      const m = readJson(join(one, t, 'metadata', 'v2.metadata.json')) as Record<string, any>;
      expect(m.location).toBe(`${WAREHOUSE}/${t}`);
      expect(m.snapshots.length).toBe(2);
      expect(m.snapshots[1]['parent-snapshot-id']).toBe(m.snapshots[0]['snapshot-id']);
      expect(Number(m.snapshots[1].summary['total-records'])).toBe(
        Number(m.snapshots[0].summary['total-records']) + Number(m.snapshots[1].summary['added-records']),
      );
      expect(readFileSync(join(one, t, 'metadata', 'version-hint.text'), 'utf8')).toBe('2');
    }
    expect(readFileSync(join(one, 'register.sql'), 'utf8')).toContain(`metadata_file => '${WAREHOUSE}/voice/metadata/v2.metadata.json'`);
    // A run of one type appends to that table only; register.sql keeps listing the others.
    const v = cdrgen([
      'batch',
      '--format',
      'iceberg',
      '--type',
      'voice',
      '--seed',
      '3',
      '--start',
      '2025-10-04',
      '--days',
      '1',
      '--subscribers',
      '1500',
      '--out',
      one,
    ]);
    expect(v.code, v.stderr).toBe(0);
    expect(readFileSync(join(one, 'voice', 'metadata', 'version-hint.text'), 'utf8')).toBe('3');
    expect(readFileSync(join(one, 'sms', 'metadata', 'version-hint.text'), 'utf8')).toBe('2');
    const reg = readFileSync(join(one, 'register.sql'), 'utf8');
    for (const [t, n] of [
      ['voice', 3],
      ['sms', 2],
      ['data', 2],
    ] as const)
      expect(reg).toContain(`metadata_file => '${WAREHOUSE}/${t}/metadata/v${n}.metadata.json'`);
  });

  it('--shard I/N runs as separate processes + merge-manifest commit the same tables as one run, byte for byte', () => {
    const d = tempDir();
    for (const shard of ['2/3', '0/3', '1/3']) {
      const r = cdrgen([...BASE, '--workers', '1', '--table-location', WAREHOUSE, '--shard', shard, '--out', d]);
      expect(r.code, r.stderr).toBe(0);
    }
    // Before the merge: shard data files and descriptors only, no table metadata a reader could pick up.
    const staged = Object.keys(digest(d));
    expect(staged.filter((p) => /metadata|register\.sql/.test(p))).toEqual([]);
    expect(staged.filter((p) => /^iceberg\.shard-000\d-of-0003\.json$/.test(p))).toHaveLength(3);
    const m = cdrgen(['merge-manifest', d]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toMatch(/committed \d+ files .* of 3 Iceberg shards/);
    const unsharded = Object.fromEntries(Object.entries(oneDigest).filter(([p]) => !/state/.test(p)));
    expect(digest(d)).toEqual(unsharded);
  });

  it('merge-manifest refuses incomplete or damaged Iceberg shards and moves nothing', () => {
    const d = tempDir();
    for (const shard of ['0/2', '1/2']) expect(cdrgen([...BASE, '--table-location', WAREHOUSE, '--shard', shard, '--out', d]).code).toBe(0);
    const files = Object.keys(digest(d)).filter((p) => p.endsWith('.parquet'));
    expect(files.length).toBeGreaterThan(1);
    // A damaged data file: refused by name, nothing committed or moved.
    const victim = join(d, files[0]!);
    const original = readFileSync(victim);
    writeFileSync(victim, Buffer.concat([original.subarray(0, 100), Buffer.from('x'), original.subarray(101)]));
    const bad = cdrgen(['merge-manifest', d]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${files[0]} does not match its shard descriptor`);
    expect(Object.keys(digest(d)).filter((p) => /metadata/.test(p))).toEqual([]);
    writeFileSync(victim, original);
    // A missing shard: refused, naming it.
    rmSync(join(d, 'iceberg.shard-0001-of-0002.json'));
    const missing = cdrgen(['merge-manifest', d]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Iceberg shard\(s\) 1 of 2 missing/);
  });

  it('refuses what cannot work: another schema, another location, partitioning flags', () => {
    const ext = cdrgen([...BASE, '--schema', 'extended', '--start', '2025-10-05', '--out', one]);
    expect(ext.code).toBe(2);
    expect(ext.stderr).toMatch(/other columns/);
    const loc = cdrgen([...BASE, '--start', '2025-10-05', '--table-location', 's3://other/wh', '--out', one]);
    expect(loc.code).toBe(2);
    expect(loc.stderr).toMatch(/located at/);
    expect(cdrgen([...BASE, '--partition-by', 'date', '--out', tempDir()]).code).toBe(2);
    expect(cdrgen(['batch', '--format', 'csv', '--table-location', WAREHOUSE, '--out', tempDir()]).code).toBe(2);
    expect(cdrgen([...BASE, '--table-location', 'not a uri', '--out', tempDir()]).code).toBe(2);
  });
});
