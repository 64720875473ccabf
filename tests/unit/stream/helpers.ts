/** Shared fixtures of the streaming tests: a small world, local HTTP / WebSocket servers, the CLI. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { buildWorld, parseScenario, resolveModel, type ScenarioInput } from '../../../src/core/index.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import type { World } from '../../../src/core/world.ts';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The scenario of most streaming tests: small enough to be fast (188,180 records in one day). */
export const SMALL: ScenarioInput = { seed: 7, population: { subscribers: 20_000 }, period: { days: 1 } };
export const SMALL_FLAGS = ['--seed', '7', '--subscribers', '20000', '--days', '1'];

export function makeWorld(input: ScenarioInput = SMALL, only?: readonly ServiceType[]): World {
  return buildWorld(resolveModel(parseScenario(input), only));
}

/** A local HTTP server recording request bodies; `respond` decides the status of each request. */
export interface TestHttpServer {
  url: string;
  bodies: { path: string; contentType: string; body: string; status: number }[];
  close(): Promise<void>;
}

export async function httpServer(respond: (req: IncomingMessage) => number = () => 200): Promise<TestHttpServer> {
  const bodies: TestHttpServer['bodies'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const status = respond(req);
      bodies.push({
        path: req.url ?? '',
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(parts).toString('utf8'),
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status < 300 ? '{"ok":true}' : '{"error":"unavailable"}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A local WebSocket server recording every text message. */
export async function wsServer(): Promise<{ url: string; messages: string[]; close(): Promise<void> }> {
  const messages: string[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => ws.on('message', (data) => messages.push(String(data))));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
}

/** Runs the real CLI asynchronously (so servers in this process keep answering); resolves with its output. */
export function cdrgenAsync(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; onStdout?: (chunk: Buffer, atMs: number) => void } = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number; child: ChildProcess }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'cdrgen.js'), ...args], { env: { ...process.env, ...opts.env } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => {
    out.push(c);
    opts.onStdout?.(c, performance.now());
  });
  child.stderr.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - t0,
        child,
      }),
    );
  });
}

/** Lines of NDJSON text parsed. */
export const parseLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The record id of a legacy NDJSON record (call_id / sms_id / session_id). */
export const recordId = (r: Record<string, unknown>): string => String(r.call_id ?? r.sms_id ?? r.session_id);

/** Numbers from the CLI's summary line, e.g. `sent 123`. */
export function summaryNumber(stderr: string, key: string): number {
  const m = new RegExp(`${key} (\\d+)`).exec(stderr);
  if (!m) throw new Error(`no "${key} N" in: ${stderr}`);
  return Number(m[1]);
}
