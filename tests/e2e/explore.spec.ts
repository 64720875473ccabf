/**
 * Explore: DuckDB-Wasm over the generated tables. A small scenario is generated, Explore loads it, every
 * ready-made query answers with rows and a chart, the answer key finds every manifest aggregate equal, a
 * syntax error shows DuckDB's message inline and the page keeps working, a result downloads as CSV — and
 * no request leaves the page's origin, no Content-Security-Policy is violated. The first-answer time is
 * printed and recorded as an annotation.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ExplorePage } from './pages/explore-page.ts';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`;

/** Records every request of the browser context (pages and their workers) and every CSP violation. */
async function watchNetwork(page: Page): Promise<{ requests: string[]; violations: () => Promise<string[]> }> {
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) requests.push(`csp-console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { requests, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

const offOrigin = (urls: readonly string[]) =>
  urls.filter((u) => u.startsWith('csp-console:') || (!/^(blob|data):/.test(u) && new URL(u).origin !== ORIGIN));

test('Explore: ready queries, answer key, inline errors, CSV — all on the page’s origin', async ({ page }, info) => {
  test.setTimeout(240_000);
  const problems = watchPage(page);
  const net = await watchNetwork(page);
  const studio = new StudioPage(page);
  const explore = new ExplorePage(page);
  await studio.goto();
  await studio.setScenario({ days: 2, subscribers: 3_000, seed: 7 });
  await studio.generate();

  const t = await explore.open();
  const first = `first answer ${t.firstAnswerMs} ms after opening Explore (engine ${t.engineMs} ms, tables ${t.tablesMs} ms, query ${t.queryMs} ms) for ${t.rows} rows`;
  console.log(`[explore] ${first}`);
  info.annotations.push({ type: 'explore-first-answer', description: first });
  expect(t.rows).toBe(await studio.displayedTotalRows());
  // The first ready query answered on its own.
  await expect(explore.result).toHaveAttribute('data-query', 'voiceDaily');

  // The schema: every table with its rows.
  for (const name of ['voice_cdr', 'sms_cdr', 'data_cdr', 'cells', 'subscribers'])
    await expect(page.locator(`[data-testid="schema-table"][data-table="${name}"]`)).toBeVisible();

  // Every ready-made query: rows and a chart.
  const ids = await explore.queryIds();
  expect(ids.length).toBeGreaterThanOrEqual(11);
  for (const id of ids) {
    await explore.runReady(id);
    await expect(explore.error).toHaveCount(0);
    expect(await explore.resultRows(), `${id} rows`).toBeGreaterThan(0);
    await expect(explore.chart, `${id} chart`).toBeVisible();
    expect(Number(await explore.chart.getAttribute('data-points')), `${id} chart points`).toBeGreaterThan(0);
    await expect(explore.chart.locator('svg path, svg rect').first()).toBeAttached();
  }
  // The virtualised table keeps only the rows in view in the DOM.
  await explore.runReady('voiceHourlyCell');
  const total = await explore.resultRows();
  expect(total).toBeGreaterThan(200);
  expect(await page.getByTestId('explore-row').count()).toBeLessThan(60);
  await explore.table.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByTestId('explore-row').last()).toContainText(String(total));

  // The answer key: every manifest aggregate equals its SQL.
  await expect(explore.answerSummary).toHaveAttribute('data-all-equal', 'true', { timeout: 60_000 });
  const checks = page.getByTestId('answer-check');
  expect(await checks.count()).toBeGreaterThanOrEqual(13);
  expect(await checks.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-equal')))).toEqual(
    Array.from({ length: await checks.count() }, () => 'true'),
  );

  // A syntax error: DuckDB's message inline, as an alert; the next query works.
  await explore.runSql('SELEC region FROM voice_cdr');
  await expect(explore.error).toBeVisible();
  await expect(explore.error).toHaveAttribute('role', 'alert');
  await expect(explore.error).toContainText('syntax error at or near "SELEC"');
  await page.getByTestId('explore').screenshot({ path: 'tests/e2e/screenshots/explore-error.png' });
  await explore.runSql('SELECT region, count(*) AS calls FROM voice_cdr GROUP BY ALL ORDER BY calls DESC', 'button');
  await expect(explore.error).toHaveCount(0);
  expect(await explore.resultRows()).toBe(8);
  await expect(explore.chart).toHaveAttribute('data-kind', 'bar');

  // A huge result is read only up to 100,000 rows (the rest cancelled), said so, and the engine keeps working.
  await explore.runSql('SELECT range AS n, range % 7 AS k FROM range(2500000)', 'button');
  await expect(page.getByTestId('explore-truncated')).toContainText('first 100,000 rows only');
  await expect(page.getByTestId('explore-result-meta')).toContainText('100,000 rows');
  await explore.runSql('SELECT count(*) AS n FROM range(2500000)', 'button');
  await expect(page.getByTestId('explore-truncated')).toHaveCount(0);
  await expect(page.getByTestId('explore-result-meta')).toContainText('1 rows');
  // Several statements still run (the last one's result).
  await explore.runSql('CREATE TEMP TABLE t AS SELECT 1 AS x; SELECT x + 1 AS y FROM t', 'button');
  await expect(explore.error).toHaveCount(0);
  await expect(page.getByTestId('explore-result-meta')).toContainText('1 rows');

  // Nothing in DuckDB can reach the network: remote files and extensions are refused, inline.
  await explore.runSql(`SELECT * FROM read_csv('https://example.com/cdr.csv')`);
  await expect(explore.error).toBeVisible();
  await explore.runSql('LOAD icu');
  await expect(explore.error).toContainText('disabled');

  // CSV of a result.
  await explore.runReady('busyHour');
  const download = await studio.download(page.getByTestId('explore-csv'));
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('region,busy_hour,calls_in_busy_hour,share_of_day_pct');
  expect(lines.length).toBe(9);

  // Accessibility of the view (with an error showing): no serious or critical axe violation.
  await explore.runSql('SELEC 1');
  const axe = await new AxeBuilder({ page }).include('[data-testid="explore"]').analyze();
  expect(
    axe.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.help} — ${v.nodes
            .slice(0, 6)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
      ),
  ).toEqual([]);

  // Picture of the view with a result, its chart and the answer key.
  await explore.runReady('regionTraffic');
  await page.setViewportSize({ width: 1600, height: 2600 });
  await page.getByTestId('explore').screenshot({ path: 'tests/e2e/screenshots/explore.png' });

  expect(offOrigin(net.requests), 'requests off the page origin').toEqual([]);
  expect(
    net.requests.some((u) => /duckdb-(eh|mvp)-.*\.wasm$/.test(u)),
    'the wasm came from the page origin',
  ).toBe(true);
  expect(await net.violations(), 'CSP violations').toEqual([]);
  expect(problems).toEqual([]);
});

test('once Explore has been used, it works offline (DuckDB cached by the service worker)', async ({ page, context }) => {
  test.setTimeout(240_000);
  const studio = new StudioPage(page);
  const explore = new ExplorePage(page);
  await studio.goto();
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 30_000 });
  await studio.setScenario({ days: 1, subscribers: 1_000, seed: 3 });
  await studio.generate();
  await explore.open();

  await context.setOffline(true);
  await page.reload();
  const problems = watchPage(page);
  await expect(page.getByRole('heading', { name: 'Generate a CDR dataset' })).toBeVisible();
  await studio.setScenario({ days: 1, subscribers: 1_000, seed: 4 });
  await studio.generate();
  await explore.open();
  await expect(explore.answerSummary).toHaveAttribute('data-all-equal', 'true', { timeout: 60_000 });
  expect(problems).toEqual([]);
  await context.setOffline(false);
});

test('Explore before any run explains and offers to generate; #/explore opens it', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto('/#/explore');
  const idle = page.getByTestId('explore-idle');
  await expect(idle).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('explore').screenshot({ path: 'tests/e2e/screenshots/explore-idle.png' });
  await studio.setScenario({ days: 1, subscribers: 1_000, seed: 3 });
  await idle.getByRole('button', { name: 'Generate now' }).click();
  await expect(page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible({ timeout: 90_000 });
  expect(problems).toEqual([]);
});

test('Explore refuses a run too big for the device, with the advice', async ({ page }) => {
  // A browser that reports a tiny JS heap: Explore's limit (half of it) falls below this small run.
  await page.addInitScript(() =>
    Object.defineProperty(performance, 'memory', { get: () => ({ jsHeapSizeLimit: 4096, totalJSHeapSize: 0, usedJSHeapSize: 0 }) }),
  );
  const studio = new StudioPage(page);
  const explore = new ExplorePage(page);
  await studio.goto();
  await studio.setScenario({ days: 1, subscribers: 1_000, seed: 3 });
  await studio.generate();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await explore.tab.click();
  const refused = page.getByTestId('explore-refused');
  await expect(refused).toBeVisible();
  await expect(refused).toHaveAttribute('role', 'alert');
  await expect(refused).toContainText('Too big to explore in the browser');
  await expect(refused).toContainText('Parquet');
  await page.getByTestId('explore').screenshot({ path: 'tests/e2e/screenshots/explore-refused.png' });
  // Refused before anything loads: DuckDB was never fetched.
  expect(requests.filter((u) => /duckdb/i.test(u))).toEqual([]);
});

/**
 * First-answer time at scale (skipped unless EXPLORE_BENCH_ROWS is set, e.g. 1000000): generates that many
 * records (volume "Total"), opens Explore and prints the page's own timings (data attributes of
 * `explore-timings`), plus the time of the heaviest gold query. For the browser bench.
 */
test('Explore first-answer time at scale (EXPLORE_BENCH_ROWS)', async ({ page }, info) => {
  const rows = Number(process.env.EXPLORE_BENCH_ROWS ?? 0);
  test.skip(!rows, 'set EXPLORE_BENCH_ROWS to measure');
  test.setTimeout(900_000);
  const studio = new StudioPage(page);
  const explore = new ExplorePage(page);
  await studio.goto();
  await studio.radio('Total').check();
  await page.getByRole('textbox', { name: 'Total records', exact: true }).fill(String(rows));
  await studio.generate(600_000);
  expect(await studio.displayedTotalRows()).toBe(rows);
  const openedAt = Date.now();
  const t = await explore.open(600_000);
  const wall = Date.now() - openedAt;
  await explore.runReady('voiceHourlyCell');
  const hourly = (await page.getByTestId('explore-result-meta').innerText()).trim();
  const line = `${rows} rows: first answer ${t.firstAnswerMs} ms (engine ${t.engineMs} ms, tables ${t.tablesMs} ms, first query ${t.queryMs} ms; wall ${wall} ms); voice day × hour × cell: ${hourly}`;
  console.log(`[explore-bench] ${line}`);
  info.annotations.push({ type: 'explore-bench', description: line });
});
