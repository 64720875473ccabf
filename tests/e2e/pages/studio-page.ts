/** Page object of the CDR Studio generator page. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class StudioPage {
  readonly days: Locator;
  readonly subscribers: Locator;
  readonly seed: Locator;
  readonly generateButton: Locator;
  readonly cancelButton: Locator;
  readonly downloadZipButton: Locator;
  readonly downloadVoiceButton: Locator;
  readonly progressBar: Locator;
  readonly totalRows: Locator;
  readonly expectedRows: Locator;

  constructor(readonly page: Page) {
    this.days = page.getByLabel('Days', { exact: true });
    this.subscribers = page.getByLabel('Subscribers', { exact: true });
    this.seed = page.getByLabel('Seed', { exact: true });
    this.generateButton = page.getByRole('button', { name: 'Generate', exact: true });
    this.cancelButton = page.getByRole('button', { name: 'Cancel', exact: true });
    this.downloadZipButton = page.getByRole('button', { name: 'Download ZIP', exact: true });
    this.downloadVoiceButton = page.getByRole('button', { name: 'Download voice CSV', exact: true });
    this.progressBar = page.getByRole('progressbar', { name: 'Generation progress' });
    this.totalRows = page.getByTestId('total-rows');
    this.expectedRows = page.getByTestId('expected-rows');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Generate a CDR dataset' })).toBeVisible();
  }

  async setScenario(s: { days?: number; subscribers?: number; seed?: number }): Promise<void> {
    if (s.days !== undefined) await this.days.fill(String(s.days));
    if (s.subscribers !== undefined) await this.subscribers.fill(String(s.subscribers));
    if (s.seed !== undefined) await this.seed.fill(String(s.seed));
  }

  /** Clicks Generate and waits for the result view. */
  async generate(timeout = 90_000): Promise<void> {
    await this.generateButton.click();
    await expect(this.page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible({ timeout });
  }

  /** The number the page shows as "Total records". */
  async displayedTotalRows(): Promise<number> {
    return Number((await this.totalRows.innerText()).replace(/\D/g, ''));
  }

  /** Clicks a download button, waiting for the download before clicking (STACK.md §6). */
  async download(button: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    return download;
  }
}
