/**
 * `cdrgen stream`: replays the scenario in event-time order, paced by a simulated clock (speed) or a
 * target rate, to stdout, rolling legacy-named files, an HTTP endpoint, a Kafka REST proxy or a
 * WebSocket. The records are exactly those `cdrgen batch` writes for the same window.
 */
import type { ServiceType } from '../core/profiles/types.ts';
import { parseScenario, resolveModel, type Scenario } from '../core/scenario.ts';
import { buildWorld, type World } from '../core/world.ts';
import { paceError, type Pace } from '../stream/clock.ts';
import { SliceEncoder, type StreamFormat } from '../stream/encode.ts';
import { TYPE_CODES } from '../stream/merge.ts';
import { StreamRunner, type EndReason } from '../stream/runner.ts';
import { RollingDirSink, type DirFile, type RollSpec } from '../stream/sinks/dir-node.ts';
import type { BatchingOptions, Sink, SinkStats } from '../stream/sinks/sink.ts';
import { createNetworkSink, type SinkSpec } from '../stream/sinks/spec.ts';
import { nodeWebSocketFactory } from '../stream/sinks/ws-node.ts';
import { scenarioEndUtc, scenarioStartUtc, StreamSource, type EventSlice } from '../stream/source.ts';
import { UsageError } from './args.ts';

export interface StreamOptions {
  scenario: Scenario;
  only?: ServiceType[];
  pace: Pace;
  /** Start time: UTC epoch seconds, or a resolver given the world (e.g. "now"). */
  from?: number | ((world: World) => number);
  count?: number;
  durationMs?: number;
  format: StreamFormat;
  sink: SinkSpec;
  roll: RollSpec;
  batching: Partial<BatchingOptions>;
  /** How long to wait at the end for a network sink to deliver what it buffered. */
  closeTimeoutMs: number;
  /** Progress line on stderr (TTY only). */
  progress: boolean;
  /** Where data goes for the stdout sink (default process.stdout). */
  stdout?: NodeJS.WritableStream;
}

export interface StreamSummary {
  reason: EndReason | 'broken-pipe';
  events: number;
  byType: Record<ServiceType, number>;
  seconds: number;
  firstTs: number | null;
  lastTs: number | null;
  bytes: number;
  sink: SinkStats | null;
  files: DirFile[];
  lagResets: number;
  /** The profile's UTC offset, for printing event times. */
  offsetSeconds: number;
}

/** `YYYY-MM-DDTHH:MM:SS` in the profile's local time. */
export function localIso(world: World, ts: number): string {
  return new Date((ts + world.model.profile.utcOffsetMinutes * 60) * 1000).toISOString().slice(0, 19);
}

/**
 * Parses `--from`: `YYYY-MM-DDTHH:MM[:SS]` or `HH:MM[:SS]` (on the first day) in the profile's local
 * time, or `now` (the current time of day, on the first simulated day).
 */
export function parseFrom(v: string): (world: World) => number {
  const s = v.trim();
  const off = (w: World) => w.model.profile.utcOffsetMinutes * 60;
  const check = (w: World, ts: number) => {
    if (ts < scenarioStartUtc(w) || ts >= scenarioEndUtc(w))
      throw new UsageError(
        `--from: ${s} is outside the simulated period (${localIso(w, scenarioStartUtc(w))} to ${localIso(w, scenarioEndUtc(w))})`,
      );
    return ts;
  };
  if (s.toLowerCase() === 'now') {
    return (w) => {
      const sec = (((Date.now() / 1000 + off(w)) % 86_400) + 86_400) % 86_400;
      return check(w, scenarioStartUtc(w) + Math.floor(sec));
    };
  }
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (time) {
    const sec = Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0);
    if (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3] ?? 0) > 59) throw new UsageError(`--from: invalid time "${v}"`);
    return (w) => check(w, scenarioStartUtc(w) + sec);
  }
  const dt = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!dt) throw new UsageError(`--from: expected YYYY-MM-DDTHH:MM[:SS], HH:MM or now, got "${v}"`);
  const [, y, mo, d, h, mi, se] = dt;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0)) / 1000;
  if (!Number.isFinite(utc) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 59)
    throw new UsageError(`--from: invalid date-time "${v}"`);
  return (w) => check(w, utc - off(w));
}

/** Parses `--speed 60` / `--speed max` and `--rate N` into a pace (speed 1 = real time by default). */
export function parsePace(speed: string | undefined, rate: string | undefined): Pace {
  if (speed !== undefined && rate !== undefined)
    throw new UsageError('--speed and --rate cannot be used together (pace by simulated time or by events per second)');
  let pace: Pace = { mode: 'speed', speed: 1 };
  if (rate !== undefined) {
    const r = Number(rate.trim());
    if (!/^\d+(\.\d+)?$/.test(rate.trim())) throw new UsageError(`--rate: expected events per second, got "${rate}"`);
    pace = { mode: 'rate', rate: r };
  } else if (speed !== undefined) {
    const t = speed
      .trim()
      .toLowerCase()
      .replace(/^(\d+(?:\.\d+)?)x$/, '$1');
    if (t === 'max') pace = { mode: 'speed', speed: Infinity };
    else {
      if (!/^\d+(\.\d+)?$/.test(t)) throw new UsageError(`--speed: expected a factor (1–3600) or max, got "${speed}"`);
      pace = { mode: 'speed', speed: Number(t) };
    }
  }
  const err = paceError(pace);
  if (err) throw new UsageError(`--${pace.mode}: ${err}`);
  return pace;
}

function waitDrain(out: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

/** Runs `cdrgen stream` until a stop condition or SIGINT/SIGTERM; sinks are flushed and closed before it resolves. */
export async function runStream(opts: StreamOptions): Promise<StreamSummary> {
  const world = buildWorld(resolveModel(parseScenario(opts.scenario), opts.only));
  const types = world.plan.types;
  if (opts.format === 'csv' && opts.sink.kind === 'stdout' && types.length !== 1)
    throw new UsageError('--format csv to stdout needs exactly one service (--type voice, sms or data); use --sink dir:PATH for all three');
  if (opts.format === 'csv' && opts.sink.kind !== 'stdout' && opts.sink.kind !== 'dir')
    throw new UsageError(`--format csv is for stdout and dir: sinks; ${opts.sink.kind} sinks take NDJSON`);
  const from = typeof opts.from === 'function' ? opts.from(world) : opts.from;
  const source = new StreamSource(world, types, { pace: opts.pace, from });
  const encoder = new SliceEncoder(world, opts.format);
  const byType: Record<ServiceType, number> = { voice: 0, sms: 0, data: 0 };
  let firstTs: number | null = null;
  let bytes = 0;
  let broken = false;
  const count = (s: EventSlice) => {
    for (let k = 0; k < 3; k++) byType[TYPE_CODES[k]!] += s.to[k]! - s.from[k]!;
    firstTs ??= s.ts[0]!;
  };

  let consume: (s: EventSlice) => void | Promise<void>;
  let net: Sink | null = null;
  let dir: RollingDirSink | null = null;
  const out = opts.stdout ?? process.stdout;
  let runner: StreamRunner | null = null;
  const onOutError = (e: NodeJS.ErrnoException) => {
    broken = true;
    runner?.stop();
    if (e.code !== 'EPIPE') process.stderr.write(`cdrgen: stdout: ${e.message}\n`);
  };
  if (opts.sink.kind === 'stdout') {
    out.on('error', onOutError);
    if (opts.format === 'csv') {
      const h = encoder.header(types[0]!);
      bytes += h.length;
      out.write(h);
    }
    consume = (s) => {
      count(s);
      if (broken) return;
      const b = encoder.encode(s).bytes;
      bytes += b.length;
      if (!out.write(b)) return waitDrain(out);
    };
  } else if (opts.sink.kind === 'dir') {
    const d = new RollingDirSink(world, encoder, opts.sink.path, opts.roll);
    dir = d;
    consume = (s) => {
      count(s);
      return d.write(s);
    };
  } else {
    const spec = opts.sink;
    const ws = spec.kind === 'websocket' ? await nodeWebSocketFactory() : null;
    const sink = createNetworkSink(spec, opts.batching, ws);
    net = sink;
    consume = (s) => {
      count(s);
      const lines = encoder.encode(s);
      bytes += lines.bytes.length;
      sink.write(lines);
      return sink.ready();
    };
  }

  const r = new StreamRunner(source, consume, { count: opts.count, durationMs: opts.durationMs });
  runner = r;
  let signals = 0;
  const onSignal = () => {
    // First signal: stop cleanly (files completed, sink flushed); second: leave now.
    if (++signals > 1) process.exit(130);
    r.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ticker: ReturnType<typeof setInterval> | null = null;
  if (opts.progress) {
    ticker = setInterval(() => {
      const s = r.elapsedMs / 1000;
      const st = net?.stats();
      const sinkPart = st
        ? ` · sent ${st.sent} retried ${st.retried} failed ${st.failed} dropped ${st.dropped} buffered ${st.buffered}`
        : '';
      process.stderr.write(
        `\r\x1b[2K${r.emitted.toLocaleString('en-US')} events · ${Math.round(r.emitted / Math.max(s, 1e-9)).toLocaleString('en-US')} ev/s · event time ${localIso(world, source.lastEventTs)}${sinkPart}`,
      );
    }, 500);
  }
  let reason: StreamSummary['reason'];
  let seconds: number;
  try {
    const end = await r.run();
    reason = broken ? 'broken-pipe' : end.reason;
    seconds = end.elapsedMs / 1000;
  } catch (e) {
    await dir?.abort();
    await net?.close(0);
    throw e;
  } finally {
    if (ticker) {
      clearInterval(ticker);
      process.stderr.write('\r\x1b[2K');
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (opts.sink.kind === 'stdout') out.off('error', onOutError);
  }
  const files = dir ? await dir.close() : [];
  if (dir) bytes = files.reduce((a, f) => a + f.bytes, 0);
  const sinkStats = net ? await net.close(opts.closeTimeoutMs) : null;
  const events = byType.voice + byType.sms + byType.data;
  return {
    reason,
    events,
    byType,
    seconds,
    firstTs,
    lastTs: events > 0 ? source.lastEventTs : null,
    bytes,
    sink: sinkStats,
    files,
    lagResets: r.lagResets,
    offsetSeconds: world.model.profile.utcOffsetMinutes * 60,
  };
}

/** The one-line summary printed on stderr at the end. */
export function summaryLine(s: StreamSummary, target: string): string {
  const rate = Math.round(s.events / Math.max(s.seconds, 1e-9));
  const iso = (ts: number) => new Date((ts + s.offsetSeconds) * 1000).toISOString().slice(0, 19);
  const span = s.firstTs !== null && s.lastTs !== null ? `, event time ${iso(s.firstTs)} → ${iso(s.lastTs)}` : '';
  const why = {
    count: 'count reached',
    duration: 'duration reached',
    'end-of-scenario': 'end of the scenario',
    stopped: 'interrupted',
    'broken-pipe': 'output closed',
  }[s.reason];
  let line =
    `cdrgen: streamed ${s.events} events (voice ${s.byType.voice}, sms ${s.byType.sms}, data ${s.byType.data}) in ${s.seconds.toFixed(2)} s ` +
    `(${rate} events/s)${span} to ${target}; ${why}`;
  if (s.files.length) line += `; ${s.files.length} files`;
  if (s.sink)
    line += `; sink sent ${s.sink.sent}, retried ${s.sink.retried}, failed ${s.sink.failed}, dropped ${s.sink.dropped}${s.sink.lastError && (s.sink.failed || s.sink.dropped) ? ` (last error: ${s.sink.lastError})` : ''}`;
  if (s.lagResets) line += `; fell behind the pace ${s.lagResets} times`;
  return line;
}
