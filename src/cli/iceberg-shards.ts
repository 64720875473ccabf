/**
 * Sharded Iceberg exports: `cdrgen batch --format iceberg --shard I/N` encodes its share of the data
 * files (whole plan jobs, the same split as the other formats) into `.iceberg-shards/` and describes
 * them in `iceberg.shard-IIII-of-NNNN.json` (rows, partition day, column metrics, checksum) without
 * touching any table metadata. `cdrgen merge-manifest DIR` then names the files in plan order, moves
 * them into the tables and commits one snapshot per table: exactly the files of an unsharded run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceType } from '../core/profiles/types.ts';
import type { IcebergDataFile } from '../export/iceberg/data.ts';
import type { DataFileMetrics } from '../export/iceberg/metrics.ts';
import { UsageError } from './args.ts';

/** Folder (under the output folder) of the shards' encoded data files until the merge moves them. */
export const SHARD_DATA_DIR = '.iceberg-shards';

/** File name of shard I of N's Iceberg descriptor. */
export const icebergShardName = (index: number, count: number): string =>
  `iceberg.shard-${String(index).padStart(4, '0')}-of-${String(count).padStart(4, '0')}.json`;

const SHARD_RE = /^iceberg\.shard-\d{4}-of-\d{4}\.json$/;

/** Path (relative to the output folder) of data file k of plan job `job`, as a shard writes it. */
export const shardDataPath = (job: number, k: number): string =>
  `${SHARD_DATA_DIR}/job-${String(job).padStart(6, '0')}-${String(k).padStart(3, '0')}.parquet`;

/** One encoded data file of a shard, with what the table metadata needs to list it. */
export interface ShardDataFile {
  job: number;
  k: number;
  path: string;
  type: ServiceType;
  epochDay: number;
  rows: number;
  size: number;
  sha256: string;
  metrics: Omit<DataFileMetrics, 'lowerBounds' | 'upperBounds'> & { lowerBounds: [number, string][]; upperBounds: [number, string][] };
}

/** What a shard run records for the merge: the run's identity and its data files. */
export interface IcebergShardDescriptor {
  kind: 'cdrgen-iceberg-shard';
  shard: { index: number; count: number };
  /** The validated scenario and the types of the run (the merge rebuilds the same plan). */
  scenario: unknown;
  types: ServiceType[];
  compression: string;
  maxRowsPerFile: number;
  tableLocation?: string;
  fromDay: number;
  files: ShardDataFile[];
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** Describes data file k of plan job `job` (its bytes are written at `shardDataPath(job, k)`). */
export function describeShardFile(job: number, k: number, f: IcebergDataFile): ShardDataFile {
  const m = f.metrics;
  return {
    job,
    k,
    path: shardDataPath(job, k),
    type: f.type,
    epochDay: f.epochDay,
    rows: f.rows,
    size: f.bytes.length,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    metrics: {
      ...m,
      lowerBounds: m.lowerBounds.map(([id, v]) => [id, b64(v)]),
      upperBounds: m.upperBounds.map(([id, v]) => [id, b64(v)]),
    },
  };
}

/** The data file a descriptor entry stands for (bytes left empty: the merge moves the file, it does not rewrite it). */
export function shardDataFile(d: ShardDataFile): IcebergDataFile {
  return {
    type: d.type,
    epochDay: d.epochDay,
    rows: d.rows,
    bytes: new Uint8Array(0),
    metrics: {
      ...d.metrics,
      lowerBounds: d.metrics.lowerBounds.map(([id, v]) => [id, unb64(v)]),
      upperBounds: d.metrics.upperBounds.map(([id, v]) => [id, unb64(v)]),
    },
  };
}

/** Names of the Iceberg shard descriptors in a folder (sorted); [] when there are none. */
export function icebergShardNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => SHARD_RE.test(f))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Reads and checks every shard descriptor of a folder: all N shards present, one scenario and the same
 * options everywhere. Returns the descriptors by shard index and the data files by plan job.
 */
export function readIcebergShards(dir: string): { shards: IcebergShardDescriptor[]; byJob: Map<number, ShardDataFile[]> } {
  const names = icebergShardNames(dir);
  if (names.length === 0) throw new UsageError(`merge-manifest: no iceberg.shard-*.json in ${dir}`);
  const shards = names.map((n) => {
    try {
      const d = JSON.parse(readFileSync(join(dir, n), 'utf8')) as IcebergShardDescriptor;
      if (d.kind !== 'cdrgen-iceberg-shard' || !Array.isArray(d.files)) throw new Error('not a cdrgen Iceberg shard descriptor');
      return d;
    } catch (e) {
      throw new UsageError(`merge-manifest: ${n}: ${(e as Error).message}`);
    }
  });
  const count = shards[0]!.shard.count;
  const same = (d: IcebergShardDescriptor) =>
    JSON.stringify([d.scenario, d.types, d.compression, d.maxRowsPerFile, d.tableLocation ?? null, d.fromDay]);
  const identity = same(shards[0]!);
  for (const s of shards) {
    if (s.shard.count !== count) throw new UsageError('merge-manifest: Iceberg shard descriptors disagree on the shard count');
    if (same(s) !== identity)
      throw new UsageError(`merge-manifest: Iceberg shard ${s.shard.index} was generated from a different scenario or options`);
  }
  const seen = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`merge-manifest: Iceberg shard(s) ${missing.join(', ')} of ${count} missing in ${dir}`);
  const byJob = new Map<number, ShardDataFile[]>();
  for (const s of shards)
    for (const f of s.files) {
      const l = byJob.get(f.job) ?? [];
      l.push(f);
      byJob.set(f.job, l);
    }
  for (const l of byJob.values()) l.sort((a, b) => a.k - b.k);
  return { shards: shards.sort((a, b) => a.shard.index - b.shard.index), byJob };
}
