/** Retries with exponential backoff, shared by the CLI uploaders and the web app's "Send to S3" (platform-neutral). */

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

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` with exponential backoff (`baseMs`·2^attempt, at most `maxMs`); fatal errors and an aborted
 * `signal` stop at once. `onRetry` hears each retry.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  fn: () => Promise<T>,
  onRetry?: (attempt: number, e: Error) => void,
  signal?: AbortSignal,
): Promise<T> {
  let last: Error = new Error(`${what}: no attempt made`);
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (signal?.aborted) throw signal.reason as Error;
    try {
      return await fn();
    } catch (e) {
      // Cancelled while an attempt was in flight: the cancellation is the outcome, whatever the attempt said.
      if (signal?.aborted) throw signal.reason as Error;
      const err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof FatalUploadError) throw err;
      last = err;
      if (attempt === policy.retries) break;
      onRetry?.(attempt + 1, err);
      await sleep(Math.min(policy.maxMs, policy.baseMs * 2 ** attempt), signal);
    }
  }
  throw new RetriesExhaustedError(`${what}: failed after ${policy.retries + 1} attempts (${last.message})`, last);
}

/** The last error of a retried operation that never succeeded (`last` keeps its details, e.g. an HTTP status). */
export class RetriesExhaustedError extends Error {
  constructor(
    message: string,
    readonly last: Error,
  ) {
    super(message, { cause: last });
    this.name = 'RetriesExhaustedError';
  }
}
