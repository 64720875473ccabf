/**
 * The typed protocol between the main thread and the generator workers (the one interface both sides import).
 *
 * Flow: the main thread plans the run (chunk count and sizes), gives each worker a contiguous range of chunk
 * indexes, and each worker streams every chunk back as CSV bytes through a `Comlink.proxy` callback, with the
 * buffers transferred (zero copy). The main thread files the chunks by index, so the output does not depend on
 * how many workers ran or in which order they finished.
 */
import type { ServiceType } from '../core/index.ts';

/** One job for one worker: the scenario (JSON text, also the world cache key) and chunk indexes [from, to). */
export interface GenerateRequest {
  scenarioJson: string;
  from: number;
  to: number;
}

/** The CSV bytes of one chunk, per service; `csv[type]` starts with the header when the chunk opens a day. */
export interface EncodedChunk {
  index: number;
  /** 0-based day of the run the chunk belongs to. */
  day: number;
  /** Data rows per service (header excluded). */
  rows: Record<ServiceType, number>;
  /** Present for every service the scenario produces, possibly header-only or empty. */
  csv: Partial<Record<ServiceType, Uint8Array>>;
}

/** A whole file produced by a worker (reference tables). */
export interface EncodedFile {
  name: string;
  rows: number;
  bytes: Uint8Array;
}

/** What a worker reports when its range is finished. */
export interface RangeResult {
  chunks: number;
  rows: number;
  /** Time spent building the world (0 when it came from the cache), ms. */
  worldMs: number;
  /** Time spent generating and encoding, ms. */
  generateMs: number;
}

/**
 * Receives each chunk on the main thread. The worker awaits it before the next chunk (backpressure);
 * returning `false` asks the worker to stop early.
 */
export type ChunkSink = (chunk: EncodedChunk) => void | boolean | Promise<void | boolean>;

/** What a generator worker exposes. */
export interface GeneratorApi {
  /** Generates and CSV-encodes chunks [from, to) of the scenario, sending each one to `onChunk`. */
  generate(request: GenerateRequest, onChunk: ChunkSink): Promise<RangeResult>;
  /** The cell towers reference file of the scenario (`cell_towers_<country>.csv` in the legacy preset). */
  cellTowers(scenarioJson: string): Promise<EncodedFile>;
}
