/** schema.sql (Spark / Trino / DuckDB) and the dataset README, checked by running the DuckDB DDL and loading our Parquet. */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch } from '../../../src/core/dimensions.ts';
import { PROFILES } from '../../../src/core/profiles/index.ts';
import { cdrColumns } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { toRecordBatch } from '../../../src/export/arrow.ts';
import { schemaSql, type SqlDialect } from '../../../src/export/ddl.ts';
import { encodeParquet } from '../../../src/export/parquet.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import { datasetReadme } from '../../../src/export/readme.ts';
import { DUCK_TYPE, TYPES, arrowBatches, batchesOf, columnsOf, duck, qs, query, smallWorld, tempDir } from './helpers.ts';

let w: World;
const tmp = tempDir();

beforeAll(async () => {
  await ensureParquetNode();
  w = smallWorld('extended');
});
afterAll(() => tmp.cleanup());

describe.each(['legacy', 'extended'] as const)('%s schema.sql for DuckDB', (preset) => {
  it('runs in DuckDB, declares the bronze types, and our Parquet files insert into its tables', async () => {
    const c = await duck();
    await c.run(schemaSql(preset, 'duckdb', { profile: w.model.profile }));
    const tables = (await query(c, 'SELECT table_name FROM duckdb_tables() ORDER BY table_name')).map((r) => r[0]);
    expect(tables).toEqual(['cells', 'data_cdr', 'sms_cdr', 'subscribers', 'voice_cdr']);
    for (const type of TYPES) {
      const cols = columnsOf(w, type, preset);
      const desc = await query(
        c,
        `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${type}_cdr' ORDER BY column_index`,
      );
      expect(desc).toEqual([...cols.map((col) => [col.name, DUCK_TYPE[col.type]]), ['ingestion_date', 'DATE']]);
      const batches = batchesOf(w, type);
      const path = tmp.write(`${preset}/${type}.parquet`, encodeParquet(arrowBatches(cols, batches, w)));
      await c.run(`INSERT INTO ${type}_cdr SELECT *, DATE '2025-10-02' FROM read_parquet(${qs(path)})`);
      const rows = batches.reduce((a, b) => a + b.length, 0);
      expect(await query(c, `SELECT count(*), count(DISTINCT ${cols[1]!.name}) FROM ${type}_cdr`)).toEqual([[BigInt(rows), BigInt(rows)]]);
    }
    const cells = cellsBatch(w);
    const cellsPath = tmp.write(
      `${preset}/cells.parquet`,
      encodeParquet([toRecordBatch(cellColumns(preset), cells.cols, cells.length, w)]),
    );
    await c.run(`INSERT INTO cells SELECT * FROM read_parquet(${qs(cellsPath)})`);
    const subs = subscribersBatch(w, 0, w.subs.n);
    const subsPath = tmp.write(
      `${preset}/subscribers.parquet`,
      encodeParquet([toRecordBatch(subscriberColumns(preset), subs.cols, subs.length, w)]),
    );
    await c.run(`INSERT INTO subscribers SELECT * FROM read_parquet(${qs(subsPath)})`);
    expect(await query(c, 'SELECT (SELECT count(*) FROM cells), (SELECT count(*) FROM subscribers)')).toEqual([
      [BigInt(w.cells.n), BigInt(w.subs.n)],
    ]);
    // Every CDR cell exists in the cells dimension.
    expect(await query(c, 'SELECT count(*) FROM voice_cdr v ANTI JOIN cells c USING (cell_id)')).toEqual([[0n]]);
    // Column comments come from the column docs.
    const doc = await query(c, `SELECT comment FROM duckdb_columns() WHERE table_name = 'voice_cdr' AND column_name = 'charging_amount'`);
    expect(doc).toEqual([['Amount charged, in the profile currency']]);
  });
});

describe('Spark and Trino DDL', () => {
  it('Spark: Iceberg tables partitioned by days(timestamp), Spark types, columns in contract order', () => {
    const sql = schemaSql('legacy', 'spark');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS voice_cdr (\n  `timestamp` TIMESTAMP COMMENT');
    expect(sql).toContain('USING iceberg\nPARTITIONED BY (days(`timestamp`))');
    expect(sql).toContain('charging_amount DECIMAL(10,2)');
    expect(sql).toContain('bytes_uploaded BIGINT');
    expect(sql).toContain('duration_seconds INT COMMENT');
    expect(sql).toContain('ingestion_date DATE');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS cells (');
    const voice = sql.slice(sql.indexOf('voice_cdr ('), sql.indexOf('USING iceberg'));
    const names = [...voice.matchAll(/^ {2}`?([a-z_]+)`? /gm)].map((m) => m[1]);
    expect(names).toEqual([...cdrColumns('voice', 'legacy', PROFILES['mali-omea']!).map((c) => c.name), 'ingestion_date']);
    // Partitioned CDR tables only.
    expect(sql.match(/PARTITIONED BY/g)!.length).toBe(3);
  });

  it('Trino: partitioning = day(timestamp), timestamp(6) with time zone, namespace prefix', () => {
    const sql = schemaSql('extended', 'trino', { namespace: 'bronze' });
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS bronze.voice_cdr (');
    expect(sql).toContain('"timestamp" TIMESTAMP(6) WITH TIME ZONE');
    expect(sql).toContain("partitioning = ARRAY['day(timestamp)']");
    expect(sql).toContain('roaming BOOLEAN');
    expect(sql).toContain('served_imsi VARCHAR');
    expect(sql.match(/partitioning/g)!.length).toBe(3);
  });

  it('rejects an unknown dialect or preset with a clear message', () => {
    expect(() => schemaSql('legacy', 'oracle' as SqlDialect)).toThrow(/unknown SQL dialect oracle/);
    expect(() => schemaSql('gold' as 'legacy', 'spark')).toThrow(/unknown schema preset gold/);
  });
});

describe('dataset README', () => {
  it.each(['legacy', 'extended'] as const)('%s: describes every column of every table with its doc', (preset) => {
    const text = datasetReadme({ preset, scenario: w.model.scenario, format: 'parquet', partitionBy: ['type', 'date'] });
    for (const cols of [
      ...TYPES.map((t) => cdrColumns(t, preset, PROFILES['mali-omea']!)),
      cellColumns(preset),
      subscriberColumns(preset),
    ]) {
      for (const col of cols) expect(text).toContain(`| \`${col.name}\` | ${col.type}`);
      for (const col of cols) expect(text).toContain(col.doc.replace(/\|/g, '\\|'));
    }
    expect(text).toContain('## voice_cdr');
    expect(text).toContain('Seed: 11');
    expect(text).toContain('`NORMAL`, `FAILED`, `USER_TERMINATED`, `NO_ANSWER`, `NETWORK_ERROR`');
  });
});
