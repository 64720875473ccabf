/**
 * Page security of the built app (vite build + vite preview): the Content-Security-Policy is delivered as a
 * <meta> in the HTML and as a header, the HTML has no inline script, its entry files carry integrity hashes,
 * a small generation reports no CSP violation (page or console), and no request leaves 127.0.0.1.
 * Queries use roles and names in English or French, so that they survive the page's rebuilds.
 */
import { createHash } from 'node:crypto';
import { expect, test, type Request } from '@playwright/test';
import { contentSecurityPolicy } from '../../build/csp-plugin.ts';

declare global {
  interface Window {
    __cspViolations: { directive: string; blocked: string; sample: string; at: string }[];
  }
}

test.describe('page security', () => {
  test('CSP meta and header, no inline script, integrity, no violation or foreign request during a generation', async ({
    page,
    context,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    const foreign: string[] = [];
    const onRequest = (r: Request) => {
      const u = new URL(r.url());
      if (u.protocol === 'blob:' || u.protocol === 'data:') return;
      if (u.hostname !== '127.0.0.1') foreign.push(`${r.method()} ${r.url()}`);
    };
    context.on('request', onRequest);
    page.on('request', onRequest);
    const cspConsole: string[] = [];
    page.on('console', (m) => {
      if (/content security policy|refused to (load|execute|connect|apply|create|frame)/i.test(m.text()))
        cspConsole.push(`${m.type()}: ${m.text()}`);
    });
    page.on('worker', (w) =>
      w.on('console', (m) => {
        if (/content security policy|refused to/i.test(m.text())) cspConsole.push(`worker ${m.type()}: ${m.text()}`);
      }),
    );
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          at: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        }),
      );
    });

    const response = await page.goto('/');
    expect(response?.ok()).toBe(true);

    // The header (vite preview) and the meta (any static host) carry the same policy; only a header can forbid framing.
    const header = response!.headers()['content-security-policy'];
    expect(header).toBe(contentSecurityPolicy({ connect: process.env.CDR_CSP_CONNECT, forHeader: true }));
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(contentSecurityPolicy({ connect: process.env.CDR_CSP_CONNECT }));
    for (const d of [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ])
      expect(meta).toContain(d);
    expect(header).toContain("frame-ancestors 'none'");

    // The HTML as served: no inline script or handler, the CSP meta before any script, integrity on the entry files.
    const html = await (await page.request.get('/')).text();
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i);
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
    const entries = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="(\.\/assets\/[^"]+)"[^>]*>/g)];
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const [tag, url] of entries) {
      const integrity = /integrity="(sha384-[^"]+)"/.exec(tag)?.[1];
      expect(integrity, tag).toBeTruthy();
      const body = await (await page.request.get(new URL(url!, `${origin}/`).href)).body();
      expect(integrity).toBe(`sha384-${createHash('sha384').update(body).digest('base64')}`);
    }

    // A small generation, with whatever Generate button the page has.
    const field = (name: RegExp) => page.getByRole('textbox', { name });
    for (const [name, value] of [
      [/^(days|jours)$/i, '1'],
      [/^(subscribers|abonnés)$/i, '2000'],
    ] as const) {
      const f = field(name);
      if ((await f.count()) === 1) await f.fill(value);
    }
    await page
      .getByRole('button', { name: /^(generate|générer)$/i })
      .first()
      .click();
    await expect(
      page
        .getByRole('heading', { name: /dataset ready|jeu de données prêt/i })
        .or(page.getByRole('button', { name: /download zip|télécharger le zip/i }))
        .first(),
    ).toBeVisible({ timeout: 90_000 });

    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(cspConsole).toEqual([]);
    expect(foreign).toEqual([]);

    // The listener is live and the policy enforced: a string timer (eval) and an injected inline script are
    // refused and reported. (Not eval inside page.evaluate: DevTools evaluation is exempt from the policy.)
    await page.evaluate(() => {
      window.setTimeout('window.__evalRan = true', 0);
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
    });
    await expect.poll(() => page.evaluate(() => window.__cspViolations.length)).toBeGreaterThanOrEqual(2);
    const seen = await page.evaluate(() => window.__cspViolations.map((v) => `${v.directive} ${v.blocked}`));
    expect(
      seen.some((v) => /^script-src.* eval$/.test(v)),
      seen.join('\n'),
    ).toBe(true);
    expect(
      seen.some((v) => /^script-src.* inline$/.test(v)),
      seen.join('\n'),
    ).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __evalRan?: boolean; __inlineRan?: boolean }).__evalRan)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __evalRan?: boolean; __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});

test.describe('a full session stays on the page’s origin', () => {
  test('configure, preview, generate, download, switch language, stream: every request is same-origin (or blob:/data:), no CSP violation', async ({
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const origin = new URL(baseURL!).origin;
    // Page, dedicated workers and the service worker (context-level events see all three).
    const requests: string[] = [];
    const record = (r: Request) => requests.push(r.url());
    context.on('request', record);
    page.on('request', record);
    const cspConsole: string[] = [];
    const onConsole = (where: string) => (m: { text(): string; type(): string }) => {
      if (/content security policy|refused to (load|execute|connect|apply|create|frame)/i.test(m.text()))
        cspConsole.push(`${where} ${m.type()}: ${m.text()}`);
    };
    page.on('console', onConsole('page'));
    page.on('worker', (w) => w.on('console', onConsole('worker')));
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, at: e.sourceFile }),
      );
    });

    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Generate a CDR dataset' })).toBeVisible();
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(
      contentSecurityPolicy({ connect: process.env.CDR_CSP_CONNECT }),
    );

    // Configure; the preview follows.
    await page.getByRole('textbox', { name: 'Days', exact: true }).fill('2');
    await page.getByRole('textbox', { name: 'Subscribers', exact: true }).fill('3000');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect(page.getByTestId('expected-rows')).toBeVisible();
    // Generate and download the ZIP.
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible({ timeout: 90_000 });
    const [zip] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Download ZIP', exact: true }).click(),
    ]);
    expect((await zip.path()) && zip.suggestedFilename()).toMatch(/\.zip$/);
    // Switch language.
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('button', { name: 'Générer', exact: true })).toBeVisible();
    // A short stream to the in-page sink (the feed).
    await page.getByRole('tab', { name: 'Flux en direct' }).click();
    await expect(page.getByTestId('stream-tab')).toBeVisible();
    await page.getByTestId('stream-start').click();
    await expect
      .poll(async () => Number(((await page.getByTestId('stream-events').textContent()) ?? '').replace(/\D/g, '') || 0), {
        timeout: 30_000,
      })
      .toBeGreaterThan(500);
    await page.getByTestId('stream-stop').click();
    await expect(page.getByTestId('stream-status')).toHaveAttribute('data-phase', 'ended', { timeout: 15_000 });
    // Back to English, as a person would leave it.
    await page.getByRole('button', { name: 'English' }).click();

    expect(requests.length).toBeGreaterThan(5);
    const offOrigin = requests.filter((u) => {
      const url = new URL(u);
      return url.protocol !== 'blob:' && url.protocol !== 'data:' && url.origin !== origin;
    });
    expect(offOrigin).toEqual([]);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(cspConsole).toEqual([]);
  });
});
