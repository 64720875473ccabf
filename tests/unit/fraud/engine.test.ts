/**
 * Issue 7 in the engine: fraud and faults are planned exactly, deterministic, confined to their own
 * sub-streams (the normal records do not move), and every ledger row points at a real record.
 */
import { describe, expect, it } from 'vitest';
import type { CdrBatch, ChunkOutput, LedgerBatch } from '../../../src/core/batch.ts';
import { generateChunk, LEDGER_KINDS, ScenarioError, parseScenario, resolveModel, type ScenarioInput } from '../../../src/core/index.ts';
import { ArrivalQueue, arrivalTimes } from '../../../src/core/faults/delivery.ts';
import { sampleDistinct } from '../../../src/core/faults/apply.ts';
import { Rng } from '../../../src/core/rng.ts';
import { FAULT_KINDS, FAULT_INFO, FRAUD_INFO, FRAUD_PATTERNS, faultsSchema, fraudSchema } from '../../../src/core/truth/options.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import { cdrColumns } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { csvContext, encodeCsv } from '../../../src/export/csv.ts';
import { encodeNdjson } from '../../../src/export/ndjson.ts';
import { TYPES, allChunks, chunkCsv, luhnValid, makeWorld, parseCsv, sha256, text } from '../core/helpers.ts';
import { allFaults, allFraud, everything } from './helpers.ts';

const small: ScenarioInput = { population: { subscribers: 5000 }, period: { days: 2 }, schema: 'extended' };
const ID_PREFIX: Record<ServiceType, string> = { voice: 'CALL_', sms: 'SMS_', data: 'DATA_' };

/** CSV lines of a batch with the id column (2nd) removed. */
function linesWithoutId(w: World, b: CdrBatch, t: ServiceType, rows?: (i: number) => boolean): string[] {
  const csv = text(encodeCsv(cdrColumns(t, 'extended', w.model.profile), b as unknown as Record<string, unknown>, b.length, csvContext(w)));
  return csv
    .split('\n')
    .slice(0, b.length)
    .filter((_, i) => !rows || rows(i))
    .map((l) =>
      l
        .split(',')
        .filter((_, k) => k !== 1)
        .join(','),
    );
}

describe('scenario sections', () => {
  it('are absent by default and fill every documented default, all disabled, when given empty', () => {
    const s = parseScenario({});
    expect('faults' in s).toBe(false);
    expect('fraud' in s).toBe(false);
    const f = parseScenario({ faults: {}, fraud: {} });
    for (const k of [...FAULT_KINDS, 'orphanLegs'] as const) expect(f.faults![k].enabled).toBe(false);
    for (const k of FRAUD_PATTERNS) expect(f.fraud![k].enabled).toBe(false);
    // REALISM.md §8–9 defaults.
    expect(f.faults!.exactDuplicates.rate).toBe(0.003);
    expect(f.faults!.nearDuplicates.rate).toBe(0.002);
    expect(f.faults!.missingFields.rate).toBe(0.005);
    expect(f.faults!.orphanLegs.rate).toBe(0.01);
    expect(f.faults!.timestampAnomalies.rate).toBe(0.002);
    expect(f.faults!.malformedMsisdn.rate).toBe(0.001);
    expect(f.faults!.outOfOrder).toMatchObject({ rate: 0.075, maxSeconds: 300 });
    expect(f.fraud!.simBox).toMatchObject({ share: 0.001, simsPerGateway: { min: 8, max: 32 }, mocPerDay: { min: 100, max: 300 } });
    expect(f.fraud!.wangiri).toMatchObject({
      campaignsPerDay: 1,
      numbers: { min: 1, max: 20 },
      windowHours: { min: 1, max: 3 },
      callbackShare: 0.05,
    });
    expect(f.fraud!.irsf).toMatchObject({ callsPerDay: { min: 50, max: 500 }, durationMinutes: { min: 5, max: 60 } });
    expect(f.fraud!.highVelocity).toMatchObject({ share: 0.0005 });
    // Every kind has UI metadata whose slider default equals the schema default.
    for (const info of FAULT_INFO)
      expect((f.faults as Record<string, Record<string, unknown>>)[info.key]![info.slider.field]).toBe(info.slider.default);
    for (const info of FRAUD_INFO)
      expect((f.fraud as Record<string, Record<string, unknown>>)[info.key]![info.slider.field]).toBe(info.slider.default);
    expect(FAULT_INFO.filter((k) => k.breaksStrictLoaders).map((k) => k.key)).toEqual(['truncatedRows']);
  });

  it('refuses bad values with a message naming the field', () => {
    expect(faultsSchema.safeParse({ lateArrivals: { enabled: true, rate: 0.4 }, outOfOrder: { enabled: true, rate: 0.2 } }).success).toBe(
      false,
    );
    expect(fraudSchema.safeParse({ wangiri: { numbers: { min: 5, max: 2 } } }).success).toBe(false);
    expect(fraudSchema.safeParse({ simBox: { bogus: 1 } }).success).toBe(false);
    expect(() => parseScenario({ faults: { missingFields: { rate: -1 } } })).toThrow(/missingFields\.rate/);
    // Fraud SIMs must fit in the served operator's numbering space.
    let err: unknown;
    try {
      resolveModel(parseScenario({ population: { subscribers: 10_000_000 }, fraud: { simBox: { enabled: true } } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect(String(err)).toMatch(/fraud/);
  });
});

describe('everything off', () => {
  it('leaves the plan and the world as before: no extras, no appended SIMs', () => {
    const w = makeWorld(small);
    expect(w.plan.truth).toBeUndefined();
    expect(w.plan.chunks.every((c) => c.extra === undefined)).toBe(true);
    expect(w.fraud).toBeNull();
    expect(w.subs.total).toBe(w.subs.n);
  });

  it('empty sections (every kind disabled) give byte-identical CDRs and ids', () => {
    const off = makeWorld(small);
    const empty = makeWorld({ ...small, faults: {}, fraud: {} });
    expect(empty.plan.totals).toEqual(off.plan.totals);
    for (const k of [0, 13, 30, 47]) {
      const a = generateChunk(off, k);
      const b = generateChunk(empty, k);
      for (const t of TYPES) expect(sha256(chunkCsv(empty, b, t, 'extended'))).toBe(sha256(chunkCsv(off, a, t, 'extended')));
      for (const t of TYPES) expect(b.ledger?.[t]?.length ?? 0).toBe(0);
    }
  });
});

describe('fraud on top of normal traffic', () => {
  it('does not move a single normal record: same content, only ids shift around the added fraud records', () => {
    const off = makeWorld(small);
    const on = makeWorld({ ...small, fraud: allFraud() });
    expect(on.plan.truth!.fraudRecords.voice).toBeGreaterThan(0);
    for (const k of [4, 20, 41]) {
      const a = generateChunk(off, k);
      const b = generateChunk(on, k);
      for (const t of ['voice', 'sms'] as const) {
        const fb = b[t]!;
        const normal = linesWithoutId(on, fb, t, (i) => fb.fraud![i] === 0);
        expect(normal).toEqual(linesWithoutId(off, a[t]!, t));
        expect(fb.length - normal.length).toBe(on.plan.chunks[k]!.extra!.fraud[t]);
      }
      // Data has no fraud: byte-identical, ids included.
      expect(sha256(chunkCsv(on, b, 'data', 'extended'))).toBe(sha256(chunkCsv(off, a, 'data', 'extended')));
    }
  });

  it('appends the fraudulent SIMs after the base with unique numbers, IMSIs and Luhn-valid IMEIs', () => {
    const w = makeWorld({ population: { subscribers: 20_000 }, period: { days: 3 }, fraud: allFraud() });
    const s = w.subs;
    const f = w.fraud!;
    expect(s.total).toBe(s.n + f.schedule.appended);
    expect(new Set(s.msisdn).size).toBe(s.total);
    expect(new Set(s.imsi).size).toBe(s.total);
    const start = w.plan.startEpochDay;
    for (const a of f.schedule.sims) {
      const i = s.n + a.slot;
      expect(luhnValid(String(s.imei[i]))).toBe(true);
      if (a.pattern === 'highVelocity') expect(start + a.firstDay - s.activationDay[i]!).toBeLessThan(7);
      if (a.pattern === 'simBox') expect(s.activationDay[i]!).toBeLessThan(start);
    }
    // 8–32 SIMs share each gateway's IMEI.
    for (const [g, size] of f.schedule.gateways.entries()) {
      const imeis = new Set(f.schedule.sims.filter((a) => a.gateway === g).map((a) => s.imei[s.n + a.slot]));
      expect(imeis.size).toBe(1);
      expect(size).toBeGreaterThanOrEqual(8);
      expect(size).toBeLessThanOrEqual(32);
    }
    expect(f.actors.filter((a) => a.pattern === 0)).toHaveLength(20);
  });
});

/** Every chunk of a world with all faults and fraud, once (shared by the tests below). */
const allOn = (() => {
  let cache: { w: World; out: ChunkOutput[] } | null = null;
  return () => {
    if (!cache) {
      const w = makeWorld(everything({ population: { subscribers: 8000 }, period: { days: 3 }, schema: 'extended' }));
      cache = { w, out: allChunks(w) };
    }
    return cache;
  };
})();

describe('exact counts, known before generation', () => {
  it('every chunk has exactly its planned records, and the totals are those of the plan', () => {
    const { w, out } = allOn();
    const rows = { voice: 0, sms: 0, data: 0 };
    for (const o of out) {
      for (const t of TYPES) {
        expect(o[t]!.length).toBe(w.plan.chunks[o.index]!.records[t]);
        rows[t] += o[t]!.length;
      }
    }
    expect(rows).toEqual(w.plan.totals);
    const tr = w.plan.truth!;
    for (const t of TYPES) expect(rows[t]).toBe(tr.base[t] - tr.orphans[t] + tr.fraudRecords[t] + tr.duplicates[t]);
  });

  it('ids stay contiguous from 1 per type (a duplicate copy keeps its original id) and rows stay within their chunk', () => {
    const { w, out } = allOn();
    for (const t of TYPES) {
      const seen = new Uint8Array(w.plan.totals[t] + 1);
      let copies = 0;
      for (const o of out) {
        const b = o[t]!;
        for (let i = 0; i < b.length; i++) {
          const q = b.seq[i]!;
          if (seen[q]) copies++;
          seen[q] = 1;
        }
      }
      const ids = seen.reduce((a, x) => a + x, 0);
      expect(ids + copies).toBe(w.plan.totals[t]);
      expect(copies).toBe(w.plan.truth!.duplicates[t]);
      expect(seen.subarray(1, ids + 1).every((x) => x === 1)).toBe(true);
    }
  });

  it('the ledger has exactly the planned rows of each kind and each row points at an existing record', () => {
    const { w, out } = allOn();
    const tr = w.plan.truth!;
    const byKind = new Map<string, number>();
    for (const o of out) {
      for (const t of TYPES) {
        const b = o[t]!;
        const ids = new Map<number, number[]>();
        for (let i = 0; i < b.length; i++) (ids.get(b.seq[i]!) ?? ids.set(b.seq[i]!, []).get(b.seq[i]!)!).push(i);
        const l: LedgerBatch = o.ledger![t]!;
        for (let r = 0; r < l.length; r++) {
          const kind = LEDGER_KINDS[l.kind[r]!]!;
          byKind.set(`${t}/${kind}`, (byKind.get(`${t}/${kind}`) ?? 0) + 1);
          const seq = Number(l.recordId[r]!.slice(ID_PREFIX[t].length));
          const rows = ids.get(seq);
          expect(rows, `${kind} ${l.recordId[r]}`).toBeDefined();
          // The row the entry names carries the recorded timestamp.
          expect(rows!.some((i) => b.ts[i] === l.recordTs[r])).toBe(true);
        }
      }
    }
    for (const t of TYPES) {
      FAULT_KINDS.forEach((_, k) =>
        expect(byKind.get(`${t}/${LEDGER_KINDS[k]}`) ?? 0, `${t} ${LEDGER_KINDS[k]}`).toBe(tr.faultCounts[t][k]),
      );
      expect(byKind.get(`${t}/orphan_leg`) ?? 0).toBe(tr.orphans[t]);
      const fraud = [...byKind].filter(([k]) => k.startsWith(`${t}/fraud_`)).reduce((a, [, n]) => a + n, 0);
      expect(fraud).toBe(tr.fraudRecords[t]);
    }
    expect(byKind.get('voice/fraud_wangiri')).toBe(w.fraud!.schedule.campaigns.reduce((a, c) => a + c.targets, 0));
  });

  it('faults show in the records the way the ledger says', () => {
    const { out } = allOn();
    let checked = 0;
    for (const o of out) {
      for (const t of TYPES) {
        const b = o[t]!;
        const l = o.ledger![t]!;
        const row = new Map<string, number>();
        for (let i = 0; i < b.length; i++) row.set(`${b.seq[i]}@${b.ts[i]}`, i);
        for (let r = 0; r < l.length; r++) {
          const i = row.get(`${Number(l.recordId[r]!.slice(ID_PREFIX[t].length))}@${l.recordTs[r]}`)!;
          switch (LEDGER_KINDS[l.kind[r]!]) {
            case 'missing_field':
              expect(b.nulls![i]).not.toBe(0);
              break;
            case 'truncated_row':
              expect(b.trunc![i]).toBeGreaterThan(0);
              break;
            case 'malformed_imei':
              expect(luhnValid(String(b.imeiFix![i])) && String(b.imeiFix![i]).length === 15).toBe(false);
              break;
            case 'clock_skew':
            case 'timestamp_anomaly':
              expect((b.ts[i]! - l.eventTs[r]!) * 1000).toBe(l.deltaMs[r]);
              break;
            case 'late_arrival':
              expect(l.deltaMs[r]).toBeGreaterThanOrEqual(15 * 60_000);
              expect(b.ingestExtraMs![i]).toBe(l.deltaMs[r]);
              break;
            case 'duplicate_near':
              expect(Math.abs(b.ts[i]! - l.eventTs[r]!)).toBe(1);
              break;
            case 'fraud_wangiri':
              // A ring: at most 3 s (unless a fault also damaged the record, e.g. a corrupt duration).
              if (b.fault![i] === 0) expect(t === 'voice' && (b as { duration: Int32Array }).duration[i]!).toBeLessThanOrEqual(3);
              break;
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('out-of-order records arrive after younger ones (within maxSeconds), late ones in the lateness classes', () => {
    const { w, out } = allOn();
    let ooo = 0;
    const late: number[] = [];
    for (const o of out) {
      const b = o.voice!;
      const l = o.ledger!.voice!;
      for (let r = 0; r < l.length; r++) {
        if (LEDGER_KINDS[l.kind[r]!] === 'late_arrival') late.push(l.deltaMs[r]!);
        if (LEDGER_KINDS[l.kind[r]!] !== 'out_of_order') continue;
        expect(l.deltaMs[r]).toBeLessThanOrEqual(300_000);
        ooo++;
      }
      // Arrival order differs from row order only by the displaced records.
      const arr = arrivalTimes(w, 'voice', b);
      expect(arr.length).toBe(b.length);
    }
    expect(ooo).toBeGreaterThan(0);
    const sixH = late.filter((x) => x <= 6 * 3_600_000).length / late.length;
    expect(sixH).toBeGreaterThan(0.7);
    expect(sixH).toBeLessThan(0.9);
    expect(Math.max(...late)).toBeLessThanOrEqual(7 * 86_400_000);
  });
});

describe('edge scenarios', () => {
  const cases: [string, ScenarioInput, ServiceType[]?][] = [
    ['tiny base', { population: { subscribers: 10 }, period: { days: 2 } }],
    ['guinea, legacy', { profile: 'guinea', population: { subscribers: 3000 }, period: { days: 2 } }],
    ['rows mode, sms only', { population: { subscribers: 3000 }, period: { days: 2 }, volume: { mode: 'rows', rows: 20_000 } }, ['sms']],
    [
      'exact mode, voice + data',
      {
        population: { subscribers: 3000 },
        period: { days: 1 },
        volume: { mode: 'exact', recordsPerDay: { voice: 5000, sms: 0, data: 700 } },
      },
      ['voice', 'data'],
    ],
    ['busy hours split into parts', { population: { subscribers: 400_000 }, period: { days: 1 } }, ['sms']],
  ];
  for (const [name, base, only] of cases) {
    it(`${name}: every chunk is assembled with exactly its planned records and ledger`, () => {
      const w = makeWorld(
        everything({ ...base, faults: { ...allFaults(), exactDuplicates: { enabled: true, rate: 0.05 } } } as ScenarioInput),
        only,
      );
      let rows = 0;
      let ledger = 0;
      for (const c of w.plan.chunks) {
        const o = generateChunk(w, c.index);
        for (const t of w.plan.types) {
          expect(o[t]!.length).toBe(c.records[t]);
          rows += o[t]!.length;
          ledger += o.ledger![t]!.length;
        }
      }
      expect(rows).toBe(w.plan.total);
      if (w.plan.total > 0) expect(ledger).toBeGreaterThan(0);
      if (name.startsWith('busy')) expect(w.plan.chunks.some((c) => c.parts > 1)).toBe(true);
    });
  }
});

describe('determinism', () => {
  const scenario = everything({ population: { subscribers: 6000 }, period: { days: 2 }, schema: 'extended' });
  const chunkHash = (o: ChunkOutput) =>
    sha256(
      TYPES.map((t) => {
        const b = o[t]!;
        return (
          Object.entries(b)
            .filter(([, v]) => ArrayBuffer.isView(v))
            .map(
              ([k, v]) => k + sha256(new Uint8Array((v as Uint8Array).buffer, (v as Uint8Array).byteOffset, (v as Uint8Array).byteLength)),
            )
            .join('|') + JSON.stringify(o.ledger![t]!.recordId)
        );
      }).join('#'),
    );

  it('a chunk is the same whether generated alone, after others or in another order', () => {
    const a = makeWorld(scenario);
    const b = makeWorld(JSON.parse(JSON.stringify(scenario)));
    const ks = [0, 9, 23, 30, 47];
    const first = ks.map((k) => chunkHash(generateChunk(a, k)));
    for (let k = 47; k >= 0; k--) generateChunk(b, k);
    expect([...ks].reverse().map((k) => chunkHash(generateChunk(b, k)))).toEqual([...first].reverse());
  });

  it('selecting one type gives the same records of that type, and another seed other fraud and faults', () => {
    const all = makeWorld(scenario);
    const voice = makeWorld(scenario, ['voice']);
    for (const k of [5, 28]) {
      const a = generateChunk(all, k);
      const v = generateChunk(voice, k);
      expect(sha256(chunkCsv(voice, v, 'voice', 'extended'))).toBe(sha256(chunkCsv(all, a, 'voice', 'extended')));
      expect(v.ledger!.voice!.recordId).toEqual(a.ledger!.voice!.recordId);
    }
    const other = makeWorld({ ...scenario, seed: 7 });
    expect(chunkHash(generateChunk(other, 5))).not.toBe(chunkHash(generateChunk(all, 5)));
  });
});

describe('writers', () => {
  it('CSV: a missing field is an empty field; a truncated row has fewer fields; NDJSON: null and absent keys', () => {
    const { w, out } = allOn();
    const prof = w.model.profile;
    let missing = 0;
    let truncated = 0;
    for (const o of out.slice(6, 12)) {
      const b = o.voice!;
      const cols = cdrColumns('voice', 'extended', prof);
      const rows = parseCsv(text(encodeCsv(cols, b as unknown as Record<string, unknown>, b.length, csvContext(w))));
      const json = text(encodeNdjson(cols, b, b.length, w))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const cell = cols.findIndex((c) => c.name === 'cell_id');
      const arrival = arrivalTimes(w, 'voice', b);
      for (let i = 0; i < b.length; i++) {
        if (b.trunc![i]) {
          expect(rows[i]).toHaveLength(b.trunc![i]!);
          expect(Object.keys(json[i]!)).toHaveLength(b.trunc![i]! + 1); // + ingest_ts
          truncated++;
        } else expect(rows[i]).toHaveLength(cols.length);
        if (b.nulls![i]! & 1) {
          expect(rows[i]![cell]).toBe('');
          if (!b.trunc![i]) expect(json[i]!.cell_id).toBeNull();
          missing++;
        }
        expect(json[i]!.ingest_ts).toBe(arrival[i]);
      }
    }
    expect(missing).toBeGreaterThan(10);
    expect(truncated).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('sampleDistinct draws k distinct indexes', () => {
    const s = sampleDistinct(new Rng(3), 1000, 400);
    expect(new Set(s).size).toBe(400);
    expect(Math.max(...s)).toBeLessThan(1000);
  });

  it('ArrivalQueue pops by arrival time, ties in insertion order', () => {
    const q = new ArrivalQueue<string>();
    const items: [number, string][] = [
      [5, 'a'],
      [1, 'b'],
      [5, 'c'],
      [3, 'd'],
      [9, 'e'],
      [1, 'f'],
    ];
    for (const [t, s] of items) q.push(t, s);
    expect(q.peek()).toBe(1);
    expect(q.popUntil(4)).toEqual(['b', 'f', 'd']);
    expect(q.popUntil(100)).toEqual(['a', 'c', 'e']);
    expect(q.size).toBe(0);
  });

  it('every per-record fault kind has the ledger kind of the same index', () => {
    expect(LEDGER_KINDS.slice(0, FAULT_KINDS.length)).toEqual([
      'duplicate_exact',
      'duplicate_near',
      'missing_field',
      'truncated_row',
      'malformed_msisdn',
      'corrupt_value',
      'clock_skew',
      'timestamp_anomaly',
      'late_arrival',
      'out_of_order',
      'malformed_imei',
    ]);
    expect(FAULT_KINDS).toEqual([
      'exactDuplicates',
      'nearDuplicates',
      'missingFields',
      'truncatedRows',
      'malformedMsisdn',
      'corruptValues',
      'clockSkew',
      'timestampAnomalies',
      'lateArrivals',
      'outOfOrder',
      'malformedImei',
    ]);
    expect(Object.keys(allFaults())).toHaveLength(FAULT_KINDS.length + 1);
  });
});
