/**
 * "Send to S3": uploads the files of the finished run (the ZIP's layout: legacy names or partition
 * folders, manifest.json last) to S3 / MinIO, signed with SigV4 in the page from credentials the user
 * types, or the ZIP to one pre-signed PUT URL. Each object goes to a temporary key, then is copied into
 * place and the temporary key deleted (src/delivery/s3.ts, shared with the CLI), with retries and backoff.
 *
 * Secrets: the secret key lives in this store's memory only. It is never persisted, never put in a URL,
 * a message, a log or the manifest. "Remember" keeps endpoint, region, bucket, prefix and the path-style
 * choice in localStorage, nothing else (a pre-signed URL is a credential too: never remembered, and shown
 * without its query string).
 */
import { create } from 'zustand';
import { RetriesExhaustedError, withRetry, type RetryPolicy } from '../delivery/retry.ts';
import {
  normPrefix,
  parseEndpoint,
  S3FatalError,
  S3NetworkError,
  S3ObjectWriter,
  S3RetryableError,
  uploadOrder,
  type S3ResponseFailure,
} from '../delivery/s3.ts';
import { pageAllowsConnect } from '../lib/csp.ts';
import { runOutput } from './run.ts';

export type S3Mode = 'credentials' | 'presigned';

/** What "remember" keeps (no secret). */
export interface S3Target {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
}

export interface S3FormValues extends S3Target {
  mode: S3Mode;
  accessKey: string;
  /** In memory only. */
  secret: string;
  /** In memory only (its query string is a credential). */
  presignedUrl: string;
  remember: boolean;
}

export type S3Field = 'endpoint' | 'region' | 'bucket' | 'prefix' | 'accessKey' | 'secret' | 'presignedUrl';
/** Field problems, as message keys (translated by the view). */
export type S3FieldError = 'required' | 'endpoint' | 'bucket' | 'url' | 'csp';

export type UploadFileStatus = 'waiting' | 'uploading' | 'copying' | 'done' | 'failed';

export interface UploadFile {
  path: string;
  bytes: number;
  status: UploadFileStatus;
  /** Retries so far (0 on a first-time success). */
  retries: number;
}

/** Why an upload stopped: the file, and the HTTP status / S3 code when the server answered. */
export interface UploadFailure {
  /** network: fetch itself failed (CORS, endpoint down, blocked); credentials: the server rejected the keys. */
  kind: 'network' | 'credentials' | 'http' | 'other';
  file: string;
  status?: number;
  code?: string;
  /** Free text without secrets (S3 error code, fetch's message). */
  detail: string;
}

export type UploadPhase = 'idle' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface S3UploadState {
  values: S3FormValues;
  phase: UploadPhase;
  files: UploadFile[];
  failure: UploadFailure | null;
  /** s3://bucket/prefix or the pre-signed URL without its query, while / after uploading. */
  destination: string | null;
  /** The run the files came from (result key): a new run resets the upload view. */
  runKey: string | null;
}

export const S3_TARGET_KEY = 'cdr-studio.s3-target.v1';

/** Retries of each request (backoff 400 ms, 800 ms, … at most 5 s). */
export const UPLOAD_RETRY: RetryPolicy = { retries: 4, baseMs: 400, maxMs: 5000 };
/** Objects in flight at once (manifest.json always waits for all the others). */
export const UPLOAD_CONCURRENCY = 3;

const EMPTY_TARGET: S3Target = { endpoint: '', region: 'us-east-1', bucket: '', prefix: '', pathStyle: true };

/** The remembered target (never a secret: only the known keys of the right types are read back). */
export function recallTarget(storage: Storage | undefined = globalThis.localStorage): S3Target | null {
  try {
    const raw = storage?.getItem(S3_TARGET_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (!v || typeof v !== 'object') return null;
    const str = (k: keyof S3Target, max = 512) => (typeof v[k] === 'string' ? (v[k] as string).slice(0, max) : EMPTY_TARGET[k]) as string;
    return {
      endpoint: str('endpoint'),
      region: str('region', 64) || 'us-east-1',
      bucket: str('bucket', 63),
      prefix: str('prefix'),
      pathStyle: typeof v.pathStyle === 'boolean' ? v.pathStyle : true,
    };
  } catch {
    return null;
  }
}

/** Stores or forgets the target; only endpoint, region, bucket, prefix and path-style are written. */
export function rememberTarget(values: S3FormValues, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (!values.remember) return storage?.removeItem(S3_TARGET_KEY);
    const { endpoint, region, bucket, prefix, pathStyle } = values;
    storage?.setItem(S3_TARGET_KEY, JSON.stringify({ endpoint, region, bucket, prefix, pathStyle } satisfies S3Target));
  } catch {
    /* storage disabled */
  }
}

function initialValues(): S3FormValues {
  const t = recallTarget();
  return { ...EMPTY_TARGET, ...t, mode: 'credentials', accessKey: '', secret: '', presignedUrl: '', remember: t !== null };
}

export const useS3Upload = create<S3UploadState>()(() => ({
  values: initialValues(),
  phase: 'idle',
  files: [],
  failure: null,
  destination: null,
  runKey: null,
}));

/** S3 bucket naming rules (3–63 lower-case letters, digits, dots, hyphens; starts and ends alphanumeric). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The field problems of the form (empty when it can be sent). */
export function checkS3Form(v: S3FormValues, allows: (url: string) => boolean = pageAllowsConnect): Partial<Record<S3Field, S3FieldError>> {
  const e: Partial<Record<S3Field, S3FieldError>> = {};
  if (v.mode === 'presigned') {
    const u = v.presignedUrl.trim();
    if (!u) e.presignedUrl = 'required';
    else if (!parseEndpoint(u.split('?')[0]!) || !/[?&]X-Amz-Signature=/i.test(u)) e.presignedUrl = 'url';
    else if (!allows(u)) e.presignedUrl = 'csp';
    return e;
  }
  if (v.endpoint.trim()) {
    const ep = parseEndpoint(v.endpoint);
    if (!ep) e.endpoint = 'endpoint';
    else if (!allows(ep.href)) e.endpoint = 'csp';
  }
  if (!v.region.trim()) e.region = 'required';
  if (!v.bucket.trim()) e.bucket = 'required';
  else if (!BUCKET.test(v.bucket.trim())) e.bucket = 'bucket';
  if (!v.accessKey.trim()) e.accessKey = 'required';
  if (!v.secret) e.secret = 'required';
  return e;
}

/** Edits the form; "remember" is applied at once (ticking stores, unticking forgets). */
export function setS3Values(patch: Partial<S3FormValues>): void {
  const values = { ...useS3Upload.getState().values, ...patch };
  useS3Upload.setState({ values });
  if ('remember' in patch || values.remember) rememberTarget(values);
}

/** The pre-signed URL without its query string (which carries the signature). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Classifies an upload error for the view (no secret can be in it: messages come from src/delivery). */
export function failureOf(file: string, e: unknown): UploadFailure {
  const err = e instanceof RetriesExhaustedError ? e.last : e;
  if (err instanceof S3NetworkError || err instanceof TypeError) return { kind: 'network', file, detail: err.message };
  if (err instanceof S3FatalError || err instanceof S3RetryableError) {
    const f = err as S3ResponseFailure;
    const credentials = ['InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(f.code ?? '');
    return { kind: credentials ? 'credentials' : 'http', file, status: f.status, code: f.code ?? undefined, detail: err.message };
  }
  return { kind: 'other', file, detail: err instanceof Error ? err.message : String(err) };
}

let controller: AbortController | null = null;

const patchFile = (path: string, patch: Partial<UploadFile>) =>
  useS3Upload.setState((s) => ({ files: s.files.map((f) => (f.path === path ? { ...f, ...patch } : f)) }));

/** Uploads the last run (all files, or the ZIP to a pre-signed URL); resolves when it ends (any way). */
export async function startS3Upload(): Promise<void> {
  const st = useS3Upload.getState();
  const run = runOutput();
  if (st.phase === 'uploading' || !run) return;
  const v = st.values;
  if (Object.keys(checkS3Form(v)).length) return;
  rememberTarget(v);
  const abort = new AbortController();
  controller = abort;
  const { signal } = abort;
  const onRetry = (file: string, attempt: number) => {
    if (controller === abort) patchFile(file, { retries: attempt });
  };

  if (v.mode === 'presigned') {
    const url = v.presignedUrl.trim();
    useS3Upload.setState({
      phase: 'uploading',
      failure: null,
      runKey: run.key,
      destination: redactUrl(url),
      files: [{ path: run.zipName, bytes: 0, status: 'waiting', retries: 0 }],
    });
    try {
      const zip = await run.zip;
      patchFile(run.zipName, { bytes: zip.size, status: 'uploading' });
      await withRetry(
        `upload of ${run.zipName}`,
        UPLOAD_RETRY,
        async () => {
          let res: Response;
          try {
            res = await fetch(url, { method: 'PUT', body: zip, signal, headers: { 'content-type': 'application/zip' } });
          } catch (e) {
            if (signal.aborted) throw e;
            throw new S3NetworkError(`cannot reach ${new URL(url).origin} (${(e as Error).message})`, { cause: e });
          }
          if (res.ok) return;
          const text = await res.text().catch(() => '');
          const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? null;
          const msg = `PUT ${redactUrl(url)} failed: ${code ?? `HTTP ${res.status}`}`;
          if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
            throw new S3FatalError(msg, res.status, code, redactUrl(url));
          throw new S3RetryableError(msg, res.status, code, redactUrl(url));
        },
        (n) => onRetry(run.zipName, n),
        signal,
      );
      if (controller !== abort) return;
      patchFile(run.zipName, { status: 'done' });
      useS3Upload.setState({ phase: 'done' });
    } catch (e) {
      if (controller !== abort || signal.aborted) return;
      patchFile(run.zipName, { status: 'failed' });
      useS3Upload.setState({ phase: 'failed', failure: failureOf(run.zipName, e) });
    }
    return;
  }

  const writer = new S3ObjectWriter({
    endpoint: v.endpoint.trim() || undefined,
    region: v.region.trim(),
    bucket: v.bucket.trim(),
    prefix: normPrefix(v.prefix),
    pathStyle: v.pathStyle,
    accessKeyId: v.accessKey.trim(),
    secretAccessKey: v.secret,
    retry: UPLOAD_RETRY,
    onRetry: (file, n) => onRetry(file, n),
  });
  const entries = uploadOrder(run.entries, (e) => e.path);
  useS3Upload.setState({
    phase: 'uploading',
    failure: null,
    runKey: run.key,
    destination: writer.where,
    files: entries.map((e) => ({ path: e.path, bytes: e.blob.size, status: 'waiting', retries: 0 })),
  });
  const manifest = entries.filter((e) => e.path === 'manifest.json');
  const data = entries.filter((e) => e.path !== 'manifest.json');
  const outcome: { failed: UploadFailure | null } = { failed: null };
  const putOne = async (e: { path: string; blob: Blob }) => {
    patchFile(e.path, { status: 'uploading' });
    try {
      await writer.put(e.path, e.blob, {
        signal,
        onStep: (step) => {
          if (step === 'copy' && controller === abort) patchFile(e.path, { status: 'copying' });
        },
      });
      if (controller === abort) patchFile(e.path, { status: 'done' });
    } catch (err) {
      if (!signal.aborted) {
        outcome.failed = failureOf(e.path, err);
        patchFile(e.path, { status: 'failed' });
        // Stop the other uploads: a dataset is delivered whole or reported as not delivered.
        abort.abort(new Error('stopped after a failed file'));
      }
      await writer.discardTemp(e.path);
    }
  };
  let next = 0;
  const lane = async () => {
    while (next < data.length && !signal.aborted) await putOne(data[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, data.length) }, lane));
  if (!signal.aborted) for (const m of manifest) await putOne(m);
  if (controller !== abort) return;
  controller = null;
  if (outcome.failed) {
    const failure = outcome.failed;
    useS3Upload.setState((s) => ({
      phase: 'failed',
      failure,
      files: s.files.map((f) => (f.status === 'uploading' || f.status === 'copying' ? { ...f, status: 'waiting' } : f)),
    }));
  } else useS3Upload.setState({ phase: 'done' });
}

/** Stops the upload in progress (objects already copied into place stay; manifest.json is only sent last). */
export function cancelS3Upload(): void {
  if (useS3Upload.getState().phase !== 'uploading') return;
  const c = controller;
  controller = null;
  c?.abort(new Error('cancelled'));
  useS3Upload.setState((s) => ({
    phase: 'cancelled',
    files: s.files.map((f) => (f.status === 'uploading' || f.status === 'copying' ? { ...f, status: 'waiting' } : f)),
  }));
}

/** Back to the form (after a finished, failed or cancelled upload, or for a new run). */
export function resetS3Upload(runKey: string | null = null): void {
  if (useS3Upload.getState().phase === 'uploading') cancelS3Upload();
  useS3Upload.setState({ phase: 'idle', files: [], failure: null, destination: null, runKey });
}
