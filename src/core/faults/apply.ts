/**
 * Assembles the final batch of a chunk and service when faults or fraud are enabled, and writes its
 * ground-truth ledger rows. Deterministic post-processing of the normal batch on the chunk's own
 * `faults.*` streams:
 *
 *  1. orphan legs: some on-net pairs of the normal simulation lose one leg (planned count);
 *  2. the fraud records are merged in by time, and ids are given in event-time order;
 *  3. records are picked for the per-record faults (each record at most one kind, planned counts) and
 *     damaged in place (nulls, truncation, malformed numbers, corrupt values, skew, anomalies, lateness);
 *  4. duplicate copies (same id) are inserted and out-of-order records moved later (≤ maxSeconds).
 *
 * Every damaged or fraudulent record gets a ledger row pointing at its (final) id.
 */
import { NULL_CELL, NULL_CHARGE, NULL_IMEI, NULL_IMSI, NULL_PARTY, type CdrBatch, type LedgerBatch } from '../batch.ts';
import { luhnDigit } from '../numbering.ts';
import type { ChunkSpec } from '../plan.ts';
import type { ServiceType } from '../profiles/types.ts';
import { chunkRng, hash2, hashInts, streamId, type Rng } from '../rng.ts';
import { ID_WIDTH, cdrColumns } from '../tables.ts';
import type { World } from '../world.ts';
import type { FraudRecords } from '../fraud/generate.ts';
import { KIND_ORPHAN, KIND_WANGIRI, KIND_WANGIRI_CB, LedgerBuilder, RECORD_TYPES } from '../truth/ledger.ts';

/** Fault kind indexes (FAULT_KINDS order = ledger kind index). */
const EXACT = 0;
const NEAR = 1;
const MISSING = 2;
const TRUNC = 3;
const MSISDN = 4;
const CORRUPT = 5;
const SKEW = 6;
const ANOMALY = 7;
const LATE = 8;
const OOO = 9;
const IMEI = 10;

type Arr = Float64Array | Int32Array | Uint8Array | Int16Array;
type Gen = Record<string, unknown> & {
  length: number;
  ts: Float64Array;
  seq: Float64Array;
  cell: Int32Array;
  served: Int32Array;
  chargeCents: Float64Array;
};

const ID_PREFIX: Record<ServiceType, string> = { voice: 'CALL_', sms: 'SMS_', data: 'DATA_' };
const LEGS: Record<'voice' | 'sms', [string, string]> = { voice: ['MOC', 'MTC'], sms: ['MO', 'MT'] };

/** Typed-array fields of a batch (in field order). */
const arrays = (b: object): [string, Arr][] => Object.entries(b).filter(([, v]) => ArrayBuffer.isView(v)) as [string, Arr][];

// Gathers, one monomorphic loop per array type (a shared loop over mixed typed arrays is several times slower).
function gatherF64(a: Float64Array, idx: Int32Array): Float64Array {
  const o = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) o[i] = a[idx[i]!]!;
  return o;
}
function gatherI32(a: Int32Array, idx: Int32Array): Int32Array {
  const o = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) o[i] = a[idx[i]!]!;
  return o;
}
function gatherI16(a: Int16Array, idx: Int32Array): Int16Array {
  const o = new Int16Array(idx.length);
  for (let i = 0; i < idx.length; i++) o[i] = a[idx[i]!]!;
  return o;
}
function gatherU8(a: Uint8Array, idx: Int32Array): Uint8Array {
  const o = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) o[i] = a[idx[i]!]!;
  return o;
}
/** a[idx[i]] for every i, in a new array of a's type. */
function gather(a: Arr, idx: Int32Array): Arr {
  if (a instanceof Float64Array) return gatherF64(a, idx);
  if (a instanceof Int32Array) return gatherI32(a, idx);
  if (a instanceof Int16Array) return gatherI16(a, idx);
  return gatherU8(a, idx);
}
/** Rows of a then b (concatenated) at the indexes idx. */
function merge(a: Arr, b: Arr | null, idx: Int32Array): Arr {
  if (!b || b.length === 0) return gather(a, idx);
  const both = new (a.constructor as new (n: number) => Arr)(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return gather(both, idx);
}

/** k distinct indexes of [0, n) in random order (sparse Fisher–Yates, O(k)). */
export function sampleDistinct(rng: Rng, n: number, k: number): Int32Array {
  const out = new Int32Array(k);
  const swap = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const vj = swap.get(j) ?? j;
    const vi = swap.get(i) ?? i;
    out[i] = vj;
    swap.set(j, vi);
  }
  return out;
}

const cents = (c: number): string => {
  const neg = c < 0;
  const a = Math.abs(Math.round(c));
  const u = Math.floor(a / 100);
  const f = a - u * 100;
  return `${neg ? '-' : ''}${u}.${f < 10 ? '0' : ''}${f}`;
};

/** Lateness of a late record (ms), REALISM §9 beyond 15 min: 80 % up to 6 h, 18 % 6–72 h, 2 % 3–7 days (log-uniform). */
function lateness(rng: Rng): number {
  const u = rng.float();
  const [lo, hi] = u < 0.8 ? [900, 6 * 3600] : u < 0.98 ? [6 * 3600, 72 * 3600] : [72 * 3600, 7 * 86_400];
  return Math.round(Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo))) * 1000);
}

/** Malformed variants of a number: national format, a digit missing, a digit too many, country code twice. */
function malformNumber(x: number, cc: string, v: number, digit: number): { value: number; detail: string } {
  const s = String(x);
  if (v === 0 && s.length > cc.length + 4) {
    const national = s.startsWith(cc) ? s.slice(cc.length) : s.slice(3);
    return { value: Number(national), detail: 'national format (no country code)' };
  }
  if (v === 2 && s.length < 15) return { value: x * 10 + digit, detail: 'one digit too many' };
  if (v === 3 && s.length + cc.length <= 15) return { value: Number(cc + s), detail: 'country code twice' };
  return { value: Math.floor(x / 10), detail: 'one digit missing' };
}

/** Malformed IMEI variants: wrong Luhn check digit, check digit missing (14 digits), one digit too many (16). */
function malformImei(imei: number, v: number, digit: number): { value: number; detail: string } {
  const body = Math.floor(imei / 10);
  if (v === 0) {
    const good = luhnDigit(body);
    return { value: body * 10 + ((good + 1 + (digit % 9)) % 10), detail: 'wrong Luhn check digit' };
  }
  if (v === 1) return { value: body, detail: '14 digits (check digit missing)' };
  return { value: imei * 10 + digit, detail: '16 digits' };
}

/** The consistent clock error of a cell (seconds, never 0): ±[2, maxSeconds]. */
export function cellSkew(seed: number, cell: number, maxSeconds: number): number {
  const h = hashInts(seed, streamId('faults.skew'), cell);
  const mag = 2 + (hash2(h, 1) % Math.max(1, maxSeconds - 1));
  return h & 1 ? mag : -mag;
}

interface Damage {
  field?: string;
  original?: string;
  deltaMs?: number;
  detail?: string;
}

/**
 * The final batch of service `type` in chunk `spec`: the normal batch with its orphans removed, the fraud
 * records merged in, faults applied; plus its ledger rows.
 */
export function finishBatch<B extends CdrBatch>(
  w: World,
  spec: ChunkSpec,
  type: ServiceType,
  normal: B,
  fraud: FraudRecords<B> | null,
): { batch: B; ledger: LedgerBatch } {
  const x = spec.extra!;
  const sc = w.model.scenario;
  const seed = sc.seed;
  const faults = sc.faults;
  const nb = normal.length;
  const N = normal as unknown as Gen;
  const typeCode = RECORD_TYPES.indexOf(type);

  // 1. Orphan legs (normal on-net pairs only).
  const drop = new Uint8Array(nb);
  const orphanOf = new Uint8Array(nb);
  const o = x.orphans[type];
  if (o > 0 && type !== 'data') {
    const legType = (type === 'voice' ? N.callType : N.smsType) as Uint8Array;
    const other = N.otherType as Uint8Array;
    const starts: number[] = [];
    for (let j = 0; j + 1 < nb; j++) {
      if (legType[j] === 0 && other[j] === 0 && legType[j + 1] === 1) {
        starts.push(j);
        j++;
      }
    }
    if (starts.length < o) throw new Error(`${type} chunk ${spec.index}: ${starts.length} on-net pairs, ${o} orphans planned`);
    const rng = chunkRng(seed, spec.index, `faults.orphans.${type}`);
    const chosen = sampleDistinct(rng, starts.length, o);
    chosen.sort();
    for (const p of chosen) {
      const j = starts[p]!;
      const lose = rng.float() < 0.5 ? 0 : 1;
      drop[j + lose] = 1;
      orphanOf[j + 1 - lose] = 1 + lose;
    }
  }

  // 2. Merge the normal records left and the fraud records by time (normal first on ties).
  const F = fraud ? (fraud.batch as unknown as Gen) : null;
  const nf = F ? F.length : 0;
  const m = nb - (type !== 'data' ? o : 0) + nf;
  const src = new Int32Array(m);
  {
    let a = 0;
    let b = 0;
    let k = 0;
    while (k < m) {
      while (a < nb && drop[a]) a++;
      if (a < nb && (b >= nf || N.ts[a]! <= F!.ts[b]!)) src[k++] = a++;
      else src[k++] = -(b++ + 1);
    }
  }
  const M: Gen = { type, length: m } as unknown as Gen;
  // Index into normal ++ fraud.
  const idx = Int32Array.from(src, (s) => (s >= 0 ? s : nb - s - 1));
  for (const [key, arr] of arrays(normal)) (M as Record<string, unknown>)[key] = merge(arr, F ? (F[key] as Arr) : null, idx);
  const mFraud = new Uint8Array(m);
  const mActor = new Int32Array(m).fill(-1);
  const mOrphan = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const s = src[k]!;
    if (s >= 0) mOrphan[k] = orphanOf[s]!;
    else {
      mFraud[k] = fraud!.kind[-s - 1]! + 1;
      mActor[k] = fraud!.actor[-s - 1]!;
    }
  }
  // Ids in event-time order.
  const id0 = spec.idStart[type];
  for (let k = 0; k < m; k++) M.seq[k] = id0 + k;
  const trueTs = Float64Array.from(M.ts);

  // 3. Pick the records of each fault kind (exclusive) and damage them.
  const counts = x.faults[type];
  const total = counts.reduce((a, b) => a + b, 0);
  const kindOf = new Uint8Array(m);
  if (total > 0) {
    const picks = sampleDistinct(chunkRng(seed, spec.index, `faults.pick.${type}`), m, total);
    let p = 0;
    counts.forEach((c, k) => {
      for (let i = 0; i < c; i++) kindOf[picks[p++]!] = k + 1;
    });
  }
  const nulls = new Uint8Array(m);
  const trunc = new Uint8Array(m);
  const imeiFix = new Float64Array(m).fill(NaN);
  const later = new Float64Array(m);
  const shift = new Float64Array(m);
  const damage = new Map<number, Damage>();
  const cols = cdrColumns(type, sc.schema, w.model.profile);
  const extended = sc.schema === 'extended';
  const subs = w.subs;
  const cc = w.model.profile.countryCode;
  const offset = w.model.profile.utcOffsetMinutes * 60;
  if (total > 0 && faults) {
    const rng = chunkRng(seed, spec.index, `faults.apply.${type}`);
    const partyCol = type === 'voice' ? 'callee' : type === 'sms' ? 'receiver' : null;
    const numberCols = type === 'voice' ? ['caller', 'callee'] : type === 'sms' ? ['sender', 'receiver'] : ['msisdn'];
    const numberNames: Record<string, string> = {
      caller: 'caller_msisdn',
      callee: 'callee_msisdn',
      sender: 'sender_msisdn',
      receiver: 'receiver_msisdn',
      msisdn: 'msisdn',
    };
    const L = cols.length;
    const half = Math.ceil(L / 2);
    for (let i = 0; i < m; i++) {
      const k = kindOf[i]! - 1;
      if (k < 0) continue;
      switch (k) {
        case EXACT:
          later[i] = 1000 + rng.int(119_000);
          break;
        case NEAR: {
          const s = 1 + rng.int(faults.nearDuplicates.maxSeconds);
          shift[i] = rng.float() < 0.5 ? -s : s;
          later[i] = 1000 + rng.int(119_000);
          break;
        }
        case MISSING: {
          const groups = [NULL_PARTY, NULL_CHARGE, ...(extended ? [NULL_IMSI, NULL_IMEI] : [])];
          const g = rng.float() < faults.missingFields.cellShare ? NULL_CELL : groups[rng.int(groups.length)]!;
          nulls[i] = 1 << g;
          let field: string;
          let original: string;
          if (g === NULL_CELL) {
            field = 'cell_id';
            original = w.cells.id[M.cell[i]!]!;
          } else if (g === NULL_PARTY) {
            if (partyCol) {
              field = numberNames[partyCol]!;
              original = String((M[partyCol] as Float64Array)[i]);
            } else {
              field = 'apn';
              original = w.model.profile.data.apns[(M.apn as Uint8Array)[i]!]!.name;
            }
          } else if (g === NULL_CHARGE) {
            field = 'charging_amount';
            original = cents(M.chargeCents[i]!);
          } else if (g === NULL_IMSI) {
            field = 'served_imsi';
            original = String(subs.imsi[M.served[i]!]);
          } else {
            field = 'served_imei';
            original = String(subs.imei[M.served[i]!]);
          }
          damage.set(i, { field, original });
          break;
        }
        case TRUNC: {
          const keep = half + rng.int(L - half);
          trunc[i] = keep;
          damage.set(i, { field: cols[keep]!.name, detail: `row cut after ${keep} of ${L} columns` });
          break;
        }
        case MSISDN: {
          const col = numberCols[rng.int(numberCols.length)]!;
          const a = M[col] as Float64Array;
          const r = malformNumber(a[i]!, cc, rng.int(4), rng.int(10));
          damage.set(i, { field: numberNames[col]!, original: String(a[i]), detail: r.detail });
          a[i] = r.value;
          break;
        }
        case IMEI: {
          const imei = subs.imei[M.served[i]!]!;
          const r = malformImei(imei, rng.int(3), rng.int(10));
          imeiFix[i] = r.value;
          damage.set(i, { field: 'served_imei', original: String(imei), detail: r.detail });
          break;
        }
        case CORRUPT:
          damage.set(i, corrupt(type, M, i, rng));
          break;
        case SKEW: {
          const s = cellSkew(seed, M.cell[i]!, faults.clockSkew.maxSeconds);
          M.ts[i] = trueTs[i]! + s;
          damage.set(i, { field: 'timestamp', deltaMs: s * 1000, detail: `clock of ${w.cells.id[M.cell[i]!]} off by ${s} s` });
          break;
        }
        case ANOMALY: {
          const v = rng.int(3);
          const t = trueTs[i]!;
          const ts = v === 0 ? -offset : v === 1 ? t + (30 + rng.int(3600)) * 86_400 : t - (30 + rng.int(1000)) * 86_400;
          M.ts[i] = ts;
          damage.set(i, {
            field: 'timestamp',
            deltaMs: (ts - t) * 1000,
            detail: v === 0 ? 'epoch (1970-01-01)' : v === 1 ? 'in the future' : 'before the period',
          });
          break;
        }
        case LATE: {
          const ms = lateness(rng);
          later[i] = ms;
          damage.set(i, { deltaMs: ms, detail: `ingested ${(ms / 3_600_000).toFixed(2)} h after the event` });
          break;
        }
        case OOO: {
          const d = 5 + rng.int(Math.max(1, faults.outOfOrder.maxSeconds - 4));
          later[i] = d * 1000;
          damage.set(i, { deltaMs: d * 1000, detail: `delivered after records up to ${d} s younger` });
          break;
        }
      }
    }
  }

  // 4. Final order: records in event-time order, out-of-order ones moved later, duplicate copies inserted.
  const displaced: number[] = [];
  const keyOf = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const k = kindOf[i]! - 1;
    if (k === OOO) displaced.push(i);
    else if (k === EXACT || k === NEAR) displaced.push(-(i + 1));
    keyOf[i] = k === OOO ? trueTs[i]! + later[i]! / 1000 : k === NEAR ? trueTs[i]! + shift[i]! : trueTs[i]!;
  }
  const dKey = (d: number) => keyOf[d >= 0 ? d : -d - 1]!;
  displaced.sort((a, b) => dKey(a) - dKey(b) || (a >= 0 ? a : -a - 1) - (b >= 0 ? b : -b - 1) || a - b);
  const outN = spec.records[type];
  const outSrc = new Int32Array(outN);
  const outCopy = new Uint8Array(outN);
  {
    let r = 0;
    let j = 0;
    const main = (i: number) => kindOf[i]! - 1 !== OOO;
    for (const d of displaced) {
      const key = dKey(d);
      while (j < m && (!main(j) || trueTs[j]! <= key)) {
        if (main(j)) outSrc[r++] = j;
        j++;
      }
      outSrc[r] = d >= 0 ? d : -d - 1;
      outCopy[r++] = d >= 0 ? 0 : 1;
    }
    for (; j < m; j++) if (main(j)) outSrc[r++] = j;
    if (r !== outN) throw new Error(`${type} chunk ${spec.index}: assembled ${r} records, planned ${outN}`);
  }
  const out: Record<string, unknown> = { type, length: outN };
  for (const [key, arr] of arrays(M)) out[key] = gather(arr, outSrc);
  const ts = out.ts as Float64Array;
  const oNulls = new Uint8Array(outN);
  const oTrunc = new Uint8Array(outN);
  const oImei = new Float64Array(outN);
  const oExtra = new Float64Array(outN);
  const oFault = new Uint8Array(outN);
  const oFraud = new Uint8Array(outN);
  for (let r = 0; r < outN; r++) {
    const i = outSrc[r]!;
    const k = kindOf[i]! - 1;
    oNulls[r] = nulls[i]!;
    oTrunc[r] = trunc[i]!;
    oImei[r] = imeiFix[i]!;
    oFraud[r] = mFraud[i]!;
    if (outCopy[r]) {
      ts[r] = trueTs[i]! + shift[i]!;
      oFault[r] = k + 1;
      oExtra[r] = (trueTs[i]! - ts[r]!) * 1000 + later[i]!;
    } else {
      oFault[r] = k === EXACT || k === NEAR ? 0 : k >= 0 ? k + 1 : mOrphan[i] ? KIND_ORPHAN + 1 : 0;
      oExtra[r] = (trueTs[i]! - ts[r]!) * 1000 + (k === LATE || k === OOO ? later[i]! : 0);
    }
  }
  Object.assign(out, { nulls: oNulls, trunc: oTrunc, imeiFix: oImei, ingestExtraMs: oExtra, fault: oFault, fraud: oFraud });

  // Ledger rows, in record order.
  const led = new LedgerBuilder();
  const prefix = ID_PREFIX[type];
  const idOf = (seq: number) => prefix + String(seq).padStart(ID_WIDTH, '0');
  const actors = w.fraud?.actors ?? [];
  const legs = type === 'data' ? null : LEGS[type];
  const legType = type === 'voice' ? (out.callType as Uint8Array) : type === 'sms' ? (out.smsType as Uint8Array) : null;
  const served = out.served as Int32Array;
  const seqs = out.seq as Float64Array;
  for (let r = 0; r < outN; r++) {
    const i = outSrc[r]!;
    const k = kindOf[i]! - 1;
    if (k < 0 && !mFraud[i] && !mOrphan[i]) continue;
    const id = idOf(seqs[r]!);
    const rts = ts[r]!;
    const ets = trueTs[i]!;
    if (outCopy[r]) {
      const secs = Math.round(later[i]! / 1000);
      const detail =
        k === NEAR
          ? `copy with timestamp ${shift[i]! > 0 ? '+' : ''}${shift[i]} s, re-delivered ${secs} s later`
          : `identical copy, re-delivered ${secs} s later`;
      led.add(typeCode, id, k, rts, ets, undefined, undefined, k === NEAR ? shift[i]! * 1000 : later[i]!, undefined, undefined, detail);
      continue;
    }
    if (mFraud[i]) {
      const fk = mFraud[i]! - 1;
      const a = actors[mActor[i]!];
      const leg = legs && legType ? legs[legType[r]!]! : 'session';
      const who = a && a.sub >= 0 && served[r] === a.sub ? 'of the fraudulent SIM' : 'of a subscriber';
      const detail =
        fk === KIND_WANGIRI ? 'missed call (1–3 s ring)' : fk === KIND_WANGIRI_CB ? 'call-back to the Wangiri number' : `${leg} ${who}`;
      led.add(typeCode, id, fk, rts, ets, undefined, undefined, undefined, a?.msisdn, a?.campaign, detail);
    }
    if (mOrphan[i] && legs) {
      const missing = legs[mOrphan[i]! - 1]!;
      led.add(
        typeCode,
        id,
        KIND_ORPHAN,
        rts,
        ets,
        missing,
        undefined,
        undefined,
        undefined,
        undefined,
        `the ${missing} leg of this on-net event is missing`,
      );
    }
    if (k >= 0 && k !== EXACT && k !== NEAR) {
      const d = damage.get(i);
      led.add(typeCode, id, k, rts, ets, d?.field, d?.original, d?.deltaMs, undefined, undefined, d?.detail);
    }
  }
  return { batch: out as unknown as B, ledger: led.build() };
}

/** Corrupts one numeric value of record i (an impossible value) and says what it was. */
function corrupt(type: ServiceType, M: Gen, i: number, rng: Rng): Damage {
  const v = rng.int(2);
  if (v === 0) {
    const original = cents(M.chargeCents[i]!);
    M.chargeCents[i] = -(M.chargeCents[i]! || 100 + rng.int(10_000));
    return { field: 'charging_amount', original, detail: 'negative charge' };
  }
  if (type === 'voice') {
    const d = M.duration as Int32Array;
    const original = String(d[i]);
    d[i] = d[i]! > 0 && rng.float() < 0.5 ? -d[i]! : 86_400 + rng.int(864_000);
    return { field: 'duration_seconds', original, detail: d[i]! < 0 ? 'negative duration' : 'duration over a day' };
  }
  if (type === 'sms') {
    const l = M.messageLength as Int32Array;
    const original = String(l[i]);
    l[i] = rng.float() < 0.5 ? 0 : 161 + rng.int(10_000);
    return { field: 'message_length', original, detail: 'message length outside 1–160' };
  }
  const b = M.bytesDown as Float64Array;
  const original = String(b[i]);
  b[i] = -(b[i]! || 1 + rng.int(1000));
  return { field: 'bytes_downloaded', original, detail: 'negative byte count' };
}
