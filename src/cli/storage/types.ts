/** Where `cdrgen` delivers the files it wrote locally. */
export interface Uploader {
  /** Human-readable destination (never contains a secret). */
  readonly where: string;
  /** Uploads a local file to `rel` (relative path, `/` separators) under a temporary name, then moves it into place. */
  upload(localFile: string, rel: string): Promise<void>;
  close(): Promise<void>;
}

/** An upload that cannot succeed by retrying (bad credentials, missing bucket, …). */
export class FatalUploadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FatalUploadError';
  }
}

export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseMs: 250, maxMs: 8000 };

/** Runs `fn` with exponential backoff; fatal errors stop at once. `onRetry` hears each retry. */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  fn: () => Promise<T>,
  onRetry?: (attempt: number, e: Error) => void,
): Promise<T> {
  let last: Error = new Error(`${what}: no attempt made`);
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof FatalUploadError) throw err;
      last = err;
      if (attempt === policy.retries) break;
      onRetry?.(attempt + 1, err);
      const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  throw new Error(`${what}: failed after ${policy.retries + 1} attempts (${last.message})`);
}
