import { beforeAll, describe, expect, it } from 'vitest';
import { generateChunk } from '../../../src/core/index.ts';
import { cdrColumns } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { legacyCsvNameForDay } from '../../../src/export/layout.ts';
import { encodeNdjson } from '../../../src/export/ndjson.ts';
import { SliceEncoder } from '../../../src/stream/encode.ts';
import { StreamRunner } from '../../../src/stream/runner.ts';
import { scenarioStartUtc, StreamSource, type EventSlice } from '../../../src/stream/source.ts';
import { makeWorld } from './helpers.ts';

const TYPE_ORDER = { voice: 0, sms: 1, data: 2 } as const;
const dec = new TextDecoder();

/** Every record of the world as the batch writes it (NDJSON per type per chunk), sorted by (timestamp, type, id). */
function batchLinesInEventOrder(w: World): string[] {
  const rows: { ts: string; t: number; id: string; line: string }[] = [];
  for (const spec of w.plan.chunks) {
    const out = generateChunk(w, spec.index);
    for (const type of w.plan.types) {
      const b = out[type]!;
      const text = dec.decode(
        encodeNdjson(cdrColumns(type, 'legacy', w.model.profile), b, b.length, w, { filename: legacyCsvNameForDay(w, type, spec.day) }),
      );
      for (const line of text.split('\n')) {
        if (!line) continue;
        const r = JSON.parse(line) as Record<string, string>;
        rows.push({ ts: r.timestamp!, t: TYPE_ORDER[type], id: r.call_id ?? r.sms_id ?? r.session_id!, line: line + '\n' });
      }
    }
  }
  rows.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return rows.map((r) => r.line);
}

/** Drains a source at max speed into lines. */
function drain(src: StreamSource, enc: SliceEncoder, max = 5000, now = 0): string[] {
  const out: string[] = [];
  for (let s = src.take(now, max); s; s = src.take(now, max)) {
    const e = enc.encode(s);
    let a = 0;
    for (let i = 0; i < e.count; i++) {
      out.push(dec.decode(e.bytes.subarray(a, e.ends[i])));
      a = e.ends[i]!;
    }
  }
  return out;
}

describe('StreamSource', () => {
  let w: World;
  let batch: string[];
  beforeAll(() => {
    w = makeWorld();
    batch = batchLinesInEventOrder(w);
  });

  it('replays the whole scenario in event-time order, record for record equal to the batch', () => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    const lines = drain(src, new SliceEncoder(w, 'ndjson'), 7777);
    expect(lines.length).toBe(w.plan.total);
    expect(lines.length).toBe(batch.length);
    expect(lines).toEqual(batch);
    expect(src.done).toBe(true);
  });

  it('starts at an offset: the stream from 08:00 is the batch from the first record at or after 08:00', () => {
    const from = scenarioStartUtc(w) + 8 * 3600 + 17;
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity }, from });
    const lines = drain(src, new SliceEncoder(w, 'ndjson'));
    const first = batch.findIndex((l) => (JSON.parse(l) as { timestamp: string }).timestamp >= '2025-10-01T08:00:17');
    expect(first).toBeGreaterThan(0);
    expect(lines).toEqual(batch.slice(first));
  });

  it('selects services like batch --type (other services do not move the records)', () => {
    const voiceOnly = makeWorld(undefined, ['sms']);
    const src = new StreamSource(voiceOnly, voiceOnly.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    const lines = drain(src, new SliceEncoder(voiceOnly, 'ndjson'));
    expect(lines).toEqual(batch.filter((l) => l.includes('"sms_id"')));
  });

  it('speed pacing: what is due at wall time t has event times up to start + t × speed', () => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: 3600 } });
    const start = scenarioStartUtc(w);
    expect(src.take(0)).toBeNull(); // starts the clock; the first record is at 00:00:01, due 0.28 ms later
    let last = 0;
    for (let s = src.take(2000, 1e9); s; s = src.take(2000, 1e9)) last = s.ts[s.count - 1]!;
    expect(last).toBeLessThanOrEqual(start + 7200);
    expect(last).toBeGreaterThan(start + 7200 - 60);
    expect(src.peekTs()!).toBeGreaterThan(start + 7200);
  });

  it('rate pacing: exactly rate × t events are due after t', () => {
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'rate', rate: 2000 } });
    let n = 0;
    for (let s = src.take(0, 1e9); s; s = src.take(0, 1e9)) n += s.count;
    expect(n).toBe(0);
    for (let s = src.take(1000, 1e9); s; s = src.take(1000, 1e9)) n += s.count;
    expect(n).toBe(2000);
    for (let s = src.take(10_000, 1e9); s; s = src.take(10_000, 1e9)) n += s.count;
    expect(n).toBe(20_000);
  });

  it('pause / resume and pace changes continue the same sequence (no gap, no duplicate)', async () => {
    let t = 0;
    const now = () => t;
    const ref = drain(new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } }), new SliceEncoder(w, 'ndjson')).slice(
      0,
      30_000,
    );
    const src = new StreamSource(w, w.plan.types, { pace: { mode: 'rate', rate: 10_000 } });
    const enc = new SliceEncoder(w, 'ndjson');
    const got: string[] = [];
    const runner = new StreamRunner(
      src,
      (s: EventSlice) => {
        const e = enc.encode(s);
        got.push(...dec.decode(e.bytes).split(/(?<=\n)/));
      },
      { count: 30_000, now },
    );
    // Drive the fake clock from outside while the runner sleeps on real (short) timers.
    const done = runner.run();
    const step = async (ms: number) => {
      t += ms;
      await new Promise((r) => setTimeout(r, 5));
    };
    for (let i = 0; i < 10; i++) await step(100); // 1 s at 10k/s
    runner.pause();
    const atPause = got.length;
    for (let i = 0; i < 10; i++) await step(1000);
    expect(got.length).toBe(atPause);
    expect(runner.paused).toBe(true);
    runner.resume();
    runner.setPace({ mode: 'speed', speed: 3600 });
    for (let i = 0; i < 10; i++) await step(500);
    runner.setPace({ mode: 'speed', speed: Infinity });
    await step(1);
    const end = await done;
    expect(end.reason).toBe('count');
    expect(end.emitted).toBe(30_000);
    expect(atPause).toBeGreaterThanOrEqual(9_000);
    expect(got).toEqual(ref);
  });

  it('ends at the end of the scenario', async () => {
    const tiny = makeWorld({ seed: 1, population: { subscribers: 200 }, period: { days: 1 } });
    const src = new StreamSource(tiny, tiny.plan.types, { pace: { mode: 'speed', speed: Infinity } });
    let n = 0;
    const end = await new StreamRunner(src, (s) => void (n += s.count)).run();
    expect(end.reason).toBe('end-of-scenario');
    expect(n).toBe(tiny.plan.total);
  });
});
