/** The generator behind the worker boundary: DOM-free, so it also runs over a MessageChannel in Node tests. */
import * as Comlink from 'comlink';
import { buildWorld, generateChunk, parseScenario, resolveModel, type ServiceType, type World } from '../core/index.ts';
import { cellColumns, cellsBatch } from '../core/dimensions.ts';
import { cdrColumns, type Column } from '../core/tables.ts';
import { csvContext, encodeCsv } from '../export/csv.ts';
import { cellTowersName } from '../export/layout.ts';
import type { ChunkSink, EncodedChunk, EncodedFile, GenerateRequest, GeneratorApi, RangeResult } from './api.ts';

const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];

interface Prepared {
  world: World;
  columns: Partial<Record<ServiceType, Column[]>>;
}

/** Creates the generator API with a one-entry world cache keyed by the scenario JSON text. */
export function createGenerator(): GeneratorApi {
  let cache: { key: string; prepared: Prepared } | null = null;

  const prepare = (scenarioJson: string): { prepared: Prepared; ms: number } => {
    if (cache?.key === scenarioJson) return { prepared: cache.prepared, ms: 0 };
    const t0 = performance.now();
    const world = buildWorld(resolveModel(parseScenario(JSON.parse(scenarioJson))));
    const preset = world.model.scenario.schema;
    const columns: Prepared['columns'] = {};
    for (const t of world.plan.types) columns[t] = cdrColumns(t, preset, world.model.profile);
    cache = { key: scenarioJson, prepared: { world, columns } };
    return { prepared: cache.prepared, ms: performance.now() - t0 };
  };

  return {
    async generate(request: GenerateRequest, onChunk: ChunkSink): Promise<RangeResult> {
      const { prepared, ms } = prepare(request.scenarioJson);
      const { world, columns } = prepared;
      const chunks = world.plan.chunks;
      const from = Math.max(0, request.from);
      const to = Math.min(chunks.length, request.to);
      const ctx = csvContext(world);
      const t0 = performance.now();
      let rows = 0;
      let done = 0;
      for (let i = from; i < to; i++) {
        const out = generateChunk(world, i);
        const opensDay = i === 0 || chunks[i - 1]!.day !== out.day;
        const encoded: EncodedChunk = { index: i, day: out.day, rows: { voice: 0, sms: 0, data: 0 }, csv: {} };
        const transfers: ArrayBuffer[] = [];
        for (const t of SERVICES) {
          const batch = out[t];
          const cols = columns[t];
          if (!batch || !cols) continue;
          const bytes = encodeCsv(cols, batch as unknown as Record<string, unknown>, batch.length, ctx, opensDay);
          encoded.csv[t] = bytes;
          encoded.rows[t] = batch.length;
          rows += batch.length;
          transfers.push(bytes.buffer as ArrayBuffer);
        }
        done++;
        const more = await onChunk(Comlink.transfer(encoded, transfers));
        if (more === false) break;
      }
      return { chunks: done, rows, worldMs: ms, generateMs: performance.now() - t0 };
    },

    async cellTowers(scenarioJson: string): Promise<EncodedFile> {
      const { world } = prepare(scenarioJson).prepared;
      const preset = world.model.scenario.schema;
      const batch = cellsBatch(world);
      const bytes = encodeCsv(cellColumns(preset), batch.cols, batch.length, csvContext(world), true);
      const name = preset === 'legacy' ? cellTowersName(world.model.profile) : 'cells.csv';
      return Comlink.transfer({ name, rows: batch.length, bytes }, [bytes.buffer as ArrayBuffer]);
    },
  };
}
