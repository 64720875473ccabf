/** The walking skeleton's promises, on the full page: legacy CSV ZIP, inline validation, worker-count independence. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { StudioPage, watchPage } from './pages/studio-page.ts';

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
  test('generates two days for 20,000 subscribers and downloads a ZIP of legacy CSV files whose rows match the page', async ({ page }) => {
    const problems = watchPage(page);
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.setScenario({ days: 2, subscribers: 20_000 });
    await expect(studio.expectedRows).toHaveText(/\d/);
    const expected = StudioPage.number(await studio.expectedRows.innerText());

    await studio.generate();
    const displayed = await studio.displayedTotalRows();
    expect(displayed).toBeGreaterThan(0);
    expect(displayed).toBe(expected);

    const download = await studio.download(studio.downloadZipButton);
    expect(download.suggestedFilename()).toBe('cdr_mali-omea_20251001_2d_seed42_csv.zip');
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(files);
    expect(names.sort()).toEqual(
      [
        'README.md',
        'Subscribers.csv',
        'cell_towers_mali.csv',
        'data_cdr_20251001_01.csv',
        'data_cdr_20251002_02.csv',
        'manifest.json',
        'schema.sql',
        'sms_cdr_20251001_01.csv',
        'sms_cdr_20251002_02.csv',
        'voice_cdr_20251001_01.csv',
        'voice_cdr_20251002_02.csv',
      ].sort(),
    );

    let total = 0;
    for (const name of names.filter((n) => n.includes('_cdr_'))) {
      const text = strFromU8(files[name]!);
      const type = name.split('_')[0] as 'voice' | 'sms' | 'data';
      const lines = dataLines(text, HEADERS[type]);
      const day = name.includes('_20251001_') ? '2025-10-01' : '2025-10-02';
      expect(lines.every((l) => l.startsWith(`${day}T`))).toBe(true);
      total += lines.length;
    }
    expect(dataLines(strFromU8(files['cell_towers_mali.csv']!), HEADERS.cells).length).toBeGreaterThan(0);
    expect(total).toBe(displayed);

    // "Download CSV" of the voice table = the two daily voice files under one header.
    const voice = await studio.download(studio.downloadButton('CSV'));
    expect(voice.suggestedFilename()).toBe('voice_cdr.csv');
    const day2 = strFromU8(files['voice_cdr_20251002_02.csv']!);
    const joined = strFromU8(files['voice_cdr_20251001_01.csv']!) + day2.slice(day2.indexOf('\n') + 1);
    // Buffer.equals: a deep toEqual over megabytes takes seconds.
    expect(readFileSync(await voice.path()).equals(Buffer.from(joined))).toBe(true);
    expect(problems).toEqual([]);
  });

  test('shows validation messages next to the fields and keeps Generate disabled', async ({ page }) => {
    const problems = watchPage(page);
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.setScenario({ days: 400 });
    await expect(studio.days).toHaveAttribute('aria-invalid', 'true');
    // The message sits next to the field and is tied to it for screen readers (aria-describedby).
    const describedBy = ((await studio.days.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    expect(describedBy.length).toBeGreaterThan(0);
    const fieldMessages = page.locator(describedBy.map((id) => `[id="${id}"]`).join(', '));
    await expect(fieldMessages.filter({ hasText: 'Must be between 1 and 366' })).toBeVisible();
    await studio.subscribers.fill('5');
    await expect(page.getByText('Must be between 10 and 5,000,000').first()).toBeVisible();
    await studio.seed.fill('forty-two');
    await expect(page.getByText(/Enter a number$/).first()).toBeVisible();
    await expect(studio.generateButton).toBeDisabled();
    await expect(page.getByText('Fix the highlighted fields to see the expected volumes.')).toBeVisible();
    // The preview lists what is wrong; each entry takes the focus to its field.
    const summary = page.getByTestId('error-summary');
    await expect(summary.locator('li')).toHaveCount(3);
    await summary.getByRole('button', { name: 'Days' }).click();
    await expect(studio.days).toBeFocused();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'tests/e2e/screenshots/validation.png' });
    await studio.setScenario({ days: 2, subscribers: 2_000, seed: 1 });
    await expect(studio.generateButton).toBeEnabled();
    expect(problems).toEqual([]);
  });

  test('produces a byte-identical ZIP with one worker and with four workers', async ({ page }) => {
    const problems = watchPage(page);
    const studio = new StudioPage(page);
    await studio.goto();
    await studio.setScenario({ days: 2, subscribers: 3_000, seed: 7 });
    const zips: Buffer[] = [];
    for (const workers of ['1', '4']) {
      await studio.workers.selectOption(workers);
      await studio.generate();
      await expect(page.getByText(`Generated with ${workers} worker`)).toBeVisible();
      zips.push(readFileSync(await (await studio.download(studio.downloadZipButton)).path()));
      await page.getByRole('button', { name: 'Back to the scenario' }).click();
    }
    expect(zips[0]!.length).toBeGreaterThan(0);
    expect(zips[0]!.equals(zips[1]!)).toBe(true);
    expect(problems).toEqual([]);
  });
});
