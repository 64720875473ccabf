/** The Arrow file → stream conversion for DuckDB, and the CSV of a result. */
import { Dictionary, RecordBatchReader, TimestampMicrosecond, Type } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowFileToStream } from '../../../src/analytics/arrow-stream.ts';
import { explorePieces } from '../../../src/analytics/tables.ts';
import { csvField, toCsv } from '../../../src/analytics/csv.ts';
import { buildWorld, parseScenario, resolveModel } from '../../../src/core/index.ts';
import { encodeFileJob } from '../../../src/export/dataset.ts';

const w = buildWorld(resolveModel(parseScenario({ seed: 2, period: { start: '2025-10-01', days: 1 }, population: { subscribers: 1500 } })));

describe('arrowFileToStream', () => {
  const job = {
    index: 0,
    type: 'voice' as const,
    table: 'voice_cdr',
    chunks: [0, w.plan.chunks.length] as [number, number],
    day: 0,
    path: 'v',
    rows: w.plan.totals.voice,
    part: 0,
  };
  const [file] = encodeFileJob(w, job, { format: 'arrow', partitionBy: ['type'], compression: 'none', maxRowsPerFile: 1e9 });

  it('is a stream of the same rows, empty batches left out, timestamps naive and shifted by the offset', () => {
    const plain = RecordBatchReader.from(file!.bytes);
    plain.open();
    const original = [...plain];
    const shifted = RecordBatchReader.from(arrowFileToStream(file!.bytes, { offsetSeconds: 3600, dictionaryIdBase: 500 }));
    shifted.open();
    expect(shifted.isStream()).toBe(true);
    const schema = shifted.schema;
    const batches = [...shifted];
    expect(batches.every((b) => b.numRows > 0)).toBe(true);
    expect(batches.reduce((a, b) => a + b.numRows, 0)).toBe(w.plan.totals.voice);
    const ts = schema.fields.find((f) => f.name === 'timestamp')!.type as TimestampMicrosecond;
    expect(ts.typeId).toBe(Type.Timestamp);
    expect(ts.timezone ?? null).toBeNull();
    const before = original.find((b) => b.numRows > 0)!.getChild('timestamp')!.data[0]!.values as unknown as BigInt64Array;
    const after = batches[0]!.getChild('timestamp')!.data[0]!.values as unknown as BigInt64Array;
    expect(after[0]! - before[0]!).toBe(3_600_000_000n);
    const dict = schema.fields.find((f) => f.name === 'region')!.type as Dictionary;
    expect(dict.id).toBeGreaterThanOrEqual(500);
    expect(String(batches[0]!.getChild('region')!.get(0))).toMatch(/^[A-Z]/);
  });

  it('refuses bytes that are not an Arrow file', () => {
    expect(() => arrowFileToStream(new TextEncoder().encode('timestamp,call_id\n'))).toThrow();
  });

  it('every group of a run gives named tables with their rows', () => {
    const tables = ['voice', 'sms', 'data', 'reference'].flatMap((g) => explorePieces(w, g as 'voice').map((p) => [p.table, p.rows]));
    expect(tables).toEqual([
      ['voice_cdr', w.plan.totals.voice],
      ['sms_cdr', w.plan.totals.sms],
      ['data_cdr', w.plan.totals.data],
      ['cells', w.cells.n],
      ['subscribers', w.subs.total],
    ]);
  });
});

describe('explorePieces', () => {
  it('leaves out tables without rows (DuckDB cannot create a table from a stream without batches)', () => {
    const faulty = buildWorld(
      resolveModel(
        parseScenario({
          seed: 2,
          period: { start: '2025-10-01', days: 1 },
          population: { subscribers: 1500 },
          faults: { corruptValues: { enabled: true } },
        }),
      ),
    );
    const ref = explorePieces(faulty, 'reference').map((p) => p.table);
    expect(ref).toEqual(['cells', 'subscribers']); // no fraud: fraud_actors has no row
    expect(explorePieces(faulty, 'voice').map((p) => p.table)).toEqual(['voice_cdr', 'ground_truth']);
    expect(
      [...explorePieces(faulty, 'voice'), ...explorePieces(faulty, 'reference')].every((p) => p.rows > 0 && p.stream.byteLength > 0),
    ).toBe(true);
  });
});

describe('result CSV', () => {
  it('quotes what needs quoting, NULL is an empty field, CRLF lines', () => {
    const rows = [
      ['Bamako', '12', null],
      ['a "quoted", value', '3.5', 'line\nbreak'],
    ];
    expect(toCsv(['region', 'n', 'note'], rows.length, (r, c) => rows[r]![c]!)).toBe(
      'region,n,note\r\nBamako,12,\r\n"a ""quoted"", value",3.5,"line\nbreak"\r\n',
    );
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('plain')).toBe('plain');
  });
});
