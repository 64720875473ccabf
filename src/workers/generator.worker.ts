/** Generator worker entry: a thin Comlink `expose` of the generator (protocol in ./api.ts). */
import * as Comlink from 'comlink';
import { ensureParquetBrowser } from '../export/parquet-init-browser.ts';
import { createGenerator } from './generator.ts';

Comlink.expose(createGenerator(ensureParquetBrowser));
