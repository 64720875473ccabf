/**
 * Stream sinks against endpoints that misbehave (issue #9.2): a server that times out, one that answers
 * errors for a while, one that closes the socket — each attempt is retried with exponential backoff and
 * counted (failed attempts, re-sent records, last error), and once the endpoint recovers every record it
 * accepted arrives exactly once. WebSocket: connections closed during the handshake are retried the same way.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { World } from '../../../src/core/world.ts';
import { SliceEncoder } from '../../../src/stream/encode.ts';
import { StreamRunner } from '../../../src/stream/runner.ts';
import { HttpSink, KafkaRestSink } from '../../../src/stream/sinks/http.ts';
import type { Sink } from '../../../src/stream/sinks/sink.ts';
import { nodeWebSocketFactory } from '../../../src/stream/sinks/ws-node.ts';
import { WebSocketSink } from '../../../src/stream/sinks/ws.ts';
import { StreamSource } from '../../../src/stream/source.ts';
import { makeWorld, parseLines, recordId } from './helpers.ts';

let w: World;
beforeAll(() => {
  w = makeWorld();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function streamInto(sink: Sink, count: number): Promise<number> {
  const src = new StreamSource(w, w.plan.types, { pace: { mode: 'speed', speed: Infinity } });
  const enc = new SliceEncoder(w, 'ndjson');
  const end = await new StreamRunner(
    src,
    (s) => {
      sink.write(enc.encode(s));
      return sink.ready();
    },
    { count, maxSlice: 2000 },
  ).run();
  return end.emitted;
}

type Behaviour = 'ok' | 'hang' | 'error' | 'close';

/** An HTTP endpoint whose n-th request (0-based) behaves as `plan(n)`; records what it accepted (2xx) and when requests came. */
async function faultyServer(plan: (n: number) => Behaviour) {
  const accepted: string[] = [];
  const arrivals: number[] = [];
  let n = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      arrivals.push(performance.now());
      const b = plan(n++);
      if (b === 'hang') return; // never answers (the client times out)
      if (b === 'close') return req.socket.destroy(); // drops the connection, no response
      if (b === 'error') return res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      accepted.push(Buffer.concat(parts).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, accepted, arrivals, requests: () => n };
}

/** Every record of the accepted bodies, exactly once, `n` of them. */
function exactlyOnce(bodies: string[], n: number, kafka = false) {
  const records = bodies.flatMap((b) =>
    kafka ? (JSON.parse(b) as { records: { value: Record<string, unknown> }[] }).records.map((r) => r.value) : parseLines(b),
  );
  expect(records.length).toBe(n);
  expect(new Set(records.map(recordId)).size).toBe(n);
}

const fast = { backoffBaseMs: 40, backoffMaxMs: 400, random: () => 0 };

describe('sink faults: retried with backoff, counted, nothing lost or doubled once the endpoint recovers', () => {
  it('HTTP endpoint that times out: the request is abandoned after requestTimeoutMs and sent again', async () => {
    const srv = await faultyServer((n) => (n < 2 ? 'hang' : 'ok'));
    const sink = new HttpSink(srv.url, { batchRecords: 1000, requestTimeoutMs: 300, ...fast });
    await streamInto(sink, 3000);
    const st = await sink.close(10_000);
    expect(st).toMatchObject({ accepted: 3000, sent: 3000, dropped: 0, failed: 2, retried: 2000, buffered: 0 });
    expect(st.lastError).toMatch(/timed out after 300 ms/);
    exactlyOnce(srv.accepted, 3000);
  });

  it('HTTP endpoint answering 503 for a while: exponential backoff between the attempts, then delivered', async () => {
    const srv = await faultyServer((n) => (n < 4 ? 'error' : 'ok'));
    const sink = new HttpSink(srv.url, { batchRecords: 5000, ...fast });
    await streamInto(sink, 2000);
    const st = await sink.close(10_000);
    expect(st).toMatchObject({ sent: 2000, dropped: 0, failed: 4, retried: 4 * 2000 });
    expect(st.lastError).toMatch(/HTTP 503/);
    // Attempts 1..5 of the one batch: the waits double (jitter off: 20, 40, 80, 160 ms at least).
    const gaps = srv.arrivals.slice(1, 5).map((t, i) => t - srv.arrivals[i]!);
    gaps.forEach((g, i) => expect(g, `wait before attempt ${i + 2}`).toBeGreaterThanOrEqual(20 * 2 ** i - 3));
    exactlyOnce(srv.accepted, 2000);
  });

  it('HTTP endpoint that closes the socket without answering: a network error, retried', async () => {
    const srv = await faultyServer((n) => (n % 2 === 0 && n < 6 ? 'close' : 'ok'));
    const sink = new HttpSink(srv.url, { batchRecords: 1000, ...fast });
    await streamInto(sink, 3000);
    const st = await sink.close(10_000);
    expect(st).toMatchObject({ sent: 3000, dropped: 0, failed: 3, retried: 3000 });
    expect(st.lastError).toMatch(/POST http:\/\/127\.0\.0\.1:\d+/);
    exactlyOnce(srv.accepted, 3000);
  });

  it('Kafka REST proxy with every fault in turn: each topic request retried on its own, every record once', async () => {
    const faults: Behaviour[] = ['error', 'close', 'hang'];
    const srv = await faultyServer((n) => faults[n] ?? 'ok');
    const sink = new KafkaRestSink(srv.url, { batchRecords: 2000, requestTimeoutMs: 300, ...fast });
    await streamInto(sink, 4000);
    const st = await sink.close(10_000);
    expect(st).toMatchObject({ sent: 4000, dropped: 0, failed: 3 });
    expect(st.retried).toBeGreaterThan(0);
    exactlyOnce(srv.accepted, 4000, true);
  });

  it('WebSocket server that drops the first connections during the handshake: reconnects with backoff, counted', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const messages: string[] = [];
    const attempts: number[] = [];
    http.on('upgrade', (req, socket, head) => {
      attempts.push(performance.now());
      if (attempts.length <= 2) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (d) => messages.push(String(d))));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const c of wss.clients) c.terminate();
          wss.close();
          http.closeAllConnections();
          http.close(() => r());
        }),
    );
    const sink = new WebSocketSink(`ws://127.0.0.1:${(http.address() as AddressInfo).port}`, await nodeWebSocketFactory(), {
      batchRecords: 1000,
      ...fast,
    });
    await streamInto(sink, 3000);
    const st = await sink.close(10_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(st).toMatchObject({ sent: 3000, dropped: 0, failed: 2, retried: 2000 });
    expect(st.lastError).toMatch(/WebSocket ws:\/\/127\.0\.0\.1:\d+: (connection closed|connection failed)/);
    expect(attempts.length).toBe(3);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(40 - 3);
    exactlyOnce(messages, 3000);
  });
});
