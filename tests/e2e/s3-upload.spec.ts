/**
 * "Send to S3" against a real S3 API server (npm s3rver) on 127.0.0.1, started by the test with a CORS rule
 * for the page's origin: the uploaded objects are byte-identical to the ZIP's files (sha256 of
 * manifest.json), under the prefix with the legacy names and no temporary object left; a wrong secret gives
 * a clear error naming the file and the HTTP status, never shows the secret and leaves nothing under the
 * final names; a bucket without CORS gives the CORS explanation; a pre-signed PUT URL receives the ZIP.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { strFromU8, unzipSync } from 'fflate';
import S3rver from 's3rver';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const ACCESS = 'S3RVER';
const SECRET = 'S3RVER'; // s3rver's built-in account
const WRONG_SECRET = 'wrong-Secret-9f3kQ7zX';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const corsXml = (origin: string) => `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>${origin}</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
  </CORSRule>
</CORSConfiguration>`;

let server: S3rver;
let dir: string;
/** s3rver itself (the test's own listing and reads). */
let endpoint: string;
/** What the page talks to: a proxy that checks the SigV4 signature with the real secret, then forwards to s3rver. */
let pageEndpoint: string;
let proxy: Server;

/**
 * s3rver checks the access key of a SigV4 request but not its signature; this recomputes the signature of
 * each header-signed request (same signed headers, same date) with the account's secret and answers 403
 * SignatureDoesNotMatch, with the bucket's CORS headers, when it differs — as S3 and MinIO do.
 */
async function signatureMatches(req: IncomingMessage): Promise<boolean> {
  const auth = req.headers.authorization;
  if (!auth) return true; // pre-signed (query) or anonymous: s3rver decides
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const h of signedHeaders) if (h !== 'host') headers[h] = String(req.headers[h] ?? '');
  const signer = new AwsV4Signer({
    method: req.method,
    url: `http://${req.headers.host}${req.url}`,
    headers,
    accessKeyId: ACCESS,
    secretAccessKey: SECRET,
    service: 's3',
    region: /Credential=[^/]+\/\d+\/([^/]+)\//.exec(auth)?.[1] ?? 'us-east-1',
    datetime: String(req.headers['x-amz-date']),
  });
  const expected = (await signer.sign()).headers.get('authorization');
  return expected === auth;
}
const aws = new AwsClient({ accessKeyId: ACCESS, secretAccessKey: SECRET, service: 's3', region: 'us-east-1', retries: 0 });

test.beforeAll(async ({ baseURL }) => {
  dir = mkdtempSync(join(tmpdir(), 'cdr-s3-e2e-'));
  const origin = new URL(baseURL!).origin;
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir,
    configureBuckets: [
      { name: 'raw', configs: [corsXml(origin)] },
      { name: 'nocors', configs: [] },
    ],
  });
  const s3Port = ((await server.run()) as AddressInfo).port;
  endpoint = `http://127.0.0.1:${s3Port}`;
  proxy = createServer((req, res) => {
    void signatureMatches(req).then((ok) => {
      if (!ok) {
        req.resume();
        res
          .writeHead(403, {
            'content-type': 'application/xml',
            'access-control-allow-origin': String(req.headers.origin ?? '*'),
            'access-control-expose-headers': 'ETag',
          })
          .end('<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match.</Message></Error>');
        return;
      }
      const up = request({ host: '127.0.0.1', port: s3Port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  pageEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => proxy?.close(r));
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Keys under a prefix (ListObjectsV2, from Node). */
async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const res = await aws.fetch(`${endpoint}/${bucket}?list-type=2&max-keys=1000&prefix=${encodeURIComponent(prefix)}`);
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<Key>([^<]+)<\/Key>/g)].map((x) => x[1]!);
}

async function getObject(bucket: string, key: string): Promise<Uint8Array> {
  const res = await aws.fetch(`${endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
  expect(res.status, key).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** The whole page as text and markup (inputs' values included), for secret checks. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      document.documentElement.outerHTML +
      document.body.innerText +
      Array.from(document.querySelectorAll('input:not([type=password]), textarea'), (i) => (i as HTMLInputElement).value).join('\n') +
      JSON.stringify({ ...localStorage }) +
      location.href,
  );
}

test('uploads the run byte-identical under the prefix; wrong secret and missing CORS fail clearly; pre-signed ZIP', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.setScenario({ days: 2, subscribers: 2000, seed: 7 });
  await studio.generate();

  // The download, as the reference.
  const zip = unzipSync(new Uint8Array(readFileSync(await (await studio.download(studio.downloadZipButton)).path())));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { files: { path: string; sha256: string }[] };
  expect(manifest.files.length).toBeGreaterThanOrEqual(6);

  const card = page.getByTestId('s3-upload');
  await card.getByRole('button', { name: 'Send to S3…' }).click();
  const fill = async (values: Record<string, string>) => {
    for (const [label, v] of Object.entries(values)) await card.getByLabel(label, { exact: true }).fill(v);
  };
  await fill({ 'Endpoint URL': pageEndpoint, Bucket: 'raw', Prefix: 'e2e/run1', 'Access key ID': ACCESS, 'Secret access key': SECRET });
  await expect(card.getByLabel('Secret access key', { exact: true })).toHaveAttribute('type', 'password');
  await card.getByRole('checkbox', { name: /Remember endpoint/ }).check();
  const upload = card.getByRole('button', { name: /^Upload \d+ files$/ });
  expect(Number(/\d+/.exec((await upload.innerText()) ?? '')![0])).toBe(Object.keys(zip).length);
  await page.screenshot({ path: 'tests/e2e/screenshots/s3-form.png', fullPage: false });
  await upload.click();
  await expect(card.getByRole('status')).toContainText(`${Object.keys(zip).length} files delivered to s3://raw/e2e/run1/`, {
    timeout: 60_000,
  });
  await card.screenshot({ path: 'tests/e2e/screenshots/s3-done.png' });

  // Every object of the ZIP is there, byte for byte, with the same relative names; nothing else (no temporary key).
  const keys = await listKeys('raw', 'e2e/run1/');
  expect(keys.sort()).toEqual(
    Object.keys(zip)
      .map((k) => `e2e/run1/${k}`)
      .sort(),
  );
  expect(keys).toContain('e2e/run1/voice_cdr_20251001_01.csv');
  expect(await listKeys('raw', 'e2e/run1/.cdrgen-incoming')).toEqual([]);
  for (const f of manifest.files) expect(sha(await getObject('raw', `e2e/run1/${f.path}`)), f.path).toBe(f.sha256);
  for (const [name, bytes] of Object.entries(zip)) expect(sha(await getObject('raw', `e2e/run1/${name}`)), name).toBe(sha(bytes));
  // manifest.json arrived last (its object is the newest).
  const stored = JSON.parse(strFromU8(await getObject('raw', 'e2e/run1/manifest.json'))) as unknown;
  expect(stored).toEqual(manifest);

  // Remembered: endpoint, region, bucket, prefix, path style; never a key.
  const remembered = await page.evaluate(() => localStorage.getItem('cdr-studio.s3-target.v1'));
  expect(JSON.parse(remembered!)).toEqual({
    endpoint: pageEndpoint,
    region: 'us-east-1',
    bucket: 'raw',
    prefix: 'e2e/run1',
    pathStyle: true,
  });
  expect(remembered).not.toContain(ACCESS);

  // Wrong secret: one clear error naming the file and the HTTP status; the secret is nowhere in the page.
  await card.getByRole('button', { name: 'Change settings' }).click();
  await fill({ Prefix: 'e2e/bad', 'Secret access key': WRONG_SECRET });
  await card.getByRole('button', { name: /^Upload \d+ files$/ }).click();
  const error = card.getByTestId('s3-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText(/Upload of \S+ failed/);
  await expect(error).toContainText('HTTP 403 (SignatureDoesNotMatch)');
  await expect(error).toContainText('rejected the access key or the secret key');
  const failedFile = /Upload of (\S+) failed/.exec(await error.innerText())![1]!;
  expect(Object.keys(zip)).toContain(failedFile);
  await card.screenshot({ path: 'tests/e2e/screenshots/s3-wrong-secret.png' });
  const text = await pageText(page);
  expect(text).not.toContain(WRONG_SECRET);
  expect(text).not.toContain(encodeURIComponent(WRONG_SECRET));
  expect(await listKeys('raw', 'e2e/bad/')).toEqual([]);

  // A bucket without CORS: the request is blocked; the error explains the CORS rule to add.
  await card.getByRole('button', { name: 'Change settings' }).click();
  await fill({ Bucket: 'nocors', Prefix: 'e2e/cors', 'Secret access key': SECRET });
  await card.getByRole('button', { name: /^Upload \d+ files$/ }).click();
  await expect(error).toContainText('CORS', { timeout: 60_000 });
  await expect(card.getByTestId('s3-cors-help')).toBeVisible();
  await expect(card.getByTestId('s3-cors-help')).toContainText('"AllowedOrigins"');
  await expect(card.getByTestId('s3-cors-help')).toContainText(new URL(page.url()).origin);
  expect(await listKeys('nocors', 'e2e/')).toEqual([]);

  // A pre-signed PUT URL (made in Node) receives the ZIP, byte for byte; the URL's signature is never shown.
  await card.getByRole('button', { name: 'Change settings' }).click();
  await card.getByRole('radio', { name: 'Pre-signed URL (the ZIP)' }).check();
  const signed = await aws.sign(`${pageEndpoint}/raw/e2e/zip/dataset.zip?X-Amz-Expires=600`, { method: 'PUT', aws: { signQuery: true } });
  await fill({ 'Pre-signed PUT URL': signed.url });
  await card.getByRole('button', { name: 'Upload the ZIP' }).click();
  await expect(card.getByRole('status')).toContainText('1 file delivered', { timeout: 30_000 });
  const zipBytes = readFileSync(await (await studio.download(studio.downloadZipButton)).path());
  expect(sha(await getObject('raw', 'e2e/zip/dataset.zip'))).toBe(sha(zipBytes));
  const signature = new URL(signed.url).searchParams.get('X-Amz-Signature')!;
  expect(await page.evaluate(() => document.body.innerText)).not.toContain(signature);

  // Only the CORS failure may have logged to the console (the browser reports the blocked request).
  expect(problems.filter((p) => !/CORS|Failed to load resource|net::ERR_FAILED|request: http:\/\/127\.0\.0\.1:\d+\//.test(p))).toEqual([]);
});
