/** DuckDB-Wasm's Node build (the same wasm as the page's) with the run's tables loaded as Explore loads them. */
import { createRequire } from 'node:module';
import type { World } from '../../../src/core/world.ts';
import { EXPLORE_GROUPS, explorePieces } from '../../../src/analytics/tables.ts';
import { OFFLINE_SETTINGS } from '../../../src/analytics/offline-settings.ts';

const require = createRequire(import.meta.url);

interface Table {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(i: number): { get(i: number): unknown } | null;
}
export interface Conn {
  query(sql: string): Table;
  insertArrowFromIPCStream(bytes: Uint8Array, opts: { name: string; create: boolean }): void;
}

/** A fresh database with the world's tables (Arrow streams from `explorePieces`, as the workers make them). */
export async function loadedDuck(world: World): Promise<{ conn: Conn; rows: (sql: string) => unknown[][] }> {
  const duck = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dir = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm').replace(/duckdb-eh\.wasm$/, '');
  const db = await duck.createDuckDB(
    {
      mvp: { mainModule: `${dir}duckdb-mvp.wasm`, mainWorker: `${dir}duckdb-node-mvp.worker.cjs` },
      eh: { mainModule: `${dir}duckdb-eh.wasm`, mainWorker: `${dir}duckdb-node-eh.worker.cjs` },
    },
    new duck.VoidLogger(),
    duck.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: true } });
  const conn = db.connect() as Conn;
  for (const s of OFFLINE_SETTINGS) conn.query(s);
  const created = new Set<string>();
  for (const g of EXPLORE_GROUPS)
    for (const p of explorePieces(world, g)) {
      conn.insertArrowFromIPCStream(p.stream, { name: p.table, create: !created.has(p.table) });
      created.add(p.table);
    }
  const rows = (sql: string): unknown[][] => {
    const t = conn.query(sql);
    const vs = t.schema.fields.map((_f, i) => t.getChildAt(i)!);
    return Array.from({ length: t.numRows }, (_, r) =>
      vs.map((v) => {
        const x = v.get(r);
        return typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.getTime() : (x ?? null);
      }),
    );
  };
  return { conn, rows };
}
