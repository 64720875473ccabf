/**
 * DuckDB-Wasm in the page, self-hosted: the wasm modules and worker scripts come from the npm package
 * through Vite (`?url`: hashed files beside the app, no CDN), and this module is imported dynamically by
 * the Explore view, so neither DuckDB nor its Arrow copy weigh on the main bundle. The database never
 * reaches the network: extension auto-install/auto-load and external access are switched off (and the
 * configuration locked) before any table loads; the service worker caches the files on first use.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { ResultColumn, ColumnKind } from './chart-shape.ts';
import { isoDay, isoTime } from './chart-shape.ts';
import { OFFLINE_SETTINGS } from './offline-settings.ts';

/** Absolute URL of a bundled file (the worker resolves relative URLs against its own location). */
const abs = (u: string): string => new URL(u, document.baseURI).href;

/** A query's answer: typed columns and cell readers over DuckDB's Arrow result (nothing copied row by row). */
export interface QueryResult {
  columns: ResultColumn[];
  rowCount: number;
  /** The raw value: a number (BIGINT and DECIMAL as doubles), epoch ms for dates and timestamps, a string, or null. */
  value: (row: number, col: number) => unknown;
  /** The value as text (ISO dates, plain numbers), null for NULL: what the table shows and the CSV holds. */
  text: (row: number, col: number) => string | null;
  /** Wall time of the query, ms. */
  ms: number;
}

export interface TableInfo {
  name: string;
  rows: number;
  columns: { name: string; type: string }[];
}

interface ArrowType {
  typeId: number;
  toString(): string;
}

// apache-arrow's Type ids (stable across versions).
const T = { Int: 2, Float: 3, Utf8: 5, Bool: 6, Decimal: 7, Date: 8, Time: 9, Timestamp: 10, LargeUtf8: 20, Dictionary: -1 } as const;

function kindOf(t: ArrowType): ColumnKind {
  switch (t.typeId) {
    case T.Int:
    case T.Float:
    case T.Decimal:
      return 'number';
    case T.Date:
      return 'date';
    case T.Timestamp:
      return 'timestamp';
    default:
      return 'text';
  }
}

/** An open DuckDB-Wasm database with one connection. */
export class ExploreEngine {
  private constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
    private readonly worker: Worker,
    readonly version: string,
    readonly bundle: 'eh' | 'mvp',
  ) {}

  /** Starts the worker, instantiates the wasm (same-origin files only) and switches the network off. */
  static async open(): Promise<ExploreEngine> {
    const bundles: duckdb.DuckDBBundles = {
      mvp: { mainModule: abs(mvpWasm), mainWorker: abs(mvpWorker) },
      eh: { mainModule: abs(ehWasm), mainWorker: abs(ehWorker) },
    };
    const bundle = await duckdb.selectBundle(bundles);
    const worker = new Worker(bundle.mainWorker!, { name: 'cdr-duckdb' });
    const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    try {
      await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
      await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
      const conn = await db.connect();
      for (const s of OFFLINE_SETTINGS) await conn.query(s);
      const version = await db.getVersion();
      return new ExploreEngine(db, conn, worker, version, bundle.mainModule === bundles.eh!.mainModule ? 'eh' : 'mvp');
    } catch (e) {
      worker.terminate();
      throw e;
    }
  }

  /** Inserts an Arrow IPC stream as a table (`create`) or appends it to one; the bytes are transferred. */
  async insert(table: string, stream: Uint8Array, create: boolean): Promise<void> {
    await this.conn.insertArrowFromIPCStream(stream, { name: table, create });
  }

  /** Drops every table (before loading another run). */
  async dropAll(): Promise<void> {
    const t = await this.conn.query(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`);
    for (const row of t.toArray() as { table_name: string }[])
      await this.conn.query(`DROP TABLE IF EXISTS "${row.table_name.replace(/"/g, '""')}"`);
  }

  /** The loaded tables, their columns and row counts. */
  async tables(): Promise<TableInfo[]> {
    const cols = await this.rows(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
    );
    const counts = await this.rows(`SELECT table_name, estimated_size FROM duckdb_tables() WHERE schema_name = 'main'`);
    const out = new Map<string, TableInfo>();
    for (const [t, n] of counts) out.set(String(t), { name: String(t), rows: Number(n), columns: [] });
    for (const [t, c, ty] of cols) out.get(String(t))?.columns.push({ name: String(c), type: String(ty) });
    return [...out.values()];
  }

  /** Rows of a query as arrays of cell values. */
  async rows(sql: string): Promise<unknown[][]> {
    const r = await this.query(sql);
    return Array.from({ length: r.rowCount }, (_, i) => r.columns.map((_c, j) => r.value(i, j)));
  }

  /** Runs SQL (several statements: the last one's result). DuckDB's error comes back as the rejection. */
  async query(sql: string): Promise<QueryResult> {
    const t0 = performance.now();
    const table = await this.conn.query(sql);
    return resultOf(table.schema.fields as unknown as Field[], [table], performance.now() - t0);
  }

  /**
   * Runs one statement reading at most `maxRows` rows of its result: the result streams in batches and the
   * rest is cancelled, so a `SELECT *` over millions of rows cannot exhaust the page's memory. Several
   * statements (which DuckDB cannot stream) run through `query` instead, uncapped.
   */
  async queryCapped(sql: string, maxRows: number): Promise<QueryResult & { truncated: boolean }> {
    const t0 = performance.now();
    let reader: Awaited<ReturnType<duckdb.AsyncDuckDBConnection['send']>>;
    try {
      reader = await this.conn.send(sql, true);
    } catch (e) {
      const err = plainError(e);
      if (/multiple statements/i.test(err.message)) return { ...(await this.query(sql)), truncated: false };
      throw err;
    }
    // The schema is read up front: the reader forgets it once drained.
    await reader.open();
    const fields = reader.schema.fields as unknown as Field[];
    const parts: Part[] = [];
    let rows = 0;
    let truncated = false;
    for await (const batch of reader) {
      if (batch.numRows === 0) continue;
      if (rows >= maxRows) {
        truncated = true; // more rows than shown: stop reading, cancel the rest
        break;
      }
      parts.push(batch as unknown as Part);
      rows += batch.numRows;
    }
    if (rows > maxRows) truncated = true;
    if (truncated) await this.conn.cancelSent().catch(() => false);
    const r = resultOf(fields, parts, performance.now() - t0, Math.min(rows, maxRows));
    return { ...r, truncated };
  }

  /** Ends the worker (and the database with it). */
  async close(): Promise<void> {
    try {
      await this.conn.close();
      await this.db.terminate();
    } finally {
      this.worker.terminate();
    }
  }
}

/** A short SQL-like name of an Arrow type (Dictionary<Int16, Utf8> → VARCHAR). */
function typeName(t: ArrowType): string {
  switch (t.typeId) {
    case T.Int:
      return /64/.test(t.toString()) ? 'BIGINT' : 'INTEGER';
    case T.Float:
    case T.Decimal:
      return 'DOUBLE';
    case T.Date:
      return 'DATE';
    case T.Timestamp:
      return 'TIMESTAMP';
    case T.Bool:
      return 'BOOLEAN';
    case T.Utf8:
    case T.LargeUtf8:
    case T.Dictionary:
      return 'VARCHAR';
    default:
      return t.toString();
  }
}

type Field = { name: string; type: ArrowType };
/** A record batch or table: rows, and a column by index. */
type Part = { numRows: number; getChildAt(i: number): { get(i: number): unknown } | null };

/** A query result over one or more Arrow parts (rows in order), `limit` rows at most. */
function resultOf(fields: Field[], parts: Part[], ms: number, limit = Infinity): QueryResult {
  const columns: ResultColumn[] = fields.map((f) => ({ name: f.name, kind: kindOf(f.type), type: typeName(f.type) }));
  const starts: number[] = [];
  let total = 0;
  for (const p of parts) {
    starts.push(total);
    total += p.numRows;
  }
  const vectors = parts.map((p) => fields.map((_f, i) => p.getChildAt(i)));
  const at = (row: number): number => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const value = (row: number, col: number): unknown => {
    const b = parts.length === 1 ? 0 : at(row);
    const v: unknown = vectors[b]?.[col]?.get(row - starts[b]!);
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.getTime();
    if (typeof v === 'bigint') return Number(v);
    return v;
  };
  const text = (row: number, col: number): string | null => {
    const v = value(row, col);
    if (v === null) return null;
    const k = columns[col]!.kind;
    if (k === 'date') return isoDay(Number(v));
    if (k === 'timestamp') return isoTime(Number(v));
    return String(v);
  };
  return { columns, rowCount: Math.min(total, limit), value, text, ms };
}

/**
 * DuckDB's error as `query` reports it: streamed queries reject with a JSON text
 * (`{"exception_type":…,"exception_message":…}`); the page shows the message itself.
 */
function plainError(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const text = err.message.trim();
  if (!text.startsWith('{')) return err;
  try {
    const j = JSON.parse(text) as { exception_type?: string; exception_message?: string };
    if (typeof j.exception_message !== 'string') return err;
    const type = j.exception_type ? `${j.exception_type} Error: ` : '';
    return new Error(`${type}${j.exception_message}`, { cause: e });
  } catch {
    return err;
  }
}
