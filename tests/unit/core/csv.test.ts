/** The CSV writer (src/export/csv.ts) on core batches: RFC 4180, the legacy header and value formats. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  CALL_TYPES,
  DELIVERY_STATUSES,
  SESSION_END_REASONS,
  SMS_TYPES,
  TERMINATION_REASONS,
  type ChunkOutput,
} from '../../../src/core/batch.ts';
import { cellColumns, cellsBatch, subscriberColumns, subscribersBatch } from '../../../src/core/dimensions.ts';
import { generateChunk } from '../../../src/core/index.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import { cdrColumns, type Column } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { csvContext, csvField, csvHeader, encodeCsv, type CsvContext } from '../../../src/export/csv.ts';
import { TYPES, chunkCsv, makeWorld, parseCsv, records, text } from './helpers.ts';

/** docs/LEGACY-CONTRACT.md, verbatim. */
const LEGACY = {
  voice:
    'timestamp, call_id, caller_msisdn, callee_msisdn, call_type, duration_seconds, cell_id, region, termination_reason, charging_amount',
  sms: 'timestamp, sms_id, sender_msisdn, receiver_msisdn, sms_type, message_length, cell_id, region, delivery_status, charging_amount',
  data: 'timestamp, session_id, msisdn, apn, session_duration_seconds, bytes_uploaded, bytes_downloaded, cell_id, region, session_end_reason, charging_amount',
  cells: 'cell_id, region, province, latitude, longitude, technology, capacity_erlang',
  subscribers: 'MSISDN, Nom, Prénom, Date de Naissance, Email',
};
const header = (s: string) => s.split(', ');

/** Independent formatting of epoch seconds as local YYYY-MM-DDTHH:MM:SS. */
const isoLocal = (utc: number, offsetSeconds = 0) => new Date((utc + offsetSeconds) * 1000).toISOString().slice(0, 19);

const str = (name: string, src: string): Column => ({ name, type: 'string', kind: { k: 'str', src }, doc: '' });

let mali: World;
let chunk: ChunkOutput;
beforeAll(() => {
  mali = makeWorld({ population: { subscribers: 20_000 }, period: { days: 1 } });
  chunk = generateChunk(mali, 19);
});

describe('RFC 4180 quoting', () => {
  it('csvField quotes exactly the fields holding a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField(' spaced ')).toBe(' spaced ');
    expect(csvField('Nzérékoré')).toBe('Nzérékoré');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('"')).toBe('""""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
    expect(csvField('crlf\r\n')).toBe('"crlf\r\n"');
  });

  it('encodeCsv writes string cells and headers that an independent reader parses back unchanged', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'multi\nline', 'crlf\r\nline', '', '""', ',', 'Labé, Guinée', ' x '];
    const other = values.map((_, i) => `v${i}`);
    const cols: Column[] = [
      str('text, with comma', 'a'),
      str('plain', 'b'),
      { name: 'const "q"', type: 'string', kind: { k: 'const', value: 'X,Y' }, doc: '' },
    ];
    const ctx = csvContext(mali);
    const csv = text(encodeCsv(cols, { a: values, b: other }, values.length, ctx, true));
    expect(csv.startsWith('"text, with comma",plain,"const ""q"""\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['text, with comma', 'plain', 'const "q"']);
    expect(rows.slice(1)).toEqual(values.map((v, i) => [v, other[i], 'X,Y']));
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('csvHeader joins the column names with commas and ends with LF', () => {
    expect(text(csvHeader(cdrColumns('voice', 'legacy', mali.model.profile)))).toBe(LEGACY.voice.replace(/, /g, ',') + '\n');
  });
});

describe('legacy headers', () => {
  for (const profile of ['mali-omea', 'guinea']) {
    it(`${profile}: the header of each CDR type is exactly the contract's column list`, () => {
      const w = profile === 'mali-omea' ? mali : makeWorld({ profile, population: { subscribers: 1000 }, period: { days: 1 } });
      const c = generateChunk(w, 12);
      for (const t of TYPES) {
        expect(cdrColumns(t, 'legacy', w.model.profile).map((col) => col.name)).toEqual(header(LEGACY[t]));
        const first = text(chunkCsv(w, c, t, 'legacy', true)).split('\n')[0];
        expect(first).toBe(header(LEGACY[t]).join(','));
        // The extended preset only appends columns.
        expect(
          cdrColumns(t, 'extended', w.model.profile)
            .map((col) => col.name)
            .slice(0, header(LEGACY[t]).length),
        ).toEqual(header(LEGACY[t]));
      }
    });
  }

  it('reference files: cell towers and subscribers keep the original column lists', () => {
    expect(cellColumns('legacy').map((c) => c.name)).toEqual(header(LEGACY.cells));
    expect(subscriberColumns('legacy').map((c) => c.name)).toEqual(header(LEGACY.subscribers));
    const ctx = csvContext(mali);
    const cells = cellsBatch(mali);
    const rows = records(parseCsv(text(encodeCsv(cellColumns('legacy'), cells.cols, cells.length, ctx, true))));
    expect(rows.length).toBe(mali.cells.n);
    for (const r of rows) {
      expect(r.cell_id).toMatch(/^CELL_[A-Z]{3}_\d{3,}$/);
      expect(r.latitude).toMatch(/^-?\d+\.\d{5}$/);
      expect(r.longitude).toMatch(/^-?\d+\.\d{5}$/);
      expect(['2G', '3G', '4G', '5G']).toContain(r.technology);
      expect(Number(r.capacity_erlang)).toBeGreaterThan(0);
    }
    const subs = subscribersBatch(mali, 0, 50);
    const srows = records(parseCsv(text(encodeCsv(subscriberColumns('legacy'), subs.cols, subs.length, ctx, true))));
    srows.forEach((r, i) => {
      expect(r.MSISDN).toBe(String(mali.subs.msisdn[i]));
      expect(r['Date de Naissance']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.Email).toMatch(/^[a-z0-9.]+@example\.ml$/);
    });
  });
});

describe('value formats', () => {
  it('reads back every legacy value of a real chunk exactly as in the batch', () => {
    const names = mali.model.profile.regions.map((r) => r.name);
    const apns = mali.model.profile.data.apns.map((a) => a.name);
    const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const id = (prefix: string, n: number) => prefix + String(n).padStart(6, '0');
    const cell = (c: number) => [mali.cells.id[c]!, names[mali.cells.region[c]!]!];
    const expected: Record<ServiceType, string[][]> = { voice: [], sms: [], data: [] };
    const v = chunk.voice!;
    for (let j = 0; j < v.length; j++) {
      expected.voice.push([
        isoLocal(v.ts[j]!),
        id('CALL_', v.seq[j]!),
        String(v.caller[j]),
        String(v.callee[j]),
        CALL_TYPES[v.callType[j]!]!,
        String(v.duration[j]),
        ...cell(v.cell[j]!),
        TERMINATION_REASONS[v.reason[j]!]!,
        amount(v.chargeCents[j]!),
      ]);
    }
    const s = chunk.sms!;
    for (let j = 0; j < s.length; j++) {
      expected.sms.push([
        isoLocal(s.ts[j]!),
        id('SMS_', s.seq[j]!),
        String(s.sender[j]),
        String(s.receiver[j]),
        SMS_TYPES[s.smsType[j]!]!,
        String(s.messageLength[j]),
        ...cell(s.cell[j]!),
        DELIVERY_STATUSES[s.status[j]!]!,
        amount(s.chargeCents[j]!),
      ]);
    }
    const d = chunk.data!;
    for (let j = 0; j < d.length; j++) {
      expected.data.push([
        isoLocal(d.ts[j]!),
        id('DATA_', d.seq[j]!),
        String(d.msisdn[j]),
        apns[d.apn[j]!]!,
        String(d.duration[j]),
        String(d.bytesUp[j]),
        String(d.bytesDown[j]),
        ...cell(d.cell[j]!),
        SESSION_END_REASONS[d.endReason[j]!]!,
        amount(d.chargeCents[j]!),
      ]);
    }
    for (const t of TYPES) {
      const [head, ...rows] = parseCsv(text(chunkCsv(mali, chunk, t, 'legacy', true)));
      expect(head).toEqual(header(LEGACY[t]));
      expect(rows.length).toBeGreaterThan(1000);
      expect(rows).toEqual(expected[t]);
    }
  });

  /** Encodes one synthetic voice-like batch with the given columns. */
  const encode = (cols: Column[], src: Record<string, unknown>, n: number, ctx: CsvContext = csvContext(mali)) =>
    parseCsv(text(encodeCsv(cols, src, n, ctx)));

  it('timestamps are YYYY-MM-DDTHH:MM:SS local time, across day, month, leap-day and year boundaries', () => {
    const ts = [
      0,
      59,
      86_399,
      86_400,
      Date.UTC(2024, 1, 29, 23, 59, 59) / 1000,
      Date.UTC(2024, 2, 1) / 1000,
      Date.UTC(2025, 11, 31, 23, 59, 59) / 1000,
      Date.UTC(2999, 11, 31, 12) / 1000,
      1759276800 + 3 * 3600 + 25 * 60 + 7,
    ];
    const cols: Column[] = [{ name: 'timestamp', type: 'timestamp', kind: { k: 'time', src: 'ts' }, doc: '' }];
    const rows = encode(cols, { ts: Float64Array.from(ts) }, ts.length);
    expect(rows.map((r) => r[0])).toEqual(ts.map((t) => isoLocal(t)));
    for (const [s] of rows) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    // A profile with a UTC offset writes local time (the offset of the context is applied).
    const ctx: CsvContext = { ...csvContext(mali), offsetSeconds: 3600 };
    expect(encode(cols, { ts: Float64Array.from([86_399, 82_800]) }, 2, ctx).map((r) => r[0])).toEqual([
      '1970-01-02T00:59:59',
      '1970-01-02T00:00:00',
    ]);
    // end_time = start + duration.
    const end: Column[] = [{ name: 'end_time', type: 'timestamp', kind: { k: 'time', src: 'ts', plus: 'd' }, doc: '' }];
    expect(encode(end, { ts: Float64Array.from([86_399]), d: Int32Array.from([3600]) }, 1)[0]).toEqual(['1970-01-02T00:59:59']);
  });

  it('charging_amount is a decimal with at most 2 decimals equal to the cents', () => {
    const cents = [0, 1, 5, 10, 99, 100, 101, 2500, 12_345, 99_999, 1_000_000_000, 123_456_789_012];
    const rows = encode(
      [{ name: 'charging_amount', type: 'decimal(10,2)', kind: { k: 'cents', src: 'c' }, doc: '' }],
      { c: Float64Array.from(cents) },
      cents.length,
    );
    expect(rows.map((r) => r[0])).toEqual([
      '0.00',
      '0.01',
      '0.05',
      '0.10',
      '0.99',
      '1.00',
      '1.01',
      '25.00',
      '123.45',
      '999.99',
      '10000000.00',
      '1234567890.12',
    ]);
    rows.forEach(([s], i) => {
      expect(s).toMatch(/^\d+(\.\d{1,2})?$/);
      expect(Math.round(Number(s) * 100)).toBe(cents[i]);
    });
  });

  it('ids are a prefix plus a zero-padded counter of at least 6 digits', () => {
    const seq = [1, 42, 999_999, 1_000_000, 1_234_567_890];
    for (const [t, prefix] of [
      ['voice', 'CALL_'],
      ['sms', 'SMS_'],
      ['data', 'DATA_'],
    ] as const) {
      const col = cdrColumns(t, 'legacy', mali.model.profile)[1]!;
      const rows = encode([col], { seq: Float64Array.from(seq) }, seq.length);
      expect(rows.map((r) => r[0])).toEqual([
        `${prefix}000001`,
        `${prefix}000042`,
        `${prefix}999999`,
        `${prefix}1000000`,
        `${prefix}1234567890`,
      ]);
    }
  });

  it('integers and digit strings are plain decimal, whatever their size', () => {
    const n = [
      0,
      9,
      10,
      99,
      4_294_967_295,
      4_294_967_296,
      22_370_000_000,
      22_379_999_999,
      610_029_999_999_999,
      359_178_091_202_425,
      Number.MAX_SAFE_INTEGER,
    ];
    const rows = encode(
      [
        { name: 'd', type: 'string', kind: { k: 'digits', src: 'n' }, doc: '' },
        { name: 'i', type: 'bigint', kind: { k: 'int', src: 'n' }, doc: '' },
      ],
      { n: Float64Array.from(n) },
      n.length,
    );
    expect(rows).toEqual(n.map((x) => [String(x), String(x)]));
    expect(encode([{ name: 'i', type: 'int', kind: { k: 'int', src: 'n' }, doc: '' }], { n: Int32Array.from([-5, -1234567]) }, 2)).toEqual([
      ['-5'],
      ['-1234567'],
    ]);
  });

  it('files are UTF-8 without BOM, with LF line ends and no quoting in the legacy CDRs', () => {
    const guinea = makeWorld({ profile: 'guinea', population: { subscribers: 5000 }, period: { days: 1 } });
    const c = generateChunk(guinea, 18);
    for (const t of TYPES) {
      const bytes = chunkCsv(guinea, c, t, 'legacy', true);
      expect([bytes[0], bytes[1], bytes[2]]).not.toEqual([0xef, 0xbb, 0xbf]);
      const s = text(bytes); // fatal decoder: throws on invalid UTF-8
      expect(s.includes('\r')).toBe(false);
      expect(s.includes('"')).toBe(false);
      expect(s.endsWith('\n')).toBe(true);
      expect(s.split('\n').length - 2).toBe(c[t]!.length);
    }
    const regions = new Set(records(parseCsv(text(chunkCsv(guinea, c, 'voice', 'legacy', true)))).map((r) => r.region));
    expect(regions.has('Nzérékoré')).toBe(true);
  });

  it('a header-less encode is the body of the encode with header', () => {
    for (const t of TYPES) {
      const withHeader = text(chunkCsv(mali, chunk, t, 'legacy', true));
      const body = text(chunkCsv(mali, chunk, t, 'legacy', false));
      expect(withHeader).toBe(header(LEGACY[t]).join(',') + '\n' + body);
    }
  });
});

describe('an independent reader (DuckDB) ingests the files', () => {
  let dir: string;
  let con: DuckDBConnection;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdr-csv-'));
    con = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the legacy CSVs with the expected columns, types, counts and sums', async () => {
    for (const t of TYPES) {
      const file = join(dir, `${t}_cdr_20251001_01.csv`);
      writeFileSync(file, chunkCsv(mali, chunk, t, 'legacy', true));
      const r = await con.runAndReadAll(`select * from read_csv('${file}', header = true, auto_detect = true, sample_size = -1) limit 0`);
      expect(r.columnNames()).toEqual(header(LEGACY[t]));
      const types = Object.fromEntries(r.columnNames().map((n, i) => [n, String(r.columnTypes()[i])]));
      expect(types.timestamp).toBe('TIMESTAMP');
      expect(types.charging_amount).toBe('DOUBLE');
      expect(types.cell_id).toBe('VARCHAR');
      const b = chunk[t]!;
      let cents = 0;
      for (let j = 0; j < b.length; j++) cents += b.chargeCents[j]!;
      const agg = await con.runAndReadAll(
        `select count(*)::bigint as n, round(sum(charging_amount) * 100)::bigint as cents, min(timestamp)::varchar as lo, max(timestamp)::varchar as hi from read_csv('${file}', header = true, auto_detect = true, sample_size = -1)`,
      );
      const row = agg.getRowObjects()[0]!;
      expect(Number(row.n)).toBe(b.length);
      expect(Number(row.cents)).toBe(cents);
      expect(row.lo).toBe(isoLocal(b.ts[0]!).replace('T', ' '));
      expect(row.hi).toBe(isoLocal(b.ts[b.length - 1]!).replace('T', ' '));
    }
  });

  it('reads quoted fields back to the original strings', async () => {
    const values = ['a,b', 'say "hi"', 'multi\nline', 'plain'];
    const file = join(dir, 'quoted.csv');
    writeFileSync(file, encodeCsv([str('v', 'v')], { v: values }, values.length, csvContext(mali), true));
    const r = await con.runAndReadAll(
      `select v from read_csv('${file}', header = true, columns = {'v': 'VARCHAR'}, quote = '"', escape = '"')`,
    );
    expect(r.getRowObjects().map((o) => o.v)).toEqual(values);
  });
});
