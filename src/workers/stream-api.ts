/**
 * The typed protocol between the page and the stream worker. The worker replays the scenario in
 * event-time order (src/stream), sends the records to an optional network sink, and reports small
 * aggregates a few times a second through a Comlink proxy callback; no record crosses to the page
 * except the bounded live feed.
 */
import type { Scenario } from '../core/scenario.ts';
import type { Pace } from '../stream/clock.ts';
import type { FeedItem } from '../stream/live-stats.ts';
import type { EndReason } from '../stream/runner.ts';
import type { SinkStats } from '../stream/sinks/sink.ts';
import type { NetworkSinkKind } from '../stream/sinks/spec.ts';

export type { FeedItem, SinkStats, NetworkSinkKind, Pace, EndReason };

/** A network sink chosen in the page. */
export interface SinkConfig {
  kind: NetworkSinkKind;
  url: string;
  /** Records per request / message (default 5000). */
  batchRecords?: number;
  /** Buffer cap in records (default 100,000); beyond it the oldest are dropped and counted. */
  maxBufferRecords?: number;
}

export interface StreamStartRequest {
  scenario: Scenario;
  pace: Pace;
  sink: SinkConfig | null;
  /** Records kept for the live feed (default 30). */
  feedSize?: number;
  /** Milliseconds between snapshots (default 250: 4 UI updates per second). */
  updateMs?: number;
  /** Event time to start at (UTC s); default the scenario start. */
  from?: number;
}

export type StreamStatus = 'running' | 'paused' | 'ended' | 'error';

/** What the page receives a few times a second. */
export interface StreamSnapshot {
  status: StreamStatus;
  endReason: EndReason | null;
  error: string | null;
  /** Streaming wall time (ms), pauses excluded. */
  elapsedMs: number;
  /** Event time of the latest event (UTC s) and the profile's UTC offset (s), for display. */
  eventTs: number | null;
  offsetSeconds: number;
  emitted: number;
  /** Per service (voice, sms, data). */
  totals: [number, number, number];
  /** Achieved events/s over the last second, per service. */
  rate: [number, number, number];
  /**
   * Target events/s: in rate mode the target rate; in speed mode the scenario's expected events per
   * second at the current event time × speed (null at max speed).
   */
  target: number | null;
  /** Per region (profile order): events in the last 10 s, and since the start. */
  regionsRolling: number[];
  regionsTotal: number[];
  outOfOrder: number;
  late: number;
  feed: FeedItem[];
  sink: SinkStats | null;
  /** Times the producer fell more than 1 s behind the pace (the machine or the sink could not keep up). */
  lagResets: number;
}

export interface StreamWorkerApi {
  /** Builds the world and starts streaming; snapshots go to `onSnapshot` until the stream ends (last one has status ended/error). */
  start(req: StreamStartRequest, onSnapshot: (s: StreamSnapshot) => void): Promise<void>;
  pause(): void;
  resume(): void;
  setPace(pace: Pace): void;
  /** Stops; the sink gets up to `flushMs` to deliver what it buffered. Resolves with the final snapshot. */
  stop(flushMs?: number): Promise<StreamSnapshot | null>;
}
