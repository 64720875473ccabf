/**
 * The built page's policy (build/csp-plugin.ts): the policy text, the connect-src setting, and a real
 * `vite build` whose index.html carries the CSP meta first, no inline script, and integrity hashes that
 * match the files. (tests/e2e/security.spec.ts checks the browser side: header, enforcement, no violation.)
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIntegrity, connectSources, contentSecurityPolicy } from '../../../build/csp-plugin.ts';
import { ROOT } from '../cli/helpers.ts';

const DEFAULT_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self' http: https: ws: wss:; object-src 'none'; base-uri 'none'; form-action 'none'";

describe('the policy', () => {
  it('is strict but for connect-src, which allows the sinks a user types unless narrowed at build time', () => {
    expect(contentSecurityPolicy()).toBe(DEFAULT_POLICY);
    expect(contentSecurityPolicy({ forHeader: true })).toBe(`${DEFAULT_POLICY}; frame-ancestors 'none'`);
    expect(connectSources('self')).toEqual(["'self'"]);
    expect(connectSources('sinks')).toEqual(["'self'", 'http:', 'https:', 'ws:', 'wss:']);
    expect(connectSources(' https://kafka.example:8082, wss://ws.example ')).toEqual([
      "'self'",
      'https://kafka.example:8082',
      'wss://ws.example',
    ]);
    expect(contentSecurityPolicy({ connect: 'self' })).toContain("connect-src 'self'; object-src");
    // Nothing that could end the directive or add a keyword gets in.
    for (const bad of ["https://x; script-src 'unsafe-inline'", "'unsafe-eval'", '*', 'javascript:', 'https://x/path', 'data:'])
      expect(() => connectSources(bad), bad).toThrow(/CDR_CSP_CONNECT/);
  });

  it('adds integrity to local scripts and stylesheets only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csp-'));
    writeFileSync(join(dir, 'a.js'), 'console.log(1)');
    writeFileSync(join(dir, 'a.css'), 'body{}');
    const html =
      '<link rel="icon" href="data:image/svg+xml,x"><script type="module" crossorigin src="./a.js"></script>' +
      '<link rel="stylesheet" crossorigin href="./a.css"><script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="./missing.css">';
    const out = addIntegrity(html, dir);
    const h = (s: string) => `sha384-${createHash('sha384').update(s).digest('base64')}`;
    expect(out).toContain(`src="./a.js" integrity="${h('console.log(1)')}"`);
    expect(out).toContain(`href="./a.css" integrity="${h('body{}')}"`);
    expect(out).toContain('<link rel="icon" href="data:image/svg+xml,x">');
    expect(out).toContain('<script src="https://cdn.example/x.js"></script>');
    expect(out).toContain('<link rel="stylesheet" href="./missing.css">');
  });
});

describe('the built page (vite build)', () => {
  let out = '';
  let html = '';
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'cdr-build-'));
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'],
        { cwd: ROOT, env: { ...process.env, CDR_CSP_CONNECT: '' }, timeout: 180_000, maxBuffer: 16 << 20 },
        (err, _stdout, stderr) => (err ? reject(new Error(`vite build failed: ${stderr}`)) : resolve()),
      ),
    );
    html = readFileSync(join(out, 'index.html'), 'utf8');
  }, 200_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('carries the CSP meta right after <meta charset>, before any script or stylesheet', () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(html);
    expect(meta?.[1]).toBe(DEFAULT_POLICY);
    expect(html.indexOf('<meta charset')).toBeLessThan(meta!.index);
    expect(meta!.index).toBeLessThan(html.indexOf('<script'));
    expect(meta!.index).toBeLessThan(html.indexOf('<link rel="stylesheet"'));
  });

  it('has no inline script, inline style or event handler attribute', () => {
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(on[a-z]+|style)=/i);
  });

  it('pins its entry script and stylesheet with integrity hashes of the files as written', () => {
    const tags = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="(\.\/assets\/[^"]+)"[^>]*>/g)];
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const [tag, url] of tags) {
      const sri = /integrity="(sha384-[^"]+)"/.exec(tag)?.[1];
      expect(sri, tag).toBe(
        `sha384-${createHash('sha384')
          .update(readFileSync(join(out, url!)))
          .digest('base64')}`,
      );
    }
  });
});
