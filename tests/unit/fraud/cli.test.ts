/**
 * Issue 7 through `cdrgen batch`: no drift with everything off (hashes pinned before the issue), and with
 * everything on the same records and the same ledger in every format, nulls where the ledger says,
 * late NDJSON ingestion, whole-dataset counts in the manifest, identical bytes for 1 or 2 workers.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdrgen, duck, rows, scalar, tempDir } from '../cli/helpers.ts';
import { everything } from './helpers.ts';
import { PINS } from './pins.ts';

function files(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}
const hash16 = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16);

function run(args: string[]): string {
  const out = tempDir('cdrgen-fraud-');
  const r = cdrgen(['batch', ...args, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('everything off: byte-identical to the output before issue 7', () => {
  const base = ['--seed', '11', '--days', '2', '--subscribers', '5000', '--workers', '2'];
  const cases: [keyof typeof PINS, string[]][] = [
    ['a', []],
    ['b', ['--schema', 'extended', '--format', 'parquet', '--partition-by', 'type,date,region']],
    ['c', ['--schema', 'extended', '--format', 'ndjson']],
  ];
  for (const [name, extra] of cases) {
    it(`${extra.join(' ') || 'legacy CSV'}`, () => {
      const out = run([...base, ...extra]);
      const got = Object.fromEntries(
        files(out)
          .filter((f) => f in PINS[name])
          .map((f) => [f, hash16(join(out, f))]),
      );
      expect(got).toEqual(PINS[name]);
      expect(existsSync(join(out, 'ground_truth'))).toBe(false);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        groundTruth?: unknown;
        scenario: object;
        files: { path: string; sha256: string }[];
      };
      expect(manifest.groundTruth).toBeUndefined();
      expect('faults' in manifest.scenario || 'fraud' in manifest.scenario).toBe(false);
      for (const f of manifest.files) if (f.path in PINS[name]) expect(f.sha256.slice(0, 16), f.path).toBe(PINS[name][f.path]);
    });
  }
});

describe('everything on, every format', () => {
  let cfg: string;
  const dirs: Record<string, string> = {};
  beforeAll(() => {
    cfg = join(tempDir('cdrgen-fraud-cfg-'), 'scenario.json');
    writeFileSync(cfg, JSON.stringify(everything({ seed: 5, population: { subscribers: 8000 }, period: { days: 3 }, schema: 'extended' })));
    for (const f of ['csv', 'ndjson', 'parquet', 'arrow']) dirs[f] = run(['--config', cfg, '--format', f, '--workers', '2']);
  });

  it('writes the ledger next to the data and lists it with its counts in the manifest', () => {
    for (const [fmt, d] of Object.entries(dirs)) {
      const all = files(d);
      expect(all).toContain(`ground_truth/fraud_actors.${fmt}`);
      expect(all.filter((f) => /^ground_truth\/type=(voice|sms|data)\/date=2025-10-0[123]\/part-\d{5}\./.test(f))).toHaveLength(9);
      const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as {
        files: { path: string; table: string }[];
        groundTruth: {
          rows: Record<string, { total: number }>;
          byKind: Record<string, { total: number }>;
          enabled: { faults: string[]; fraud: string[] };
        };
        totals: { rows: number };
      };
      expect(m.files.filter((f) => f.table === 'ground_truth')).toHaveLength(9);
      expect(m.files.some((f) => f.table === 'fraud_actors')).toBe(true);
      expect(m.groundTruth.enabled.faults).toHaveLength(12);
      expect(m.groundTruth.enabled.fraud).toHaveLength(4);
      const g = m.groundTruth.rows;
      expect(g.total!.total).toBe(g.base!.total - g.legsDropped!.total + g.fraud!.total + g.duplicatesAdded!.total);
      expect(m.totals.rows).toBe(g.total!.total);
    }
    const readme = readFileSync(join(dirs.csv!, 'README.md'), 'utf8');
    expect(readme).toContain('## Ground truth: faults and fraud');
    expect(readme).toContain('Breaks strict (FAILFAST) loaders');
    expect(readFileSync(join(dirs.parquet!, 'schema.sql'), 'utf8')).toMatch(
      /CREATE TABLE IF NOT EXISTS ground_truth[\s\S]*CREATE TABLE IF NOT EXISTS fraud_actors/,
    );
  });

  it('the same ledger and the same records in CSV, NDJSON, Parquet and Arrow; manifest counts = ledger counts', async () => {
    const c = await duck();
    const led = {
      csv: `read_csv('${dirs.csv}/ground_truth/type=*/*/*.csv', header=true, hive_partitioning=false, all_varchar=true)`,
      ndjson: `read_json('${dirs.ndjson}/ground_truth/type=*/*/*.ndjson', format='newline_delimited', hive_partitioning=false, columns={record_type:'VARCHAR',record_id:'VARCHAR',kind:'VARCHAR',record_timestamp:'VARCHAR',delta_ms:'BIGINT'})`,
      parquet: `read_parquet('${dirs.parquet}/ground_truth/type=*/*/*.parquet', hive_partitioning=false)`,
    };
    const key = `record_type || ' ' || record_id || ' ' || kind || ' ' || coalesce(cast(delta_ms as varchar), '')`;
    for (const [f, src] of Object.entries(led)) await c.run(`create table l_${f} as select ${key} as k from ${src}`);
    const n = await scalar(c, 'select count(*) from l_parquet');
    expect(n).toBeGreaterThan(10_000);
    expect(await scalar(c, 'select count(*) from (select * from l_csv except all select * from l_parquet)')).toBe(0);
    expect(await scalar(c, 'select count(*) from (select * from l_ndjson except all select * from l_parquet)')).toBe(0);
    expect(await scalar(c, 'select count(*) from l_csv')).toBe(n);
    expect(await scalar(c, 'select count(*) from l_ndjson')).toBe(n);
    let arrowRows = 0;
    for (const f of files(dirs.arrow!).filter((x) => x.startsWith('ground_truth/type=')))
      arrowRows += tableFromIPC(readFileSync(join(dirs.arrow!, f))).numRows;
    expect(arrowRows).toBe(n);
    // Manifest counts per kind = ledger rows per kind.
    const m = JSON.parse(readFileSync(join(dirs.parquet!, 'manifest.json'), 'utf8')) as {
      groundTruth: { byKind: Record<string, { total: number }> };
    };
    const byKind = Object.fromEntries(
      (await rows(c, `select kind, count(*) from ${led.parquet} group by 1`)).map(([k, v]) => [String(k), Number(v)]),
    );
    expect(byKind).toEqual(Object.fromEntries(Object.entries(m.groundTruth.byKind).map(([k, v]) => [k, v.total])));
    // The CDR rows: CSV (truncated rows padded with nulls: a strict reader would reject them) = Parquet.
    const cols = `call_id, caller_msisdn, callee_msisdn, call_type, duration_seconds, cell_id, served_imei`;
    await c.run(
      `create table v_csv as select ${cols} from read_csv('${dirs.csv}/voice_cdr_*.csv', header=true, null_padding=true, all_varchar=true)`,
    );
    await c.run(
      `create table v_pq as select call_id, caller_msisdn, callee_msisdn, call_type, cast(duration_seconds as varchar) as duration_seconds, cell_id, served_imei from read_parquet('${dirs.parquet}/type=voice/**/*.parquet')`,
    );
    expect(await scalar(c, 'select count(*) from v_pq')).toBeGreaterThan(50_000);
    expect(await scalar(c, 'select count(*) from (select * from v_csv except all select * from v_pq)')).toBe(0);
    expect(await scalar(c, 'select count(*) from (select * from v_pq except all select * from v_csv)')).toBe(0);
  });

  it('nulls in Parquet are the missing fields and truncated rows of the ledger', async () => {
    const c = await duck();
    const g = `read_parquet('${dirs.parquet}/ground_truth/type=*/*/*.parquet', hive_partitioning=false)`;
    const v = `read_parquet('${dirs.parquet}/type=voice/**/*.parquet')`;
    const missingCell = await scalar(
      c,
      `select count(*) from ${g} where record_type = 'voice' and kind = 'missing_field' and field = 'cell_id'`,
    );
    expect(missingCell).toBeGreaterThan(50);
    expect(await scalar(c, `select count(*) from ${v} where cell_id is null`)).toBe(missingCell);
    const truncated = await scalar(c, `select count(*) from ${g} where record_type = 'voice' and kind = 'truncated_row'`);
    expect(await scalar(c, `select count(*) from ${v} where currency is null`)).toBe(truncated);
    // The original value of a missing cell is a real cell of the cells table.
    expect(
      await scalar(
        c,
        `select count(*) from ${g} where kind = 'missing_field' and field = 'cell_id' and original_value not in (select cell_id from read_parquet('${dirs.parquet}/cells.parquet'))`,
      ),
    ).toBe(0);
  });

  it('NDJSON ingest_ts shows the late arrivals of the ledger (≥ 15 min after the event) and nothing else that late', async () => {
    const c = await duck();
    const v = `read_json('${dirs.ndjson}/voice_cdr_*.ndjson', format='newline_delimited', columns={call_id:'VARCHAR', timestamp:'TIMESTAMP', ingest_ts:'BIGINT'})`;
    const g = `read_json('${dirs.ndjson}/ground_truth/type=voice/*/*.ndjson', format='newline_delimited', columns={record_id:'VARCHAR', kind:'VARCHAR', event_timestamp:'TIMESTAMP', delta_ms:'BIGINT'})`;
    await c.run(`create table lag as select call_id, ingest_ts - epoch_ms(timestamp) as lag_ms, timestamp from ${v}`);
    await c.run(`create table late as select record_id, delta_ms from ${g} where kind = 'late_arrival'`);
    const late = await scalar(c, 'select count(*) from late');
    expect(late).toBeGreaterThan(1000);
    // Every late record arrives at event time + 1–30 s + its lateness.
    expect(
      await scalar(
        c,
        'select count(*) from late join lag on late.record_id = lag.call_id where lag.lag_ms < late.delta_ms + 1000 or lag.lag_ms > late.delta_ms + 30000',
      ),
    ).toBe(0);
    // Records arriving ≥ 15 min after their (true) event time are the late ones.
    const skewed = `(select record_id from ${g} where kind in ('clock_skew', 'timestamp_anomaly', 'duplicate_near', 'duplicate_exact'))`;
    expect(await scalar(c, `select count(distinct call_id) from lag where lag_ms >= 900000 and call_id not in ${skewed}`)).toBe(late);
  });

  it('writes byte-identical files with 1 or 2 workers, and the shards add up to the whole', () => {
    const one = run(['--config', cfg, '--format', 'csv', '--workers', '1']);
    const digest = (d: string) =>
      Object.fromEntries(
        files(d)
          .filter((f) => !f.startsWith('.') && !f.startsWith('state_'))
          .map((f) => [f, hash16(join(d, f))]),
      );
    expect(digest(one)).toEqual(digest(dirs.csv!));
    const shards = [0, 1].map((i) => run(['--config', cfg, '--format', 'csv', '--shard', `${i}/2`]));
    const ledger = (d: string) =>
      files(d)
        .filter((f) => f.startsWith('ground_truth/type='))
        .map((f) => readFileSync(join(d, f), 'utf8').split('\n').slice(1).join('\n'));
    expect(shards.flatMap(ledger).sort()).toEqual(ledger(dirs.csv!).sort());
  });
});

describe('legacy preset', () => {
  it('keeps the file names and header; only truncated rows (marked as breaking strict loaders) change the column count', async () => {
    const cfg = join(tempDir('cdrgen-fraud-cfg-'), 'legacy.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        seed: 3,
        population: { subscribers: 4000 },
        period: { days: 1 },
        faults: { missingFields: { enabled: true, rate: 0.02 }, truncatedRows: { enabled: true, rate: 0.01 } },
      }),
    );
    const out = run(['--config', cfg, '--workers', '1']);
    const voice = readFileSync(join(out, 'voice_cdr_20251001_01.csv'), 'utf8').trimEnd().split('\n');
    expect(voice[0]).toBe(
      'timestamp,call_id,caller_msisdn,callee_msisdn,call_type,duration_seconds,cell_id,region,termination_reason,charging_amount',
    );
    const widths = new Map<number, number>();
    for (const l of voice.slice(1)) widths.set(l.split(',').length, (widths.get(l.split(',').length) ?? 0) + 1);
    const c = await duck();
    const truncated = await scalar(
      c,
      `select count(*) from read_csv('${out}/ground_truth/type=voice/*/*.csv', header=true, hive_partitioning=false) where kind = 'truncated_row'`,
    );
    expect(truncated).toBeGreaterThan(5);
    expect(voice.length - 1 - (widths.get(10) ?? 0)).toBe(truncated);
    // A strict positional reader (explicit schema, like Spark FAILFAST) refuses the file; a lenient one (null padding) reads every row.
    const schema = `{${voice[0]!
      .split(',')
      .map((n) => `'${n}': 'VARCHAR'`)
      .join(', ')}}`;
    const file = `'${out}/voice_cdr_20251001_01.csv'`;
    await expect(c.run(`select * from read_csv(${file}, header=true, delim=',', quote='"', auto_detect=false, columns=${schema})`)).rejects.toThrow();
    expect(
      await scalar(c, `select count(*) from read_csv(${file}, header=true, delim=',', quote='"', auto_detect=false, columns=${schema}, null_padding=true)`),
    ).toBe(voice.length - 1);
    // Without truncated rows, the strict reader is happy (missing fields are empty fields).
    const cfg2 = join(tempDir('cdrgen-fraud-cfg-'), 'legacy2.json');
    writeFileSync(
      cfg2,
      JSON.stringify({
        seed: 3,
        population: { subscribers: 4000 },
        period: { days: 1 },
        faults: { missingFields: { enabled: true, rate: 0.02 } },
      }),
    );
    const ok = run(['--config', cfg2, '--workers', '1']);
    expect(
      await scalar(
        c,
        `select count(*) from read_csv('${ok}/voice_cdr_20251001_01.csv', header=true, delim=',', quote='"', auto_detect=false, columns=${schema}) where cell_id is null`,
      ),
    ).toBeGreaterThan(10);
  });
});
