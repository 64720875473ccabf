import type { ServiceType } from '../core/profiles/types.ts';
import { parseScenario, resolveModel } from '../core/scenario.ts';
import { generateChunk } from '../core/sim/chunk.ts';
import { buildWorld, type World } from '../core/world.ts';
import { encodeFileJob, encodeJobChunkAll, isLedgerPiece, type DatasetOptions, type EncodedPiece, type FileJob } from '../export/dataset.ts';
import { encodeIcebergJob, type IcebergDataFile } from '../export/iceberg/data.ts';
import { AggregateAccumulator, type AggregateState } from '../export/manifest.ts';
import type { ParquetCompression } from '../export/parquet.ts';
import { ensureParquetNode } from '../export/parquet-init-node.ts';

/** What a worker needs to rebuild the world: the validated scenario and the selected types. */
export interface WorldKey {
  scenario: unknown;
  only: ServiceType[];
}

let cachedKey = '';
let cachedWorld: World | null = null;
let acc: AggregateAccumulator | null = null;

/** Builds (or reuses) the world of a scenario; deterministic, so every worker gets the same one. */
export function worldFor(key: WorldKey): World {
  const k = JSON.stringify(key);
  if (k !== cachedKey || !cachedWorld) {
    cachedWorld = buildWorld(resolveModel(parseScenario(key.scenario), key.only));
    cachedKey = k;
    acc = null;
  }
  return cachedWorld;
}

/** A unit of work for a worker (or the main thread when there is one worker). */
export type Task =
  | { kind: 'chunk'; key: WorldKey; opts: DatasetOptions; job: FileJob; chunk: number }
  | { kind: 'file'; key: WorldKey; opts: DatasetOptions; job: FileJob }
  | { kind: 'generate'; key: WorldKey; chunk: number }
  | { kind: 'aggregates'; key: WorldKey }
  | { kind: 'iceberg'; key: WorldKey; job: FileJob; compression: ParquetCompression };

export type TaskResult =
  { pieces: EncodedPiece[]; rows: number } | { state: AggregateState | null } | { iceberg: IcebergDataFile[]; rows: number };

/** Runs a task; CDR rows seen are added to this thread's aggregate accumulator. */
export async function runTask(t: Task): Promise<TaskResult> {
  const world = worldFor(t.key);
  if (t.kind === 'aggregates') {
    const st = acc ? acc.state() : null;
    acc = null;
    return { state: st };
  }
  if (t.kind === 'generate') {
    const o = generateChunk(world, t.chunk);
    return { pieces: [], rows: (o.voice?.length ?? 0) + (o.sms?.length ?? 0) + (o.data?.length ?? 0) };
  }
  if (t.kind === 'iceberg') {
    // Iceberg data files (src/cli/iceberg.ts): Parquet + manifest metrics, no dataset aggregates.
    await ensureParquetNode();
    const files = encodeIcebergJob(world, t.job, { compression: t.compression });
    return { iceberg: files, rows: files.reduce((a, f) => a + f.rows, 0) };
  }
  acc ??= new AggregateAccumulator();
  // CDR rows only: ground-truth ledger pieces (faults / fraud) ride along but are not CDRs.
  const cdrRows = (pieces: EncodedPiece[]) => pieces.reduce((a, p) => a + (isLedgerPiece(p) ? 0 : p.rows), 0);
  if (t.kind === 'chunk') {
    const pieces = encodeJobChunkAll(world, t.job, t.chunk, t.opts, acc);
    return { pieces, rows: cdrRows(pieces) };
  }
  if (t.opts.format === 'parquet') await ensureParquetNode();
  const pieces = encodeFileJob(world, t.job, t.opts, acc);
  return { pieces, rows: cdrRows(pieces) };
}

/** Buffers to transfer back from a worker. */
export function resultTransfer(r: TaskResult): ArrayBuffer[] {
  if ('pieces' in r) return r.pieces.map((p) => p.bytes.buffer as ArrayBuffer);
  if ('iceberg' in r) return r.iceberg.map((f) => f.bytes.buffer as ArrayBuffer);
  return [];
}
