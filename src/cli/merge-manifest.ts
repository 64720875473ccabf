import { readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  AggregateAccumulator,
  buildManifest,
  manifestJson,
  type AggregateState,
  type Manifest,
  type ManifestFile,
} from '../export/manifest.ts';
import type { Scenario } from '../core/scenario.ts';
import { UsageError } from './args.ts';

/** JSON form of an accumulator's state (bitsets as base64), stored in shard manifests. */
export interface SerializedState {
  regions: string[];
  offsetSeconds: number;
  subscribers: number;
  types: Record<string, { rows: number; cents: number; byDay: [number, number[]][]; seen: string }>;
}

/** Serializes an accumulator state to JSON-safe values. */
export function serializeState(st: AggregateState): SerializedState {
  const types: SerializedState['types'] = {};
  for (const [t, a] of Object.entries(st.types)) {
    if (!a) continue;
    types[t] = {
      rows: a.rows,
      cents: a.cents,
      byDay: a.byDay.map(([d, c]) => [d, Array.from(c)]),
      seen: Buffer.from(a.seen).toString('base64'),
    };
  }
  return { regions: st.regions, offsetSeconds: st.offsetSeconds, subscribers: st.subscribers, types };
}

/** Restores a state from its JSON form. */
export function deserializeState(s: SerializedState): AggregateState {
  const types: AggregateState['types'] = {};
  for (const [t, a] of Object.entries(s.types)) {
    types[t as 'voice'] = {
      rows: a.rows,
      cents: a.cents,
      byDay: a.byDay.map(([d, c]) => [d, Float64Array.from(c)]),
      seen: new Uint8Array(Buffer.from(a.seen, 'base64')),
    };
  }
  return { regions: s.regions, offsetSeconds: s.offsetSeconds, subscribers: s.subscribers, types };
}

/** File name of shard I of N's manifest. */
export const shardManifestName = (index: number, count: number) =>
  `manifest.shard-${String(index).padStart(4, '0')}-of-${String(count).padStart(4, '0')}.json`;

export interface ShardManifest extends Manifest {
  shard: { index: number; count: number; aggregateState: SerializedState };
}

/**
 * Combines the shard manifests found in DIR (written by `cdrgen batch --shard I/N`) into one
 * manifest.json: all files, and aggregates merged exactly (distinct subscribers included).
 */
export function mergeManifests(dir: string): { manifest: Manifest; shards: number } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /^manifest\.shard-\d{4}-of-\d{4}\.json$/.test(f));
  } catch (e) {
    throw new UsageError(`merge-manifest: cannot read ${dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (names.length === 0) throw new UsageError(`merge-manifest: no manifest.shard-*.json in ${dir}`);
  const shards = names.sort().map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as ShardManifest);
  const count = shards[0]!.shard.count;
  const seen = new Set(shards.map((s) => s.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length) throw new UsageError(`merge-manifest: shard(s) ${missing.join(', ')} of ${count} missing in ${dir}`);
  const scenario = JSON.stringify(shards[0]!.scenario);
  for (const s of shards) {
    if (s.shard.count !== count) throw new UsageError('merge-manifest: shard manifests disagree on the shard count');
    if (JSON.stringify(s.scenario) !== scenario)
      throw new UsageError(`merge-manifest: shard ${s.shard.index} was generated from a different scenario`);
  }
  const acc = new AggregateAccumulator();
  const files: ManifestFile[] = [];
  const paths = new Set<string>();
  for (const s of shards.sort((a, b) => a.shard.index - b.shard.index)) {
    acc.merge(deserializeState(s.shard.aggregateState));
    for (const f of s.files) {
      if (paths.has(f.path)) continue; // schema.sql / README.md are written by every shard, identically
      paths.add(f.path);
      files.push(f);
    }
  }
  const first = shards[0]!;
  const manifest = buildManifest({
    scenario: first.scenario as Scenario,
    files,
    aggregates: acc,
    schema: first.schema,
    format: first.format,
    partitionBy: first.partitionBy,
  });
  return { manifest, shards: count };
}

/** Writes DIR/manifest.json from the shard manifests (atomically). */
export function writeMergedManifest(dir: string, out = join(dir, 'manifest.json')): { shards: number; files: number } {
  const { manifest, shards } = mergeManifests(dir);
  writeFileSync(`${out}.partial`, manifestJson(manifest));
  renameSync(`${out}.partial`, out);
  return { shards, files: manifest.files.length };
}
