/**
 * HTTP sinks (fetch: browsers, workers and Node ≥ 18):
 * - `HttpSink`: POST each batch as NDJSON (`application/x-ndjson`, one record per line) to a URL;
 * - `KafkaRestSink`: Confluent Kafka REST Proxy v2, one `POST <base>/topics/<type>-bronze-cdr` per topic
 *   per batch with `{"records":[{"value":{…}},…]}` (`application/vnd.kafka.json.v2+json`).
 */
import type { ServiceType } from '../../core/profiles/types.ts';
import { TYPE_CODES } from '../merge.ts';
import type { LineBatch } from './queue.ts';
import { joinLines, RetryingSink, SinkError, type BatchingOptions, type SinkRequest } from './sink.ts';

/** Statuses worth retrying: timeouts, throttling and server errors. Others (4xx) are permanent. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 425 || status === 429 || status >= 500;

interface PostRequest extends SinkRequest {
  url: string;
  body: Uint8Array;
  contentType: string;
  accept?: string;
}

/** POSTs bytes; resolves on 2xx, throws a SinkError otherwise (retryable per `isRetryableStatus` or on network errors). */
export async function postBytes(req: PostRequest, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const any = AbortSignal.any ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: 'POST',
      headers: { 'Content-Type': req.contentType, ...(req.accept ? { Accept: req.accept } : {}) },
      body: req.body as Uint8Array<ArrayBuffer>,
      signal: any,
    });
  } catch (e) {
    const why = timeout.aborted ? `timed out after ${timeoutMs} ms` : e instanceof Error ? e.message : String(e);
    throw new SinkError(`POST ${req.url}: ${why}`, true);
  }
  // Read the body so the connection can be reused.
  const text = await res.text().catch(() => '');
  if (res.ok) return;
  throw new SinkError(
    `POST ${req.url}: HTTP ${res.status}${text ? ` ${text.slice(0, 120).replace(/\s+/g, ' ')}` : ''}`,
    isRetryableStatus(res.status),
  );
}

/** POSTs NDJSON batches to any URL. */
export class HttpSink extends RetryingSink<PostRequest> {
  readonly kind = 'http';

  constructor(url: string, opts: Partial<BatchingOptions> = {}) {
    super(url, opts);
  }

  protected prepare(batch: LineBatch): PostRequest[] {
    return [{ records: batch.count, url: this.target, body: joinLines(batch), contentType: 'application/x-ndjson' }];
  }

  protected deliver(req: PostRequest, signal: AbortSignal): Promise<void> {
    return postBytes(req, this.opts.requestTimeoutMs, signal);
  }
}

/** Kafka topic of a service on the legacy platform. */
export const topicOf = (type: ServiceType): string => `${type}-bronze-cdr`;

const enc = new TextEncoder();
const OPEN = enc.encode('{"records":[');
const VALUE = enc.encode('{"value":');
const SEP = enc.encode('},');
const CLOSE = enc.encode('}]}');
const EMPTY_CLOSE = enc.encode(']}');

/** The Kafka REST v2 JSON body of NDJSON lines: `{"records":[{"value":<line>},…]}` (built from bytes, no parsing). */
export function kafkaBody(lines: readonly Uint8Array[]): Uint8Array {
  const len = (l: Uint8Array) => (l[l.length - 1] === 10 ? l.length - 1 : l.length);
  let n = OPEN.length + (lines.length ? CLOSE.length + SEP.length * (lines.length - 1) : EMPTY_CLOSE.length);
  for (const l of lines) n += VALUE.length + len(l);
  const out = new Uint8Array(n);
  out.set(OPEN, 0);
  let p = OPEN.length;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (i > 0) {
      out.set(SEP, p);
      p += SEP.length;
    }
    out.set(VALUE, p);
    p += VALUE.length;
    out.set(l.subarray(0, len(l)), p);
    p += len(l);
  }
  out.set(lines.length ? CLOSE : EMPTY_CLOSE, p);
  return out;
}

/** Produces to the legacy topics through a Kafka REST Proxy (v2 API). `base` = the proxy URL, e.g. http://host:8082. */
export class KafkaRestSink extends RetryingSink<PostRequest> {
  readonly kind = 'kafka-rest';

  constructor(base: string, opts: Partial<BatchingOptions> = {}) {
    super(base.replace(/\/+$/, ''), opts);
  }

  protected prepare(batch: LineBatch): PostRequest[] {
    const byType: Uint8Array[][] = [[], [], []];
    for (let i = 0; i < batch.count; i++) byType[batch.type(i)]!.push(batch.line(i));
    const out: PostRequest[] = [];
    byType.forEach((lines, t) => {
      if (!lines.length) return;
      out.push({
        records: lines.length,
        url: `${this.target}/topics/${topicOf(TYPE_CODES[t]!)}`,
        body: kafkaBody(lines),
        contentType: 'application/vnd.kafka.json.v2+json',
        accept: 'application/vnd.kafka.v2+json',
      });
    });
    return out;
  }

  protected deliver(req: PostRequest, signal: AbortSignal): Promise<void> {
    return postBytes(req, this.opts.requestTimeoutMs, signal);
  }
}
