import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdrgen, duck, rows, scalar, tempDir } from './helpers.ts';

const LEGACY_HEADERS = {
  voice: 'timestamp,call_id,caller_msisdn,callee_msisdn,call_type,duration_seconds,cell_id,region,termination_reason,charging_amount',
  sms: 'timestamp,sms_id,sender_msisdn,receiver_msisdn,sms_type,message_length,cell_id,region,delivery_status,charging_amount',
  data: 'timestamp,session_id,msisdn,apn,session_duration_seconds,bytes_uploaded,bytes_downloaded,cell_id,region,session_end_reason,charging_amount',
};

const BASE = ['batch', '--seed', '42', '--days', '7', '--subscribers', '20000'];

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

describe('cdrgen batch (legacy CSV)', () => {
  let out1: string;
  beforeAll(() => {
    out1 = tempDir();
    const r = cdrgen([...BASE, '--workers', '1', '--out', out1]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('writes 7 files per type with legacy names and exact headers, plus the reference files', () => {
    const files = readdirSync(out1).sort();
    for (const t of ['voice', 'sms', 'data'] as const) {
      const mine = files.filter((f) => f.startsWith(`${t}_cdr_`));
      expect(mine).toEqual(
        Array.from({ length: 7 }, (_, d) => `${t}_cdr_202510${String(d + 1).padStart(2, '0')}_${String(d + 1).padStart(2, '0')}.csv`),
      );
      for (const f of mine) expect(readFileSync(join(out1, f), 'utf8').split('\n', 1)[0]).toBe(LEGACY_HEADERS[t]);
    }
    expect(files).toContain('cell_towers_mali.csv');
    expect(files).toContain('Subscribers.csv');
    expect(readFileSync(join(out1, 'cell_towers_mali.csv'), 'utf8').split('\n', 1)[0]).toBe(
      'cell_id,region,province,latitude,longitude,technology,capacity_erlang',
    );
    expect(readFileSync(join(out1, 'Subscribers.csv'), 'utf8').split('\n', 1)[0]).toBe('MSISDN,Nom,Prénom,Date de Naissance,Email');
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
  });

  it('is byte-identical across runs and worker counts', () => {
    const again = tempDir();
    expect(cdrgen([...BASE, '--workers', '1', '--out', again]).code).toBe(0);
    const two = tempDir();
    expect(cdrgen([...BASE, '--workers', '2', '--out', two]).code).toBe(0);
    const ref = digest(out1);
    expect(digest(again)).toEqual(ref);
    expect(digest(two)).toEqual(ref);
  });

  it('shards 0/3, 1/3, 2/3 concatenate to the unsharded records', () => {
    const dirs = [0, 1, 2].map((i) => {
      const d = tempDir();
      const r = cdrgen([...BASE, '--shard', `${i}/3`, '--out', d]);
      expect(r.code, r.stderr).toBe(0);
      return d;
    });
    for (const f of readdirSync(out1).filter((x) => x.includes('_cdr_'))) {
      const whole = readFileSync(join(out1, f), 'utf8').split('\n').slice(1).join('\n');
      const parts = dirs
        .filter((d) => existsSync(join(d, f)))
        .map((d) => readFileSync(join(d, f), 'utf8').split('\n').slice(1).join('\n'))
        .join('');
      expect(parts.length, f).toBe(whole.length);
      expect(parts === whole, f).toBe(true);
    }
    // Reference files come once, with shard 0.
    expect(existsSync(join(dirs[0]!, 'cell_towers_mali.csv'))).toBe(true);
    expect(existsSync(join(dirs[1]!, 'cell_towers_mali.csv'))).toBe(false);
  });

  it('shows the realism the contract asks for when read by DuckDB', async () => {
    const c = await duck();
    const v = `read_csv('${out1}/voice_cdr_*.csv', header=true, types={'caller_msisdn':'VARCHAR','callee_msisdn':'VARCHAR'})`;
    const s = `read_csv('${out1}/sms_cdr_*.csv', header=true, types={'sender_msisdn':'VARCHAR','receiver_msisdn':'VARCHAR'})`;
    const d = `read_csv('${out1}/data_cdr_*.csv', header=true, types={'msisdn':'VARCHAR'})`;
    await c.run(
      `create table voice as select * from ${v}; create table sms as select * from ${s}; create table data as select * from ${d};`,
    );
    // Hour-of-day: night trough, evening peak (REALISM.md §1, voice).
    const hours = (await rows(c, `select hour(timestamp), count(*) from voice group by 1 order by 1`)).map((r) => Number(r[1]));
    const tot = hours.reduce((a, b) => a + b, 0);
    const share = hours.map((x) => (100 * x) / tot);
    expect(share[3]!).toBeLessThan(0.6);
    expect(share[19]!).toBeGreaterThan(6.5);
    expect(Math.abs(share[9]! - 6.0)).toBeLessThan(0.4);
    // Region shares within 2 points of the profile weights.
    const weights: Record<string, number> = {
      Bamako: 27,
      Sikasso: 19,
      Segou: 17,
      Kayes: 15,
      Mopti: 15,
      Tombouctou: 3.5,
      Gao: 3,
      Kidal: 0.5,
    };
    const reg = await rows(
      c,
      `with u as (select region from voice union all select region from sms union all select region from data) select region, 100.0*count(*)/sum(count(*)) over () from u group by 1`,
    );
    expect(reg.length).toBe(8);
    for (const [name, pct] of reg) expect(Math.abs(Number(pct) - weights[String(name)]!), String(name)).toBeLessThan(2);
    // Answered-call median duration 40–65 s.
    const med = await scalar(c, `select median(duration_seconds) from voice where termination_reason in ('NORMAL','USER_TERMINATED')`);
    expect(med).toBeGreaterThanOrEqual(40);
    expect(med).toBeLessThanOrEqual(65);
    // MSISDN format, no self-calls.
    expect(
      await scalar(
        c,
        `select count(*) from voice where not regexp_full_match(caller_msisdn, '223[0-9]{8}') or not regexp_full_match(callee_msisdn, '223[0-9]{8}')`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        c,
        `select count(*) from sms where not regexp_full_match(sender_msisdn, '223[0-9]{8}') or not regexp_full_match(receiver_msisdn, '223[0-9]{8}')`,
      ),
    ).toBe(0);
    expect(await scalar(c, `select count(*) from data where not regexp_full_match(msisdn, '223[0-9]{8}')`)).toBe(0);
    expect(await scalar(c, `select count(*) from voice where caller_msisdn = callee_msisdn`)).toBe(0);
    expect(await scalar(c, `select count(*) from sms where sender_msisdn = receiver_msisdn`)).toBe(0);
    // Every on-net MOC (callee on Orange's 7x prefix) has its MTC leg.
    const onNet = await scalar(c, `select count(*) from voice where call_type='MOC' and substr(callee_msisdn,4,1)='7'`);
    expect(onNet).toBeGreaterThan(1000);
    expect(
      await scalar(
        c,
        `select count(*) from voice m where call_type='MOC' and substr(callee_msisdn,4,1)='7' and not exists (select 1 from voice t where t.call_type='MTC' and t.timestamp=m.timestamp and t.caller_msisdn=m.caller_msisdn and t.callee_msisdn=m.callee_msisdn and t.duration_seconds=m.duration_seconds and t.termination_reason=m.termination_reason)`,
      ),
    ).toBe(0);
    // Enumerations.
    expect(
      await scalar(
        c,
        `select count(*) from voice where call_type not in ('MOC','MTC') or termination_reason not in ('NORMAL','FAILED','USER_TERMINATED','NO_ANSWER','NETWORK_ERROR')`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        c,
        `select count(*) from sms where sms_type not in ('MO','MT') or delivery_status not in ('DELIVERED','FAILED','PENDING') or message_length not between 1 and 160`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        c,
        `select count(*) from data where apn not in ('internet.mali','mms.mali','wap.mali') or session_end_reason not in ('NORMAL','USER_TERMINATED','QUOTA_EXCEEDED','NETWORK_ERROR','TIMEOUT')`,
      ),
    ).toBe(0);
    // duration 0 exactly when the call did not succeed; charges only where the contract allows.
    expect(
      await scalar(
        c,
        `select count(*) from voice where (duration_seconds = 0) <> (termination_reason not in ('NORMAL','USER_TERMINATED'))`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        c,
        `select count(*) from voice where charging_amount > 0 and not (call_type='MOC' and termination_reason in ('NORMAL','USER_TERMINATED'))`,
      ),
    ).toBe(0);
    expect(
      await scalar(c, `select count(*) from sms where charging_amount > 0 and not (sms_type='MO' and delivery_status='DELIVERED')`),
    ).toBe(0);
    expect(await scalar(c, `select count(*) from data where charging_amount > 0 and session_end_reason <> 'NORMAL'`)).toBe(0);
    // Legacy tariffs: 0.5 FCFA/s for answered MOC, 25 FCFA per delivered MO.
    expect(
      await scalar(
        c,
        `select count(*) from voice where call_type='MOC' and duration_seconds > 0 and charging_amount <> duration_seconds * 0.5`,
      ),
    ).toBe(0);
    expect(await scalar(c, `select count(*) from sms where sms_type='MO' and delivery_status='DELIVERED' and charging_amount <> 25`)).toBe(
      0,
    );
    // Ids unique per type, CALL_ + at least 6 digits.
    expect(await scalar(c, `select count(*) - count(distinct call_id) from voice`)).toBe(0);
    expect(await scalar(c, `select count(*) from voice where not regexp_full_match(call_id, 'CALL_[0-9]{6,}')`)).toBe(0);
  });
});

describe('cdrgen batch volume flags', () => {
  it('--rows yields exactly that many CDR rows across the selected types', async () => {
    const out = tempDir();
    const r = cdrgen(['batch', '--rows', '250000', '--days', '3', '--subscribers', '20000', '--type', 'voice,data', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const c = await duck();
    const n = await scalar(
      c,
      `select (select count(*) from read_csv('${out}/voice_cdr_*.csv', header=true)) + (select count(*) from read_csv('${out}/data_cdr_*.csv', header=true))`,
    );
    expect(n).toBe(250000);
    expect(readdirSync(out).some((f) => f.startsWith('sms_'))).toBe(false);
  });

  it('--records-per-day gives exactly that many records per file', async () => {
    const out = tempDir();
    const r = cdrgen(['batch', '--records-per-day', 'voice=1000,sms=500,data=300', '--days', '2', '--subscribers', '5000', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const c = await duck();
    expect(await scalar(c, `select count(*) from read_csv('${out}/voice_cdr_20251002_02.csv', header=true)`)).toBe(1000);
    expect(await scalar(c, `select count(*) from read_csv('${out}/sms_cdr_20251001_01.csv', header=true)`)).toBe(500);
    expect(await scalar(c, `select count(*) from read_csv('${out}/data_cdr_20251001_01.csv', header=true)`)).toBe(300);
  });
});

describe('cdrgen batch --schema extended', () => {
  it('adds IMSI/IMEI/RAT and keeps one MSISDN ↔ one IMSI across the run', async () => {
    const out = tempDir();
    const r = cdrgen(['batch', '--schema', 'extended', '--days', '2', '--subscribers', '10000', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const header = readFileSync(join(out, 'voice_cdr_20251001_01.csv'), 'utf8').split('\n', 1)[0]!;
    expect(header.startsWith(LEGACY_HEADERS.voice + ',')).toBe(true);
    expect(header).toContain('served_imsi');
    const c = await duck();
    await c.run(
      `create table v as select * from read_csv('${out}/voice_cdr_*.csv', header=true, all_varchar=true); create table s as select * from read_csv('${out}/sms_cdr_*.csv', header=true, all_varchar=true); create table d as select * from read_csv('${out}/data_cdr_*.csv', header=true, all_varchar=true);`,
    );
    expect(await scalar(c, `select count(*) from v where not regexp_full_match(served_imsi, '61002[0-9]{10}')`)).toBe(0);
    // Luhn check of every IMEI, in SQL.
    const luhn = (col: string) =>
      `(select sum(case when (i % 2) = 1 then (case when 2*cast(substr(${col}, 15 - i, 1) as int) > 9 then 2*cast(substr(${col}, 15 - i, 1) as int) - 9 else 2*cast(substr(${col}, 15 - i, 1) as int) end) else cast(substr(${col}, 15 - i, 1) as int) end) from range(0, 15) t(i)) % 10`;
    expect(
      await scalar(
        c,
        `select count(*) from (select distinct served_imei from v) where length(served_imei) <> 15 or ${luhn('served_imei')} <> 0`,
      ),
    ).toBe(0);
    expect(
      await scalar(
        c,
        `select count(*) from v where rat not in ('2G','3G','4G','5G') or other_party_type not in ('ON_NET','OFF_NET','INTERNATIONAL')`,
      ),
    ).toBe(0);
    const served = `select caller_msisdn m, served_imsi i from v where call_type='MOC' union all select callee_msisdn, served_imsi from v where call_type='MTC' and other_party_type='ON_NET' union all select sender_msisdn, served_imsi from s where sms_type='MO' union all select msisdn, served_imsi from d`;
    expect(await scalar(c, `select count(*) from (select m from (${served}) group by m having count(distinct i) > 1)`)).toBe(0);
    expect(await scalar(c, `select count(*) from (select i from (${served}) group by i having count(distinct m) > 1)`)).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['cells.csv', 'subscribers.csv']));
  });
});

describe('cdrgen bad input', () => {
  const cases: [string[], RegExp][] = [
    [['batch', '--days', '0', '--out', 'x'], /--days.*≥ 1/],
    [['batch', '--seed', 'x', '--out', 'x'], /--seed/],
    [['batch', '--profile', 'atlantis', '--out', 'x'], /--profile.*unknown profile/],
    [['batch', '--subscribers', '5', '--out', 'x'], /--subscribers/],
    [['batch', '--type', 'fax', '--out', 'x'], /--type/],
    [['batch', '--shard', '3/3', '--out', 'x'], /--shard/],
    [['batch', '--start', '2025-02-30', '--out', 'x'], /--start/],
  ];
  for (const [args, re] of cases) {
    it(`rejects ${args.slice(1, 3).join(' ')} with one clear line`, () => {
      const r = cdrgen(args);
      expect(r.code).not.toBe(0);
      const lines = r.stderr.trim().split('\n');
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(re);
      expect(r.stdout).toBe('');
    });
  }

  it('rejects a malformed --config naming the file', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "seed": 1, ');
    const r = cdrgen(['batch', '--config', bad, '--out', join(dir, 'o')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--config .*bad\.json: not valid JSON/);
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('rejects a config with a wrong field naming the field path', () => {
    const dir = tempDir();
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, JSON.stringify({ period: { days: -3 }, colour: 'red' }));
    const r = cdrgen(['batch', '--config', cfg, '--out', join(dir, 'o')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/period\.days|colour/);
  });
});

describe('cdrgen batch typed formats', () => {
  it('writes a partitioned Parquet dataset whose manifest matches what DuckDB reads', async () => {
    const out = tempDir();
    const r = cdrgen(['batch', '--days', '2', '--subscribers', '10000', '--format', 'parquet', '--workers', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: { path: string; table: string; rows: number; bytes: number; sha256: string }[];
      aggregates: { rows: Record<string, number> };
    };
    const c = await duck();
    for (const t of ['voice', 'sms', 'data']) {
      const n = await scalar(c, `select count(*) from read_parquet('${out}/type=${t}/*/*.parquet')`);
      expect(n).toBe(manifest.aggregates.rows[t]);
      expect(n).toBe(manifest.files.filter((f) => f.table === `${t}_cdr`).reduce((a, f) => a + f.rows, 0));
    }
    for (const f of manifest.files) {
      const bytes = readFileSync(join(out, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    const types = await rows(
      c,
      `select column_name, column_type from (describe select * from read_parquet('${out}/type=voice/*/*.parquet'))`,
    );
    const typeOf = Object.fromEntries(types.map(([n, t]) => [String(n), String(t)]));
    expect(typeOf.timestamp).toBe('TIMESTAMP WITH TIME ZONE');
    expect(typeOf.charging_amount).toBe('DECIMAL(10,2)');
    expect(typeOf.duration_seconds).toBe('INTEGER');
  });

  it('gives the same Parquet bytes with 1 and 2 workers, and shards that add up to the whole', () => {
    const a = tempDir();
    const b = tempDir();
    expect(cdrgen(['batch', '--days', '2', '--subscribers', '5000', '--format', 'parquet', '--workers', '1', '--out', a]).code).toBe(0);
    expect(cdrgen(['batch', '--days', '2', '--subscribers', '5000', '--format', 'parquet', '--workers', '2', '--out', b]).code).toBe(0);
    const list = (d: string) =>
      (readdirSync(d, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.parquet'))
        .sort()
        .map((f) => [
          f,
          createHash('sha256')
            .update(readFileSync(join(d, f)))
            .digest('hex'),
        ]);
    expect(list(b)).toEqual(list(a));
    const shards = [0, 1].map((i) => {
      const d = tempDir();
      expect(cdrgen(['batch', '--days', '2', '--subscribers', '5000', '--format', 'parquet', '--shard', `${i}/2`, '--out', d]).code).toBe(
        0,
      );
      return list(d);
    });
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual(list(a));
  });

  it('prints DDL that DuckDB runs', async () => {
    const r = cdrgen(['schema', '--schema', 'extended', '--dialect', 'duckdb']);
    expect(r.code, r.stderr).toBe(0);
    const c = await duck();
    await c.run(r.stdout);
    expect(
      await scalar(
        c,
        `select count(*) from information_schema.tables where table_name in ('voice_cdr','sms_cdr','data_cdr','cells','subscribers')`,
      ),
    ).toBe(5);
  });
});

describe('cdrgen batch partition layouts', () => {
  // Regression: layouts without `date` reused part-00000 for every day and overwrote files.
  it('--partition-by type keeps one distinct part file per day (nothing overwritten)', async () => {
    const out = tempDir();
    const r = cdrgen(['batch', '--days', '3', '--subscribers', '3000', '--format', 'parquet', '--partition-by', 'type', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const parts = (readdirSync(join(out, 'type=voice')) as string[]).filter((f) => f.endsWith('.parquet')).sort();
    expect(parts).toEqual(['part-00000.parquet', 'part-00001.parquet', 'part-00002.parquet']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { aggregates: { rows: Record<string, number> } };
    const c = await duck();
    expect(await scalar(c, `select count(*) from read_parquet('${out}/type=voice/*.parquet')`)).toBe(manifest.aggregates.rows.voice);
  });
});
