/** Node-only parquet-wasm initialisation (CLI, tests): reads the wasm bytes from node_modules. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureParquet } from './parquet.ts';

let ready: Promise<void> | undefined;

/** Initialises parquet-wasm in Node from the package's wasm file (idempotent). */
export function ensureParquetNode(): Promise<void> {
  ready ??= (() => {
    const require = createRequire(import.meta.url);
    return ensureParquet(readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')));
  })();
  return ready;
}
