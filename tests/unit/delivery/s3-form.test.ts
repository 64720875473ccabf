/** The "Send to S3" form: validation, what "remember" stores (never a key), and the page's CSP connect-src check. */
import { describe, expect, it } from 'vitest';
import { connectSourcesOf, sourcesAllow } from '../../../src/lib/csp.ts';
import { checkS3Form, recallTarget, rememberTarget, S3_TARGET_KEY, type S3FormValues } from '../../../src/state/s3-upload.ts';
import { contentSecurityPolicy } from '../../../build/csp-plugin.ts';

const values: S3FormValues = {
  mode: 'credentials',
  endpoint: 'http://127.0.0.1:9000',
  region: 'us-east-1',
  bucket: 'raw',
  prefix: 'cdr/',
  pathStyle: true,
  accessKey: 'AKID',
  secret: 'top-secret-value',
  presignedUrl: 'https://b.s3.amazonaws.com/x.zip?X-Amz-Signature=abcdef',
  remember: true,
};

class MemoryStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

describe('S3 form', () => {
  const all = () => true;
  it('accepts a complete target and names each wrong field', () => {
    expect(checkS3Form(values, all)).toEqual({});
    expect(checkS3Form({ ...values, endpoint: '' }, all)).toEqual({}); // AWS in the region
    expect(checkS3Form({ ...values, endpoint: 'ftp://x', bucket: 'Raw_Bucket', accessKey: ' ', secret: '' }, all)).toEqual({
      endpoint: 'endpoint',
      bucket: 'bucket',
      accessKey: 'required',
      secret: 'required',
    });
    expect(checkS3Form({ ...values, mode: 'presigned' }, all)).toEqual({});
    expect(checkS3Form({ ...values, mode: 'presigned', presignedUrl: 'https://b.s3.amazonaws.com/x.zip' }, all)).toEqual({
      presignedUrl: 'url',
    });
  });

  it('refuses an endpoint the page’s connect-src does not allow', () => {
    expect(checkS3Form(values, () => false)).toEqual({ endpoint: 'csp' });
  });

  it('remembers endpoint, region, bucket, prefix and path style only, and forgets them when unticked', () => {
    const st = new MemoryStorage();
    rememberTarget(values, st as unknown as Storage);
    const raw = st.getItem(S3_TARGET_KEY)!;
    expect(JSON.parse(raw)).toEqual({ endpoint: values.endpoint, region: 'us-east-1', bucket: 'raw', prefix: 'cdr/', pathStyle: true });
    expect(raw).not.toContain('top-secret-value');
    expect(raw).not.toContain('AKID');
    expect(raw).not.toContain('X-Amz-Signature');
    expect(recallTarget(st as unknown as Storage)).toEqual(JSON.parse(raw));
    rememberTarget({ ...values, remember: false }, st as unknown as Storage);
    expect(st.getItem(S3_TARGET_KEY)).toBeNull();
  });

  it('reads back only known keys of the right type from storage', () => {
    const st = new MemoryStorage();
    st.setItem(S3_TARGET_KEY, JSON.stringify({ endpoint: 3, bucket: 'b', secret: 'x', pathStyle: 'yes', __proto__: { polluted: 1 } }));
    expect(recallTarget(st as unknown as Storage)).toEqual({ endpoint: '', region: 'us-east-1', bucket: 'b', prefix: '', pathStyle: true });
    st.setItem(S3_TARGET_KEY, '{not json');
    expect(recallTarget(st as unknown as Storage)).toBeNull();
  });
});

describe('connect-src check', () => {
  const page = 'http://127.0.0.1:4173';
  it('the default build policy allows any http(s) endpoint the user types', () => {
    const src = connectSourcesOf(contentSecurityPolicy())!;
    for (const u of ['http://127.0.0.1:9000/raw', 'https://s3.eu-west-3.amazonaws.com/x', 'http://minio.lan:9000'])
      expect(sourcesAllow(src, u, page), u).toBe(true);
    expect(sourcesAllow(src, 'ftp://x/y', page)).toBe(false);
  });

  it('a narrowed policy (CDR_CSP_CONNECT) allows only its origins and the page', () => {
    const src = connectSourcesOf(contentSecurityPolicy({ connect: 'https://minio.example:9000 https://*.amazonaws.com' }))!;
    expect(sourcesAllow(src, 'https://minio.example:9000/raw/k', page)).toBe(true);
    expect(sourcesAllow(src, 'https://minio.example:9001/raw/k', page)).toBe(false);
    expect(sourcesAllow(src, 'https://s3.eu-west-3.amazonaws.com/k', page)).toBe(true);
    expect(sourcesAllow(src, 'http://127.0.0.1:4173/x', page)).toBe(true);
    expect(sourcesAllow(src, 'http://127.0.0.1:9000/x', page)).toBe(false);
    const self = connectSourcesOf(contentSecurityPolicy({ connect: 'self' }))!;
    expect(sourcesAllow(self, 'http://127.0.0.1:9000/x', page)).toBe(false);
  });
});
