/**
 * The page's generator API over a MessageChannel (as in the browser, through Comlink) gives the same
 * files, byte for byte, as `cdrgen batch`, manifest included; and its statistics match the records.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../../src/core/index.ts';
import { runBatch } from '../../../src/cli/batch.ts';
import { AggregateAccumulator, type ManifestFile } from '../../../src/export/manifest.ts';
import { ensureParquetNode } from '../../../src/export/parquet-init-node.ts';
import type { OutputOptions } from '../../../src/state/scenario-form.ts';
import { createStats, mergeStats, totalRows } from '../../../src/ui/charts/data/result-stats.ts';
import type { EncodedUnit, GeneratorApi, RunRequest } from '../../../src/workers/api.ts';
import { createGenerator, datasetOptions } from '../../../src/workers/generator.ts';

const scenario: Scenario = parseScenario({ seed: 9, period: { days: 2 }, population: { subscribers: 3000 } });
let api: Comlink.Remote<GeneratorApi>;
let channel: MessageChannel;

beforeAll(() => {
  channel = new MessageChannel();
  Comlink.expose(createGenerator(ensureParquetNode), channel.port1);
  api = Comlink.wrap<GeneratorApi>(channel.port2);
});
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

async function pageRun(output: OutputOptions) {
  const req: RunRequest = { scenarioJson: JSON.stringify(scenario), output };
  const info = await api.describe(req);
  const units: EncodedUnit[] = [];
  // Out of order, as several workers would finish them.
  for (const u of [...info.units].reverse())
    units[u.unit] = await api.encodeUnit(
      req,
      u.unit,
      Comlink.proxy(() => {}),
    );
  const acc = new AggregateAccumulator();
  for (const u of units) if (u.aggregates) acc.merge(u.aggregates);
  const files = await Promise.all(
    units.flatMap((u) => u.files).map(async (f) => ({ ...f, bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
  );
  const manifest: ManifestFile[] = files.map((f) => ({
    path: f.path,
    table: f.table,
    format: f.format,
    rows: f.rows,
    bytes: f.size,
    sha256: f.sha256,
  }));
  const extras = await Promise.all(
    (await api.extras(req, manifest, acc.state())).map(async (e) => ({ ...e, bytes: new Uint8Array(await e.blob.arrayBuffer()) })),
  );
  return { info, units, files, extras };
}

async function cliRun(output: OutputOptions) {
  const out = mkdtempSync(join(tmpdir(), 'cdr-page-vs-cli-'));
  const summary = await runBatch({
    scenario,
    dataset: datasetOptions(output),
    workers: 1,
    shard: { index: 0, count: 1 },
    out,
    progress: false,
  });
  return { out, summary };
}

describe('generator worker API', () => {
  it.each<[string, OutputOptions]>([
    ['legacy CSV', { format: 'csv', compression: 'zstd', partitionBy: [] }],
    ['partitioned Parquet', { format: 'parquet', compression: 'zstd', partitionBy: ['type', 'date'] }],
    ['NDJSON by region', { format: 'ndjson', compression: 'zstd', partitionBy: ['type', 'date', 'region'] }],
  ])('writes the same %s files as cdrgen batch, manifest included', async (_name, output) => {
    const page = await pageRun(output);
    const cli = await cliRun(output);
    expect(page.files.map((f) => f.path)).toEqual(cli.summary.files.slice(0, page.files.length).map((f) => f.path));
    for (const f of page.files) expect(Buffer.from(f.bytes).equals(readFileSync(join(cli.out, f.path))), f.path).toBe(true);
    for (const e of page.extras) expect(Buffer.from(e.bytes).equals(readFileSync(join(cli.out, e.name))), e.name).toBe(true);
  });

  it('sends statistics that add up to the plan, whatever the unit order', async () => {
    const { info, units } = await pageRun({ format: 'csv', compression: 'zstd', partitionBy: [] });
    const stats = createStats(info.regions.length, info.cells.id.length, 2);
    for (const u of units) if (u.stats) mergeStats(stats, u.stats);
    const planned = info.units.reduce((a, u) => a + (u.unit > 0 ? u.rows : 0), 0);
    expect(totalRows(stats)).toBe(planned);
    expect(stats.byRegion.reduce((a, b) => a + b, 0)).toBe(planned);
    expect(stats.byHour.reduce((a, b) => a + b, 0)).toBe(planned);
    expect(stats.byDay.reduce((a, b) => a + b, 0)).toBe(planned);
    expect(stats.byCell.reduce((a, b) => a + b, 0)).toBe(planned);
  });

  it('describes sample rows of every table, as the CSV writer renders them', async () => {
    const info = await api.describe({
      scenarioJson: JSON.stringify(scenario),
      output: { format: 'csv', compression: 'zstd', partitionBy: [] },
    });
    expect(info.samples.map((s) => s.table)).toEqual(['voice_cdr', 'sms_cdr', 'data_cdr', 'cells', 'subscribers']);
    for (const s of info.samples) {
      expect(s.rows.length).toBe(s.table === 'cells' ? Math.min(50, info.cells.id.length) : 50);
      for (const r of s.rows) expect(r.length).toBe(s.columns.length);
    }
    expect(info.samples[0]!.columns[0]).toBe('timestamp');
    expect(info.samples[0]!.rows[0]![0]).toMatch(/^2025-10-01T\d\d:\d\d:\d\d$/);
  });

  it('encodes one table as one file with every row', async () => {
    const req: RunRequest = { scenarioJson: JSON.stringify(scenario), output: { format: 'csv', compression: 'zstd', partitionBy: [] } };
    const csv = await api.encodeTable(req, 'sms', 'csv');
    const text = await csv.blob.text();
    expect(csv.name).toBe('sms_cdr.csv');
    expect(text.split('\n').length - 2).toBe(csv.rows);
    expect(text.match(/^timestamp,sms_id/gm)?.length).toBe(1);
    const pq = await api.encodeTable(req, 'voice', 'parquet');
    expect(pq.name).toBe('voice_cdr.parquet');
    expect(await pq.blob.slice(0, 4).text()).toBe('PAR1');
  });

  it('zips Blobs in order with fixed timestamps (same bytes every time)', async () => {
    const entries = [
      { name: 'a.txt', blob: new Blob(['hello']) },
      { name: 'dir/b.txt', blob: new Blob([new Uint8Array(1000)]) },
    ];
    const z1 = new Uint8Array(await (await api.zip(entries)).arrayBuffer());
    const z2 = new Uint8Array(await (await api.zip(entries)).arrayBuffer());
    expect(z1[0]).toBe(0x50);
    expect(Buffer.from(z1).equals(Buffer.from(z2))).toBe(true);
  });
});

describe('Iceberg output in the page', () => {
  it('encodes each data file once in the units; the committed tables equal buildIcebergTables byte for byte', async () => {
    const output: OutputOptions = { format: 'iceberg', compression: 'zstd', partitionBy: [], warehouse: 's3://unit-lake/bronze' };
    const req: RunRequest = { scenarioJson: JSON.stringify(scenario), output };
    const { files, units, info } = await pageRun(output);
    const data = files.filter((f) => f.iceberg);
    expect(data.length).toBeGreaterThan(0);
    const tables = await api.iceberg(
      req,
      data.map((f) => f.iceberg!),
    );
    const got = new Map<string, Uint8Array>();
    data.forEach((f, i) => got.set(tables.dataPaths[i]!, f.bytes));
    for (const t of tables.files) got.set(t.name, new Uint8Array(await t.blob.arrayBuffer()));
    await ensureParquetNode();
    const { buildWorld, resolveModel } = await import('../../../src/core/index.ts');
    const { buildIcebergTables } = await import('../../../src/export/iceberg/index.ts');
    const want = await buildIcebergTables(buildWorld(resolveModel(scenario)), { warehouse: 's3://unit-lake/bronze', compression: 'zstd' });
    expect([...got.keys()]).toEqual(want.map((f) => f.path));
    for (const f of want) expect(Buffer.from(got.get(f.path)!).equals(Buffer.from(f.bytes)), f.path).toBe(true);
    // The statistics of the charts and the manifest come from the same single encoding pass.
    const stats = createStats(info.regions.length, info.cells.id.length, 2);
    for (const u of units) if (u.stats) mergeStats(stats, u.stats);
    expect(totalRows(stats)).toBe(data.reduce((a, f) => a + f.rows, 0));
    expect(units.slice(1).reduce((a, u) => a + u.rows, 0)).toBe(data.reduce((a, f) => a + f.rows, 0));
    expect(tables.registerSql).toContain('s3://unit-lake/bronze/voice');
  });
});
