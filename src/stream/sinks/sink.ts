/**
 * Network sinks share one machinery: a bounded FIFO of encoded lines (drop-OLDEST when full), batches
 * cut by size or linger time, one batch in flight at a time (order kept), and retries with exponential
 * backoff plus jitter. Jitter only changes *when* a request is retried, never what is sent: the bytes
 * come from the deterministic stream. Runs unchanged in a browser worker and in Node.
 */
import type { EncodedLines } from '../encode.ts';
import { BoundedLineQueue, type LineBatch } from './queue.ts';

export type SinkState = 'idle' | 'sending' | 'backoff' | 'closed';

/** Counters of a sink (records unless named otherwise). */
export interface SinkStats {
  kind: string;
  target: string;
  /** Records handed to the sink by the stream. */
  accepted: number;
  /** Records the endpoint acknowledged (HTTP 2xx; WebSocket: handed to an open socket). */
  sent: number;
  /** Records sent again after a failed attempt (each re-send counts). */
  retried: number;
  /** Records given up: buffer overflow (oldest first), a permanent error (4xx), or still queued at close. */
  dropped: number;
  /** Failed attempts (requests or connections). */
  failed: number;
  /** Requests made (attempts, successful or not). */
  requests: number;
  /** Records waiting in the buffer (not counting the batch in flight). */
  buffered: number;
  bufferedBytes: number;
  /** Records of the batch being sent or retried. */
  inFlight: number;
  state: SinkState;
  lastError: string | null;
}

/** Where a stream's records go. `write` never blocks; `ready` is the (bounded) backpressure signal. */
export interface Sink {
  readonly kind: string;
  readonly target: string;
  /** Queues records; drops the oldest queued ones if the buffer is full (counted as dropped). */
  write(lines: EncodedLines): void;
  /**
   * Resolves when the producer may go on: the buffer is below half its cap, or the sink is failing
   * (backing off) or closed. Never waits forever: a stuck request times out.
   */
  ready(): Promise<void>;
  /** Flushes what is buffered, waiting at most `timeoutMs`; what is still unsent then is dropped (counted). */
  close(timeoutMs?: number): Promise<SinkStats>;
  stats(): SinkStats;
}

export interface BatchingOptions {
  /** Records per request (default 5000). */
  batchRecords: number;
  /** Bytes per request, about (default 4 MiB). */
  batchBytes: number;
  /** Longest wait before a partial batch is sent (default 200 ms). */
  lingerMs: number;
  /** Buffer cap in records (default 100,000): beyond it the oldest queued records are dropped. */
  maxBufferRecords: number;
  /** Buffer cap in bytes (default 64 MiB). */
  maxBufferBytes: number;
  /** First retry delay (default 100 ms); doubles per attempt up to `backoffMaxMs` (default 5 s). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Per request / connection timeout (default 10 s). */
  requestTimeoutMs: number;
  /** Jitter source in [0, 1) (default Math.random): timing only. */
  random: () => number;
}

export const DEFAULT_BATCHING: BatchingOptions = {
  batchRecords: 5000,
  batchBytes: 4 << 20,
  lingerMs: 200,
  maxBufferRecords: 100_000,
  maxBufferBytes: 64 << 20,
  backoffBaseMs: 100,
  backoffMaxMs: 5000,
  requestTimeoutMs: 10_000,
  random: Math.random,
};

/** A failed delivery: retryable (network, timeout, 408/425/429/5xx) or permanent (other statuses). */
export class SinkError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SinkError';
  }
}

/** Delay before retry number `attempt` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, o: Pick<BatchingOptions, 'backoffBaseMs' | 'backoffMaxMs' | 'random'>): number {
  const d = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.min(30, attempt - 1));
  return d / 2 + o.random() * (d / 2);
}

/** One request of a batch (a batch is one request, or one per Kafka topic). */
export interface SinkRequest {
  records: number;
}

const errorText = (e: unknown): string => {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${cause.message}` : '';
    return `${e.message}${c}`.slice(0, 300);
  }
  return String(e).slice(0, 300);
};

/** The shared machinery; subclasses say how a batch becomes requests and how one is delivered. */
export abstract class RetryingSink<R extends SinkRequest> implements Sink {
  abstract readonly kind: string;
  protected readonly opts: BatchingOptions;
  private readonly queue: BoundedLineQueue;
  private accepted = 0;
  private sent = 0;
  private retried = 0;
  private dropped = 0;
  private failed = 0;
  private requests = 0;
  private inFlight = 0;
  private state: SinkState = 'idle';
  private lastError: string | null = null;
  private pumping = false;
  private closing = false;
  private closed = false;
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private firstQueuedAt = 0;
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private wakeBackoff: (() => void) | null = null;
  /** Aborts the request in flight when the sink is closed for good. */
  protected abort = new AbortController();

  constructor(
    readonly target: string,
    opts: Partial<BatchingOptions> = {},
  ) {
    this.opts = { ...DEFAULT_BATCHING, ...opts };
    this.queue = new BoundedLineQueue(this.opts.maxBufferRecords, this.opts.maxBufferBytes);
  }

  /** Turns a batch of lines into the requests that deliver it, in order. */
  protected abstract prepare(batch: LineBatch): R[];
  /** Delivers one request; throws a SinkError (or any error: retryable) on failure. */
  protected abstract deliver(req: R, signal: AbortSignal): Promise<void>;

  write(lines: EncodedLines): void {
    if (lines.count === 0) return;
    this.accepted += lines.count;
    if (this.closed) {
      this.dropped += lines.count;
      return;
    }
    if (this.queue.records === 0) this.firstQueuedAt = now();
    this.dropped += this.queue.push(lines);
    this.kick();
  }

  stats(): SinkStats {
    return {
      kind: this.kind,
      target: this.target,
      accepted: this.accepted,
      sent: this.sent,
      retried: this.retried,
      dropped: this.dropped,
      failed: this.failed,
      requests: this.requests,
      buffered: this.queue.records,
      bufferedBytes: this.queue.bytes,
      inFlight: this.inFlight,
      state: this.state,
      lastError: this.lastError,
    };
  }

  private canProduce(): boolean {
    return (
      this.closed ||
      this.closing ||
      this.state === 'backoff' ||
      (this.queue.records <= this.opts.maxBufferRecords / 2 && this.queue.bytes <= this.opts.maxBufferBytes / 2)
    );
  }

  ready(): Promise<void> {
    if (this.canProduce()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, this.opts.requestTimeoutMs);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private notify(): void {
    if (!this.waiters.length || !this.canProduce()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private kick(): void {
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed && this.queue.records > 0) {
        const full = this.queue.records >= this.opts.batchRecords || this.queue.bytes >= this.opts.batchBytes;
        const waited = now() - this.firstQueuedAt;
        if (!full && !this.closing && waited < this.opts.lingerMs) {
          if (!this.lingerTimer)
            this.lingerTimer = setTimeout(() => {
              this.lingerTimer = null;
              this.kick();
            }, this.opts.lingerMs - waited);
          break;
        }
        const batch = this.queue.take(this.opts.batchRecords, this.opts.batchBytes)!;
        if (this.queue.records > 0) this.firstQueuedAt = now();
        this.notify();
        for (const req of this.prepare(batch)) await this.sendWithRetry(req);
      }
    } finally {
      this.pumping = false;
      if (this.queue.records === 0 || this.closed) {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const f of w) f();
      }
    }
  }

  private async sendWithRetry(req: R): Promise<void> {
    this.inFlight = req.records;
    let attempt = 0;
    try {
      while (true) {
        if (this.closed) {
          this.dropped += req.records;
          return;
        }
        if (attempt > 0) this.retried += req.records;
        this.requests++;
        this.state = 'sending';
        try {
          await this.deliver(req, this.abort.signal);
          this.sent += req.records;
          this.state = 'idle';
          this.notify();
          return;
        } catch (e) {
          this.failed++;
          this.lastError = errorText(e);
          if (this.closed || (e instanceof SinkError && !e.retryable)) {
            this.dropped += req.records;
            this.state = this.closed ? 'closed' : 'idle';
            return;
          }
          attempt++;
          this.state = 'backoff';
          this.notify();
          await new Promise<void>((resolve) => {
            const t = setTimeout(wake, backoffDelay(attempt, this.opts));
            function wake() {
              clearTimeout(t);
              resolve();
            }
            this.wakeBackoff = wake;
          });
          this.wakeBackoff = null;
        }
      }
    } finally {
      this.inFlight = 0;
    }
  }

  async close(timeoutMs = 10_000): Promise<SinkStats> {
    if (this.closed) return this.stats();
    this.closing = true;
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.notify();
    this.kick();
    if (this.pumping || this.queue.records > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, timeoutMs));
        this.idleWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    // Out of time (or done): give up on what is left.
    this.closed = true;
    this.dropped += this.queue.clear();
    this.abort.abort();
    this.wakeBackoff?.();
    if (this.pumping) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.state = 'closed';
    this.notify();
    await this.shutdown();
    return this.stats();
  }

  /** Releases connections (WebSocket); called once by close. */
  protected async shutdown(): Promise<void> {}
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Concatenates the lines of a batch (or the ones of service `type`). */
export function joinLines(batch: LineBatch, type?: number): Uint8Array {
  let n = 0;
  for (let i = 0; i < batch.count; i++) if (type === undefined || batch.type(i) === type) n += batch.line(i).length;
  const out = new Uint8Array(n);
  let p = 0;
  for (let i = 0; i < batch.count; i++) {
    if (type !== undefined && batch.type(i) !== type) continue;
    const l = batch.line(i);
    out.set(l, p);
    p += l.length;
  }
  return out;
}
