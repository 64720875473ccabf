/** Static hosting: once loaded, the page works offline (service worker), Parquet included. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { StudioPage, watchPage } from './pages/studio-page.ts';

test('once loaded, the page reloads and generates Parquet without any network', async ({ page, context }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 30_000 });

  await context.setOffline(true);
  await page.reload();
  const problems = watchPage(page);
  await expect(page.getByRole('heading', { name: 'Generate a CDR dataset' })).toBeVisible();
  await studio.setScenario({ days: 1, subscribers: 2_000 });
  await studio.radio('Parquet').check();
  await studio.generate();
  const zip = unzipSync(new Uint8Array(readFileSync(await (await studio.download(studio.downloadZipButton)).path())));
  expect(Object.keys(zip).filter((n) => n.endsWith('.parquet')).length).toBeGreaterThan(3);
  expect(problems).toEqual([]);
  await context.setOffline(false);
});
