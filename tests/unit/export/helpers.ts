/** Shared fixtures of the export tests: small worlds, files in a temp dir, and DuckDB as the independent reader. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import { buildWorld, generateChunk, parseScenario, resolveModel, type CdrBatch, type ScenarioInput } from '../../../src/core/index.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import { cdrColumns, type Column, type SchemaPreset, type SqlType } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { toRecordBatch } from '../../../src/export/arrow.ts';

export const TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** A small scenario: 5,000 subscribers, `days` day(s). */
export function smallWorld(preset: SchemaPreset, days = 1, extra: ScenarioInput = {}): World {
  return buildWorld(
    resolveModel(
      parseScenario({ seed: 11, period: { start: '2025-10-01', days }, population: { subscribers: 5000 }, schema: preset, ...extra }),
    ),
  );
}

/** Every batch of one service, in chunk order. */
export function batchesOf(w: World, type: ServiceType): CdrBatch[] {
  return w.plan.chunks.map((c) => generateChunk(w, c.index, [type])[type]!).filter((b) => b !== undefined);
}

/** Arrow record batches of a list of CDR batches. */
export function arrowBatches(cols: readonly Column[], batches: readonly CdrBatch[], w: World): RecordBatch[] {
  return batches.map((b) => toRecordBatch(cols, b, b.length, w));
}

export const columnsOf = (w: World, type: ServiceType, preset: SchemaPreset) => cdrColumns(type, preset, w.model.profile);

/** Concatenates byte chunks. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}

/** A fresh temp directory and a writer of relative paths into it. */
export function tempDir(prefix = 'cdr-export-'): {
  dir: string;
  write: (rel: string, bytes: Uint8Array | string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write: (rel, bytes) => {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, bytes);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An in-memory DuckDB connection in UTC. */
export async function duck(): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("SET TimeZone = 'UTC'");
  await c.run('SET threads = 1');
  return c;
}

/** Rows of a query as JS values. */
export async function query(c: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await c.runAndReadAll(sql)).getRowsJS();
}

/** How DuckDB names each bronze SQL type. */
export const DUCK_TYPE: Record<SqlType, string> = {
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  'decimal(10,2)': 'DECIMAL(10,2)',
  boolean: 'BOOLEAN',
  double: 'DOUBLE',
  date: 'DATE',
};

/** A double-quoted SQL identifier. */
export const qi = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** A single-quoted SQL string. */
export const qs = (s: string) => `'${s.replace(/'/g, "''")}'`;
