/**
 * Faults & fraud panel and the Iceberg output, as a person would: switch kinds on, generate a tiny
 * scenario and read the per-kind counts of the ground truth; choose Iceberg and check the tables in the ZIP.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { StudioPage, watchPage } from './pages/studio-page.ts';

test('faults and SIM-box fraud: per-kind ground-truth counts after generation', async ({ page: first, browser }) => {
  const problems = watchPage(first);
  const editing = new StudioPage(first);
  await editing.goto();
  await editing.setScenario({ days: 1, subscribers: 2000 });
  await expect(editing.truthPreview).toHaveCount(0);

  await editing.truthToggle('Exact duplicates').check();
  await editing.truthToggle('Missing fields').check();
  await editing.truthToggle('SIM-box').check();
  await expect(editing.truthSlider('Exact duplicates')).toBeVisible();
  // Raise the duplicates rate with the keyboard (a few steps of 0.05 %).
  await editing.nudge(editing.truthSlider('Exact duplicates'), 'ArrowRight', 4);
  await expect(editing.truthPreview).toContainText(/\+[1-9][\d,]* fraud rows/);
  await expect(editing.truthPreview).toContainText(/\+[1-9][\d,]* duplicate copies/);
  // Badges of the metadata are shown.
  await expect(first.getByTestId('truth-truncatedRows')).toContainText('breaks strict (FAILFAST) loaders');
  await expect(first.getByTestId('truth-wangiri')).toContainText('adds foreign numbers');

  // The share link carries the sections, and reading it back keeps them on.
  await first.getByRole('button', { name: 'Copy share link' }).click();
  const link = await editing.shareLink.inputValue();

  // A fresh browser opened on the link shows the same kinds switched on.
  const fresh = await browser.newContext({ timezoneId: 'UTC' });
  const page = await fresh.newPage();
  const freshProblems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto(link);
  await expect(studio.truthToggle('SIM-box')).toBeChecked();
  await expect(studio.truthToggle('Exact duplicates')).toBeChecked();
  await expect(studio.truthToggle('Missing fields')).toBeChecked();
  await expect(studio.truthToggle('Clock skew')).not.toBeChecked();

  await studio.generate();
  await expect(page.getByTestId('ground-truth')).toBeVisible();
  expect(await studio.truthCount('duplicate_exact')).toBeGreaterThan(0);
  expect(await studio.truthCount('missing_field')).toBeGreaterThan(0);
  expect(await studio.truthCount('fraud_simbox')).toBeGreaterThan(0);
  expect([...problems, ...freshProblems]).toEqual([]);
  await fresh.close();
});

test('Iceberg tables: ZIP with metadata and Parquet data files, register.sql shown', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.setScenario({ days: 1, subscribers: 1000 });
  await studio.radio('Iceberg').check();
  await expect(studio.warehouse).toHaveValue('s3://lakehouse/bronze');
  await studio.warehouse.fill('s3://e2e-lake/bronze');
  await studio.generate();

  const sql = page.getByTestId('register-sql');
  await expect(sql).toContainText('s3://e2e-lake/bronze/voice');
  const download = await studio.download(studio.downloadZipButton);
  expect(download.suggestedFilename()).toMatch(/_iceberg\.zip$/);
  const entries = Object.keys(unzipSync(new Uint8Array(readFileSync(await download.path()))));
  expect(entries).toContain('voice/metadata/v1.metadata.json');
  expect(entries).toContain('register.sql');
  expect(entries.some((p) => /^voice\/data\/.+\.parquet$/.test(p))).toBe(true);
  const meta = JSON.parse(
    strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['voice/metadata/v1.metadata.json']!),
  ) as {
    location: string;
  };
  expect(meta.location).toBe('s3://e2e-lake/bronze/voice');
  expect(problems).toEqual([]);
});
