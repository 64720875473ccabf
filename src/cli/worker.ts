// worker_threads entry: rebuilds the world once, then encodes the chunks the main thread asks for.
import { parentPort } from 'node:worker_threads';
import type { SchemaPreset } from '../core/tables.ts';
import { encodeChunk, worldFor, type TextFormat, type WorldKey } from './tasks.ts';

export interface WorkerRequest {
  id: number;
  key: WorldKey;
  chunk: number;
  preset: SchemaPreset;
  format: TextFormat;
}

parentPort?.on('message', (req: WorkerRequest) => {
  try {
    const res = encodeChunk(worldFor(req.key), req.chunk, req.preset, req.format);
    const transfer = Object.values(res.parts).map((u) => u!.buffer as ArrayBuffer);
    parentPort!.postMessage({ id: req.id, ok: true, res }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
