import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { StudioPage } from './pages/studio-page.ts';

const HEADERS = {
  voice: 'timestamp,call_id,caller_msisdn,callee_msisdn,call_type,duration_seconds,cell_id,region,termination_reason,charging_amount',
  sms: 'timestamp,sms_id,sender_msisdn,receiver_msisdn,sms_type,message_length,cell_id,region,delivery_status,charging_amount',
  data: 'timestamp,session_id,msisdn,apn,session_duration_seconds,bytes_uploaded,bytes_downloaded,cell_id,region,session_end_reason,charging_amount',
  cells: 'cell_id,region,province,latitude,longitude,technology,capacity_erlang',
} as const;

/** Data lines of a CSV file (header excluded), checking that the header is the first line only. */
function dataLines(text: string, header: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines[0]).toBe(header);
  const rest = lines.slice(1);
  expect(rest).not.toContain(header);
  return rest;
}

test.describe('walking skeleton', () => {
  const problems: string[] = [];

  test.beforeEach(({ page }) => {
    problems.length = 0;
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== 'http://127.0.0.1:4173') problems.push(`request: ${r.url()}`);
    });
  });

  test('generates two days for 20,000 subscribers and downloads a ZIP of legacy CSV files whose rows match the page', async ({
    page,
  }, testInfo) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.setScenario({ days: 2, subscribers: 20_000 });
    await expect(studio.expectedRows).not.toBeEmpty();
    const expected = Number((await studio.expectedRows.innerText()).replace(/\D/g, ''));

    await studio.generate();
    const displayed = await studio.displayedTotalRows();
    expect(displayed).toBeGreaterThan(0);
    expect(displayed).toBe(expected);

    await page.screenshot({ path: 'tests/e2e/screenshots/skeleton-result.png', fullPage: true });

    const download = await studio.download(studio.downloadZipButton);
    expect(download.suggestedFilename()).toBe('cdr_mali-omea_20251001_2d_seed42.zip');
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(files);
    expect(names.sort()).toEqual(
      [
        'cell_towers_mali.csv',
        'data_cdr_20251001_01.csv',
        'data_cdr_20251002_02.csv',
        'sms_cdr_20251001_01.csv',
        'sms_cdr_20251002_02.csv',
        'voice_cdr_20251001_01.csv',
        'voice_cdr_20251002_02.csv',
      ].sort(),
    );

    let total = 0;
    for (const name of names) {
      const text = strFromU8(files[name]!);
      const type = name.split('_')[0] as keyof typeof HEADERS;
      if (name.startsWith('cell_towers_')) {
        expect(dataLines(text, HEADERS.cells).length).toBeGreaterThan(0);
        continue;
      }
      const lines = dataLines(text, HEADERS[type]);
      const day = name.includes('_20251001_') ? '2025-10-01' : '2025-10-02';
      expect(lines.every((l) => l.startsWith(`${day}T`))).toBe(true);
      total += lines.length;
    }
    expect(total).toBe(displayed);

    const voice = await studio.download(studio.downloadVoiceButton);
    expect(voice.suggestedFilename()).toBe('voice_cdr_20251001_01.csv');
    // Buffer.equals: a deep toEqual over 10 MB of bytes takes seconds.
    expect(readFileSync(await voice.path()).equals(files['voice_cdr_20251001_01.csv']!)).toBe(true);

    await testInfo.attach('skeleton-result', { path: 'tests/e2e/screenshots/skeleton-result.png', contentType: 'image/png' });
    expect(problems).toEqual([]);
  });

  test('shows validation messages next to the fields and keeps Generate disabled', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await page.screenshot({ path: 'tests/e2e/screenshots/skeleton-idle.png' });
    await studio.setScenario({ days: 40 });
    await expect(studio.days).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Days must be between 1 and 31')).toBeVisible();
    await studio.subscribers.fill('5');
    await expect(page.getByText('Subscribers must be ≥ 10')).toBeVisible();
    await expect(studio.generateButton).toBeDisabled();
    await page.screenshot({ path: 'tests/e2e/screenshots/skeleton-validation.png', fullPage: true });
    await studio.setScenario({ days: 2, subscribers: 2_000 });
    await expect(studio.generateButton).toBeEnabled();
    expect(problems).toEqual([]);
  });

  test('produces a byte-identical ZIP with one worker and with four workers', async ({ context }) => {
    const zips: Buffer[] = [];
    for (const cores of [2, 5]) {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      // defaultPoolSize leaves one core: 2 cores -> 1 worker, 5 cores -> 4 workers.
      await page.addInitScript((n) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n }), cores);
      const studio = new StudioPage(page);
      await studio.goto();
      await studio.setScenario({ days: 2, subscribers: 3_000, seed: 7 });
      await studio.generate();
      await expect(page.getByText(`Generated with ${cores - 1} worker`)).toBeVisible();
      zips.push(readFileSync(await (await studio.download(studio.downloadZipButton)).path()));
      await page.close();
    }
    expect(zips[0]!.length).toBeGreaterThan(0);
    expect(zips[0]!.equals(zips[1]!)).toBe(true);
    expect(problems).toEqual([]);
  });

  test('cancels a running generation and returns to the idle form', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.setScenario({ days: 10, subscribers: 20_000 });
    await studio.generateButton.click();
    await expect(studio.progressBar).toBeVisible();
    await expect(page.getByTestId('status')).toContainText(' of ', { timeout: 30_000 });
    await page.screenshot({ path: 'tests/e2e/screenshots/skeleton-progress.png', fullPage: true });
    await studio.cancelButton.click();
    await expect(page.getByRole('heading', { name: 'No dataset yet' })).toBeVisible();
    await expect(studio.generateButton).toBeEnabled();
    // The pool restarts: a small run still completes after a cancel.
    await studio.setScenario({ days: 1, subscribers: 1_000 });
    await studio.generate();
    expect(await studio.displayedTotalRows()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
