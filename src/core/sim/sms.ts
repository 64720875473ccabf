import type { SmsBatch } from '../batch.ts';
import type { ChunkSpec } from '../plan.ts';
import { chunkRng } from '../rng.ts';
import { eventCell, internationalContact, offNetContact, onNetContact, pickSubscriber, type World } from '../world.ts';
import type { SimContext } from './context.ts';
import { drawSortedSeconds } from './times.ts';

/** Allocates an empty SMS batch of n records. */
export function allocSms(n: number): SmsBatch {
  return {
    type: 'sms',
    length: n,
    ts: new Float64Array(n),
    seq: new Float64Array(n),
    sender: new Float64Array(n),
    receiver: new Float64Array(n),
    smsType: new Uint8Array(n),
    messageLength: new Int32Array(n),
    cell: new Int32Array(n),
    status: new Uint8Array(n),
    chargeCents: new Float64Array(n),
    served: new Int32Array(n),
    otherType: new Uint8Array(n),
    rat: new Uint8Array(n),
  };
}

/** Simulates the SMS records of one chunk: MO (+ MT leg on-net) and inbound MT, time-ordered. */
export function generateSms(w: World, ctx: SimContext, spec: ChunkSpec, weekday: number): SmsBatch {
  const p = w.model.profile;
  const m = p.sms;
  const seed = w.model.scenario.seed;
  const k = spec.sms;
  const nUnits = k.pairs + k.offNet + k.international + k.inbound;
  const b = allocSms(spec.extra ? spec.extra.base.sms : spec.records.sms);
  if (nUnits === 0) return b;
  const { seconds, order } = drawSortedSeconds(chunkRng(seed, spec.index, 'sms.time'), nUnits, spec.fromSecond, spec.toSecond);
  const rWho = chunkRng(seed, spec.index, 'sms.who');
  const rPeer = chunkRng(seed, spec.index, 'sms.peer');
  const rOut = chunkRng(seed, spec.index, 'sms.status');
  const rLen = chunkRng(seed, spec.index, 'sms.length');
  const rCell = chunkRng(seed, spec.index, 'sms.cell');
  const rMisc = chunkRng(seed, spec.index, 'sms.misc');
  const subs = w.subs;
  const cells = w.cells;
  const t = p.tariffs.smsPerMessage;
  const priceCents = [t.onNet * 100, t.offNet * 100, t.international * 100];
  const sh = ctx.smsShares;
  const inboundIntl = sh.offNet + sh.international > 0 ? sh.international / (sh.offNet + sh.international) : 0;
  const endPairs = k.pairs;
  const endOff = endPairs + k.offNet;
  const endIntl = endOff + k.international;
  let seq = spec.idStart.sms;
  let j = 0;
  for (let q = 0; q < nUnits; q++) {
    const u = order[q]!;
    const ts = spec.hourStartUtc + seconds[u]!;
    const cat = u < endPairs ? 0 : u < endOff ? 1 : u < endIntl ? 2 : 3;
    const r = ctx.regionPick.sample(rWho);
    const s = pickSubscriber(w, rWho, r, spec.day, false);
    const status = ctx.smsDelivery.sample(rOut);
    const len = Math.round(rLen.lognormal(m.lengthMu, m.lengthSigma));
    const length = len < 1 ? 1 : len > 160 ? 160 : len;
    const cell = eventCell(w, rCell, s, weekday, spec.hour);
    const rat = cells.tech[cell]! >= 1 && ctx.deviceMaxRat[subs.device[s]!]! >= 1 && rMisc.float() < 0.6 ? 1 : 0;
    if (cat < 3) {
      let receiver: number;
      let s2 = -1;
      if (cat === 0) {
        s2 = onNetContact(w, rPeer, s, sh.onNet);
        receiver = subs.msisdn[s2]!;
      } else if (cat === 1) receiver = offNetContact(w, rPeer, s, sh.offNet).msisdn;
      else receiver = internationalContact(w, rPeer, s, sh.international).msisdn;
      const sender = subs.msisdn[s]!;
      b.ts[j] = ts;
      b.seq[j] = seq++;
      b.sender[j] = sender;
      b.receiver[j] = receiver;
      b.smsType[j] = 0;
      b.messageLength[j] = length;
      b.cell[j] = cell;
      b.status[j] = status;
      b.chargeCents[j] = status === 0 ? Math.round(priceCents[cat]!) : 0;
      b.served[j] = s;
      b.otherType[j] = cat;
      b.rat[j] = rat;
      j++;
      if (cat === 0) {
        const cell2 = eventCell(w, rCell, s2, weekday, spec.hour);
        b.ts[j] = ts;
        b.seq[j] = seq++;
        b.sender[j] = sender;
        b.receiver[j] = receiver;
        b.smsType[j] = 1;
        b.messageLength[j] = length;
        b.cell[j] = cell2;
        b.status[j] = status;
        b.chargeCents[j] = 0;
        b.served[j] = s2;
        b.otherType[j] = 0;
        b.rat[j] = cells.tech[cell2]! >= 1 && ctx.deviceMaxRat[subs.device[s2]!]! >= 1 && rMisc.float() < 0.6 ? 1 : 0;
        j++;
      }
    } else {
      let sender: number;
      let otherType = 1;
      if (inboundIntl > 0 && rPeer.float() < inboundIntl) {
        sender = internationalContact(w, rPeer, s, sh.international).msisdn;
        otherType = 2;
      } else sender = offNetContact(w, rPeer, s, Math.max(sh.offNet, 0.05)).msisdn;
      b.ts[j] = ts;
      b.seq[j] = seq++;
      b.sender[j] = sender;
      b.receiver[j] = subs.msisdn[s]!;
      b.smsType[j] = 1;
      b.messageLength[j] = length;
      b.cell[j] = cell;
      b.status[j] = status;
      b.chargeCents[j] = 0;
      b.served[j] = s;
      b.otherType[j] = otherType;
      b.rat[j] = rat;
      j++;
    }
  }
  if (j !== b.length) throw new Error(`sms chunk ${spec.index}: produced ${j} records, planned ${b.length}`);
  return b;
}
