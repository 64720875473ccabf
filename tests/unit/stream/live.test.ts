import { describe, expect, it } from 'vitest';
import type { RatePoint } from '../../../src/state/stream.ts';
import { LiveStats, tailSlice } from '../../../src/stream/live-stats.ts';
import { StreamSource, TYPE_CODES, type EventSlice } from '../../../src/stream/source.ts';
import { feedLine } from '../../../src/ui/stream/LiveFeed.tsx';
import { eventClock, niceCeil, ratePaths, regionRows } from '../../../src/ui/stream/chart-data.ts';
import { createStreamService } from '../../../src/workers/stream-service.ts';
import type { StreamSnapshot } from '../../../src/workers/stream-api.ts';
import { httpServer, makeWorld, parseLines, recordId, SMALL } from './helpers.ts';
import { parseScenario } from '../../../src/core/scenario.ts';
import { generateChunk } from '../../../src/core/sim/chunk.ts';

describe('LiveStats', () => {
  const w = makeWorld();
  const slices = (n: number, max = 1000): EventSlice[] => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    const out: EventSlice[] = [];
    let got = 0;
    while (got < n) {
      const s = src.take(0, Math.min(max, n - got))!;
      out.push(s);
      got += s.count;
    }
    return out;
  };

  it('counts per service and region, rolling windows forget old buckets, the rate is per second', () => {
    const st = new LiveStats(w, { bucketMs: 250, rateWindowMs: 1000, regionWindowMs: 2000, feedSize: 10 });
    const all = slices(6000);
    all.slice(0, 3).forEach((s) => st.add(s, 100)); // 3000 events at t = 0.1 s
    let snap = st.snapshot(900);
    const total = snap.totals.reduce((a, b) => a + b, 0);
    expect(total).toBe(3000);
    expect(snap.regionsTotal.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(snap.regionsRolling).toEqual(snap.regionsTotal);
    // 3000 events within the 0.9 s covered so far.
    expect(snap.rate.reduce((a, b) => a + b, 0)).toBeCloseTo(3000 / 0.9, 0);
    all.slice(3).forEach((s) => st.add(s, 3000));
    snap = st.snapshot(3100);
    expect(snap.totals.reduce((a, b) => a + b, 0)).toBe(6000);
    expect(snap.regionsRolling.reduce((a, b) => a + b, 0)).toBe(3000); // the first 3000 left the 2 s window
    expect(snap.rate.reduce((a, b) => a + b, 0)).toBeCloseTo(3000 / 0.85, 0); // 3 whole buckets + 100 ms covered
    expect(snap.outOfOrder).toBe(0);
    expect(snap.late).toBe(0);
  });

  it('keeps a bounded feed of the latest records, newest first, in the legacy values', () => {
    const st = new LiveStats(w, { feedSize: 25 });
    const all = slices(5000, 7);
    for (const s of all) st.add(s, 0);
    const feed = st.snapshot(0).feed;
    expect(feed).toHaveLength(25);
    expect(feed.map((f) => f.n)).toEqual(Array.from({ length: 25 }, (_, i) => 4999 - i));
    for (const f of feed) {
      expect(f.id).toMatch(/^(CALL|SMS|DATA)_\d{6,}$/);
      expect(f.msisdn).toMatch(/^223\d{8}$/);
      expect(f.time).toMatch(/^2025-10-01T\d\d:\d\d:\d\d$/);
      expect(f.cell).toMatch(/^CELL_[A-Z]{3}_\d{3,}$/);
    }
  });

  it('tailSlice recomputes the per-service row ranges', () => {
    const [s] = slices(500, 500);
    const tail = tailSlice(s!, 100);
    expect(tail.count).toBe(100);
    expect(tail.first).toBe(400);
    for (let t = 0; t < 3; t++) {
      let n = 0;
      for (let i = 0; i < 100; i++) if (tail.type[i] === t) n++;
      expect(tail.to[t]! - tail.from[t]!).toBe(n);
    }
  });
});

describe('chart data of the streaming tab', () => {
  it('builds rate lines over the last 60 s with a nice y axis', () => {
    const series: RatePoint[] = Array.from({ length: 300 }, (_, i) => ({
      t: i / 4,
      voice: 30_000,
      sms: 5_000,
      data: 15_000,
      target: 50_000,
    }));
    const p = ratePaths(series, 600, 200);
    expect(p.yMax).toBe(100_000);
    expect(p.x1).toBeCloseTo(74.75);
    expect(p.x0).toBeCloseTo(14.75);
    expect(p.paths.voice.startsWith('M')).toBe(true);
    expect(p.paths.target).toContain('L');
    expect(ratePaths([], 600, 200).paths.voice).toBe('');
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(52_500)).toBe(100_000);
    expect(niceCeil(1_900)).toBe(2_000);
  });

  it('maps region counts to map rows and formats the event clock', () => {
    expect(regionRows([{ name: 'A', geoId: 'a' }, { name: 'B' }], [3])).toEqual([
      { region: 'A', geoId: 'a', voice: 0, sms: 0, data: 0, total: 3 },
      { region: 'B', geoId: undefined, voice: 0, sms: 0, data: 0, total: 0 },
    ]);
    expect(eventClock(1_759_276_800, 0)).toBe('2025-10-01 00:00:00');
    expect(eventClock(null, 0)).toBe('—');
  });

  it('lays feed lines out in fixed-width columns', () => {
    const l = feedLine([
      '2025-10-01 00:00:01',
      'Voice',
      'CALL_000001',
      '22373956063',
      '22379209514',
      'Bamako',
      'CELL_BAM_006',
      'MOC · 65 s',
    ]);
    expect(l.indexOf('Voice')).toBe(21);
    expect(l.endsWith('MOC · 65 s')).toBe(true);
  });
});

describe('stream worker service (as run in the page, here in Node)', () => {
  it('streams at a target rate to an HTTP sink, reports snapshots, pauses, resumes and stops without losing records', async () => {
    const srv = await httpServer();
    try {
      const svc = createStreamService(null);
      const snaps: StreamSnapshot[] = [];
      await svc.start(
        {
          scenario: parseScenario(SMALL),
          pace: { mode: 'rate', rate: 20_000 },
          sink: { kind: 'http', url: `${srv.url}/cdr`, batchRecords: 2000 },
          updateMs: 100,
        },
        (s) => snaps.push(s),
      );
      await new Promise((r) => setTimeout(r, 600));
      svc.pause();
      const paused = snaps[snaps.length - 1]!;
      expect(paused.status).toBe('paused');
      await new Promise((r) => setTimeout(r, 300));
      svc.resume();
      svc.setPace({ mode: 'rate', rate: 40_000 });
      await new Promise((r) => setTimeout(r, 600));
      const last = (await svc.stop(3000))!;
      expect(last.status).toBe('ended');
      expect(last.endReason).toBe('stopped');
      expect(last.emitted).toBeGreaterThan(5_000); // ~36,000 on an idle machine; CI may be busy
      expect(last.feed.length).toBe(30);
      expect(last.totals.reduce((a, b) => a + b, 0)).toBe(last.emitted);
      expect(last.regionsTotal.reduce((a, b) => a + b, 0)).toBe(last.emitted);
      expect(last.sink).toMatchObject({ sent: last.emitted, dropped: 0, failed: 0 });
      const running = snaps.filter((s) => s.status === 'running');
      expect(running.length).toBeGreaterThan(5);
      expect(Math.max(...running.map((s) => s.rate[0] + s.rate[1] + s.rate[2]))).toBeGreaterThan(5_000);
      expect(running.some((s) => s.target === 40_000)).toBe(true);
      const got = srv.bodies.flatMap((b) => parseLines(b.body));
      expect(got.length).toBe(last.emitted);
      expect(new Set(got.map(recordId)).size).toBe(last.emitted);
    } finally {
      await srv.close();
    }
  });

  it('in speed mode the target is the scenario rate at the current event time × speed', async () => {
    const svc = createStreamService(null);
    const snaps: StreamSnapshot[] = [];
    await svc.start({ scenario: parseScenario(SMALL), pace: { mode: 'speed', speed: 3600 }, sink: null, updateMs: 100 }, (s) =>
      snaps.push(s),
    );
    await new Promise((r) => setTimeout(r, 1200));
    const last = (await svc.stop())!;
    const w = makeWorld();
    const firstHours = (w.plan.perHour.voice[0]! + w.plan.perHour.sms[0]! + w.plan.perHour.data[0]!) * 1; // hour 0 at 3600× = per second
    expect(snaps.some((s) => s.target !== null && Math.abs(s.target - firstHours) < 1e-6)).toBe(true);
    expect(last.emitted).toBeGreaterThan(1000);
  });
});

describe('LiveStats with faults: lateness and order come from the records as written', () => {
  // Late arrivals (≥ 15 min after the event) and out-of-order records (moved up to 300 s later), 5 % and 7.5 %.
  const w = makeWorld({ ...SMALL, faults: { lateArrivals: { enabled: true }, outOfOrder: { enabled: true } } });
  const LATE = 1 + 8; // fault code of a late arrival in a batch's `fault` column (kind index + 1)
  const OOO = 1 + 9;

  it('counts every late arrival as late and finds the displaced records out of order', () => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    const st = new LiveStats(w);
    let lateFaults = 0;
    let oooFaults = 0;
    let events = 0;
    for (let s = src.take(0, 5000); s; s = src.take(0, 5000)) {
      st.add(s, 0);
      events += s.count;
      for (let t = 0; t < 3; t++) {
        const fault = s.chunk[TYPE_CODES[t]!]?.fault;
        for (let i = s.from[t]!; i < s.to[t]!; i++) {
          if (fault?.[i] === LATE) lateFaults++;
          if (fault?.[i] === OOO) oooFaults++;
        }
      }
    }
    const snap = st.snapshot(0);
    expect(events).toBe(w.plan.totals.voice + w.plan.totals.sms + w.plan.totals.data);
    // About 5 % of the records are late arrivals; without faults the 1–30 s delays are never late.
    expect(lateFaults / events).toBeGreaterThan(0.04);
    expect(lateFaults / events).toBeLessThan(0.06);
    // Every late arrival is late; the only other records that can be are out-of-order ones moved > 30 s.
    expect(snap.late).toBeGreaterThanOrEqual(lateFaults);
    expect(snap.late).toBeLessThanOrEqual(lateFaults + oooFaults);
    // Displaced records come after younger ones: nearly all of them are seen out of order (a record moved
    // only a few seconds in a quiet night hour may pass no younger record).
    expect(oooFaults / events).toBeGreaterThan(0.06);
    expect(snap.outOfOrder).toBeGreaterThan(0.9 * oooFaults);
    expect(snap.outOfOrder).toBeLessThanOrEqual(oooFaults + lateFaults);
  });
});

describe('StreamSource with faults: late records are held back and delivered when they arrive', () => {
  const w = makeWorld({ ...SMALL, period: { days: 2 }, faults: { lateArrivals: { enabled: true }, exactDuplicates: { enabled: true } } });
  const LATE = 1 + 8;
  const chunkEnd = (ts: number): number => {
    const c = w.plan.chunks.find((s) => ts >= s.hourStartUtc + s.fromSecond && ts < s.hourStartUtc + s.toSecond);
    return c ? c.hourStartUtc + c.toSecond : Infinity;
  };

  it('delivers every record once, pacing never goes back, a late record comes at its arrival time', () => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    const seen = TYPE_CODES.map(() => [] as number[]);
    let prev = -Infinity;
    let held = 0;
    let lateSeen = 0;
    for (let s = src.take(0, 4096); s; s = src.take(0, 4096)) {
      for (let i = 0; i < s.count; i++) {
        const t = s.type[i]!;
        const b = s.chunk[TYPE_CODES[t]!]!;
        const r = s.row[i]!;
        seen[t]!.push(b.seq[r]! * 4 + (b.fault?.[r] === 1 ? 1 : 0)); // duplicate copies share the id: tell them apart
        const key = s.ts[i]!;
        expect(key).toBeGreaterThanOrEqual(prev);
        prev = key;
        if (b.fault?.[r] !== LATE) continue;
        lateSeen++;
        const arrival = b.ts[r]! + b.ingestExtraMs![r]! / 1000;
        expect(key).toBeLessThanOrEqual(arrival + 1e-6);
        if (arrival >= chunkEnd(b.ts[r]!)) {
          held++;
          // Held back: delivered at its arrival time, hours after the records of its own hour.
          if (arrival < w.plan.chunks.at(-1)!.hourStartUtc + w.plan.chunks.at(-1)!.toSecond) expect(key).toBeCloseTo(arrival, 6);
        }
      }
    }
    // The same records as the batch output (ids + copy flag), each exactly once.
    for (let t = 0; t < 3; t++) {
      const want: number[] = [];
      for (let c = 0; c < w.plan.chunks.length; c++) {
        const b = generateChunk(w, c)[TYPE_CODES[t]!]!;
        for (let r = 0; r < b.length; r++) want.push(b.seq[r]! * 4 + (b.fault?.[r] === 1 ? 1 : 0));
      }
      expect(seen[t]!.sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
    }
    expect(lateSeen).toBeGreaterThan(0.04 * seen.flat().length);
    expect(held).toBeGreaterThan(0.8 * lateSeen); // lateness is 15 min – 7 days: most cross their hour
  });
});
