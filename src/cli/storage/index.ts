import { join } from 'node:path';
import { normPrefix, uploadOrder } from '../../delivery/s3.ts';
import { UsageError, intFlag } from '../args.ts';
import { S3Uploader } from './s3.ts';
import { SftpUploader } from './sftp.ts';
import type { Uploader } from './types.ts';

export type { Uploader } from './types.ts';

/** The delivery flags of `cdrgen batch` (the original generator's names). */
export interface StorageFlags {
  storage?: 'local' | 's3' | 'sftp';
  prefix?: string;
  bucket?: string;
  endpointUrl?: string;
  region?: string;
  accessKey?: string;
  secretKey?: string;
  sftpHost?: string;
  sftpPort?: string;
  sftpUser?: string;
  sftpPassword?: string;
  sftpKey?: string;
  sftpPath?: string;
}

/** Builds the uploader of --storage (null for local); flags win over environment variables. Secrets are never echoed. */
export function makeUploader(
  f: StorageFlags,
  env: NodeJS.ProcessEnv,
  onRetry?: (file: string, attempt: number, e: Error) => void,
): Uploader | null {
  const kind = f.storage ?? 'local';
  if (kind === 'local') return null;
  const prefix = normPrefix(f.prefix);
  if (kind === 's3') {
    const bucket = f.bucket ?? env.CDRGEN_S3_BUCKET;
    if (!bucket) throw new UsageError('--storage s3 needs --bucket');
    const accessKeyId = f.accessKey ?? env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = f.secretKey ?? env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
      throw new UsageError('--storage s3 needs credentials: --access-key/--secret-key or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY');
    const endpoint = f.endpointUrl ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    if (endpoint && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw new UsageError('--endpoint-url: expected http(s)://host[:port]');
    return new S3Uploader({
      bucket,
      endpoint,
      region: f.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      accessKeyId,
      secretAccessKey,
      sessionToken: env.AWS_SESSION_TOKEN,
      prefix,
      onRetry,
    });
  }
  const host = f.sftpHost ?? env.CDRGEN_SFTP_HOST;
  const user = f.sftpUser ?? env.CDRGEN_SFTP_USER;
  if (!host) throw new UsageError('--storage sftp needs --sftp-host');
  if (!user) throw new UsageError('--storage sftp needs --sftp-user');
  const password = f.sftpPassword ?? env.CDRGEN_SFTP_PASSWORD;
  if (!password && !f.sftpKey)
    throw new UsageError('--storage sftp needs --sftp-key FILE or a password (--sftp-password or CDRGEN_SFTP_PASSWORD)');
  return new SftpUploader({
    host,
    port: intFlag('--sftp-port', f.sftpPort, 22, 1, 65535),
    user,
    password,
    keyFile: f.sftpKey,
    path: f.sftpPath ?? '.',
    prefix,
    onRetry,
  });
}

/** Uploads files in order (data first as listed, then manifest.json last so a watcher sees it only when all is there). */
export async function uploadAll(u: Uploader, root: string, rels: readonly string[]): Promise<void> {
  for (const rel of uploadOrder(rels, (r) => r)) await u.upload(join(root, rel), rel);
}
