/** Invariants that must hold for every seed: checked on the CSV files a downstream reader sees. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ChunkOutput } from '../../../src/core/batch.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import { generateChunk } from '../../../src/core/index.ts';
import type { World } from '../../../src/core/world.ts';
import { TYPES, allChunks, chunkCsv, luhnValid, makeWorld, splitPlainCsv, text } from './helpers.ts';

const LEGACY_HEADER: Record<ServiceType, string[]> = {
  voice: [
    'timestamp',
    'call_id',
    'caller_msisdn',
    'callee_msisdn',
    'call_type',
    'duration_seconds',
    'cell_id',
    'region',
    'termination_reason',
    'charging_amount',
  ],
  sms: [
    'timestamp',
    'sms_id',
    'sender_msisdn',
    'receiver_msisdn',
    'sms_type',
    'message_length',
    'cell_id',
    'region',
    'delivery_status',
    'charging_amount',
  ],
  data: [
    'timestamp',
    'session_id',
    'msisdn',
    'apn',
    'session_duration_seconds',
    'bytes_uploaded',
    'bytes_downloaded',
    'cell_id',
    'region',
    'session_end_reason',
    'charging_amount',
  ],
};
/** Served operator numbering per profile: Orange Mali 610-02 (70–79), Orange Guinée 611-01 (61x, 62x). */
const NUMBERING: Record<string, { cc: string; length: number; servedPrefixes: string[]; imsi: string }> = {
  'mali-omea': { cc: '223', length: 8, servedPrefixes: ['70', '71', '72', '73', '74', '75', '76', '77', '78', '79'], imsi: '61002' },
  guinea: { cc: '224', length: 9, servedPrefixes: ['61', '62'], imsi: '61101' },
};
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const INT = /^(0|[1-9]\d*)$/;
const AMOUNT = /^(0|[1-9]\d*)(\.\d{1,2})?$/;
const SUCCESS = new Set(['NORMAL', 'USER_TERMINATED']);
const TERMINATION = new Set(['NORMAL', 'FAILED', 'USER_TERMINATED', 'NO_ANSWER', 'NETWORK_ERROR']);
const DELIVERY = new Set(['DELIVERED', 'FAILED', 'PENDING']);
const SESSION_END = new Set(['NORMAL', 'USER_TERMINATED', 'QUOTA_EXCEEDED', 'NETWORK_ERROR', 'TIMEOUT']);

const epoch = (ts: string) => Date.parse(ts + 'Z') / 1000;
const cents = (amount: string) => Math.round(Number(amount) * 100);

/** A problem collector: keeps the first few examples of each kind so a failure is readable. */
class Problems {
  private readonly seen = new Map<string, { n: number; examples: string[] }>();
  add(kind: string, example: unknown): void {
    let p = this.seen.get(kind);
    if (!p) this.seen.set(kind, (p = { n: 0, examples: [] }));
    p.n++;
    if (p.examples.length < 3) p.examples.push(typeof example === 'string' ? example : JSON.stringify(example));
  }
  check(cond: boolean, kind: string, example: unknown): void {
    if (!cond) this.add(kind, example);
  }
  list(): string[] {
    return [...this.seen].map(([k, p]) => `${k} ×${p.n}: ${p.examples.join(' | ')}`);
  }
}

interface Run {
  w: World;
  chunks: ChunkOutput[];
  /** Header + rows of the legacy files (each row = the first fields of the extended row). */
  legacy: Record<ServiceType, string[][]>;
  /** Header + rows of the extended files. */
  extended: Record<ServiceType, string[][]>;
  /** Legacy lines that are not the prefix of the extended line of the same record. */
  prefixMismatches: string[];
}

function run(profile: string, seed: number, subscribers: number, days: number): Run {
  const w = makeWorld({ profile, seed, population: { subscribers }, period: { days } });
  const chunks = allChunks(w);
  const legacy = { voice: [], sms: [], data: [] } as Record<ServiceType, string[][]>;
  const extended = { voice: [], sms: [], data: [] } as Record<ServiceType, string[][]>;
  const prefixMismatches: string[] = [];
  for (const t of TYPES) {
    chunks.forEach((c, k) => {
      const lines = text(chunkCsv(w, c, t, 'legacy', k === 0)).split('\n');
      const ext = text(chunkCsv(w, c, t, 'extended', k === 0));
      expect(lines.pop()).toBe('');
      const rows = splitPlainCsv(ext);
      expect(rows.length).toBe(lines.length);
      const n = (k === 0 ? lines[0]! : '').split(',').length;
      const extLines = ext.split('\n');
      rows.forEach((row, i) => {
        if (!extLines[i]!.startsWith(lines[i]! + ',') && prefixMismatches.length < 3)
          prefixMismatches.push(`${lines[i]} vs ${extLines[i]}`);
        if (k === 0 && i === 0) legacy[t].push(lines[0]!.split(','));
        else legacy[t].push(row.slice(0, LEGACY_HEADER[t].length));
        extended[t].push(row);
      });
      void n;
    });
  }
  return { w, chunks, legacy, extended, prefixMismatches };
}

/** Checks the legacy contract and the engine's invariants; returns the problems found. */
function checkRun(r: Run): string[] {
  const P = new Problems();
  for (const m of r.prefixMismatches) P.add('legacy row is not the prefix of the extended row', m);
  const p = r.w.model.profile;
  // Numbering written down from REALISM §7 / LEGACY-CONTRACT, not read from the profile under test.
  const plan = NUMBERING[p.id]!;
  const cc = plan.cc;
  const L = plan.length;
  expect([p.countryCode, p.nationalLength]).toEqual([cc, L]);
  const anyMsisdn = new RegExp(`^${cc}\\d{${L}}$`);
  const servedPrefixes = plan.servedPrefixes;
  const servedMsisdn = new RegExp(`^${cc}(${servedPrefixes.join('|')})\\d{${L - servedPrefixes[0]!.length}}$`);
  const isOnNet = (m: string) => servedMsisdn.test(m);
  const strictLegacy = p.id === 'mali-omea';
  const regionByCode = new Map(p.regions.map((g) => [g.code, g.name]));
  const apns = new Map(p.data.apns.map((a) => [a.name, a.pricePerKiB]));
  const start = r.w.plan.startEpochDay * 86_400 - p.utcOffsetMinutes * 60;
  const end = start + r.w.plan.days * 86_400;
  const checkCell = (cell: string, region: string, row: unknown) => {
    const m = /^CELL_([A-Z]{3})_(\d{3,})$/.exec(cell);
    P.check(!!m && regionByCode.get(m[1]!) === region, 'cell_id/region', row);
  };
  const idFormat = { CALL_: /^CALL_\d{6,}$/, SMS_: /^SMS_\d{6,}$/, DATA_: /^DATA_\d{6,}$/ };
  const checkCommon = (row: string[], type: ServiceType, idPrefix: keyof typeof idFormat) => {
    P.check(row.length === LEGACY_HEADER[type].length, `${type} field count`, row);
    P.check(TS.test(row[0]!), `${type} timestamp format`, row);
    const t = epoch(row[0]!);
    P.check(t >= start && t < end, `${type} timestamp inside the period`, row);
    P.check(idFormat[idPrefix].test(row[1]!), `${type} id format`, row);
    P.check(AMOUNT.test(row[row.length - 1]!), `${type} charging_amount format`, row);
  };

  // ---- voice
  const [vh, ...voice] = r.legacy.voice;
  P.check(JSON.stringify(vh) === JSON.stringify(LEGACY_HEADER.voice), 'voice header', vh);
  const onNetMoc = new Map<string, number>();
  const onNetMtc = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const row of voice) {
    const [ts, , caller, callee, type, dur, cell, region, reason, amount] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    checkCommon(row, 'voice', 'CALL_');
    P.check(caller !== callee, 'caller = callee', row);
    if (strictLegacy) P.check(anyMsisdn.test(caller) && anyMsisdn.test(callee), 'legacy MSISDN 223 + 8 digits', row);
    P.check(type === 'MOC' || type === 'MTC', 'call_type enum', row);
    P.check(TERMINATION.has(reason), 'termination_reason enum', row);
    P.check(INT.test(dur), 'duration integer', row);
    P.check((Number(dur) === 0) === !SUCCESS.has(reason), 'duration 0 iff unsuccessful', row);
    P.check(Number(dur) <= 3600, 'duration ≤ 3600', row);
    checkCell(cell, region, row);
    const served = type === 'MOC' ? caller : callee;
    P.check(servedMsisdn.test(served), 'served party is our subscriber', row);
    const c = cents(amount);
    if (type === 'MOC' && SUCCESS.has(reason)) {
      const dest = isOnNet(callee) ? 'onNet' : anyMsisdn.test(callee) ? 'offNet' : 'international';
      P.check(c === Math.round(Number(dur) * p.tariffs.voicePerSecond[dest] * 100), 'voice charge = tariff × duration', row);
    } else P.check(c === 0, 'charge only successful MOC', row);
    const key = [ts, caller, callee, dur, reason].join('|');
    if (type === 'MOC' && isOnNet(callee)) bump(onNetMoc, key);
    if (type === 'MTC' && isOnNet(caller)) bump(onNetMtc, key);
  }
  for (const [k, n] of onNetMoc) P.check(onNetMtc.get(k) === n, 'on-net MOC without exactly one MTC', k);
  for (const [k, n] of onNetMtc) P.check(onNetMoc.get(k) === n, 'on-net MTC without its MOC', k);
  P.check(onNetMoc.size > 1000, 'enough on-net calls', onNetMoc.size);

  // ---- sms
  const [sh, ...sms] = r.legacy.sms;
  P.check(JSON.stringify(sh) === JSON.stringify(LEGACY_HEADER.sms), 'sms header', sh);
  const onNetMo = new Map<string, number>();
  const onNetMt = new Map<string, number>();
  for (const row of sms) {
    const [ts, , sender, receiver, type, len, cell, region, status, amount] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    checkCommon(row, 'sms', 'SMS_');
    P.check(sender !== receiver, 'sender = receiver', row);
    if (strictLegacy) P.check(anyMsisdn.test(sender) && anyMsisdn.test(receiver), 'legacy MSISDN 223 + 8 digits', row);
    P.check(type === 'MO' || type === 'MT', 'sms_type enum', row);
    P.check(DELIVERY.has(status), 'delivery_status enum', row);
    P.check(INT.test(len) && Number(len) >= 1 && Number(len) <= 160, 'message_length 1–160', row);
    checkCell(cell, region, row);
    P.check(servedMsisdn.test(type === 'MO' ? sender : receiver), 'served party is our subscriber', row);
    const c = cents(amount);
    if (type === 'MO' && status === 'DELIVERED') {
      const dest = isOnNet(receiver) ? 'onNet' : anyMsisdn.test(receiver) ? 'offNet' : 'international';
      P.check(c === Math.round(p.tariffs.smsPerMessage[dest] * 100), 'sms charge = tariff', row);
    } else P.check(c === 0, 'charge only delivered MO', row);
    const key = [ts, sender, receiver, len, status].join('|');
    if (type === 'MO' && isOnNet(receiver)) bump(onNetMo, key);
    if (type === 'MT' && isOnNet(sender)) bump(onNetMt, key);
  }
  for (const [k, n] of onNetMo) P.check(onNetMt.get(k) === n, 'on-net MO without exactly one MT', k);
  for (const [k, n] of onNetMt) P.check(onNetMo.get(k) === n, 'on-net MT without its MO', k);

  // ---- data
  const [dh, ...data] = r.legacy.data;
  P.check(JSON.stringify(dh) === JSON.stringify(LEGACY_HEADER.data), 'data header', dh);
  for (const row of data) {
    const [, , msisdn, apn, dur, up, down, cell, region, endReason, amount] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    checkCommon(row, 'data', 'DATA_');
    P.check(servedMsisdn.test(msisdn), 'data MSISDN is our subscriber', row);
    P.check(apns.has(apn), 'apn enum', row);
    P.check(SESSION_END.has(endReason), 'session_end_reason enum', row);
    P.check(INT.test(dur) && Number(dur) >= 1 && Number(dur) <= 3600, 'session duration 1–3600', row);
    P.check(INT.test(up) && INT.test(down), 'bytes are plain integers', row);
    checkCell(cell, region, row);
    const c = cents(amount);
    if (endReason === 'NORMAL') {
      const want = ((Number(up) + Number(down)) / 1024) * apns.get(apn)! * 100;
      P.check(Math.abs(c - want) <= 0.5 + 1e-6, 'data charge = KiB × APN price', row);
    } else P.check(c === 0, 'charge only NORMAL data sessions', row);
  }

  // ---- ids: unique per type and contiguous from 1 over the whole run
  for (const [t, rows, prefix] of [
    ['voice', voice, 'CALL_'],
    ['sms', sms, 'SMS_'],
    ['data', data, 'DATA_'],
  ] as const) {
    const ids = rows.map((row) => Number(row[1]!.slice(prefix.length))).sort((a, b) => a - b);
    P.check(ids.length === r.w.plan.totals[t], `${t} row count = plan total`, [ids.length, r.w.plan.totals[t]]);
    P.check(
      ids.every((id, i) => id === i + 1),
      `${t} ids are 1..N`,
      ids.slice(0, 5),
    );
  }

  // ---- extended: IMSI / IMEI / end time, one MSISDN ↔ one IMSI across the whole run
  const imsiPrefix = plan.imsi;
  const tacs = new Set(p.population.devices.map((d) => d.tac));
  const imsiOf = new Map<string, string>();
  const msisdnOf = new Map<string, string>();
  for (const t of TYPES) {
    const [head, ...rows] = r.extended[t];
    const col = (n: string) => head!.indexOf(n);
    const [iImsi, iImei, iEnd] = [col('served_imsi'), col('served_imei'), col('end_time')];
    P.check(
      JSON.stringify(head!.slice(0, LEGACY_HEADER[t].length)) === JSON.stringify(LEGACY_HEADER[t]),
      `${t} extended starts with the legacy columns`,
      head,
    );
    for (const row of rows) {
      const imsi = row[iImsi]!;
      const imei = row[iImei]!;
      P.check(/^\d{15}$/.test(imsi) && imsi.startsWith(imsiPrefix), `IMSI 15 digits starting ${imsiPrefix}`, imsi);
      P.check(/^\d{15}$/.test(imei) && luhnValid(imei), 'IMEI 15 digits, Luhn-valid', imei);
      P.check(tacs.has(imei.slice(0, 8)), 'IMEI TAC from the device list', imei);
      const msisdn = t === 'data' ? row[2]! : row[4] === 'MOC' || row[4] === 'MO' ? row[2]! : row[3]!;
      if (imsiOf.has(msisdn)) P.check(imsiOf.get(msisdn) === imsi, 'one MSISDN, two IMSIs', [msisdn, imsi, imsiOf.get(msisdn)]);
      else imsiOf.set(msisdn, imsi);
      if (msisdnOf.has(imsi)) P.check(msisdnOf.get(imsi) === msisdn, 'one IMSI, two MSISDNs', [imsi, msisdn, msisdnOf.get(imsi)]);
      else msisdnOf.set(imsi, msisdn);
      if (iEnd >= 0) {
        const dur = Number(row[t === 'voice' ? 5 : 4]);
        P.check(TS.test(row[iEnd]!) && epoch(row[iEnd]!) - epoch(row[0]!) === dur, `${t} end_time = start + duration`, row);
      }
    }
  }
  P.check(imsiOf.size > r.w.subs.n / 2, 'most subscribers appear', imsiOf.size);

  // ---- batches: time-ordered inside the chunk's slice, ids contiguous inside the chunk
  for (const c of r.chunks) {
    const spec = r.w.plan.chunks[c.index]!;
    for (const t of TYPES) {
      const b = c[t]!;
      P.check(b.length === spec.records[t], `${t} chunk length = plan`, [c.index, b.length, spec.records[t]]);
      const lo = spec.hourStartUtc + spec.fromSecond;
      const hi = spec.hourStartUtc + spec.toSecond;
      for (let j = 0; j < b.length; j++) {
        const ts = b.ts[j]!;
        if (!(Number.isInteger(ts) && ts >= lo && ts < hi)) P.add(`${t} ts inside the chunk slice`, [c.index, j, ts]);
        if (j > 0 && ts < b.ts[j - 1]!) P.add(`${t} ts sorted in chunk`, [c.index, j]);
        if (b.seq[j] !== spec.idStart[t] + j) P.add(`${t} seq contiguous in chunk`, [c.index, j]);
        const ch = b.chargeCents[j]!;
        if (!(Number.isInteger(ch) && ch >= 0)) P.add(`${t} chargeCents whole and ≥ 0`, [c.index, j]);
      }
    }
  }
  return P.list();
}

describe('invariants over several seeds', () => {
  for (const seed of [1, 42, 987_654_321]) {
    it(`mali-omea seed ${seed}: legacy contract, pairs, charges, identifiers`, () => {
      expect(checkRun(run('mali-omea', seed, 8_000, 2))).toEqual([]);
    });
  }
  for (const seed of [7, 31_337]) {
    it(`guinea seed ${seed}: 224 + 9-digit served numbers, IMSI 61101…, pairs and charges`, () => {
      const r = run('guinea', seed, 8_000, 2);
      expect(checkRun(r)).toEqual([]);
      // International calls exist in Guinea and carry foreign numbers on the other side.
      expect(r.legacy.voice.some((row) => row[4] === 'MOC' && !row[3]!.startsWith('224'))).toBe(true);
    });
  }
});

describe('dimension tables', () => {
  it('every subscriber has a distinct MSISDN and a distinct IMSI of the served operator', () => {
    for (const profile of ['mali-omea', 'guinea']) {
      const w = makeWorld({ profile, seed: 5, population: { subscribers: 40_000 }, period: { days: 1 } });
      const op = w.model.profile.operators[0]!;
      expect(new Set(w.subs.msisdn).size).toBe(w.subs.n);
      expect(new Set(w.subs.imsi).size).toBe(w.subs.n);
      // IMSIs sharing one IMEI is the SIM-box fraud signature: a clean base must not show it.
      expect(new Set(w.subs.imei).size).toBe(w.subs.n);
      const msisdn = new RegExp(`^${w.model.profile.countryCode}(${op.prefixes.join('|')})\\d+$`);
      const bad = Array.from(w.subs.msisdn, String).filter(
        (m) => !msisdn.test(m) || m.length !== w.model.profile.countryCode.length + w.model.profile.nationalLength,
      );
      expect(bad.slice(0, 3)).toEqual([]);
      const badImei = Array.from(w.subs.imei, String).filter((m) => !/^\d{15}$/.test(m) || !luhnValid(m));
      expect(badImei.slice(0, 3)).toEqual([]);
      expect(Array.from(w.subs.imsi, String).every((x) => x.length === 15 && x.startsWith(op.mcc + op.mnc))).toBe(true);
    }
  });

  it('cells: ids CELL_<REG>_<3+ digits>, unique, about one site per 5,000 subscribers, at least 2 sites per region', () => {
    const w = makeWorld({ population: { subscribers: 200_000 }, period: { days: 1 } });
    expect(new Set(w.cells.id).size).toBe(w.cells.n);
    for (const id of w.cells.id) expect(id).toMatch(/^CELL_(BAM|SEG|SIK|KAY|MOP|TOM|GAO|KID)_\d{3,}$/);
    const sites = new Set(w.cells.site).size;
    expect(sites).toBeGreaterThanOrEqual(40);
    expect(sites).toBeLessThanOrEqual(40 + 2 * 8);
    expect(w.cells.n).toBe(sites * 3);
  });
});

describe('small populations (regression: empty regions crashed generation)', () => {
  for (const profile of ['mali-omea', 'guinea']) {
    for (const subscribers of [10, 37, 100]) {
      it(`${profile} with ${subscribers} subscribers generates every chunk`, () => {
        const w = makeWorld({ profile, population: { subscribers }, period: { days: 2 } });
        let n = 0;
        for (const c of w.plan.chunks) {
          const out = generateChunk(w, c.index);
          for (const t of TYPES) {
            const b = out[t]!;
            n += b.length;
            for (let j = 0; j < b.length; j++) {
              expect(b.served[j]).toBeGreaterThanOrEqual(0);
              expect(b.served[j]).toBeLessThan(subscribers);
            }
          }
        }
        expect(n).toBe(w.plan.total);
        expect(n).toBeGreaterThan(0);
      });
    }
  }
});

describe('random small scenarios (property)', () => {
  const share = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true }));
  const rate = (max: number) => fc.oneof(fc.constant(0), fc.constant(5e-324), fc.double({ min: 0, max, noNaN: true }));
  const scenario = fc.record(
    {
      seed: fc.nat(),
      profile: fc.constantFrom('mali-omea', 'guinea'),
      population: fc.record(
        {
          subscribers: fc.integer({ min: 10, max: 2000 }),
          dataUserShare: fc.double({ min: 0, max: 1, noNaN: true }),
          inactiveShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
          activitySigma: fc.double({ min: 0, max: 3, noNaN: true }),
        },
        { requiredKeys: ['subscribers'] },
      ),
      period: fc.record({ days: fc.integer({ min: 1, max: 2 }), start: fc.constantFrom('2025-10-01', '2024-02-28', '2025-12-31') }),
      volume: fc.oneof(
        fc.constant({ mode: 'activity' as const }),
        fc.record({ mode: fc.constant('rows' as const), rows: fc.integer({ min: 1, max: 20_000 }) }),
        fc.record({
          mode: fc.constant('exact' as const),
          recordsPerDay: fc.record({ voice: fc.nat(5000), sms: fc.nat(5000), data: fc.nat(5000) }),
        }),
      ),
      regionWeights: fc.dictionary(fc.constantFrom('Bamako', 'Kidal', 'Gao', 'Conakry', 'Labé'), share, { maxKeys: 2 }),
      services: fc.record(
        {
          voice: fc.record(
            {
              enabled: fc.boolean(),
              mocPerSubDay: rate(20),
              inboundPerMoc: rate(3),
              destinations: fc.record({ onNet: share, offNet: share, international: share }),
              outcomes: fc.record({ answered: share, busy: share }),
            },
            { requiredKeys: [] },
          ),
          sms: fc.record(
            { enabled: fc.boolean(), moPerSubDay: rate(5), mtPerSubDay: rate(5), delivery: fc.record({ delivered: share, failed: share }) },
            { requiredKeys: [] },
          ),
          data: fc.record(
            {
              enabled: fc.boolean(),
              sessionsPerUserDay: rate(20),
              durationSigma: fc.double({ min: 0, max: 4, noNaN: true }),
              rat: fc.record({ '2G': share, '4G': share, '5G': share }),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['population', 'period', 'volume'] },
  );

  it('either reject with a ScenarioError or generate exactly the planned records, with sane parties', () => {
    let generated = 0;
    fc.assert(
      fc.property(scenario, (input) => {
        let w: World;
        try {
          w = makeWorld(input);
        } catch (e) {
          expect((e as Error).name).toBe('ScenarioError');
          return;
        }
        generated++;
        let n = 0;
        const bad: string[] = [];
        for (const spec of w.plan.chunks) {
          const out = generateChunk(w, spec.index);
          for (const t of TYPES) {
            const b = out[t];
            if (!b) continue;
            n += b.length;
            for (let j = 0; j < b.length; j++) {
              if (!(b.served[j]! >= 0 && b.served[j]! < w.subs.n)) bad.push(`${t} served ${b.served[j]}`);
              if (!Number.isFinite(b.chargeCents[j]!)) bad.push(`${t} charge ${b.chargeCents[j]}`);
            }
          }
          const v = out.voice;
          if (v) for (let j = 0; j < v.length; j++) if (v.caller[j] === v.callee[j]) bad.push(`caller = callee ${v.caller[j]}`);
          const s = out.sms;
          if (s) for (let j = 0; j < s.length; j++) if (s.sender[j] === s.receiver[j]) bad.push(`sender = receiver ${s.sender[j]}`);
          const d = out.data;
          if (d)
            for (let j = 0; j < d.length; j++)
              if (!Number.isFinite(d.bytesDown[j]!) || !Number.isFinite(d.bytesUp[j]!)) bad.push('data bytes');
        }
        expect(bad.slice(0, 3)).toEqual([]);
        expect(n).toBe(w.plan.total);
        if (input.volume.mode === 'rows') expect(n).toBe(input.volume.rows);
      }),
      { seed: 2026, numRuns: 60 },
    );
    expect(generated).toBeGreaterThan(20);
  });
});
