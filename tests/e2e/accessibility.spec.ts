/** Accessibility: axe-core finds no serious or critical violation; the page works from the keyboard. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { StudioPage, watchPage } from './pages/studio-page.ts';

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

test('axe finds no serious accessibility violation on the configure, result and French pages', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  // The configure page, with an inline validation message showing.
  await studio.days.fill('0');
  await expect(studio.days).toHaveAttribute('aria-invalid', 'true');
  expect(await seriousViolations(page)).toEqual([]);

  await studio.setScenario({ days: 1, subscribers: 2_000 });
  await studio.generate();
  await expect(page.getByTestId('files-table')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Jeu de données prêt' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a keyboard user configures, generates and switches views without a mouse', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.subscribers.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2000');
  // Tab reaches the slider next, and arrow keys move it.
  await page.keyboard.press('Tab');
  await expect(studio.subscribersSlider).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(studio.subscribers).not.toHaveValue('2000');
  await studio.days.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  // Enter in a field submits the form: Generate.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible({ timeout: 60_000 });
  // Tabs: arrow keys move between Preview and Result.
  await studio.resultTab.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(studio.previewTab).toBeFocused();
  await expect(studio.previewTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Expected output' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible();
  expect(problems).toEqual([]);
});
