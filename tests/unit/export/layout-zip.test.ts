/** Partition paths and legacy names; the streamed ZIP (read back with fflate) is reproducible in any time zone. */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/core/profiles/index.ts';
import type { VoiceBatch } from '../../../src/core/batch.ts';
import {
  cellTowersName,
  escapePartitionValue,
  legacyCsvName,
  legacyCsvNameForDay,
  parsePartitionBy,
  partitionBatch,
  partitionDir,
  partitionPath,
  takeRows,
} from '../../../src/export/layout.ts';
import { collectStream, zipStream, type ZipEntry } from '../../../src/export/zip.ts';
import { ByteWriter } from '../../../src/export/bytes.ts';
import { writeDigits } from '../../../src/export/digits.ts';
import { batchesOf, smallWorld } from './helpers.ts';

describe('layout', () => {
  it('builds Hive partition paths for any of type, date, hour, region', () => {
    const v = { type: 'voice', date: '2025-10-01', hour: 7, region: 'Bamako' } as const;
    expect(partitionPath(['type', 'date'], v, 0, 'parquet')).toBe('type=voice/date=2025-10-01/part-00000.parquet');
    expect(partitionPath(['region', 'hour'], v, 12, 'csv')).toBe('region=Bamako/hour=07/part-00012.csv');
    expect(partitionPath([], v, 3, 'arrow')).toBe('part-00003.arrow');
    expect(partitionDir(parsePartitionBy('type, date,hour,region'), v)).toBe('type=voice/date=2025-10-01/hour=07/region=Bamako');
    expect(escapePartitionValue('a/b=c d%')).toBe('a%2Fb%3Dc d%25');
    expect(escapePartitionValue('Nzérékoré')).toBe('Nzérékoré');
    expect(() => partitionDir(['date'], { type: 'sms' })).toThrow(/date has no value/);
  });

  it('rejects unknown or repeated partition keys with a clear message', () => {
    expect(() => parsePartitionBy('type,day')).toThrow('unknown partition key "day" (use any of type, date, hour, region)');
    expect(() => parsePartitionBy('type,type')).toThrow(/repeated/);
    expect(parsePartitionBy('')).toEqual([]);
  });

  it('names legacy files <type>_cdr_<YYYYMMDD>_<NN>.csv and cell_towers_<country>.csv', () => {
    const w = smallWorld('legacy', 2);
    expect(legacyCsvNameForDay(w, 'voice', 0)).toBe('voice_cdr_20251001_01.csv');
    expect(legacyCsvNameForDay(w, 'data', 1)).toBe('data_cdr_20251002_02.csv');
    expect(legacyCsvName('sms', w.plan.startEpochDay + 120, 121)).toBe('sms_cdr_20260129_121.csv');
    expect(cellTowersName(PROFILES['mali-omea']!)).toBe('cell_towers_mali.csv');
  });

  it('splits a batch by region and hour per record, keeping row order, and takeRows gathers every column', () => {
    const w = smallWorld('extended');
    const b = batchesOf(w, 'voice')[12] as VoiceBatch;
    const parts = partitionBatch('voice', b, w, ['type', 'hour', 'region']);
    expect(parts.length).toBeGreaterThan(3);
    let total = 0;
    for (const p of parts) {
      const rows = p.rows!;
      total += rows.length;
      expect([...rows]).toEqual([...rows].sort((x, y) => x - y));
      const sub = takeRows(b, rows);
      expect(sub.length).toBe(rows.length);
      expect(sub.type).toBe('voice');
      expect(sub.seq[0]).toBe(b.seq[rows[0]!]);
      expect(sub.otherOperator).toBeInstanceOf(Int16Array);
      for (let i = 0; i < sub.length; i++) expect(w.model.profile.regions[w.cells.region[sub.cell[i]!]!]!.name).toBe(p.values.region);
      expect(p.values.hour).toBe(12);
      expect(p.dir).toBe(`type=voice/hour=12/region=${p.values.region}`);
    }
    expect(total).toBe(b.length);
    const whole = partitionBatch('voice', b, w, ['type', 'date']);
    expect(whole).toEqual([{ values: { type: 'voice', date: '2025-10-01' }, dir: 'type=voice/date=2025-10-01', rows: null }]);
  });
});

describe('zip', () => {
  const entries = (): ZipEntry[] => [
    { name: 'README.md', input: '# dataset\n' },
    { name: 'type=voice/date=2025-10-01/part-00000.csv', input: new TextEncoder().encode('a,b\n1,2\n') },
    {
      name: 'streamed.bin',
      input: new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array([1, 2, 3]));
          c.enqueue(new Uint8Array([4]));
          c.close();
        },
      }),
    },
  ];

  it('streams entries that unzip to the same content, with identical bytes in any time zone', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = await collectStream(zipStream(entries()));
      process.env.TZ = 'Pacific/Kiritimati';
      const b = await collectStream(zipStream(entries()));
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      const files = unzipSync(a);
      expect(Object.keys(files)).toEqual(['README.md', 'type=voice/date=2025-10-01/part-00000.csv', 'streamed.bin']);
      expect(new TextDecoder().decode(files['README.md'])).toBe('# dataset\n');
      expect([...files['streamed.bin']!]).toEqual([1, 2, 3, 4]);
      // DOS date of 2025-01-01 00:00 in the first local header: ((2025-1980)<<9)|(1<<5)|1
      expect(new DataView(a.buffer, a.byteOffset).getUint16(12, true)).toBe(((2025 - 1980) << 9) | (1 << 5) | 1);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('rejects unsafe entry names', async () => {
    await expect(collectStream(zipStream([{ name: '../evil', input: 'x' }]))).rejects.toThrow(/bad ZIP entry name/);
  });
});

describe('writeDigits', () => {
  it('writes the same text as String(x) around the 2^32 split and for 11–15 digit identifiers', () => {
    const xs = [
      0,
      9,
      10,
      4294967295,
      4294967296,
      4294967297,
      1e8,
      1e15 - 1,
      22300000000,
      22370000001,
      610020000000007,
      867512044899595,
      2 ** 53 - 1,
    ];
    for (let k = 0; k < 2000; k++) xs.push(Math.floor(((k * 2654435761) % 1e6) * 1e9 + k * 7));
    const o = new ByteWriter(16);
    for (const x of xs) {
      o.pos = 0;
      writeDigits(o, x);
      expect(new TextDecoder().decode(o.buf.subarray(0, o.pos))).toBe(String(x));
    }
  });
});
