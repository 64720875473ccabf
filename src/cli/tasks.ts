import type { ChunkOutput } from '../core/batch.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { parseScenario, resolveModel } from '../core/scenario.ts';
import { generateChunk } from '../core/sim/chunk.ts';
import { cdrColumns, type SchemaPreset } from '../core/tables.ts';
import { buildWorld, type World } from '../core/world.ts';
import { csvContext, encodeCsv } from '../export/csv.ts';

/** What a worker needs to rebuild the world: the validated scenario and the selected types. */
export interface WorldKey {
  scenario: unknown;
  only: ServiceType[];
}

let cachedKey = '';
let cachedWorld: World | null = null;

/** Builds (or reuses) the world of a scenario; deterministic, so every worker gets the same one. */
export function worldFor(key: WorldKey): World {
  const k = JSON.stringify(key);
  if (k !== cachedKey || !cachedWorld) {
    cachedWorld = buildWorld(resolveModel(parseScenario(key.scenario), key.only));
    cachedKey = k;
  }
  return cachedWorld;
}

/** 'none' generates without encoding (benchmarks). */
export type TextFormat = 'csv' | 'none';

/** Encoded bytes of one chunk for each selected type (rows only, no header). */
export interface EncodedChunk {
  chunk: number;
  parts: Partial<Record<ServiceType, Uint8Array>>;
  rows: Partial<Record<ServiceType, number>>;
}

/** Generates chunk `index` and encodes each type's rows in a text format. */
export function encodeChunk(world: World, index: number, preset: SchemaPreset, format: TextFormat): EncodedChunk {
  const out: ChunkOutput = generateChunk(world, index);
  const ctx = csvContext(world);
  const res: EncodedChunk = { chunk: index, parts: {}, rows: {} };
  for (const t of world.plan.types) {
    const b = out[t];
    if (!b) continue;
    res.rows[t] = b.length;
    if (format === 'none') continue;
    res.parts[t] = encodeCsv(cdrColumns(t, preset, world.model.profile), b as unknown as Record<string, unknown>, b.length, ctx, false);
  }
  return res;
}
