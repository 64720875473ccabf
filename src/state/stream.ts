/**
 * The streaming store: the stream settings (pace, sink), the run status and the latest snapshot from the
 * stream worker, plus a bounded window of the achieved rate for the chart. Plain zustand with actions as
 * plain exported functions; the worker and its Comlink proxy live in module state, outside the store.
 */
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { Scenario } from '../core/scenario.ts';
import { MAX_RATE, MAX_SPEED, MIN_SPEED, type Pace } from '../stream/clock.ts';
import { networkSinkSpec, type NetworkSinkKind } from '../stream/sinks/spec.ts';
import type { SinkConfig, StreamSnapshot, StreamWorkerApi } from '../workers/stream-api.ts';

export type PaceMode = 'speed' | 'rate';
export type SinkChoice = 'none' | NetworkSinkKind;
export type StreamPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'ended' | 'error';

/** Speeds offered by the control (Infinity = as fast as possible). */
export const SPEED_STEPS: readonly number[] = [1, 10, 60, 300, 600, 1800, 3600, Infinity];
/** Points kept for the rate chart: 60 s at 4 updates per second. */
export const SERIES_LENGTH = 240;

export interface StreamSettings {
  mode: PaceMode;
  speed: number;
  rate: number;
  sink: SinkChoice;
  sinkUrl: Record<NetworkSinkKind, string>;
  /** Records per request / message. */
  batchRecords: number;
  /** Records the sink may buffer while the endpoint is slow or down. */
  bufferRecords: number;
}

export interface RatePoint {
  /** Streaming seconds since the start. */
  t: number;
  voice: number;
  sms: number;
  data: number;
  target: number | null;
}

export interface StreamState {
  settings: StreamSettings;
  phase: StreamPhase;
  snapshot: StreamSnapshot | null;
  series: RatePoint[];
  /** Why the stream could not start or failed. */
  error: string | null;
  /** The scenario of the current / last run (to tell when the form changed since). */
  runScenario: Scenario | null;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  mode: 'rate',
  speed: 3600,
  rate: 1000,
  sink: 'none',
  sinkUrl: { http: 'http://127.0.0.1:8080/cdr', 'kafka-rest': 'http://127.0.0.1:8082', websocket: 'ws://127.0.0.1:8081/cdr' },
  batchRecords: 5000,
  bufferRecords: 100_000,
};

export const useStream = create<StreamState>()(() => ({
  settings: DEFAULT_STREAM_SETTINGS,
  phase: 'idle',
  snapshot: null,
  series: [],
  error: null,
  runScenario: null,
}));

// ---------------------------------------------------------------------------------------------
// Worker (module state).

interface Client {
  worker: Worker;
  /** Kept referenced for the worker's lifetime (GoogleChromeLabs/comlink#692). */
  api: Comlink.Remote<StreamWorkerApi>;
}
let client: Client | null = null;
let runId = 0;

function clientOf(): Client {
  if (!client) {
    // Must be this literal shape: Vite detects new Worker(new URL('...', import.meta.url)) statically.
    const worker = new Worker(new URL('../workers/stream.worker.ts', import.meta.url), { type: 'module', name: 'cdr-stream' });
    worker.addEventListener('error', (e) => fail(`stream worker failed: ${e.message || 'could not start'}`));
    client = { worker, api: Comlink.wrap<StreamWorkerApi>(worker) };
  }
  return client;
}

function fail(message: string): void {
  useStream.setState({ phase: 'error', error: message });
}

/** The pace of the settings. */
export function paceOf(s: Pick<StreamSettings, 'mode' | 'speed' | 'rate'>): Pace {
  return s.mode === 'rate' ? { mode: 'rate', rate: s.rate } : { mode: 'speed', speed: s.speed };
}

/** The sink of the settings, or an error message for a bad URL. */
export function sinkOf(s: StreamSettings): { sink: SinkConfig | null; error: string | null } {
  if (s.sink === 'none') return { sink: null, error: null };
  try {
    const spec = networkSinkSpec(s.sink, s.sinkUrl[s.sink]);
    if (spec.kind === 'stdout' || spec.kind === 'dir') return { sink: null, error: 'not a network sink' };
    return { sink: { kind: spec.kind, url: spec.url, batchRecords: s.batchRecords, maxBufferRecords: s.bufferRecords }, error: null };
  } catch (e) {
    return { sink: null, error: (e as Error).message };
  }
}

const isActive = (p: StreamPhase) => p === 'running' || p === 'paused' || p === 'starting';

function onSnapshot(id: number, snap: StreamSnapshot): void {
  if (id !== runId) return;
  const st = useStream.getState();
  const phase: StreamPhase =
    snap.status === 'running' ? 'running' : snap.status === 'paused' ? 'paused' : snap.status === 'ended' ? 'ended' : 'error';
  let series = st.series;
  if (snap.status === 'running') {
    const point: RatePoint = { t: snap.elapsedMs / 1000, voice: snap.rate[0], sms: snap.rate[1], data: snap.rate[2], target: snap.target };
    series = series.length >= SERIES_LENGTH ? [...series.slice(series.length - SERIES_LENGTH + 1), point] : [...series, point];
  }
  useStream.setState({
    snapshot: snap,
    series,
    phase: st.phase === 'stopping' && phase !== 'ended' && phase !== 'error' ? 'stopping' : phase,
    error: snap.error,
  });
}

// ---------------------------------------------------------------------------------------------
// Actions.

function patch(p: Partial<StreamSettings>): void {
  useStream.setState((s) => ({ settings: { ...s.settings, ...p } }));
}

function applyPace(): void {
  const { phase, settings } = useStream.getState();
  if (phase === 'running' || phase === 'paused') void clientOf().api.setPace(paceOf(settings));
}

export function setPaceMode(mode: PaceMode): void {
  patch({ mode });
  applyPace();
}

export function setSpeed(speed: number): void {
  if (!(speed === Infinity || (speed >= MIN_SPEED && speed <= MAX_SPEED))) return;
  patch({ speed });
  applyPace();
}

export function setRate(rate: number): void {
  if (!(rate >= 1 && rate <= MAX_RATE)) return;
  patch({ rate: Math.round(rate) });
  applyPace();
}

export function setSinkChoice(sink: SinkChoice): void {
  patch({ sink });
}

export function setSinkUrl(kind: NetworkSinkKind, url: string): void {
  useStream.setState((s) => ({ settings: { ...s.settings, sinkUrl: { ...s.settings.sinkUrl, [kind]: url } } }));
}

/** Starts streaming the scenario with the current settings (a running stream is stopped first). */
export async function startStream(scenario: Scenario): Promise<void> {
  const { settings, phase } = useStream.getState();
  const { sink, error } = sinkOf(settings);
  if (error) {
    useStream.setState({ error });
    return;
  }
  if (isActive(phase)) await stopStream();
  const id = ++runId;
  useStream.setState({ phase: 'starting', snapshot: null, series: [], error: null, runScenario: scenario });
  try {
    await clientOf().api.start(
      { scenario, pace: paceOf(settings), sink, feedSize: 30, updateMs: 250 },
      Comlink.proxy((s: StreamSnapshot) => onSnapshot(id, s)),
    );
    if (id === runId && useStream.getState().phase === 'starting') useStream.setState({ phase: 'running' });
  } catch (e) {
    if (id === runId) fail(e instanceof Error ? e.message : String(e));
  }
}

export function pauseStream(): void {
  if (useStream.getState().phase !== 'running') return;
  useStream.setState({ phase: 'paused' });
  void clientOf().api.pause();
}

export function resumeStream(): void {
  if (useStream.getState().phase !== 'paused') return;
  useStream.setState({ phase: 'running' });
  void clientOf().api.resume();
}

/** Stops the stream; a sink gets a few seconds to deliver what it buffered. */
export async function stopStream(): Promise<void> {
  const { phase } = useStream.getState();
  if (!isActive(phase) || !client) return;
  const id = runId;
  useStream.setState({ phase: 'stopping' });
  try {
    const last = await client.api.stop(3000);
    if (id === runId) {
      if (last) onSnapshot(id, { ...last, status: 'ended', endReason: 'stopped' });
      useStream.setState({ phase: 'ended' });
    }
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
}

/** Stops and terminates the worker (e.g. when the tab unmounts for good). */
export function disposeStream(): void {
  runId++;
  if (client) {
    client.api[Comlink.releaseProxy]();
    client.worker.terminate();
    client = null;
  }
  useStream.setState({ phase: 'idle', snapshot: null, series: [], error: null });
}
