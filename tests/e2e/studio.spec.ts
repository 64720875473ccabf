/**
 * Issue 4 acceptance, as a person would: preview while moving sliders, generate a week, watch progress
 * reach 100 %, download CSV, Parquet, Arrow and the ZIP, parse each with an independent reader and compare
 * with what the page announced; the CLI gives byte-identical files for the same scenario.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect, test } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { strFromU8, unzipSync } from 'fflate';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const SHOTS = 'tests/e2e/screenshots';

let db: DuckDBConnection;
test.beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

async function count(sql: string): Promise<number> {
  const rows = (await db.runAndReadAll(sql)).getRows();
  return Number(rows[0]![0]);
}

const sqlPath = (p: string) => `'${p.replace(/'/g, "''")}'`;

/** Run-state files the CLI keeps next to a dataset (for --continue); not part of the dataset itself. */
const CLI_STATE = ['.cdrgen-state.json', 'state_generation.txt'];

/** Every dataset file under a directory, by relative path. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((p) => !CLI_STATE.includes(p)).sort();
}

function cdrgen(args: string[]): string {
  const out = mkdtempSync(join(tmpdir(), 'cdr-e2e-cli-'));
  const r = spawnSync(process.execPath, ['bin/cdrgen.js', 'batch', ...args, '--workers', '1', '--out', out], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

/** Records the values the progress bar shows, however briefly (a run of a few seconds). */
async function recordProgress(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { __progress: number[] }).__progress = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (el.getAttribute?.('role') === 'progressbar') seen.push(Number(el.getAttribute('aria-valuenow')));
        if (r.type === 'childList')
          for (const n of r.addedNodes)
            if (n instanceof Element)
              n.querySelectorAll('[role=progressbar]').forEach((p) => seen.push(Number(p.getAttribute('aria-valuenow'))));
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
}

test('a data engineer previews, generates a week, downloads every format and finds what the page announced', async ({ page }) => {
  const problems = watchPage(page);
  await recordProgress(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  const studio = new StudioPage(page);
  await studio.goto();

  // The preview follows the subscribers slider…
  const before = await studio.chartRows('preview-regions');
  const textBefore = await studio.expectedRows.innerText();
  const expectedBefore = StudioPage.number(textBefore);
  await studio.nudge(studio.subscribersSlider, 'ArrowLeft', 20);
  await expect(studio.expectedRows).not.toHaveText(textBefore);
  const expectedAfter = StudioPage.number(await studio.expectedRows.innerText());
  expect(expectedAfter).toBeLessThan(expectedBefore);
  await expect.poll(() => studio.chartRows('preview-regions')).not.toEqual(before);
  const hoursBefore = await studio.chartRows('preview-hours');
  await studio.nudge(studio.subscribersSlider, 'ArrowRight', 8);
  await expect.poll(() => studio.chartRows('preview-hours')).not.toEqual(hoursBefore);

  // …and the region sliders, which keep the total at 100 %.
  const share = async (region: string) => {
    const rows = await studio.chartRows('preview-map');
    return Number(rows.find((r) => r[0] === region)![2]!.replace(/[^\d.]/g, ''));
  };
  const kidal = await share('Kidal');
  await studio.nudge(studio.regionSlider('Kidal'), 'ArrowRight', 40);
  await expect(studio.regionSlider('Kidal')).toHaveAttribute('aria-valuetext', /^20\.5\s%$/);
  await expect(studio.regionsTotal).toHaveText(/^100\.0\s%$/);
  await expect.poll(() => share('Kidal')).toBeGreaterThan(kidal + 15);
  const bamako = await studio.chartRows('preview-regions');
  expect(bamako.map((r) => r[0])).toContain('Kidal');
  await page.getByRole('button', { name: 'Reset to profile weights' }).click();
  await expect(studio.regionSlider('Kidal')).toHaveAttribute('aria-valuetext', /^0\.5\s%$/);

  // The scenario to generate: one week, 5,000 subscribers, seed 42.
  await studio.setScenario({ days: 7, subscribers: 5_000, seed: 42 });
  await expect(studio.expectedRows).toHaveText(/\d/);
  const announced = StudioPage.number(await studio.expectedRows.innerText());
  const announcedByType = {
    voice: StudioPage.number(await page.getByTestId('expected-voice').innerText()),
    sms: StudioPage.number(await page.getByTestId('expected-sms').innerText()),
    data: StudioPage.number(await page.getByTestId('expected-data').innerText()),
  };
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/configure.png` });

  await studio.generate();
  const progress = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
  expect(progress.length).toBeGreaterThan(1);
  expect(Math.max(...progress)).toBe(100);
  expect(await studio.displayedTotalRows()).toBe(announced);
  for (const t of ['voice', 'sms', 'data'] as const) expect(await studio.displayedRows(t)).toBe(announcedByType[t]);
  await expect(page.getByTestId('result-map')).toContainText('Natural Earth');
  await expect(page.getByTestId('samples').locator('tbody tr')).toHaveCount(50);
  await expect(page.getByTestId('top-cells').locator('tbody tr')).toHaveCount(10);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/result.png` });
  // The whole result: a tall window, so that the (sticky, scrolling) result column shows everything.
  await page.setViewportSize({ width: 1440, height: 3600 });
  await expect(page.getByTestId('files-table')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/result-full.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The ZIP: legacy CSV files, reference files, schema.sql, README.md and manifest.json.
  const zipDl = await studio.download(studio.downloadZipButton);
  expect(zipDl.suggestedFilename()).toBe('cdr_mali-omea_20251001_7d_seed42_csv.zip');
  const zip = unzipSync(new Uint8Array(readFileSync(await zipDl.path())));
  const names = Object.keys(zip).sort();
  expect(names).toContain('manifest.json');
  expect(names).toContain('schema.sql');
  expect(names).toContain('README.md');
  expect(names).toContain('cell_towers_mali.csv');
  expect(names.filter((n) => n.endsWith('.csv') && n.includes('_cdr_'))).toHaveLength(21);
  const zipDir = mkdtempSync(join(tmpdir(), 'cdr-e2e-zip-'));
  const { writeFileSync } = await import('node:fs');
  for (const n of names) writeFileSync(join(zipDir, n), zip[n]!);
  for (const t of ['voice', 'sms', 'data'] as const) {
    const n = await count(`SELECT count(*) FROM read_csv(${sqlPath(join(zipDir, `${t}_cdr_*.csv`))}, header = true)`);
    expect(n, t).toBe(announcedByType[t]);
  }
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { totals: { rows: number }; files: { path: string; rows: number }[] };
  expect(manifest.totals.rows).toBe(announced);

  // The CLI, same scenario: byte-identical files, manifest included.
  const cli = cdrgen(['--seed', '42', '--days', '7', '--subscribers', '5000']);
  const cliFiles = listFiles(cli);
  expect(names).toEqual(cliFiles);
  for (const n of names) expect(Buffer.from(zip[n]!).equals(readFileSync(join(cli, n))), n).toBe(true);

  // One file per table, in each format, parsed by an independent reader.
  const csv = await studio.download(studio.downloadButton('CSV'));
  expect(csv.suggestedFilename()).toBe('voice_cdr.csv');
  expect(await count(`SELECT count(*) FROM read_csv(${sqlPath(await csv.path())}, header = true)`)).toBe(announcedByType.voice);

  await page.getByRole('radio', { name: /^Data/ }).check();
  const parquet = await studio.download(studio.downloadButton('Parquet'));
  expect(parquet.suggestedFilename()).toBe('data_cdr.parquet');
  expect(await count(`SELECT count(*) FROM read_parquet(${sqlPath(await parquet.path())})`)).toBe(announcedByType.data);

  await page.getByRole('radio', { name: /^SMS/ }).check();
  const arrow = await studio.download(studio.downloadButton('Arrow'));
  expect(arrow.suggestedFilename()).toBe('sms_cdr.arrow');
  expect(tableFromIPC(readFileSync(await arrow.path())).numRows).toBe(announcedByType.sms);

  const ndjson = await studio.download(studio.downloadButton('NDJSON'));
  expect(await count(`SELECT count(*) FROM read_json(${sqlPath(await ndjson.path())}, format = 'newline_delimited')`)).toBe(
    announcedByType.sms,
  );

  const man = await studio.download(studio.downloadManifestButton);
  expect(readFileSync(await man.path()).equals(Buffer.from(zip['manifest.json']!))).toBe(true);

  expect(problems).toEqual([]);
});

test('a partitioned Parquet dataset from the page equals the CLI output byte for byte', async ({ page }) => {
  const problems = watchPage(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.setScenario({ days: 2, subscribers: 3_000, seed: 7 });
  await studio.radio('Parquet').check();
  // Parquet defaults to Hive partitions by type and date, like the CLI.
  await expect(studio.checkbox('type')).toBeChecked();
  await expect(studio.checkbox('date')).toBeChecked();
  await studio.radio('Snappy (fastest)').check();
  await studio.generate();
  const total = await studio.displayedTotalRows();
  const zipDl = await studio.download(studio.downloadZipButton);
  const zip = unzipSync(new Uint8Array(readFileSync(await zipDl.path())));
  const names = Object.keys(zip).sort();
  expect(names).toContain('type=voice/date=2025-10-01/part-00000.parquet');
  const cli = cdrgen(['--seed', '7', '--days', '2', '--subscribers', '3000', '--format', 'parquet', '--compression', 'snappy']);
  expect(names).toEqual(listFiles(cli));
  for (const n of names) expect(Buffer.from(zip[n]!).equals(readFileSync(join(cli, n))), n).toBe(true);
  expect(
    await count(
      `SELECT count(*) FROM read_parquet(${sqlPath(join(cli, 'type=*/date=*/*.parquet'))}, hive_partitioning = true, union_by_name = true)`,
    ),
  ).toBe(total);
  expect(problems).toEqual([]);
});
