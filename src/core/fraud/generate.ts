/**
 * Fraud records of one chunk: the events the schedule assigns to the chunk's time slice, turned into
 * voice / SMS records (time-ordered), each labelled with its ledger kind and actor. Random draws come
 * from the chunk's own `fraud.*` streams only, so enabling fraud never changes the normal records.
 */
import { VOICE_OUTCOMES, type SmsBatch, type VoiceBatch } from '../batch.ts';
import type { ChunkSpec } from '../plan.ts';
import { chunkRng, type Rng } from '../rng.ts';
import { AliasTable } from '../sampling.ts';
import { simContext } from '../sim/context.ts';
import { allocSms } from '../sim/sms.ts';
import { REASON_BY_OUTCOME, allocVoice } from '../sim/voice.ts';
import { eventCell, type World } from '../world.ts';
import { KIND_HV, KIND_IRSF, KIND_SIMBOX, KIND_WANGIRI, KIND_WANGIRI_CB } from '../truth/ledger.ts';
import {
  WANGIRI_MAX_SPAN,
  actorChunkSplit,
  actorHourEvents,
  firstCampaignFrom,
  lowerBound,
  partEvents,
  ringTime,
  ringsBefore,
  type SimActor,
} from './schedule.ts';

/** Fraud records of a chunk and service with their labels (ledger kind, actor index). */
export interface FraudRecords<B> {
  batch: B;
  kind: Uint8Array;
  actor: Int32Array;
}

// Event kinds.
const SB_ON = 0;
const SB_OFF = 1;
const SB_IN = 2;
const IRSF = 3;
const HV_ON = 4;
const HV_OFF = 5;
const W_RING = 6;
const W_CB = 7;
/** Records per event kind. */
const RECORDS = [2, 1, 2, 1, 2, 1, 1, 1];

/** Outcome mixes in VOICE_OUTCOMES order (answered, dropped, noAnswer, busy, unreachable, congestion, invalid) [E]. */
const OUTCOMES = {
  simBox: [65, 3, 15, 8, 7, 2, 0],
  // Calls to a SIM-box SIM are rarely answered.
  simBoxInbound: [10, 0, 70, 20, 0, 0, 0],
  irsf: [92, 2, 4, 2, 0, 0, 0],
  highVelocity: [30, 1, 45, 10, 9, 0, 5],
  callback: [90, 0, 8, 2, 0, 0, 0],
};
const ANSWERED = VOICE_OUTCOMES.indexOf('answered');
const NO_ANSWER = VOICE_OUTCOMES.indexOf('noAnswer');

interface Tables {
  simBox: AliasTable;
  simBoxInbound: AliasTable;
  irsf: AliasTable;
  highVelocity: AliasTable;
  callback: AliasTable;
  smsStatus: AliasTable;
}
const tables = new WeakMap<World, Tables>();
function tablesOf(w: World): Tables {
  let t = tables.get(w);
  if (!t) {
    t = {
      simBox: new AliasTable(OUTCOMES.simBox),
      simBoxInbound: new AliasTable(OUTCOMES.simBoxInbound),
      irsf: new AliasTable(OUTCOMES.irsf),
      highVelocity: new AliasTable(OUTCOMES.highVelocity),
      callback: new AliasTable(OUTCOMES.callback),
      smsStatus: new AliasTable([90, 7, 3]),
    };
    tables.set(w, t);
  }
  return t;
}

/** Per-day hour counts of the SIM actors (small cache: chunks of a worker come roughly in day order). */
const dayCache = new WeakMap<World, Map<number, number[][]>>();
function hourEvents(w: World, day: number): number[][] {
  let m = dayCache.get(w);
  if (!m) dayCache.set(w, (m = new Map()));
  let v = m.get(day);
  if (!v) {
    const sims = w.fraud!.schedule.sims;
    v = sims.map((a) => actorHourEvents(a, day, w.plan.startEpochDay));
    if (m.size >= 3) m.delete(m.keys().next().value!);
    m.set(day, v);
  }
  return v;
}

/** The events of a chunk for one service: parallel arrays, then sorted by time. */
class Events {
  ts: number[] = [];
  kind: number[] = [];
  actor: number[] = [];
  arg: number[] = [];
  records = 0;
  push(ts: number, kind: number, actor: number, arg: number): void {
    this.ts.push(ts);
    this.kind.push(kind);
    this.actor.push(actor);
    this.arg.push(arg);
    this.records += RECORDS[kind]!;
  }
  order(): Int32Array {
    const o = Int32Array.from(this.ts, (_, i) => i);
    const ts = this.ts;
    return o.sort((a, b) => ts[a]! - ts[b]! || a - b);
  }
}

function simEvents(w: World, spec: ChunkSpec, type: 'voice' | 'sms', rng: Rng, ev: Events): void {
  const sims = w.fraud!.schedule.sims;
  const hours = hourEvents(w, spec.day);
  const from = spec.hourStartUtc + spec.fromSecond;
  const len = spec.toSecond - spec.fromSecond;
  for (const a of sims) {
    if (a.type !== type) continue;
    const n = partEvents(a, spec.day * 24 + spec.hour, hours[a.slot]![spec.hour]!, spec.parts, spec.part);
    if (n === 0) continue;
    const { onNet, inbound } = actorChunkSplit(a, spec.index, n);
    const on = a.pattern === 'simBox' ? SB_ON : a.pattern === 'irsf' ? IRSF : HV_ON;
    const off = a.pattern === 'simBox' ? SB_OFF : a.pattern === 'irsf' ? IRSF : HV_OFF;
    for (let j = 0; j < n; j++) ev.push(from + rng.int(len), j < onNet ? on : off, a.slot, 0);
    for (let j = 0; j < inbound; j++) ev.push(from + rng.int(len), SB_IN, a.slot, 0);
  }
}

function wangiriEvents(w: World, spec: ChunkSpec, ev: Events): void {
  const a = spec.hourStartUtc + spec.fromSecond;
  const b = spec.hourStartUtc + spec.toSecond;
  const base = w.fraud!.schedule.sims.length;
  const campaigns = w.fraud!.schedule.campaigns;
  for (let ci = firstCampaignFrom(campaigns, a - WANGIRI_MAX_SPAN); ci < campaigns.length && campaigns[ci]!.start < b; ci++) {
    const c = campaigns[ci]!;
    const K = c.numbers.length;
    for (let r = ringsBefore(c, a), hi = ringsBefore(c, b); r < hi; r++) {
      ev.push(ringTime(c.start, c.window, c.targets, c.key, r), W_RING, base + c.firstActor + (r % K), c.perm.at(r));
    }
    for (let i = lowerBound(c.cbTime, a), hi = lowerBound(c.cbTime, b); i < hi; i++) {
      const r = c.cbRing[i]!;
      ev.push(c.cbTime[i]!, W_CB, base + c.firstActor + (r % K), c.perm.at(r));
    }
  }
}

const clip = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Fraud voice records of a chunk (null when the chunk has none). */
export function fraudVoice(w: World, spec: ChunkSpec, weekday: number): FraudRecords<VoiceBatch> | null {
  const n = spec.extra?.fraud.voice ?? 0;
  if (n === 0 || !w.fraud) return null;
  const seed = w.model.scenario.seed;
  const ev = new Events();
  simEvents(w, spec, 'voice', chunkRng(seed, spec.index, 'fraud.voice.time'), ev);
  wangiriEvents(w, spec, ev);
  if (ev.records !== n) throw new Error(`fraud voice chunk ${spec.index}: ${ev.records} records, planned ${n}`);
  const rng = chunkRng(seed, spec.index, 'fraud.voice.fill');
  const p = w.model.profile;
  const t = tablesOf(w);
  const ctx = simContext(w);
  const subs = w.subs;
  const cells = w.cells;
  const sims = w.fraud.schedule.sims;
  const simCells = w.fraud.simCells;
  const N = subs.n;
  const cap = p.voice.durationCapSeconds;
  const tariff = p.tariffs.voicePerSecond;
  const cents = [tariff.onNet * 100, tariff.offNet * 100, tariff.international * 100];
  const intlOp = p.operators.length;
  const b = allocVoice(n);
  const kind = new Uint8Array(n);
  const actor = new Int32Array(n);
  const ratOf = (cell: number, s: number) =>
    cells.tech[cell]! >= 1 && ctx.deviceMaxRat[subs.device[s]!]! >= 1 && rng.float() < 0.6 ? 1 : 0;
  const simCell = (slot: number) => simCells[2 * slot + (rng.float() < 0.8 ? 0 : 1)]!;
  const offNet = (): { msisdn: number; op: number } => {
    if (!w.offNetPick) return { msisdn: w.servedBlock.msisdn(rng.int(w.servedBlock.size)), op: 0 };
    const o = w.offNetPick.sample(rng);
    const blk = w.offNetBlocks[o]!;
    return { msisdn: blk.msisdn(rng.int(blk.size)), op: o + 1 };
  };
  let j = 0;
  const put = (
    ts: number,
    caller: number,
    callee: number,
    callType: number,
    duration: number,
    cell: number,
    outcome: number,
    charge: number,
    served: number,
    otherType: number,
    otherOp: number,
    rat: number,
    k: number,
    a: number,
  ) => {
    b.ts[j] = ts;
    b.seq[j] = 0;
    b.caller[j] = caller;
    b.callee[j] = callee;
    b.callType[j] = callType;
    b.duration[j] = duration;
    b.cell[j] = cell;
    b.outcome[j] = outcome;
    b.reason[j] = REASON_BY_OUTCOME[outcome]!;
    b.chargeCents[j] = charge;
    b.served[j] = served;
    b.otherType[j] = otherType;
    b.otherOperator[j] = otherOp;
    b.rat[j] = rat;
    kind[j] = k;
    actor[j] = a;
    j++;
  };
  for (const e of ev.order()) {
    const ts = ev.ts[e]!;
    const ek = ev.kind[e]!;
    const ai = ev.actor[e]!;
    if (ek === W_RING || ek === W_CB) {
      const victim = ev.arg[e]!;
      const number = w.fraud.actors[ai]!.msisdn;
      if (ek === W_RING) {
        // A missed call: rings 1–3 s; the few who pick up in time get a 1–3 s call.
        const picked = rng.float() < 0.1;
        const cell = subs.homeCell[victim]!;
        put(
          ts,
          number,
          subs.msisdn[victim]!,
          1,
          picked ? 1 + rng.int(3) : 0,
          cell,
          picked ? ANSWERED : NO_ANSWER,
          0,
          victim,
          2,
          intlOp,
          0,
          KIND_WANGIRI,
          ai,
        );
      } else {
        const outcome = t.callback.sample(rng);
        const d = outcome === ANSWERED ? Math.round(clip(rng.lognormal(3.6, 0.7), 5, 600)) : 0;
        const cell = eventCell(w, rng, victim, weekday, spec.hour);
        put(
          ts,
          subs.msisdn[victim]!,
          number,
          0,
          d,
          cell,
          outcome,
          Math.round(d * cents[2]!),
          victim,
          2,
          intlOp,
          ratOf(cell, victim),
          KIND_WANGIRI_CB,
          ai,
        );
      }
      continue;
    }
    const a: SimActor = sims[ai]!;
    const s = N + a.slot;
    const me = subs.msisdn[s]!;
    const fk = a.pattern === 'simBox' ? KIND_SIMBOX : a.pattern === 'irsf' ? KIND_IRSF : KIND_HV;
    if (ek === SB_IN) {
      // One of our subscribers calls the SIM-box number back (on-net: both legs).
      const caller = rng.int(N);
      const outcome = t.simBoxInbound.sample(rng);
      const d = outcome === ANSWERED ? 1 + rng.int(10) : 0;
      const c1 = eventCell(w, rng, caller, weekday, spec.hour);
      put(ts, subs.msisdn[caller]!, me, 0, d, c1, outcome, Math.round(d * cents[0]!), caller, 0, 0, ratOf(c1, caller), fk, ai);
      put(ts, subs.msisdn[caller]!, me, 1, d, simCell(a.slot), outcome, 0, s, 0, 0, 0, fk, ai);
      continue;
    }
    if (ek === IRSF) {
      const tg = a.target!;
      const callee = Number(tg.cc) * 10 ** tg.length + tg.base + rng.int(tg.size);
      const outcome = t.irsf.sample(rng);
      const r = w.model.scenario.fraud!.irsf.durationMinutes;
      const d = outcome === ANSWERED ? Math.min(cap, (r.min + rng.float() * (r.max - r.min)) * 60) | 0 : 0;
      const cell = simCell(a.slot);
      put(ts, me, callee, 0, d, cell, outcome, Math.round(d * cents[2]!), s, 2, intlOp, ratOf(cell, s), fk, ai);
      continue;
    }
    const simBox = ek === SB_ON || ek === SB_OFF;
    const outcome = (simBox ? t.simBox : t.highVelocity).sample(rng);
    const d =
      outcome !== ANSWERED
        ? 0
        : simBox
          ? Math.round(clip(rng.lognormal(4.3, 0.9), 1, cap))
          : Math.round(clip(rng.lognormal(2.5, 0.7), 1, 60));
    const cell = simCell(a.slot);
    const rat = simBox ? 0 : ratOf(cell, s);
    if (ek === SB_ON || ek === HV_ON) {
      const victim = rng.int(N);
      const callee = subs.msisdn[victim]!;
      put(ts, me, callee, 0, d, cell, outcome, Math.round(d * cents[0]!), s, 0, 0, rat, fk, ai);
      const c2 = eventCell(w, rng, victim, weekday, spec.hour);
      put(ts, me, callee, 1, d, c2, outcome, 0, victim, 0, 0, ratOf(c2, victim), fk, ai);
    } else {
      const o = offNet();
      put(ts, me, o.msisdn, 0, d, cell, outcome, Math.round(d * cents[1]!), s, 1, o.op, rat, fk, ai);
    }
  }
  if (j !== n) throw new Error(`fraud voice chunk ${spec.index}: wrote ${j} records, planned ${n}`);
  return { batch: b, kind, actor };
}

/** Fraud SMS records of a chunk (high-velocity SIMs spamming), or null. */
export function fraudSms(w: World, spec: ChunkSpec, weekday: number): FraudRecords<SmsBatch> | null {
  const n = spec.extra?.fraud.sms ?? 0;
  if (n === 0 || !w.fraud) return null;
  const seed = w.model.scenario.seed;
  const ev = new Events();
  simEvents(w, spec, 'sms', chunkRng(seed, spec.index, 'fraud.sms.time'), ev);
  // SMS events count like voice ones: HV_ON = MO + MT, HV_OFF = MO.
  if (ev.records !== n) throw new Error(`fraud sms chunk ${spec.index}: ${ev.records} records, planned ${n}`);
  const rng = chunkRng(seed, spec.index, 'fraud.sms.fill');
  const p = w.model.profile;
  const t = tablesOf(w);
  const subs = w.subs;
  const sims = w.fraud.schedule.sims;
  const simCells = w.fraud.simCells;
  const N = subs.n;
  const price = p.tariffs.smsPerMessage;
  const b = allocSms(n);
  const kind = new Uint8Array(n);
  const actor = new Int32Array(n);
  let j = 0;
  for (const e of ev.order()) {
    const ts = ev.ts[e]!;
    const ai = ev.actor[e]!;
    const a = sims[ai]!;
    const s = N + a.slot;
    const status = t.smsStatus.sample(rng);
    const length = 100 + rng.int(61);
    const cell = simCells[2 * a.slot + (rng.float() < 0.8 ? 0 : 1)]!;
    const on = ev.kind[e] === HV_ON;
    let receiver: number;
    let victim = -1;
    if (on) {
      victim = rng.int(N);
      receiver = subs.msisdn[victim]!;
    } else if (w.offNetPick) {
      const blk = w.offNetBlocks[w.offNetPick.sample(rng)]!;
      receiver = blk.msisdn(rng.int(blk.size));
    } else receiver = w.servedBlock.msisdn(rng.int(w.servedBlock.size));
    const fill = (type: number, c: number, served: number, charge: number) => {
      b.ts[j] = ts;
      b.seq[j] = 0;
      b.sender[j] = subs.msisdn[s]!;
      b.receiver[j] = receiver;
      b.smsType[j] = type;
      b.messageLength[j] = length;
      b.cell[j] = c;
      b.status[j] = status;
      b.chargeCents[j] = charge;
      b.served[j] = served;
      b.otherType[j] = on ? 0 : 1;
      b.rat[j] = 0;
      kind[j] = KIND_HV;
      actor[j] = ai;
      j++;
    };
    fill(0, cell, s, status === 0 ? Math.round((on ? price.onNet : price.offNet) * 100) : 0);
    if (on) fill(1, eventCell(w, rng, victim, weekday, spec.hour), victim, 0);
  }
  if (j !== n) throw new Error(`fraud sms chunk ${spec.index}: wrote ${j} records, planned ${n}`);
  return { batch: b, kind, actor };
}
