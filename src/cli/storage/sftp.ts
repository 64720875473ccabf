import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { DEFAULT_RETRY, FatalUploadError, withRetry, type RetryPolicy, type Uploader } from './types.ts';

export interface SftpOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  keyFile?: string;
  /** Remote base directory. */
  path: string;
  prefix: string;
  retry?: RetryPolicy;
  onRetry?: (file: string, attempt: number, e: Error) => void;
}

/** SFTP uploads: write `<name>.partial`, then rename into place so a folder watcher never sees half a file. */
export class SftpUploader implements Uploader {
  readonly where: string;
  private client: SftpClient | null = null;
  private readonly made = new Set<string>();

  constructor(private readonly o: SftpOptions) {
    this.where = `sftp://${o.user}@${o.host}:${o.port}${posix.join(o.path, o.prefix)}`;
  }

  private async connect(): Promise<SftpClient> {
    if (this.client) return this.client;
    const c = new SftpClient('cdrgen');
    try {
      await c.connect({
        host: this.o.host,
        port: this.o.port,
        username: this.o.user,
        password: this.o.password,
        privateKey: this.o.keyFile ? await readFile(this.o.keyFile) : undefined,
        readyTimeout: 10_000,
        retries: 0,
      });
    } catch (e) {
      const m = (e as Error).message;
      if (/authentication|auth.*fail|All configured authentication methods failed/i.test(m))
        throw new FatalUploadError(`SFTP authentication failed for ${this.o.user}@${this.o.host}:${this.o.port}`, { cause: e });
      throw new Error(`cannot connect to SFTP ${this.o.host}:${this.o.port} (${m.replace(/^connect: /, '')})`, { cause: e });
    }
    this.client = c;
    return c;
  }

  async upload(localFile: string, rel: string): Promise<void> {
    const final = posix.join(this.o.path, this.o.prefix, rel);
    const tmp = `${final}.partial`;
    const body = await readFile(localFile);
    await withRetry(
      `upload of ${rel}`,
      this.o.retry ?? DEFAULT_RETRY,
      async () => {
        let c: SftpClient;
        try {
          c = await this.connect();
          const dir = posix.dirname(final);
          if (!this.made.has(dir)) {
            await c.mkdir(dir, true);
            this.made.add(dir);
          }
          await c.put(body, tmp);
          if (await c.exists(final)) await c.delete(final);
          await c.rename(tmp, final);
        } catch (e) {
          if (e instanceof FatalUploadError) throw e;
          // Drop the connection: the next attempt reconnects.
          await this.client?.end().catch(() => undefined);
          this.client = null;
          throw e;
        }
      },
      (n, e) => this.o.onRetry?.(rel, n, e),
    );
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
