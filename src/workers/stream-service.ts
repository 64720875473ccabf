/**
 * The stream worker's implementation (DOM-free, testable in Node): source + runner + sink + live stats.
 * stream.worker.ts exposes it with Comlink.
 */
import { parseScenario, resolveModel } from '../core/scenario.ts';
import { buildWorld, type World } from '../core/world.ts';
import type { Pace } from '../stream/clock.ts';
import { SliceEncoder } from '../stream/encode.ts';
import { LiveStats } from '../stream/live-stats.ts';
import { StreamRunner, type EndReason } from '../stream/runner.ts';
import type { Sink } from '../stream/sinks/sink.ts';
import { createNetworkSink, networkSinkSpec } from '../stream/sinks/spec.ts';
import type { WebSocketFactory } from '../stream/sinks/ws.ts';
import { StreamSource } from '../stream/source.ts';
import type { StreamSnapshot, StreamStartRequest, StreamStatus, StreamWorkerApi } from './stream-api.ts';

interface Session {
  world: World;
  source: StreamSource;
  runner: StreamRunner;
  stats: LiveStats;
  sink: Sink | null;
  onSnapshot: (s: StreamSnapshot) => void;
  timer: ReturnType<typeof setInterval>;
  status: StreamStatus;
  endReason: EndReason | null;
  error: string | null;
  done: Promise<void>;
  /** How long the sink may flush after the stream ends (ms). */
  flushMs: number;
}

const now = () => performance.now();

/** Expected events per second of the scenario at event time `ts` (its hourly totals), × speed. */
function targetRate(world: World, source: StreamSource, pace: Pace): number | null {
  if (pace.mode === 'rate') return pace.rate;
  if (pace.speed === Infinity) return null;
  const ts = source.peekTs() ?? source.lastEventTs;
  const spec = world.plan.chunks.find((c) => ts >= c.hourStartUtc + c.fromSecond && ts < c.hourStartUtc + c.toSecond);
  if (!spec) return 0;
  const k = spec.day * 24 + spec.hour;
  let perHour = 0;
  for (const t of world.plan.types) perHour += world.plan.perHour[t][k] ?? 0;
  return (perHour / 3600) * pace.speed;
}

/** Creates the service; `wsFactory` opens WebSockets (the native one in a browser worker). */
export function createStreamService(wsFactory: WebSocketFactory | null): StreamWorkerApi {
  let session: Session | null = null;

  const snapshot = (s: Session): StreamSnapshot => {
    const t = now();
    const live = s.stats.snapshot(t);
    return {
      status: s.status,
      endReason: s.endReason,
      error: s.error,
      elapsedMs: s.runner.elapsedMs,
      eventTs: s.stats.latestTs,
      offsetSeconds: s.stats.offsetSeconds,
      emitted: s.source.emitted,
      totals: live.totals,
      rate: s.status === 'running' ? live.rate : [0, 0, 0],
      target: targetRate(s.world, s.source, s.source.clock.pace),
      regionsRolling: live.regionsRolling,
      regionsTotal: live.regionsTotal,
      outOfOrder: live.outOfOrder,
      late: live.late,
      feed: live.feed,
      sink: s.sink?.stats() ?? null,
      lagResets: s.runner.lagResets,
    };
  };

  const post = (s: Session) => {
    try {
      s.onSnapshot(snapshot(s));
    } catch {
      /* the page went away */
    }
  };

  const finish = async (s: Session, flushMs: number): Promise<StreamSnapshot> => {
    s.flushMs = flushMs;
    s.runner.stop();
    await s.done;
    return snapshot(s);
  };

  return {
    async start(req: StreamStartRequest, onSnapshot: (s: StreamSnapshot) => void): Promise<void> {
      if (session) await finish(session, 0);
      const world = buildWorld(resolveModel(parseScenario(req.scenario)));
      const source = new StreamSource(world, world.plan.types, { pace: req.pace, from: req.from });
      const stats = new LiveStats(world, { feedSize: req.feedSize ?? 30 });
      let sink: Sink | null = null;
      let encoder: SliceEncoder | null = null;
      if (req.sink) {
        const spec = networkSinkSpec(req.sink.kind, req.sink.url);
        if (spec.kind === 'stdout' || spec.kind === 'dir') throw new Error('only network sinks in the page');
        sink = createNetworkSink(
          spec,
          { batchRecords: req.sink.batchRecords ?? 5000, maxBufferRecords: req.sink.maxBufferRecords ?? 100_000, maxBufferBytes: 64 << 20 },
          wsFactory,
        );
        encoder = new SliceEncoder(world, 'ndjson');
      }
      const runner = new StreamRunner(source, (slice) => {
        stats.add(slice, now());
        if (sink && encoder) {
          sink.write(encoder.encode(slice));
          return sink.ready();
        }
      });
      const s: Session = {
        world,
        source,
        runner,
        stats,
        sink,
        onSnapshot,
        timer: setInterval(() => post(s), req.updateMs ?? 250),
        status: 'running',
        endReason: null,
        error: null,
        done: Promise.resolve(),
        flushMs: 5000,
      };
      session = s;
      s.done = runner
        .run()
        .then(
          (end) => {
            s.endReason = end.reason;
          },
          (e: unknown) => {
            s.error = e instanceof Error ? e.message : String(e);
          },
        )
        .then(async () => {
          if (s.sink) await s.sink.close(s.error ? 0 : s.flushMs);
          clearInterval(s.timer);
          s.status = s.error ? 'error' : 'ended';
          post(s);
          if (session === s) session = null;
        });
    },
    pause() {
      if (!session || session.status !== 'running') return;
      session.runner.pause();
      session.status = 'paused';
      post(session);
    },
    resume() {
      if (!session || session.status !== 'paused') return;
      session.runner.resume();
      session.status = 'running';
      post(session);
    },
    setPace(pace: Pace) {
      if (!session) return;
      session.runner.setPace(pace);
      post(session);
    },
    async stop(flushMs = 5000) {
      const s = session;
      if (!s) return null;
      return finish(s, flushMs);
    },
  };
}
