/**
 * WebSocket sink: each batch is one text message of NDJSON lines (one record per line, the legacy Kafka
 * shape). The socket is opened lazily and reopened with backoff after a failure. WebSocket has no
 * application acknowledgement: a batch counts as sent once handed to an open socket, and the sink waits
 * for the socket's send buffer to drain before handing it the next batch (backpressure).
 * The WebSocket class is injected: the browser's native one, or the `ws` package in Node (ws-node.ts).
 */
import type { LineBatch } from './queue.ts';
import { joinLines, RetryingSink, SinkError, type BatchingOptions, type SinkRequest } from './sink.ts';

/** The part of the WebSocket API the sink uses (browser WebSocket and `ws` both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;
/** Send-buffer level above which the sink waits before sending more. */
const HIGH_WATER = 8 << 20;

interface TextRequest extends SinkRequest {
  text: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class WebSocketSink extends RetryingSink<TextRequest> {
  readonly kind = 'websocket';
  private socket: WebSocketLike | null = null;
  private readonly decoder = new TextDecoder();

  constructor(
    url: string,
    private readonly create: WebSocketFactory,
    opts: Partial<BatchingOptions> = {},
  ) {
    super(url, opts);
  }

  protected prepare(batch: LineBatch): TextRequest[] {
    return [{ records: batch.count, text: this.decoder.decode(joinLines(batch)) }];
  }

  private connect(signal: AbortSignal): Promise<WebSocketLike> {
    if (this.socket && this.socket.readyState === OPEN) return Promise.resolve(this.socket);
    this.drop();
    return new Promise<WebSocketLike>((resolve, reject) => {
      let ws: WebSocketLike;
      try {
        ws = this.create(this.target);
      } catch (e) {
        reject(new SinkError(`WebSocket ${this.target}: ${e instanceof Error ? e.message : String(e)}`, true));
        return;
      }
      this.socket = ws;
      const fail = (why: string) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.socket === ws) this.drop();
        reject(new SinkError(`WebSocket ${this.target}: ${why}`, true));
      };
      const onAbort = () => fail('closed');
      const timer = setTimeout(() => fail(`no connection after ${this.opts.requestTimeoutMs} ms`), this.opts.requestTimeoutMs);
      signal.addEventListener('abort', onAbort);
      ws.onopen = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        ws.onerror = () => undefined;
        ws.onclose = () => {
          if (this.socket === ws) this.socket = null;
        };
        resolve(ws);
      };
      ws.onerror = (ev) => fail(`connection failed${errMsg(ev)}`);
      ws.onclose = () => fail('connection closed');
    });
  }

  protected async deliver(req: TextRequest, signal: AbortSignal): Promise<void> {
    const ws = await this.connect(signal);
    const deadline = Date.now() + this.opts.requestTimeoutMs;
    while (ws.bufferedAmount > HIGH_WATER) {
      if (ws.readyState !== OPEN) throw new SinkError(`WebSocket ${this.target}: connection closed`, true);
      if (Date.now() > deadline || signal.aborted) throw new SinkError(`WebSocket ${this.target}: send buffer not draining`, true);
      await sleep(10);
    }
    if (ws.readyState !== OPEN) throw new SinkError(`WebSocket ${this.target}: connection closed`, true);
    ws.send(req.text);
  }

  private drop(): void {
    const s = this.socket;
    this.socket = null;
    if (!s) return;
    s.onopen = s.onclose = s.onerror = null;
    try {
      s.close();
    } catch {
      /* already closed */
    }
  }

  protected override async shutdown(): Promise<void> {
    const s = this.socket;
    if (!s) return;
    // Let queued frames leave before closing (bounded wait).
    const deadline = Date.now() + 2000;
    while (s.readyState === OPEN && s.bufferedAmount > 0 && Date.now() < deadline) await sleep(10);
    this.drop();
  }
}

function errMsg(ev: unknown): string {
  const m = ev && typeof ev === 'object' && 'message' in ev ? String((ev as { message: unknown }).message) : '';
  return m ? ` (${m})` : '';
}
