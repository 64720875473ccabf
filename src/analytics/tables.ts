/**
 * The tables Explore loads into DuckDB, as Arrow IPC streams made by a generator worker from the run's world
 * (same records as the dataset, whatever format the dataset was written in). DOM-free: runs in a worker
 * and in Node tests. Table names are the dataset's (manifest `table`): voice_cdr, sms_cdr, data_cdr, cells,
 * subscribers, and with faults or fraud ground_truth and fraud_actors.
 */
import type { ServiceType } from '../core/profiles/types.ts';
import { tableName } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { encodeFileJob, referenceFiles, type DatasetOptions, type FileJob } from '../export/dataset.ts';
import { arrowFileToStream } from './arrow-stream.ts';

/** What a worker makes per group: voice / sms / data CDRs (with their ledger rows), or the reference tables. */
export type ExploreGroup = ServiceType | 'reference';
export const EXPLORE_GROUPS: readonly ExploreGroup[] = ['voice', 'sms', 'data', 'reference'];

/** One table (or a part of one: ledger rows come per type) as an Arrow IPC stream. */
export interface ExplorePiece {
  table: string;
  rows: number;
  /** Arrow IPC stream bytes (timestamps as naive local time). */
  stream: Uint8Array;
}

const ARROW: DatasetOptions = { format: 'arrow', partitionBy: ['type'], compression: 'none', maxRowsPerFile: Number.MAX_SAFE_INTEGER };

const hasRows = (p: { table: string; rows: number; stream: Uint8Array | null }): p is ExplorePiece => p.stream !== null;

/**
 * The Arrow pieces of one group of a world: tables without rows are left out (DuckDB cannot create a table
 * from a stream without batches), so a service the scenario does not generate has no table.
 */
export function explorePieces(world: World, group: ExploreGroup): ExplorePiece[] {
  const offsetSeconds = world.model.profile.utcOffsetMinutes * 60;
  // Dictionary ids unique over every piece of the run (see arrowFileToStream): 1,000 per piece.
  const base = EXPLORE_GROUPS.indexOf(group) * 10_000;
  const streamOf = (bytes: Uint8Array, k: number) => arrowFileToStream(bytes, { offsetSeconds, dictionaryIdBase: base + k * 1000 });
  if (group === 'reference')
    return referenceFiles(world, ARROW)
      .map((p, k) => ({ table: p.table, rows: p.rows, stream: p.rows > 0 ? streamOf(p.bytes, k) : null }))
      .filter(hasRows);
  if (!world.plan.types.includes(group)) return [];
  const table = tableName(group);
  const job: FileJob = {
    index: 0,
    type: group,
    table,
    chunks: [0, world.plan.chunks.length],
    day: 0,
    path: table,
    rows: world.plan.totals[group],
    part: 0,
  };
  return encodeFileJob(world, job, ARROW)
    .filter((p) => p.rows > 0)
    .map((p, k) => ({ table: p.table, rows: p.rows, stream: streamOf(p.bytes, k) }));
}
