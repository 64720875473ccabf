/** Page object of CDR Studio (English UI unless a test switches language). */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export type Format = 'CSV' | 'NDJSON' | 'Parquet' | 'Arrow';

export class StudioPage {
  readonly profile: Locator;
  readonly start: Locator;
  readonly days: Locator;
  readonly subscribers: Locator;
  readonly subscribersSlider: Locator;
  readonly seed: Locator;
  readonly workers: Locator;
  readonly schema: Locator;
  readonly generateButton: Locator;
  readonly cancelButton: Locator;
  readonly downloadZipButton: Locator;
  readonly downloadManifestButton: Locator;
  readonly progressBar: Locator;
  readonly totalRows: Locator;
  readonly expectedRows: Locator;
  readonly previewTab: Locator;
  readonly resultTab: Locator;
  readonly regionsTotal: Locator;
  readonly notice: Locator;
  readonly importFile: Locator;
  readonly shareLink: Locator;
  readonly warehouse: Locator;

  constructor(readonly page: Page) {
    this.profile = page.getByLabel('Country profile');
    this.start = page.getByLabel('Start date');
    this.days = page.getByRole('textbox', { name: 'Days', exact: true });
    this.subscribers = page.getByRole('textbox', { name: 'Subscribers', exact: true });
    this.subscribersSlider = page.getByRole('slider', { name: 'Subscribers slider' });
    this.seed = page.getByRole('textbox', { name: 'Seed', exact: true });
    this.workers = page.getByLabel('Workers', { exact: true });
    this.schema = page.getByLabel('Schema', { exact: true });
    this.generateButton = page.getByRole('button', { name: 'Generate', exact: true });
    this.cancelButton = page.getByRole('button', { name: 'Cancel', exact: true });
    this.downloadZipButton = page.getByRole('button', { name: 'Download ZIP', exact: true });
    this.downloadManifestButton = page.getByRole('button', { name: 'Download manifest', exact: true });
    this.progressBar = page.getByRole('progressbar', { name: 'Generation progress' });
    this.totalRows = page.getByTestId('total-rows');
    this.expectedRows = page.getByTestId('expected-rows');
    this.previewTab = page.getByRole('tab', { name: 'Preview' });
    this.resultTab = page.getByRole('tab', { name: /Result/ });
    this.regionsTotal = page.getByTestId('regions-total');
    this.notice = page.getByTestId('notice');
    this.importFile = page.getByTestId('import-file');
    this.shareLink = page.getByRole('textbox', { name: 'Share link' });
    this.warehouse = page.getByRole('textbox', { name: 'Warehouse location', exact: true });
  }

  async goto(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.page.getByRole('heading', { name: 'Generate a CDR dataset' })).toBeVisible();
  }

  /** Types values into the scenario fields. */
  async setScenario(s: { days?: number; subscribers?: number; seed?: number; start?: string }): Promise<void> {
    if (s.start !== undefined) await this.start.fill(s.start);
    if (s.days !== undefined) await this.days.fill(String(s.days));
    if (s.subscribers !== undefined) await this.subscribers.fill(String(s.subscribers));
    if (s.seed !== undefined) await this.seed.fill(String(s.seed));
  }

  regionSlider(region: string): Locator {
    return this.page.getByRole('slider', { name: `${region} weight` });
  }

  /** Moves a slider with the keyboard, as a person would (focus, then arrow keys). */
  async nudge(slider: Locator, key: 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End', times = 1): Promise<void> {
    await slider.focus();
    for (let i = 0; i < times; i++) await slider.press(key);
  }

  radio(name: string): Locator {
    return this.page.getByRole('radio', { name, exact: true });
  }

  checkbox(name: string): Locator {
    return this.page.getByRole('checkbox', { name, exact: true });
  }

  /** "Download CSV", "Download Parquet", … of the single-file table downloads. */
  downloadButton(format: Format): Locator {
    return this.page.getByRole('button', { name: `Download ${format}`, exact: true });
  }

  /** The toggle of a fault kind or fraud pattern of the "Faults & fraud" panel, by its label. */
  truthToggle(label: string): Locator {
    return this.page.getByRole('checkbox', { name: `Enable ${label}`, exact: true });
  }

  /** The intensity slider of a fault kind or fraud pattern. */
  truthSlider(label: string): Locator {
    return this.page.getByRole('slider', { name: `${label} intensity`, exact: true });
  }

  /** The plan's rows added / removed by faults and fraud (Configure column). */
  get truthPreview(): Locator {
    return this.page.getByTestId('truth-preview');
  }

  /** Records of one ground-truth kind in the result (`duplicate_exact`, `fraud_simbox`, …). */
  async truthCount(kind: string): Promise<number> {
    return StudioPage.number(await this.page.getByTestId(`truth-count-${kind}`).locator('td').nth(1).innerText());
  }

  /** The screen-reader table of a chart, as text rows. */
  async chartRows(testId: string): Promise<string[][]> {
    return this.page
      .getByTestId(`${testId}-table`)
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
  }

  /** Clicks Generate and waits for the result view. */
  async generate(timeout = 90_000): Promise<void> {
    await this.generateButton.click();
    await expect(this.page.getByRole('heading', { name: 'Dataset ready' })).toBeVisible({ timeout });
  }

  /** A number shown by the page (digits only, any separators). */
  static number(text: string): number {
    return Number(text.replace(/\D/g, ''));
  }

  async displayedTotalRows(): Promise<number> {
    return StudioPage.number(await this.totalRows.innerText());
  }

  async displayedRows(type: 'voice' | 'sms' | 'data'): Promise<number> {
    return StudioPage.number(await this.page.getByTestId(`rows-${type}`).innerText());
  }

  /** Clicks a download button, waiting for the download before clicking (STACK.md §6). */
  async download(button: Locator): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    return download;
  }
}

/** Collects problems of a page: console errors, uncaught errors, requests to other origins. */
export function watchPage(page: Page, origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== origin) problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return problems;
}
