/** Generator worker entry: a thin Comlink `expose` of the generator (protocol in ./api.ts). */
import * as Comlink from 'comlink';
import { createGenerator } from './generator.ts';

Comlink.expose(createGenerator());
