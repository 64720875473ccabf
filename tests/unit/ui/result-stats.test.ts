import { describe, expect, it } from 'vitest';
import { buildWorld, generateChunk, parseScenario, resolveModel } from '../../../src/core/index.ts';
import {
  accumulateBatch,
  binOf,
  categoryRows,
  createStats,
  DURATION_EDGES,
  histogram,
  hourRows,
  mergeStats,
  regionRows,
  topCells,
  totalRows,
  VOLUME_EDGES,
} from '../../../src/ui/charts/data/result-stats.ts';

const world = buildWorld(resolveModel(parseScenario({ seed: 3, period: { days: 1 }, population: { subscribers: 4000 } })));
const ctx = { cellRegion: world.cells.region, offsetSeconds: 0, startEpochDay: world.plan.startEpochDay };
const R = world.model.profile.regions.length;

function statsOf(from: number, to: number) {
  const s = createStats(R, world.cells.n, 1);
  for (let i = from; i < to; i++) {
    const out = generateChunk(world, i);
    for (const b of [out.voice, out.sms, out.data]) if (b) accumulateBatch(s, b, ctx);
  }
  return s;
}

describe('result statistics (from generated batches)', () => {
  const n = world.plan.chunks.length;
  const all = statsOf(0, n);

  it('counts every generated record once in each breakdown', () => {
    expect(totalRows(all)).toBe(world.plan.total);
    for (const k of ['byRegion', 'byHour', 'byDay', 'byCell'] as const) expect(all[k].reduce((a, b) => a + b, 0)).toBe(world.plan.total);
    expect(all.voiceReasons.reduce((a, b) => a + b, 0)).toBe(world.plan.totals.voice);
    expect(all.smsStatus.reduce((a, b) => a + b, 0)).toBe(world.plan.totals.sms);
    expect(all.dataVolume.reduce((a, b) => a + b, 0)).toBe(world.plan.totals.data);
  });

  it('merging the statistics of two halves gives the statistics of the whole', () => {
    const merged = mergeStats(statsOf(0, Math.floor(n / 2)), statsOf(Math.floor(n / 2), n));
    expect(merged).toEqual(all);
    expect(() => mergeStats(createStats(R, 1, 1), createStats(R, 2, 1))).toThrow();
  });

  it('shapes chart rows: regions, hours, histograms, busiest cells, categories', () => {
    const regions = regionRows(all, world.model.profile.regions);
    expect(regions.reduce((a, r) => a + r.total, 0)).toBe(world.plan.total);
    const hours = hourRows(all);
    expect(hours).toHaveLength(24);
    const h = histogram(all.voiceDuration, DURATION_EDGES);
    expect(h[0]).toMatchObject({ from: 0, to: 10 });
    expect(h.at(-1)).toMatchObject({ from: 3600, to: null });
    expect(h.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 9);
    const top = topCells(
      all,
      { id: world.cells.id, region: world.cells.region, town: world.cells.town, tech: world.cells.tech },
      world.model.profile.regions,
      ['2G', '3G', '4G', '5G'],
      5,
    );
    expect(top).toHaveLength(5);
    expect(top[0]!.rows).toBeGreaterThanOrEqual(top[4]!.rows);
    expect(top[0]!.id).toMatch(/^CELL_[A-Z]{3}_\d+$/);
    const cats = categoryRows([1, 3], ['A', 'B']);
    expect(cats).toEqual([
      { label: 'A', count: 1, share: 0.25 },
      { label: 'B', count: 3, share: 0.75 },
    ]);
  });

  it('puts values in the right bins (upper bounds exclusive)', () => {
    expect(binOf(0, DURATION_EDGES)).toBe(0);
    expect(binOf(9.99, DURATION_EDGES)).toBe(0);
    expect(binOf(10, DURATION_EDGES)).toBe(1);
    expect(binOf(1e12, VOLUME_EDGES)).toBe(VOLUME_EDGES.length);
  });
});
