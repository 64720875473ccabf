import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Runs the real CLI (bin/cdrgen.js) and returns its exit code and output. */
export function cdrgen(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'cdrgen.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'cdrgen-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** An in-memory DuckDB connection. */
export async function duck(): Promise<DuckDBConnection> {
  const db = await DuckDBInstance.create(':memory:');
  return db.connect();
}

/** Runs a query and returns its rows. */
export async function rows(c: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await c.runAndReadAll(sql)).getRows();
}

/** First cell of the first row as a number. */
export async function scalar(c: DuckDBConnection, sql: string): Promise<number> {
  const r = await rows(c, sql);
  return Number(r[0]![0]);
}
