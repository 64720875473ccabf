/** Browser / Vite-worker parquet-wasm initialisation: the wasm is a hashed asset URL (never import this from Node). */
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { ensureParquet } from './parquet.ts';

/** Initialises parquet-wasm from the bundled wasm asset (idempotent). */
export const ensureParquetBrowser = (): Promise<void> => ensureParquet(wasmUrl);
