/** Custom profiles in the page: import a profile file, preview its bubble map, generate, share the link; bad files are refused by field. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'senegal-profile.json');

test('import a custom profile, preview and generate with it, and open its share link in a fresh page', async ({ page, browser }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await page.getByTestId('import-profile-file').setInputFiles(FILE);
  await expect(studio.notice).toContainText('Profile “Senegal — demo operator” imported (3 regions) and selected.');
  await expect(studio.profile).toHaveValue('senegal-demo');
  await expect(page.getByText('Imported profile · 3 regions · XOF')).toBeVisible();
  // The preview map has no boundaries for this country: one bubble per region, labelled.
  const map = page.getByTestId('preview-map');
  await expect(map.locator('[data-region]')).toHaveCount(3);
  await expect(map.locator('[data-label="Thiès"]')).toContainText('Thiès');
  await map.scrollIntoViewIfNeeded();
  await map.screenshot({ path: 'tests/e2e/screenshots/custom-profile-map.png' });

  await studio.setScenario({ days: 1, subscribers: 3000 });
  await studio.generate();
  const regions = await studio.chartRows('result-regions');
  expect(regions.map((r) => r[0])).toEqual(['Dakar', 'Thiès', 'Tambacounda']);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  const link = await studio.shareLink.inputValue();

  // A fresh context (no storage): the link alone brings the profile back.
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  const fresh = new StudioPage(other);
  await other.goto(link);
  await expect(fresh.profile).toHaveValue('senegal-demo');
  await expect(other.getByTestId('preview-map').locator('[data-region]')).toHaveCount(3);
  await ctx.close();
  expect(problems).toEqual([]);
});

test('a bad profile file is refused with the field named, and nothing changes', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.goto();
  const profile = JSON.parse(readFileSync(FILE, 'utf8')) as { regions: { name: string }[] };
  profile.regions[1]!.name = '<img src=x onerror="window.__xss=1">';
  await page.getByTestId('import-profile-file').setInputFiles({
    name: 'evil.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(profile)),
  });
  await expect(studio.notice).toContainText('evil.json is not a valid custom profile (regions.1.name: region name must be plain text');
  await expect(studio.profile).toHaveValue('mali-omea');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
