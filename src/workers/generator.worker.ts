/** Generator worker entry: a thin Comlink `expose` of the generator (protocol in ./api.ts). */
import * as Comlink from 'comlink';
import { ensureParquetBrowser } from '../export/parquet-init-browser.ts';
import { createGenerator } from './generator.ts';
import { holdLifeLock } from './life-lock.ts';

// holdLife: the pool learns when this worker dies (./life-lock.ts).
Comlink.expose({ ...createGenerator(ensureParquetBrowser), holdLife: holdLifeLock });
