/**
 * `cdrgen batch` killed mid-write leaves nothing that looks complete:
 *   - SIGTERM (the handler runs): every `.partial` removed, exit 143, no manifest.json;
 *   - SIGKILL (no handler runs): `.partial` names may remain, but a final name is only ever a complete file
 *     (written under `<name>.partial`, renamed when closed), and manifest.json — written last — is absent.
 * "Complete" is checked against the plan: every final-named CDR file holds exactly the rows the plan gives it
 * (Parquet read by DuckDB, CSV counted line by line), every reference file parses.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseTypes } from '../../../src/cli/args.ts';
import { worldFor } from '../../../src/cli/tasks.ts';
import { parseScenario } from '../../../src/core/index.ts';
import { defaultDatasetOptions, planDataset, type OutputFormat } from '../../../src/export/dataset.ts';
import { duck, scalar, tempDir } from '../cli/helpers.ts';
import { listFiles, startCdrgen } from './cli-helpers.ts';

/** 90 CDR files (30 days × 3 types, 8,000 subscribers ≈ 2.3 M rows): killed after the first few, long before the end. */
const SCENARIO = { seed: 11, period: { start: '2025-10-01', days: 30 }, population: { subscribers: 8_000 } };
const ARGS = ['--seed', '11', '--days', '30', '--subscribers', '8000', '--workers', '1'];

/** Rows of every CDR file of the full run, by final path. */
function plannedRows(format: OutputFormat): Map<string, number> {
  const world = worldFor({ scenario: parseScenario(SCENARIO), only: parseTypes('all')! });
  return new Map(planDataset(world, defaultDatasetOptions(format)).map((j) => [j.path, j.rows]));
}

/** Waits until `ready(files)` holds for the output folder (polling), or the process ends first. */
async function waitFor(out: string, ready: (files: string[]) => boolean, exited: () => boolean, timeoutMs = 90_000): Promise<string[]> {
  const t0 = performance.now();
  for (;;) {
    const files = listFiles(out);
    if (ready(files)) return files;
    if (exited()) throw new Error(`the run ended before it could be killed mid-write (files: ${files.length})`);
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out waiting for the run to get going');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const isData = (f: string, format: OutputFormat) => f.endsWith(`.${format}`) && (f.includes('_cdr_') || f.startsWith('type='));

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function killMidRun(format: OutputFormat, signal: 'SIGTERM' | 'SIGKILL') {
  const out = tempDir(`cdrgen-kill-${format}-${signal}-`);
  made.push(out);
  const { child, done } = startCdrgen(['batch', '--format', format, ...ARGS, '--out', out], 120_000);
  let exited = false;
  void done.then(() => (exited = true));
  // Mid-run: some CDR files already there (streamed CSV is then almost always in the middle of the next one).
  await waitFor(
    out,
    (fs) => fs.filter((f) => isData(f, format)).length >= 3,
    () => exited,
  );
  child.kill(signal);
  const r = await done;
  return { out, r, files: listFiles(out) };
}

/** Every final-named file is complete: CDR files hold their planned rows, reference files parse. */
async function checkFinalFilesComplete(out: string, files: string[], format: OutputFormat) {
  const planned = plannedRows(format);
  const finals = files.filter((f) => !f.endsWith('.partial'));
  const c = await duck();
  let checked = 0;
  for (const f of finals) {
    const p = join(out, f);
    if (format === 'parquet') {
      // A truncated Parquet file has no footer: DuckDB refuses it.
      const n = await scalar(c, `select count(*) from read_parquet('${p.replace(/'/g, "''")}')`);
      if (planned.has(f)) expect(n, f).toBe(planned.get(f));
      else expect(['cells.parquet', 'subscribers.parquet'], f).toContain(f);
    } else {
      const text = readFileSync(p, 'utf8');
      expect(text.endsWith('\n'), `${f} ends mid-line`).toBe(true);
      const lines = text.split('\n').length - 2; // header and the final empty string
      if (planned.has(f)) expect(lines, f).toBe(planned.get(f));
      else expect(['cell_towers_mali.csv', 'Subscribers.csv'], f).toContain(f);
    }
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(3);
}

describe('cdrgen batch killed mid-write', () => {
  for (const format of ['csv', 'parquet'] as const) {
    it(`SIGTERM (${format}): partials removed, exit 143, no manifest, every final-named file complete`, async () => {
      const { out, r, files } = await killMidRun(format, 'SIGTERM');
      expect(r.code, r.stderr).toBe(143);
      expect(r.stderr).toMatch(/interrupted by SIGTERM; incomplete files removed/);
      expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
      expect(existsSync(join(out, '.cdrgen-state.json'))).toBe(false);
      await checkFinalFilesComplete(out, files, format);
    }, 150_000);

    it(`SIGKILL (${format}): no manifest, final names only on complete files (.partial may remain)`, async () => {
      const { out, r, files } = await killMidRun(format, 'SIGKILL');
      expect(r.signal).toBe('SIGKILL');
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
      expect(existsSync(join(out, '.cdrgen-state.json'))).toBe(false);
      await checkFinalFilesComplete(out, files, format);
    }, 150_000);
  }
});

// The order of the final names, seen from inside: rename() is the only way a file gets its final name.
const renames = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fsp.rename = async (from, to) => {
    await fsp.rename(from, to);
    renames.push(String(to));
  };
  return { ...fsp, rename, default: { ...fsp, rename } };
});

describe('cdrgen batch names files in order', () => {
  it('gives a file its final name only after it is closed, and manifest.json last', async () => {
    const { runBatch } = await import('../../../src/cli/batch.ts');
    for (const format of ['csv', 'parquet'] as const) {
      renames.length = 0;
      const out = tempDir('cdrgen-order-');
      made.push(out);
      const scenario = parseScenario({ period: { days: 2 }, population: { subscribers: 500 } });
      await runBatch({ scenario, dataset: defaultDatasetOptions(format), workers: 1, shard: { index: 0, count: 1 }, out, progress: false });
      const finals = renames.map((p) => p.slice(out.length + 1));
      expect(finals.at(-1), format).toBe('manifest.json');
      expect(finals.filter((f) => f === 'manifest.json')).toHaveLength(1);
      // Every file of the folder got its name by a rename from `<name>.partial`.
      expect(listFiles(out).sort(), format).toEqual([...finals].sort());
    }
  }, 60_000);
});
