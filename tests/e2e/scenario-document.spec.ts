/** The scenario as a document: share link, remembered scenario, JSON import/export, hostile input; languages. */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** Expects the default scenario in the controls. */
async function expectDefaults(studio: StudioPage): Promise<void> {
  await expect(studio.profile).toHaveValue('mali-omea');
  await expect(studio.start).toHaveValue('2025-10-01');
  await expect(studio.days).toHaveValue('7');
  await expect(studio.subscribers).toHaveValue('100000');
  await expect(studio.seed).toHaveValue('42');
  await expect(studio.radio('Activity')).toBeChecked();
  await expect(studio.radio('CSV')).toBeChecked();
}

async function customise(studio: StudioPage): Promise<void> {
  const page = studio.page;
  await studio.profile.selectOption('guinea');
  await studio.setScenario({ start: '2024-03-15', days: 3, subscribers: 12_000, seed: 777 });
  await studio.radio('Per day').check();
  await page.getByRole('textbox', { name: 'Voice records per day' }).fill('2000');
  await studio.checkbox('Generate SMS records').uncheck();
  await page.getByRole('textbox', { name: 'Data records per day' }).fill('500');
  await studio.nudge(studio.regionSlider('Conakry'), 'ArrowRight', 10);
  await studio.schema.selectOption('extended');
  await studio.radio('Parquet').check();
  await studio.radio('Snappy (fastest)').check();
  await studio.checkbox('region').check();
}

async function expectCustomised(studio: StudioPage): Promise<void> {
  const page = studio.page;
  await expect(studio.profile).toHaveValue('guinea');
  await expect(studio.start).toHaveValue('2024-03-15');
  await expect(studio.days).toHaveValue('3');
  await expect(studio.subscribers).toHaveValue('12000');
  await expect(studio.seed).toHaveValue('777');
  await expect(studio.radio('Per day')).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Voice records per day' })).toHaveValue('2000');
  await expect(studio.checkbox('Generate SMS records')).not.toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Data records per day' })).toHaveValue('500');
  await expect(studio.regionSlider('Conakry')).toHaveAttribute('aria-valuetext', /^35\.0\s%$/);
  await expect(studio.regionsTotal).toHaveText(/^100\.0\s%$/);
  await expect(studio.schema).toHaveValue('extended');
  await expect(studio.radio('Parquet')).toBeChecked();
  await expect(studio.radio('Snappy (fastest)')).toBeChecked();
  for (const k of ['type', 'date', 'region']) await expect(studio.checkbox(k)).toBeChecked();
  await expect(studio.checkbox('hour')).not.toBeChecked();
  await expect(page.getByTestId('expected-rows')).toHaveText('7,500');
}

test('a shared link restores every control, in a fresh browser', async ({ page, browser }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await customise(studio);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await expect(studio.shareLink).toBeVisible();
  const link = await studio.shareLink.inputValue();
  const port = process.env.E2E_PORT ?? '4173';
  expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#s=[A-Za-z0-9_-]+$`));

  const fresh = await browser.newContext({ timezoneId: 'UTC' });
  const other = await fresh.newPage();
  const otherProblems = watchPage(other);
  const opened = new StudioPage(other);
  await opened.goto(link);
  await expectCustomised(opened);
  await fresh.close();

  // The same browser remembers the last scenario without any link.
  await studio.goto('/');
  await expectCustomised(studio);
  expect([...problems, ...otherProblems]).toEqual([]);
});

test('an invalid or hostile link shows a message and keeps the defaults', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  const hostile = [
    '#s=%%%not-base64',
    `#s=${b64url('{"scenario":{"seed":"<img src=x onerror=alert(1)>"}}')}`,
    `#s=${b64url('{"scenario":{"profile":"<script>alert(1)</script>"}}')}`,
    `#s=${b64url('{"scenario":{"period":{"days":100000}}}')}`,
    `#s=${b64url('{"scenario":{"__proto__":{"admin":true}}}')}`,
    `#s=${'A'.repeat(70_000)}`,
  ];
  for (const hash of hostile) {
    await studio.goto(`/${hash}`);
    await expect(studio.notice).toHaveAttribute('data-kind', 'error');
    await expect(studio.notice).toContainText('does not hold a valid scenario');
    await expectDefaults(studio);
    expect(await page.evaluate(() => document.querySelectorAll('img, script:not([type=module])').length)).toBe(0);
  }
  await page.screenshot({ path: 'tests/e2e/screenshots/bad-link.png' });
  expect(problems).toEqual([]);
});

async function importFile(page: Page, studio: StudioPage, name: string, content: string): Promise<void> {
  const path = join(tmpdir(), name);
  writeFileSync(path, content);
  await studio.importFile.setInputFiles(path);
}

test('exported scenario JSON imports back; an invalid JSON file changes nothing', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await customise(studio);
  const exported = await studio.download(page.getByRole('button', { name: 'Export JSON' }));
  expect(exported.suggestedFilename()).toBe('scenario_guinea_seed777.json');
  const json = readFileSync(await exported.path(), 'utf8');
  const scenario = JSON.parse(json) as Record<string, unknown>;
  expect(scenario).toMatchObject({ seed: 777, profile: 'guinea', period: { start: '2024-03-15', days: 3 }, schema: 'extended' });

  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expectDefaults(studio);

  await importFile(page, studio, 'broken.json', '{"seed": 5,');
  await expect(studio.notice).toHaveAttribute('data-kind', 'error');
  await expect(studio.notice).toContainText('broken.json does not hold a valid scenario');
  await importFile(page, studio, 'evil.json', JSON.stringify({ seed: 1, population: { subscribers: 1e12 } }));
  await expect(studio.notice).toContainText('evil.json does not hold a valid scenario');
  await expectDefaults(studio);

  await importFile(page, studio, 'scenario.json', json);
  await expect(studio.notice).toContainText('Scenario imported from scenario.json');
  // The JSON file carries the scenario, not the output options: those keep their current values.
  await expect(studio.profile).toHaveValue('guinea');
  await expect(studio.days).toHaveValue('3');
  await expect(studio.checkbox('Generate SMS records')).not.toBeChecked();
  await expect(studio.regionSlider('Conakry')).toHaveAttribute('aria-valuetext', /^35\.0\s%$/);
  await expect(studio.schema).toHaveValue('extended');
  expect(problems).toEqual([]);
});

test('the page speaks French to a French browser, and English on request', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'UTC' });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Générer un jeu de CDR' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('button', { name: 'Générer', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Abonnés', exact: true })).toHaveValue('100000');
  await expect(page.getByTestId('expected-rows')).toHaveText(/^\d{1,3}(\s\d{3})+$/);
  await page.getByRole('textbox', { name: 'Jours', exact: true }).fill('0');
  await expect(page.getByText('Doit être compris entre 1 et 366').first()).toBeVisible();
  await page.getByRole('textbox', { name: 'Jours', exact: true }).fill('2');
  await page.screenshot({ path: 'tests/e2e/screenshots/configure-fr.png' });
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The choice is remembered.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Generate', exact: true })).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});
