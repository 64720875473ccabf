/**
 * Sink specifications shared by `cdrgen stream --sink` and the page's sink settings:
 *   stdout | dir:PATH | http(s)://… | kafka:http(s)://proxy:8082 (also kafka-rest+http(s)://…) | ws(s)://…
 */
import { HttpSink, KafkaRestSink } from './http.ts';
import type { BatchingOptions, Sink } from './sink.ts';
import { WebSocketSink, type WebSocketFactory } from './ws.ts';

export type NetworkSinkKind = 'http' | 'kafka-rest' | 'websocket';
export type SinkSpec = { kind: 'stdout' } | { kind: 'dir'; path: string } | { kind: NetworkSinkKind; url: string };

function checkUrl(url: string, protocols: readonly string[], what: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${what}: "${url}" is not a valid URL`);
  }
  if (!protocols.includes(u.protocol))
    throw new Error(`${what}: expected a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL, got "${url}"`);
  if (!u.hostname) throw new Error(`${what}: "${url}" has no host`);
  return url;
}

/** Parses a sink specification; throws an Error with a one-line reason. */
export function parseSinkSpec(spec: string): SinkSpec {
  const s = spec.trim();
  if (s === '') throw new Error('empty sink (expected stdout, dir:PATH, http(s)://…, kafka:http(s)://…, or ws(s)://…)');
  if (s === 'stdout' || s === '-') return { kind: 'stdout' };
  if (s.startsWith('dir:')) {
    const path = s.slice(4);
    if (!path) throw new Error('dir: needs a folder, e.g. dir:out/stream');
    return { kind: 'dir', path };
  }
  const kafka = /^(kafka|kafka-rest)(\+|:)(.*)$/i.exec(s);
  if (kafka) {
    return { kind: 'kafka-rest', url: checkUrl(kafka[3]!, ['http:', 'https:'], 'Kafka REST proxy') };
  }
  if (/^https?:/i.test(s)) return { kind: 'http', url: checkUrl(s, ['http:', 'https:'], 'HTTP sink') };
  if (/^wss?:/i.test(s)) return { kind: 'websocket', url: checkUrl(s, ['ws:', 'wss:'], 'WebSocket sink') };
  throw new Error(`unknown sink "${spec}" (expected stdout, dir:PATH, http(s)://…, kafka:http(s)://…, or ws(s)://…)`);
}

/** Parses the URL of a network sink chosen in the page (kind from a selector). */
export function networkSinkSpec(kind: NetworkSinkKind, url: string): SinkSpec {
  const u = url.trim();
  if (kind === 'http') return { kind, url: checkUrl(u, ['http:', 'https:'], 'HTTP endpoint') };
  if (kind === 'kafka-rest') return { kind, url: checkUrl(u, ['http:', 'https:'], 'Kafka REST proxy') };
  return { kind, url: checkUrl(u, ['ws:', 'wss:'], 'WebSocket URL') };
}

/** Builds the sink of a network spec. */
export function createNetworkSink(
  spec: { kind: NetworkSinkKind; url: string },
  opts: Partial<BatchingOptions>,
  wsFactory: WebSocketFactory | null,
): Sink {
  if (spec.kind === 'http') return new HttpSink(spec.url, opts);
  if (spec.kind === 'kafka-rest') return new KafkaRestSink(spec.url, opts);
  if (!wsFactory) throw new Error('WebSocket is not available here');
  return new WebSocketSink(spec.url, wsFactory, opts);
}
