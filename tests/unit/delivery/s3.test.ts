/**
 * The platform-neutral S3 delivery (src/delivery/s3.ts) shared by the CLI and the web app: key planning,
 * object URLs, and the writer's request sequence (temporary PUT, server-side copy, DELETE) signed with
 * SigV4, with retries on 5xx, an immediate stop on credential errors, and no secret in any header,
 * URL or message. fetch is replaced by a recorder; the signature is checked by recomputing it.
 */
import { AwsV4Signer } from 'aws4fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RetriesExhaustedError, withRetry } from '../../../src/delivery/retry.ts';
import {
  encodeKey,
  isFatalResponse,
  normPrefix,
  objectUrl,
  parseEndpoint,
  S3FatalError,
  S3NetworkError,
  S3ObjectWriter,
  s3ErrorCode,
  tempKeyOf,
  uploadOrder,
} from '../../../src/delivery/s3.ts';
import { failureOf, redactUrl } from '../../../src/state/s3-upload.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('key planning', () => {
  it('normalises prefixes', () => {
    expect(normPrefix(undefined)).toBe('');
    expect(normPrefix('')).toBe('');
    expect(normPrefix('/')).toBe('');
    expect(normPrefix('cdr/in')).toBe('cdr/in/');
    expect(normPrefix('//cdr/in/')).toBe('cdr/in/');
    expect(normPrefix(' drop ')).toBe('drop/');
  });

  it('puts temporary objects in a hidden folder under the prefix, never under the final name', () => {
    expect(tempKeyOf('cdr/', 'type=voice/date=2025-10-01/part-00000.csv')).toBe(
      'cdr/.cdrgen-incoming/type=voice/date=2025-10-01/part-00000.csv.partial',
    );
    expect(tempKeyOf('', 'voice_cdr_20251001_01.csv')).toBe('.cdrgen-incoming/voice_cdr_20251001_01.csv.partial');
  });

  it('sends manifest.json (the root one) last, everything else in order', () => {
    const rels = ['schema.sql', 'manifest.json', 'README.md', 'voice_cdr_20251001_01.csv', 'voice/metadata/manifest.json'];
    expect(uploadOrder(rels, (r) => r)).toEqual([
      'schema.sql',
      'README.md',
      'voice_cdr_20251001_01.csv',
      'voice/metadata/manifest.json',
      'manifest.json',
    ]);
  });

  it('builds path-style and virtual-hosted object URLs with encoded keys', () => {
    const loc = { endpoint: 'http://127.0.0.1:9000/', region: 'us-east-1', bucket: 'raw' };
    expect(objectUrl(loc, 'type=voice/date=2025-10-01/a b.csv')).toBe('http://127.0.0.1:9000/raw/type%3Dvoice/date%3D2025-10-01/a%20b.csv');
    expect(objectUrl({ ...loc, pathStyle: false }, 'x/y.csv')).toBe('http://raw.127.0.0.1:9000/x/y.csv');
    expect(objectUrl({ region: 'eu-west-3', bucket: 'lake', pathStyle: false }, 'k')).toBe('https://lake.s3.eu-west-3.amazonaws.com/k');
    expect(objectUrl({ region: 'eu-west-3', bucket: 'lake' }, 'k')).toBe('https://s3.eu-west-3.amazonaws.com/lake/k');
    expect(encodeKey('a/b c/ü')).toBe('a/b%20c/%C3%BC');
  });

  it('accepts only http(s) endpoints without credentials or query', () => {
    expect(parseEndpoint('http://127.0.0.1:9000')?.host).toBe('127.0.0.1:9000');
    expect(parseEndpoint('https://minio.example/s3')?.pathname).toBe('/s3');
    for (const bad of ['ftp://x', 'http://user:pw@host', 'http://h?x=1', 'javascript:alert(1)', 'host:9000', 'http://'])
      expect(parseEndpoint(bad), bad).toBeNull();
  });

  it('classifies S3 answers', () => {
    expect(s3ErrorCode('<Error><Code>SlowDown</Code></Error>')).toBe('SlowDown');
    expect(s3ErrorCode('')).toBeNull();
    expect(isFatalResponse(403, 'SignatureDoesNotMatch')).toBe(true);
    expect(isFatalResponse(404, 'NoSuchBucket')).toBe(true);
    expect(isFatalResponse(503, 'SlowDown')).toBe(false);
    expect(isFatalResponse(500, null)).toBe(false);
    expect(isFatalResponse(429, null)).toBe(false);
    expect(isFatalResponse(408, null)).toBe(false);
  });
});

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Replaces fetch with a recorder answering from `answer` (default 200). */
function recordFetch(answer: (r: Seen, n: number) => Response | Promise<Response> = () => new Response('', { status: 200 })): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal('fetch', async (req: Request) => {
    const r: Seen = {
      method: req.method,
      url: req.url,
      headers: Object.fromEntries(req.headers),
      body: req.body ? await req.text() : '',
    };
    seen.push(r);
    return answer(r, seen.length);
  });
  return seen;
}

const writer = (extra: Partial<ConstructorParameters<typeof S3ObjectWriter>[0]> = {}) =>
  new S3ObjectWriter({
    endpoint: 'http://127.0.0.1:9000',
    region: 'us-east-1',
    bucket: 'raw',
    prefix: 'cdr/in',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    retry: { retries: 3, baseMs: 1, maxMs: 2 },
    ...extra,
  });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('S3ObjectWriter', () => {
  it('PUTs to the temporary key, copies into place, deletes the temporary key; every request validly signed, no secret sent', async () => {
    const seen = recordFetch();
    const steps: string[] = [];
    await writer().put('voice_cdr_20251001_01.csv', new TextEncoder().encode('a,b\n1,2\n'), { onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['upload', 'copy', 'cleanup']);
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'PUT /raw/cdr/in/.cdrgen-incoming/voice_cdr_20251001_01.csv.partial',
      'PUT /raw/cdr/in/voice_cdr_20251001_01.csv',
      'DELETE /raw/cdr/in/.cdrgen-incoming/voice_cdr_20251001_01.csv.partial',
    ]);
    expect(seen[0]!.body).toBe('a,b\n1,2\n');
    expect(seen[1]!.body).toBe('');
    expect(seen[1]!.headers['x-amz-copy-source']).toBe('/raw/cdr/in/.cdrgen-incoming/voice_cdr_20251001_01.csv.partial');
    for (const r of seen) {
      expect(r.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
      );
      // Recompute the signature with the secret: the request is signed with it, and carries it nowhere.
      const signed = /SignedHeaders=([^,]+)/.exec(r.headers.authorization!)![1]!.split(';');
      const headers = Object.fromEntries(signed.filter((h) => h !== 'host').map((h) => [h, r.headers[h]!]));
      const again = await new AwsV4Signer({
        method: r.method,
        url: r.url,
        headers,
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: SECRET,
        service: 's3',
        region: 'us-east-1',
        datetime: r.headers['x-amz-date'],
      }).sign();
      expect(again.headers.get('authorization')).toBe(r.headers.authorization);
      expect(JSON.stringify(r)).not.toContain(SECRET);
      expect(JSON.stringify(r)).not.toContain(encodeURIComponent(SECRET));
    }
  });

  it('retries 5xx answers with backoff and reports each retry', async () => {
    const seen = recordFetch((_r, n) =>
      n <= 2 ? new Response('<Error><Code>SlowDown</Code></Error>', { status: 503 }) : new Response('', { status: 200 }),
    );
    const retries: string[] = [];
    await writer({ onRetry: (f, n, e) => retries.push(`${f} ${n} ${e.message}`) }).put('a.csv', new Uint8Array([1]));
    expect(retries).toEqual([
      'a.csv 1 S3 PUT s3://raw/cdr/in/.cdrgen-incoming/a.csv.partial failed: SlowDown',
      'a.csv 2 S3 PUT s3://raw/cdr/in/.cdrgen-incoming/a.csv.partial failed: SlowDown',
    ]);
    expect(seen).toHaveLength(5);
  });

  it('stops at once on rejected credentials, with the status and code and without the secret', async () => {
    const seen = recordFetch(() => new Response('<Error><Code>SignatureDoesNotMatch</Code></Error>', { status: 403 }));
    const e = await writer()
      .put('a.csv', new Uint8Array([1]))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(S3FatalError);
    expect((e as S3FatalError).status).toBe(403);
    expect((e as S3FatalError).code).toBe('SignatureDoesNotMatch');
    expect((e as Error).message).toBe('S3 rejected the credentials (SignatureDoesNotMatch) for bucket raw');
    expect(seen).toHaveLength(1);
    const f = failureOf('a.csv', e);
    expect(f).toMatchObject({ kind: 'credentials', file: 'a.csv', status: 403, code: 'SignatureDoesNotMatch' });
    expect(JSON.stringify(f)).not.toContain(SECRET);
  });

  it('treats a copy answered 200 with an <Error> body as a failure', async () => {
    recordFetch((r) =>
      r.headers['x-amz-copy-source']
        ? new Response('<Error><Code>InternalError</Code></Error>', { status: 200 })
        : new Response('', { status: 200 }),
    );
    const e = await writer({ retry: { retries: 1, baseMs: 1, maxMs: 1 } })
      .put('a.csv', new Uint8Array([1]))
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RetriesExhaustedError);
    expect((e as Error).message).toMatch(/upload of a\.csv: failed after 2 attempts .*InternalError/);
  });

  it('reports a blocked or failed fetch (CORS in a browser) as a network failure naming the endpoint', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const e = await writer({ retry: { retries: 0, baseMs: 1, maxMs: 1 } })
      .put('a.csv', new Uint8Array([1]))
      .catch((x: unknown) => x);
    expect((e as RetriesExhaustedError).last).toBeInstanceOf(S3NetworkError);
    expect((e as Error).message).toContain('cannot reach http://127.0.0.1:9000 (Failed to fetch)');
    expect(failureOf('a.csv', e).kind).toBe('network');
  });

  it('stops retrying when aborted', async () => {
    recordFetch(() => new Response('', { status: 503 }));
    const c = new AbortController();
    const p = writer({ retry: { retries: 50, baseMs: 20, maxMs: 20 } }).put('a.csv', new Uint8Array([1]), { signal: c.signal });
    setTimeout(() => c.abort(new Error('cancelled')), 30);
    await expect(p).rejects.toThrow('cancelled');
  });

  it('a cancel during an attempt ends with the cancellation, not with that attempt’s error', async () => {
    // The server answers 503 after 60 ms; the cancel comes 10 ms into the first attempt.
    recordFetch(() => new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('', { status: 503 })), 60)));
    const c = new AbortController();
    const p = writer({ retry: { retries: 5, baseMs: 1, maxMs: 1 } }).put('a.csv', new Uint8Array([1]), { signal: c.signal });
    setTimeout(() => c.abort(new Error('cancelled')), 10);
    await expect(p).rejects.toThrow('cancelled');
  });
});

describe('helpers', () => {
  it('withRetry gives up after the policy and keeps the last error', async () => {
    let n = 0;
    const e = await withRetry('x', { retries: 2, baseMs: 1, maxMs: 1 }, () => Promise.reject(new Error(`boom ${++n}`))).catch(
      (x: unknown) => x,
    );
    expect(n).toBe(3);
    expect((e as RetriesExhaustedError).last.message).toBe('boom 3');
  });

  it('redacts a pre-signed URL to its origin and path', () => {
    expect(redactUrl('https://b.s3.amazonaws.com/k/x.zip?X-Amz-Signature=abc&X-Amz-Credential=AK')).toBe(
      'https://b.s3.amazonaws.com/k/x.zip',
    );
  });
});
