import type { VoiceBatch } from '../batch.ts';
import type { ChunkSpec } from '../plan.ts';
import { chunkRng } from '../rng.ts';
import { eventCell, internationalContact, offNetContact, onNetContact, pickSubscriber, type World } from '../world.ts';
import type { SimContext } from './context.ts';
import { drawSortedSeconds } from './times.ts';

export const REASON_NORMAL = 0;
const REASON_FAILED = 1;
export const REASON_USER = 2;
export const REASON_NO_ANSWER = 3;
const REASON_NETWORK = 4;
/** Legacy termination_reason by outcome (answered is NORMAL or USER_TERMINATED). */
export const REASON_BY_OUTCOME = [REASON_NORMAL, REASON_NETWORK, REASON_NO_ANSWER, REASON_FAILED, REASON_FAILED, REASON_FAILED, REASON_FAILED];

/** Allocates an empty voice batch of n records. */
export function allocVoice(n: number): VoiceBatch {
  return {
    type: 'voice',
    length: n,
    ts: new Float64Array(n),
    seq: new Float64Array(n),
    caller: new Float64Array(n),
    callee: new Float64Array(n),
    callType: new Uint8Array(n),
    duration: new Int32Array(n),
    cell: new Int32Array(n),
    outcome: new Uint8Array(n),
    reason: new Uint8Array(n),
    chargeCents: new Float64Array(n),
    served: new Int32Array(n),
    otherType: new Uint8Array(n),
    otherOperator: new Int16Array(n),
    rat: new Uint8Array(n),
    roaming: new Uint8Array(n),
  };
}

/** Simulates the voice records of one chunk: MOC (+ MTC leg on-net) and inbound MTC, time-ordered. */
export function generateVoice(w: World, ctx: SimContext, spec: ChunkSpec, weekday: number): VoiceBatch {
  const p = w.model.profile;
  const v = p.voice;
  const seed = w.model.scenario.seed;
  const k = spec.voice;
  const nUnits = k.pairs + k.offNet + k.international + k.inbound;
  const b = allocVoice(spec.extra ? spec.extra.base.voice : spec.records.voice);
  if (nUnits === 0) return b;
  const { seconds, order } = drawSortedSeconds(chunkRng(seed, spec.index, 'voice.time'), nUnits, spec.fromSecond, spec.toSecond);
  const rWho = chunkRng(seed, spec.index, 'voice.who');
  const rPeer = chunkRng(seed, spec.index, 'voice.peer');
  const rOut = chunkRng(seed, spec.index, 'voice.outcome');
  const rDur = chunkRng(seed, spec.index, 'voice.duration');
  const rCell = chunkRng(seed, spec.index, 'voice.cell');
  const rMisc = chunkRng(seed, spec.index, 'voice.misc');
  const subs = w.subs;
  const cells = w.cells;
  const busy = ctx.busyHours[spec.hour] ? 1 : 0;
  const tariff = p.tariffs.voicePerSecond;
  const tariffCents = [tariff.onNet * 100, tariff.offNet * 100, tariff.international * 100];
  const inboundIntl = ctx.voiceShares.offNet + ctx.voiceShares.international > 0 ? ctx.voiceShares.international / (ctx.voiceShares.offNet + ctx.voiceShares.international) : 0;
  const cap = v.durationCapSeconds;
  const endPairs = k.pairs;
  const endOff = endPairs + k.offNet;
  const endIntl = endOff + k.international;
  let seq = spec.idStart.voice;
  let j = 0;
  for (let q = 0; q < nUnits; q++) {
    const u = order[q]!;
    const ts = spec.hourStartUtc + seconds[u]!;
    const cat = u < endPairs ? 0 : u < endOff ? 1 : u < endIntl ? 2 : 3;
    const r = ctx.regionPick.sample(rWho);
    const s = pickSubscriber(w, rWho, r, spec.day, false);
    const outcome = ctx.voiceOutcome[subs.region[s]!]![busy]!.sample(rOut);
    let duration = 0;
    let reason = REASON_BY_OUTCOME[outcome]!;
    if (outcome === 0) {
      const d = Math.round(rDur.lognormal(v.durationMu, v.durationSigma));
      duration = d < 1 ? 1 : d > cap ? cap : d;
      // The caller hanging up is recorded more often on short calls (REALISM §3).
      if (rDur.float() < v.userTerminatedShare * (duration < 30 ? 2 : 0.5)) reason = REASON_USER;
    }
    const cell = eventCell(w, rCell, s, weekday, spec.hour);
    const dev = ctx.deviceMaxRat[subs.device[s]!]!;
    const rat = cells.tech[cell]! >= 1 && dev >= 1 && rMisc.float() < 0.6 ? 1 : 0;
    if (cat < 3) {
      let callee: number;
      let otherOp = 0;
      let s2 = -1;
      if (cat === 0) {
        s2 = onNetContact(w, rPeer, s, ctx.voiceShares.onNet);
        callee = subs.msisdn[s2]!;
      } else if (cat === 1) {
        const c = offNetContact(w, rPeer, s, ctx.voiceShares.offNet);
        callee = c.msisdn;
        otherOp = c.operator;
      } else {
        callee = internationalContact(w, rPeer, s, ctx.voiceShares.international).msisdn;
        otherOp = p.operators.length;
      }
      const caller = subs.msisdn[s]!;
      b.ts[j] = ts;
      b.seq[j] = seq++;
      b.caller[j] = caller;
      b.callee[j] = callee;
      b.callType[j] = 0;
      b.duration[j] = duration;
      b.cell[j] = cell;
      b.outcome[j] = outcome;
      b.reason[j] = reason;
      b.chargeCents[j] = duration > 0 ? Math.round(duration * tariffCents[cat]!) : 0;
      b.served[j] = s;
      b.otherType[j] = cat;
      b.otherOperator[j] = otherOp;
      b.rat[j] = rat;
      j++;
      if (cat === 0) {
        const cell2 = eventCell(w, rCell, s2, weekday, spec.hour);
        const dev2 = ctx.deviceMaxRat[subs.device[s2]!]!;
        b.ts[j] = ts;
        b.seq[j] = seq++;
        b.caller[j] = caller;
        b.callee[j] = callee;
        b.callType[j] = 1;
        b.duration[j] = duration;
        b.cell[j] = cell2;
        b.outcome[j] = outcome;
        b.reason[j] = reason;
        b.chargeCents[j] = 0;
        b.served[j] = s2;
        b.otherType[j] = 0;
        b.otherOperator[j] = 0;
        b.rat[j] = cells.tech[cell2]! >= 1 && dev2 >= 1 && rMisc.float() < 0.6 ? 1 : 0;
        j++;
      }
    } else {
      // Inbound call from an off-net or international party to our subscriber s.
      let caller: number;
      let otherType = 1;
      let otherOp: number;
      if (inboundIntl > 0 && rPeer.float() < inboundIntl) {
        caller = internationalContact(w, rPeer, s, ctx.voiceShares.international).msisdn;
        otherType = 2;
        otherOp = p.operators.length;
      } else {
        const c = offNetContact(w, rPeer, s, Math.max(ctx.voiceShares.offNet, 0.05));
        caller = c.msisdn;
        otherOp = c.operator;
      }
      b.ts[j] = ts;
      b.seq[j] = seq++;
      b.caller[j] = caller;
      b.callee[j] = subs.msisdn[s]!;
      b.callType[j] = 1;
      b.duration[j] = duration;
      b.cell[j] = cell;
      b.outcome[j] = outcome;
      b.reason[j] = reason;
      b.chargeCents[j] = 0;
      b.served[j] = s;
      b.otherType[j] = otherType;
      b.otherOperator[j] = otherOp;
      b.rat[j] = rat;
      j++;
    }
  }
  if (j !== b.length) throw new Error(`voice chunk ${spec.index}: produced ${j} records, planned ${b.length}`);
  return b;
}
