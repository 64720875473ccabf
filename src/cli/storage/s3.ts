import { readFile } from 'node:fs/promises';
import { S3ObjectWriter } from '../../delivery/s3.ts';
import type { RetryPolicy, Uploader } from './types.ts';

export interface S3Options {
  bucket: string;
  /** e.g. http://127.0.0.1:9000 (MinIO); default https://s3.<region>.amazonaws.com. Path-style URLs. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  prefix: string;
  retry?: RetryPolicy;
  onRetry?: (file: string, attempt: number, e: Error) => void;
}

/**
 * S3 / MinIO uploads signed with SigV4: PUT to a temporary key, server-side copy into place, delete the
 * temporary key (the shared writer of src/delivery/s3.ts, also used by the web app).
 */
export class S3Uploader implements Uploader {
  readonly where: string;
  private readonly writer: S3ObjectWriter;

  constructor(o: S3Options) {
    this.writer = new S3ObjectWriter({ ...o, pathStyle: true });
    this.where = this.writer.where;
  }

  async upload(localFile: string, rel: string): Promise<void> {
    await this.writer.put(rel, new Uint8Array(await readFile(localFile)));
  }

  async close(): Promise<void> {}
}
