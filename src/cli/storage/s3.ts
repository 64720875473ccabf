import { readFile } from 'node:fs/promises';
import { AwsClient } from 'aws4fetch';
import { DEFAULT_RETRY, FatalUploadError, withRetry, type RetryPolicy, type Uploader } from './types.ts';

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

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/** S3 / MinIO uploads signed with SigV4: PUT to a temporary key, server-side copy into place, delete the temporary key. */
export class S3Uploader implements Uploader {
  readonly where: string;
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(private readonly o: S3Options) {
    const endpoint = (o.endpoint ?? `https://s3.${o.region}.amazonaws.com`).replace(/\/+$/, '');
    this.base = `${endpoint}/${encodeURIComponent(o.bucket)}`;
    this.where = `s3://${o.bucket}/${o.prefix}`;
    this.client = new AwsClient({
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      sessionToken: o.sessionToken,
      service: 's3',
      region: o.region,
      retries: 0,
    });
  }

  private async call(method: string, key: string, init: { body?: Uint8Array; headers?: Record<string, string> } = {}): Promise<Response> {
    let res: Response;
    try {
      res = await this.client.fetch(`${this.base}/${encodeKey(key)}`, {
        method,
        body: init.body as BodyInit | undefined,
        headers: init.headers,
      });
    } catch (e) {
      throw new Error(
        `cannot reach ${this.o.endpoint ?? 'S3'} (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message})`,
        { cause: e },
      );
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${res.status}`;
    const msg = `S3 ${method} s3://${this.o.bucket}/${key} failed: ${code}`;
    if (
      ['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'NoSuchBucket', 'InvalidBucketName'].includes(code) ||
      (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
    )
      throw new FatalUploadError(
        code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch'
          ? `S3 rejected the credentials (${code}) for bucket ${this.o.bucket}`
          : msg,
      );
    throw new Error(msg);
  }

  async upload(localFile: string, rel: string): Promise<void> {
    const key = this.o.prefix + rel;
    const tmp = `${this.o.prefix}.cdrgen-incoming/${rel}.partial`;
    const body = new Uint8Array(await readFile(localFile));
    const policy = this.o.retry ?? DEFAULT_RETRY;
    const onRetry = (n: number, e: Error) => this.o.onRetry?.(rel, n, e);
    await withRetry(`upload of ${rel}`, policy, () => this.call('PUT', tmp, { body }), onRetry);
    await withRetry(
      `upload of ${rel}`,
      policy,
      () => this.call('PUT', key, { headers: { 'x-amz-copy-source': `/${this.o.bucket}/${encodeKey(tmp)}` } }),
      onRetry,
    );
    await withRetry(`cleanup of ${rel}`, policy, () => this.call('DELETE', tmp), onRetry);
  }

  async close(): Promise<void> {}
}
