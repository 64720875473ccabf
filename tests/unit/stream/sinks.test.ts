import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../../../src/core/world.ts';
import { SliceEncoder } from '../../../src/stream/encode.ts';
import { StreamRunner } from '../../../src/stream/runner.ts';
import { HttpSink, KafkaRestSink } from '../../../src/stream/sinks/http.ts';
import type { Sink } from '../../../src/stream/sinks/sink.ts';
import { parseSinkSpec } from '../../../src/stream/sinks/spec.ts';
import { nodeWebSocketFactory } from '../../../src/stream/sinks/ws-node.ts';
import { WebSocketSink } from '../../../src/stream/sinks/ws.ts';
import { StreamSource } from '../../../src/stream/source.ts';
import { httpServer, makeWorld, parseLines, recordId, wsServer } from './helpers.ts';

let w: World;
beforeAll(() => {
  w = makeWorld();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Streams the first `count` events (at max speed, or at `rate`) into a sink, honouring its backpressure. */
async function streamInto(sink: Sink, count: number, rate?: number, onWrite?: () => void): Promise<number> {
  const src = new StreamSource(w, w.plan.types, { pace: rate ? { mode: 'rate', rate } : { mode: 'speed', speed: Infinity } });
  const enc = new SliceEncoder(w, 'ndjson');
  const end = await new StreamRunner(
    src,
    (s) => {
      sink.write(enc.encode(s));
      onWrite?.();
      return sink.ready();
    },
    { count, maxSlice: 2000 },
  ).run();
  return end.emitted;
}

function expectExactlyOnce(records: Record<string, unknown>[], n: number) {
  expect(records.length).toBe(n);
  const ids = new Set(records.map(recordId));
  expect(ids.size).toBe(n);
}

describe('network sinks against real local servers', () => {
  it('HTTP: every event arrives exactly once, as NDJSON batches', async () => {
    const srv = await httpServer();
    cleanups.push(srv.close);
    const sink = new HttpSink(`${srv.url}/ingest`, { batchRecords: 3000 });
    const n = await streamInto(sink, 25_000);
    const st = await sink.close();
    expect(n).toBe(25_000);
    expect(st).toMatchObject({ accepted: 25_000, sent: 25_000, dropped: 0, failed: 0, retried: 0, buffered: 0 });
    expect(srv.bodies.every((b) => b.path === '/ingest' && b.contentType === 'application/x-ndjson')).toBe(true);
    expect(Math.max(...srv.bodies.map((b) => parseLines(b.body).length))).toBeLessThanOrEqual(3000);
    expectExactlyOnce(
      srv.bodies.flatMap((b) => parseLines(b.body)),
      25_000,
    );
  });

  it('Kafka REST v2: one POST per topic per batch, {"records":[{"value":…}]}, each record on its type topic', async () => {
    const srv = await httpServer();
    cleanups.push(srv.close);
    const sink = new KafkaRestSink(`${srv.url}/`, { batchRecords: 4000 });
    await streamInto(sink, 12_000);
    const st = await sink.close();
    expect(st.sent).toBe(12_000);
    const all: Record<string, unknown>[] = [];
    for (const b of srv.bodies) {
      expect(b.contentType).toBe('application/vnd.kafka.json.v2+json');
      const m = /^\/topics\/(voice|sms|data)-bronze-cdr$/.exec(b.path);
      expect(m, b.path).not.toBeNull();
      const body = JSON.parse(b.body) as { records: { value: Record<string, unknown> }[] };
      for (const r of body.records) {
        expect(String(r.value.filename)).toMatch(new RegExp(`^${m![1]}_cdr_20251001_01\\.csv$`));
        all.push(r.value);
      }
    }
    expect(new Set(srv.bodies.map((b) => b.path)).size).toBe(3);
    expectExactlyOnce(all, 12_000);
  });

  it('WebSocket (ws in Node): every event arrives exactly once', async () => {
    const srv = await wsServer();
    cleanups.push(srv.close);
    const sink = new WebSocketSink(srv.url, await nodeWebSocketFactory(), { batchRecords: 2500 });
    await streamInto(sink, 20_000);
    const st = await sink.close();
    expect(st).toMatchObject({ sent: 20_000, dropped: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expectExactlyOnce(
      srv.messages.flatMap((m) => parseLines(m)),
      20_000,
    );
  });

  it('WebSocket: reconnects with backoff when the server is not there yet, losing nothing', async () => {
    const srv = await wsServer();
    const url = srv.url;
    await srv.close();
    const sink = new WebSocketSink(url, await nodeWebSocketFactory(), { batchRecords: 500, backoffBaseMs: 50, backoffMaxMs: 200 });
    const producing = streamInto(sink, 3000, 10_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.stats().failed).toBeGreaterThan(0);
    // Bring a server up on the same port.
    const { WebSocketServer } = await import('ws');
    const port = Number(new URL(url).port);
    const wss = new WebSocketServer({ host: '127.0.0.1', port });
    const msgs: string[] = [];
    wss.on('connection', (ws) => ws.on('message', (d) => msgs.push(String(d))));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    await producing;
    const st = await sink.close(5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(st.retried).toBeGreaterThan(0);
    expect(st).toMatchObject({ sent: 3000, dropped: 0 });
    expectExactlyOnce(
      msgs.flatMap((m) => parseLines(m)),
      3000,
    );
  });

  it('HTTP 4xx (other than 408/425/429) is permanent: the batch is dropped and counted, not retried', async () => {
    const srv = await httpServer(() => 400);
    cleanups.push(srv.close);
    const sink = new HttpSink(srv.url, { batchRecords: 1000 });
    await streamInto(sink, 3000);
    const st = await sink.close();
    expect(st).toMatchObject({ sent: 0, retried: 0, dropped: 3000, failed: 3 });
    expect(st.lastError).toMatch(/HTTP 400/);
  });

  it('a server that stays down: the buffer cap holds, the producer is never blocked, drops are counted', async () => {
    const srv = await httpServer(() => 503);
    cleanups.push(srv.close);
    const cap = 5000;
    const sink = new HttpSink(srv.url, {
      batchRecords: 1000,
      maxBufferRecords: cap,
      maxBufferBytes: 4 << 20,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
    });
    let maxBuffered = 0;
    let maxBytes = 0;
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const n = await streamInto(sink, 150_000, undefined, () => {
      const s = sink.stats();
      maxBuffered = Math.max(maxBuffered, s.buffered + s.inFlight);
      maxBytes = Math.max(maxBytes, s.bufferedBytes);
    });
    const producedMs = performance.now() - t0;
    const heapGrowth = process.memoryUsage().heapUsed - heap0;
    const st = await sink.close(300);
    expect(n).toBe(150_000);
    expect(producedMs).toBeLessThan(30_000);
    expect(maxBuffered).toBeLessThanOrEqual(cap + 1000); // buffer + the one batch in flight
    expect(maxBytes).toBeLessThanOrEqual(4 << 20);
    expect(st.sent).toBe(0);
    expect(st.failed).toBeGreaterThan(1);
    expect(st.retried).toBeGreaterThan(0);
    expect(st.dropped).toBe(150_000);
    expect(st.buffered).toBe(0);
    // ~40 MB of NDJSON went through; the heap must not have kept it.
    expect(heapGrowth).toBeLessThan(32 << 20);
  });
});

describe('sink specifications', () => {
  it('parses every documented form and rejects the rest with a reason', () => {
    expect(parseSinkSpec('stdout')).toEqual({ kind: 'stdout' });
    expect(parseSinkSpec('dir:out/x')).toEqual({ kind: 'dir', path: 'out/x' });
    expect(parseSinkSpec('https://h/x')).toEqual({ kind: 'http', url: 'https://h/x' });
    expect(parseSinkSpec('kafka:http://h:8082')).toEqual({ kind: 'kafka-rest', url: 'http://h:8082' });
    expect(parseSinkSpec('kafka-rest+https://h:8082')).toEqual({ kind: 'kafka-rest', url: 'https://h:8082' });
    expect(parseSinkSpec('ws://h:1/x')).toEqual({ kind: 'websocket', url: 'ws://h:1/x' });
    expect(() => parseSinkSpec('ftp://h')).toThrow(/unknown sink/);
    expect(() => parseSinkSpec('kafka:ws://h')).toThrow(/http/);
    expect(() => parseSinkSpec('dir:')).toThrow(/folder/);
    expect(() => parseSinkSpec('http://')).toThrow(/valid URL/);
  });
});
