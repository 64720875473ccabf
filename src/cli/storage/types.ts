/** Where `cdrgen` delivers the files it wrote locally. */
export interface Uploader {
  /** Human-readable destination (never contains a secret). */
  readonly where: string;
  /** Uploads a local file to `rel` (relative path, `/` separators) under a temporary name, then moves it into place. */
  upload(localFile: string, rel: string): Promise<void>;
  close(): Promise<void>;
}

export { DEFAULT_RETRY, FatalUploadError, withRetry, type RetryPolicy } from '../../delivery/retry.ts';
