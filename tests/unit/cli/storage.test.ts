import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.ts';

const SECRET = 'S3RVER';

/** Runs the CLI asynchronously (servers in this process must keep answering). */
function cdrgenAsync(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (all: string) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'cdrgen.js'), ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

function listLocal(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    if (!f.startsWith('.') && !f.includes('state_generation') && statSync(p).isFile()) m.set(f.split('\\').join('/'), sha(readFileSync(p)));
  }
  return m;
}

describe('--storage s3', () => {
  let s3: S3rver;
  let dir: string;
  let endpoint: string;
  let flaky: Server;
  let flakyEndpoint: string;
  let refusals = 0;

  beforeAll(async () => {
    dir = tempDir('s3rver-');
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'raw', configs: [] }] });
    const addr = (await s3.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${addr.port}`;
    // A proxy that answers 503 to the first requests, then forwards to s3rver.
    flaky = createServer((req, res) => {
      if (refusals > 0) {
        refusals--;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code></Error>');
        return;
      }
      const up = request({ host: '127.0.0.1', port: addr.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    flakyEndpoint = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => flaky.close(r));
    await s3.close();
  });

  async function objects(prefix: string): Promise<Map<string, string>> {
    const root = join(dir, 'raw');
    const m = new Map<string, string>();
    // s3rver stores objects as <key>._S3rver_object files.
    for (const f of readdirSync(root, { recursive: true }) as string[]) {
      if (!f.endsWith('._S3rver_object')) continue;
      const key = f.slice(0, -'._S3rver_object'.length).split('\\').join('/');
      if (key.startsWith(prefix)) m.set(key.slice(prefix.length), sha(readFileSync(join(root, f))));
    }
    return m;
  }

  it('uploads every file byte-identical under the prefix, legacy names included, and never prints the secret', async () => {
    const out = tempDir();
    const r = await cdrgenAsync(
      [
        'batch',
        '--days',
        '2',
        '--subscribers',
        '3000',
        '--storage',
        's3',
        '--bucket',
        'raw',
        '--endpoint-url',
        endpoint,
        '--prefix',
        'cdr/in',
        '--out',
        out,
      ],
      {
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: SECRET,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const local = listLocal(out);
    const remote = await objects('cdr/in/');
    expect(local.size).toBeGreaterThan(8);
    for (const [k, h] of local) if (!k.startsWith('.cdrgen-state')) expect(remote.get(k), k).toBe(h);
    expect([...remote.keys()]).toContain('voice_cdr_20251001_01.csv');
    expect([...remote.keys()].some((k) => k.includes('.partial'))).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).not.toContain(SECRET);
  });

  it('gets the files through after the server refused the first attempts (retries)', async () => {
    refusals = 3;
    const r = await cdrgenAsync(
      [
        'batch',
        '--days',
        '1',
        '--subscribers',
        '2000',
        '--type',
        'sms',
        '--storage',
        's3',
        '--bucket',
        'raw',
        '--endpoint-url',
        flakyEndpoint,
        '--prefix',
        'retry/',
      ],
      {
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: SECRET,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retry 1 uploading/);
    expect((await objects('retry/')).has('sms_cdr_20251001_01.csv')).toBe(true);
  });

  it('fails with one clear line and a non-zero exit on wrong credentials', async () => {
    const r = await cdrgenAsync([
      'batch',
      '--days',
      '1',
      '--subscribers',
      '2000',
      '--storage',
      's3',
      '--bucket',
      'raw',
      '--endpoint-url',
      endpoint,
      '--access-key',
      'NOT-A-KEY',
      '--secret-key',
      'not-the-secret-xyz',
    ]);
    expect(r.code).not.toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('cdrgen: error'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/S3 rejected the credentials|SignatureDoesNotMatch|InvalidAccessKeyId/);
    expect(r.stderr).not.toContain('not-the-secret-xyz');
  });
});

const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));

describe.skipIf(!SSHD)('--storage sftp (OpenSSH on 127.0.0.1)', () => {
  let work: string;
  let port: number;
  let sshd: ChildProcess | null = null;
  let key: string;

  function startSshd(): ChildProcess {
    const p = spawn(SSHD!, ['-D', '-e', '-f', join(work, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    return p;
  }

  beforeAll(async () => {
    work = tempDir('sshd-');
    key = join(work, 'id_ed25519');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'host_key')]);
    writeFileSync(join(work, 'authorized_keys'), readFileSync(`${key}.pub`));
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    port = (srv.address() as AddressInfo).port;
    await new Promise((r) => srv.close(r));
    mkdirSync(join(work, 'drop'));
    writeFileSync(
      join(work, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(work, 'host_key')}`,
        `AuthorizedKeysFile ${join(work, 'authorized_keys')}`,
        `PidFile ${join(work, 'sshd.pid')}`,
        'PermitRootLogin yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'Subsystem sftp internal-sftp',
      ].join('\n') + '\n',
    );
    mkdirSync('/run/sshd', { recursive: true });
  });

  afterAll(() => {
    sshd?.kill();
  });

  const user = process.env.USER ?? 'root';
  const flags = () => [
    '--storage',
    'sftp',
    '--sftp-host',
    '127.0.0.1',
    '--sftp-port',
    String(port),
    '--sftp-user',
    user,
    '--sftp-key',
    key,
    '--sftp-path',
    join(work, 'drop'),
  ];

  it('delivers every file byte-identical into the drop folder, after retrying while the server was still down', async () => {
    const out = tempDir();
    // The server comes up only once the CLI has seen its first attempt refused.
    const r = await cdrgenAsync(
      ['batch', '--days', '2', '--subscribers', '3000', '--out', out, ...flags(), '--prefix', 'landing'],
      {},
      (err) => {
        if (!sshd && /retry 1 uploading/.test(err)) sshd = startSshd();
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retry 1 uploading .*cannot connect to SFTP/);
    const local = listLocal(out);
    const remote = listLocal(join(work, 'drop', 'landing'));
    expect(local.size).toBeGreaterThan(8);
    for (const [k, h] of local) if (!k.startsWith('.cdrgen-state')) expect(remote.get(k), k).toBe(h);
    expect([...remote.keys()]).toContain('data_cdr_20251002_02.csv');
    expect([...remote.keys()].some((k) => k.endsWith('.partial'))).toBe(false);
  });

  it('fails with one clear line on a key the server does not accept', async () => {
    sshd ??= startSshd();
    const other = join(work, 'other_key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const args = flags();
    args[args.indexOf(key)] = other;
    const r = await cdrgenAsync(['batch', '--days', '1', '--subscribers', '2000', '--out', tempDir(), ...args]);
    expect(r.code).not.toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('cdrgen: error'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SFTP authentication failed/);
  });
});
