/**
 * Issue 8 (write to disk, not RAM): the run written through the real File System Access code path — the
 * pickers are stubbed to return Origin Private File System handles — read back in the page (files, sizes,
 * SHA-256 against manifest.json), one file counted by DuckDB, and byte-identical to the in-memory download
 * (folder and streamed ZIP). The memory guard refuses an in-memory run too big for the tab and offers the disk.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  clearOpfs,
  destinationRadio,
  PICKED_FOLDER,
  PICKED_ZIPS,
  readBytes,
  readTree,
  stubPickers,
  withoutPickers,
} from './pages/disk-page.ts';
import { StudioPage, watchPage } from './pages/studio-page.ts';

const SHOTS = 'tests/e2e/screenshots';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** axe-core's serious and critical findings on the page as it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

interface Manifest {
  files: { path: string; rows: number; bytes: number; sha256: string }[];
}

test('a run written to a folder and to a ZIP on disk: verified files, byte-identical to the in-memory download', async ({ page }) => {
  test.setTimeout(240_000);
  const problems = watchPage(page);
  await stubPickers(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await clearOpfs(page);
  await studio.setScenario({ days: 2, subscribers: 5_000, seed: 7 });
  await studio.radio('Parquet').check();
  await studio.workers.selectOption('2');

  // 1. In memory (the reference bytes): the ZIP and the manifest, downloaded.
  await expect(destinationRadio(page, 'Download (in memory)')).toBeChecked();
  await studio.generate();
  const total = await studio.displayedTotalRows();
  const memZip = readFileSync(await (await studio.download(studio.downloadZipButton)).path());
  const memManifestBytes = readFileSync(await (await studio.download(studio.downloadManifestButton)).path());
  const manifest = JSON.parse(memManifestBytes.toString('utf8')) as Manifest;
  expect(manifest.files.length).toBeGreaterThan(4);

  // 2. To a folder on disk.
  await studio.previewTab.click();
  await destinationRadio(page, 'Write to a folder on disk').check();
  await expect(page.getByTestId('destination-note')).toContainText('manifest.json is written last');
  await page.getByTestId('destination').evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/disk-destination.png` });
  await studio.generate();
  await expect(page.getByTestId('disk-target')).toHaveText(`Folder “${PICKED_FOLDER}”`);
  expect(await studio.displayedTotalRows()).toBe(total);
  // Back-pressure: never more than workers + 1 units of encoded files waited to be written.
  expect(Number(await page.getByTestId('disk-result').getAttribute('data-peak-pending'))).toBeLessThanOrEqual(3);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('disk-result').screenshot({ path: `${SHOTS}/disk-result.png` });
  const tree = await readTree(page, PICKED_FOLDER);
  // Exactly the dataset: every manifest file plus the three extras, nothing half-written.
  expect(tree.map((f) => f.path)).toEqual([...manifest.files.map((f) => f.path), 'README.md', 'manifest.json', 'schema.sql'].sort());
  expect(tree.some((f) => f.path.endsWith('.partial'))).toBe(false);
  const byPath = new Map(tree.map((f) => [f.path, f]));
  // manifest.json on disk is the in-memory one, byte for byte, and every file matches its size and checksum.
  expect(byPath.get('manifest.json')!.sha256).toBe(sha256(memManifestBytes));
  const diskManifest = JSON.parse((await readBytes(page, PICKED_FOLDER, 'manifest.json')).toString('utf8')) as Manifest;
  for (const f of diskManifest.files) {
    expect(byPath.get(f.path)?.size, f.path).toBe(f.bytes);
    expect(byPath.get(f.path)?.sha256, f.path).toBe(f.sha256);
  }
  const cdrRows = diskManifest.files.filter((f) => f.path.startsWith('type=')).reduce((a, f) => a + f.rows, 0);
  expect(cdrRows).toBe(total);
  await expect(page.getByTestId('disk-size')).toContainText(`${tree.length} files`);
  // One Parquet file counted by an independent reader.
  const one = diskManifest.files.find((f) => f.path.startsWith('type=voice/'))!;
  const dir = mkdtempSync(join(tmpdir(), 'cdr-e2e-disk-'));
  const local = join(dir, 'one.parquet');
  writeFileSync(local, await readBytes(page, PICKED_FOLDER, one.path));
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const counted = (await db.runAndReadAll(`SELECT count(*) FROM read_parquet('${local}')`)).getRows()[0]![0];
  expect(Number(counted)).toBe(one.rows);
  expect(one.rows).toBeGreaterThan(0);

  // 3. The ZIP streamed to a file on disk: the same bytes as the download; the scratch folder is gone.
  await studio.previewTab.click();
  await destinationRadio(page, 'Save ZIP to disk').check();
  await studio.generate();
  const zips = await readTree(page, PICKED_ZIPS);
  expect(zips).toHaveLength(1);
  await expect(page.getByTestId('disk-target')).toHaveText(`ZIP file “${zips[0]!.path}”`);
  expect(zips[0]!.size).toBe(memZip.length);
  expect(zips[0]!.sha256).toBe(sha256(memZip));
  const opfsTop = await page.evaluate(async () => {
    const names: string[] = [];
    for await (const n of ((await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(n);
    return names.sort();
  });
  expect(opfsTop).toEqual([PICKED_FOLDER, PICKED_ZIPS]);
  expect(await page.evaluate(() => (window as unknown as { __pickerCalls: number }).__pickerCalls)).toBe(2);
  expect(problems).toEqual([]);
});

test('the memory guard refuses an in-memory run too big for the tab and offers the disk', async ({ page }) => {
  const problems = watchPage(page);
  await stubPickers(page);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.setScenario({ days: 30, subscribers: 1_000_000 });
  const guard = page.getByTestId('memory-guard');
  await expect(guard).toBeVisible();
  await expect(guard).toHaveAttribute('role', 'alert');
  // Names the estimate (≈ 28 GB of CSV) and the limit (1.5 GB).
  await expect(guard).toContainText(/about 2\d(\.\d)?\sGB of files/);
  await expect(guard).toContainText(/limited to 1\.5\sGB/);
  await expect(studio.generateButton).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/memory-guard.png` });
  expect(await seriousViolations(page)).toEqual([]);
  await guard.getByRole('button', { name: 'Write to a folder on disk instead' }).click();
  await expect(destinationRadio(page, 'Write to a folder on disk')).toBeChecked();
  await expect(guard).toBeHidden();
  await expect(studio.generateButton).toBeEnabled();
  // Back to memory: refused again; a smaller Parquet run of the same size fits.
  await destinationRadio(page, 'Download (in memory)').check();
  await expect(guard).toBeVisible();
  // In French too.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(guard).toContainText('Trop volumineux pour la mémoire');
  await expect(guard.getByRole('button', { name: 'Écrire plutôt dans un dossier sur le disque' })).toBeVisible();
  await page.getByTestId('destination').evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/memory-guard-fr.png` });
  await page.getByRole('button', { name: 'English' }).click();
  await studio.setScenario({ days: 3 });
  await studio.radio('Parquet').check();
  await expect(guard).toBeHidden();
  await expect(studio.generateButton).toBeEnabled();
  expect(problems).toEqual([]);
});

test('without the File System Access API the disk options are disabled, explained, and the guard says so', async ({ page }) => {
  const problems = watchPage(page);
  await withoutPickers(page);
  const studio = new StudioPage(page);
  await studio.goto();
  for (const name of ['Write to a folder on disk', 'Save ZIP to disk'] as const) await expect(destinationRadio(page, name)).toBeDisabled();
  await expect(page.getByTestId('destination')).toContainText('Needs the File System Access API');
  await studio.setScenario({ days: 30, subscribers: 1_000_000 });
  const guard = page.getByTestId('memory-guard');
  await expect(guard).toContainText('This browser cannot write to disk');
  await expect(guard.getByRole('button')).toHaveCount(0);
  await expect(studio.generateButton).toBeDisabled();
  expect(problems).toEqual([]);
});
