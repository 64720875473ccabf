/**
 * S3 / MinIO delivery shared by `cdrgen --storage s3` (Node) and the web app's "Send to S3" (browser): key
 * planning (prefix, temporary key, upload order), object URLs (path-style or virtual-hosted), and a writer
 * signed with SigV4 (aws4fetch) that PUTs to a temporary key, copies it into place server-side and deletes
 * the temporary key, so that a bucket watcher never sees half a file. Platform-neutral: fetch + WebCrypto.
 * No message built here ever contains a secret (keys, URLs and S3 error codes only).
 */
import { AwsClient } from 'aws4fetch';
import { DEFAULT_RETRY, FatalUploadError, withRetry, type RetryPolicy } from './retry.ts';

/** Where objects go. */
export interface S3Location {
  /** e.g. http://127.0.0.1:9000 (MinIO); default https://s3.<region>.amazonaws.com. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Path-style URLs (`endpoint/bucket/key`, MinIO and most S3-compatible servers); else `bucket.host/key`. Default true. */
  pathStyle?: boolean;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A prefix as a key start: no leading slash, a trailing slash unless empty (`cdr/in` → `cdr/in/`). */
export function normPrefix(p: string | undefined): string {
  if (!p) return '';
  const t = p.trim().replace(/^\/+/, '');
  return t.endsWith('/') || t === '' ? t : `${t}/`;
}

/** A key as a URL path (each segment percent-encoded, `/` kept). */
export const encodeKey = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

/** The temporary key a file is written to before it is copied into place. */
export const tempKeyOf = (prefix: string, rel: string): string => `${prefix}.cdrgen-incoming/${rel}.partial`;

/** Upload order: everything as listed, then manifest.json last (its arrival means the dataset is complete). */
export function uploadOrder<T>(items: readonly T[], pathOf: (t: T) => string): T[] {
  const isManifest = (t: T) => pathOf(t).split('/').pop() === 'manifest.json' && !pathOf(t).includes('/');
  return [...items.filter((t) => !isManifest(t)), ...items.filter(isManifest)];
}

/** The endpoint without trailing slashes (AWS's regional endpoint by default). */
export const endpointOf = (loc: S3Location): string =>
  (loc.endpoint?.trim() || `https://s3.${loc.region}.amazonaws.com`).replace(/\/+$/, '');

/** `http(s)://host[:port]` with an optional path; null when it is not one (the field's validation). */
export function parseEndpoint(text: string): URL | null {
  const t = text.trim();
  if (!/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i.test(t)) return null;
  try {
    return new URL(t);
  } catch {
    return null;
  }
}

/** The URL of an object. */
export function objectUrl(loc: S3Location, key: string): string {
  const endpoint = endpointOf(loc);
  if (loc.pathStyle === false) {
    const u = new URL(endpoint);
    return `${u.protocol}//${loc.bucket}.${u.host}${u.pathname.replace(/\/+$/, '')}/${encodeKey(key)}`;
  }
  return `${endpoint}/${encodeURIComponent(loc.bucket)}/${encodeKey(key)}`;
}

/** S3 error codes that retrying cannot fix. */
const FATAL_CODES = ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'NoSuchBucket', 'InvalidBucketName'];
const CREDENTIAL_CODES = ['InvalidAccessKeyId', 'SignatureDoesNotMatch'];

/** The `<Code>` of an S3 XML error body, if any. */
export const s3ErrorCode = (body: string): string | null => /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? null;

/** Whether a response status / S3 code is worth retrying (5xx, 408, 429 and unknown failures are). */
export const isFatalResponse = (status: number, code: string | null): boolean =>
  (code !== null && FATAL_CODES.includes(code)) || (status >= 400 && status < 500 && status !== 408 && status !== 429);

/** An S3 answer that is not a success: HTTP status and S3 code (fatal ones also extend FatalUploadError). */
export interface S3ResponseFailure {
  readonly status: number;
  readonly code: string | null;
  readonly key: string;
}

/** A non-retryable S3 answer (credentials, permissions, missing bucket, other 4xx). */
export class S3FatalError extends FatalUploadError implements S3ResponseFailure {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly key: string,
  ) {
    super(message);
  }
}

/** A retryable S3 answer (5xx, throttling). */
export class S3RetryableError extends Error implements S3ResponseFailure {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly key: string,
  ) {
    super(message);
    this.name = 'S3RetryableError';
  }
}

/** fetch itself failed: server unreachable, or (in a browser) the request was blocked, usually by CORS. */
export class S3NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'S3NetworkError';
  }
}

export type S3Body = Uint8Array | Blob;

export interface S3WriterOptions extends S3Location, S3Credentials {
  /** Key prefix (normalised with normPrefix). */
  prefix: string;
  retry?: RetryPolicy;
  onRetry?: (file: string, attempt: number, e: Error) => void;
}

/** What a put is doing (for progress). */
export type PutStep = 'upload' | 'copy' | 'cleanup';

/** Writes objects under a prefix: temporary key, server-side copy into place, temporary key deleted. */
export class S3ObjectWriter {
  /** s3://bucket/prefix (never a secret). */
  readonly where: string;
  readonly prefix: string;
  private readonly client: AwsClient;

  constructor(private readonly o: S3WriterOptions) {
    this.prefix = normPrefix(o.prefix);
    this.where = `s3://${o.bucket}/${this.prefix}`;
    this.client = new AwsClient({
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      sessionToken: o.sessionToken,
      service: 's3',
      region: o.region,
      retries: 0,
    });
  }

  /** The final key of a file. */
  keyOf(rel: string): string {
    return this.prefix + rel;
  }

  private async call(
    method: string,
    key: string,
    init: { body?: S3Body; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    let res: Response;
    try {
      res = await this.client.fetch(objectUrl(this.o, key), {
        method,
        body: init.body as BodyInit | undefined,
        headers: init.headers,
        signal: init.signal,
      });
    } catch (e) {
      if (init.signal?.aborted) throw e;
      const err = e as Error;
      throw new S3NetworkError(
        `cannot reach ${this.o.endpoint || 'S3'} (${err.cause instanceof Error ? err.cause.message : err.message})`,
        {
          cause: e,
        },
      );
    }
    // A copy can fail after its 200 status line: the error is then in the body.
    const text = res.ok && method !== 'PUT' ? '' : await res.text().catch(() => '');
    const code = s3ErrorCode(text);
    if (res.ok && !(code && /<Error>/.test(text))) return res;
    const status = res.ok ? 500 : res.status;
    const msg = `S3 ${method} s3://${this.o.bucket}/${key} failed: ${code ?? `HTTP ${status}`}`;
    if (isFatalResponse(status, code))
      throw new S3FatalError(
        code && CREDENTIAL_CODES.includes(code) ? `S3 rejected the credentials (${code}) for bucket ${this.o.bucket}` : msg,
        status,
        code,
        key,
      );
    throw new S3RetryableError(msg, status, code, key);
  }

  /** Writes `rel` (path relative to the prefix) with retries; `onStep` hears each phase. */
  async put(rel: string, body: S3Body, opts: { signal?: AbortSignal; onStep?: (step: PutStep) => void } = {}): Promise<void> {
    const key = this.keyOf(rel);
    const tmp = tempKeyOf(this.prefix, rel);
    const policy = this.o.retry ?? DEFAULT_RETRY;
    const onRetry = (n: number, e: Error) => this.o.onRetry?.(rel, n, e);
    const { signal } = opts;
    opts.onStep?.('upload');
    await withRetry(`upload of ${rel}`, policy, () => this.call('PUT', tmp, { body, signal }), onRetry, signal);
    opts.onStep?.('copy');
    await withRetry(
      `upload of ${rel}`,
      policy,
      () => this.call('PUT', key, { headers: { 'x-amz-copy-source': `/${this.o.bucket}/${encodeKey(tmp)}` }, signal }),
      onRetry,
      signal,
    );
    opts.onStep?.('cleanup');
    await withRetry(`cleanup of ${rel}`, policy, () => this.call('DELETE', tmp, { signal }), onRetry, signal);
  }

  /** Deletes the temporary key of `rel` (best effort, after a failed put). */
  async discardTemp(rel: string): Promise<void> {
    await this.call('DELETE', tempKeyOf(this.prefix, rel)).catch(() => undefined);
  }
}
