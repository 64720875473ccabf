import type { World } from '../world.ts';
import { RATS } from '../world.ts';
import { AliasTable } from '../sampling.ts';
import { VOICE_OUTCOMES } from '../batch.ts';

/** Precomputed samplers of a world, built once per worker and reused for every chunk. */
export interface SimContext {
  regionPick: AliasTable;
  /** Voice outcome tables per region, [normal, busy hour]. */
  voiceOutcome: [AliasTable, AliasTable][];
  smsDelivery: AliasTable;
  dataRat: AliasTable[];
  apn: AliasTable;
  endReason: AliasTable;
  deviceMaxRat: Uint8Array;
  /** Voice / SMS destination shares (normalised). */
  voiceShares: { onNet: number; offNet: number; international: number };
  smsShares: { onNet: number; offNet: number; international: number };
  busyHours: boolean[];
}

const cache = new WeakMap<World, SimContext>();

function shares(d: { onNet: number; offNet: number; international: number }) {
  const t = d.onNet + d.offNet + d.international || 1;
  return { onNet: d.onNet / t, offNet: d.offNet / t, international: d.international / t };
}

/** The simulation context of a world (cached). */
export function simContext(w: World): SimContext {
  const hit = cache.get(w);
  if (hit) return hit;
  const p = w.model.profile;
  const v = p.voice;
  const voiceOutcome = p.regions.map((r) => {
    const base = VOICE_OUTCOMES.map((k) => v.outcomes[k]);
    const iu = VOICE_OUTCOMES.indexOf('unreachable');
    const ic = VOICE_OUTCOMES.indexOf('congestion');
    const normal = base.slice();
    normal[iu] = normal[iu]! * v.unreachableByRuralClass[r.ruralClass];
    const busy = normal.slice();
    busy[ic] = busy[ic]! * v.busyHourCongestionFactor;
    return [new AliasTable(normal), new AliasTable(busy)] as [AliasTable, AliasTable];
  });
  const d = p.data;
  const dataRat = p.regions.map((r) => {
    const m = RATS.map((k) => d.rat[k]);
    if (r.ruralClass === 0) m[2] = m[2]! * d.capital4gFactor;
    if (r.ruralClass === 3) m[0] = m[0]! * d.remote2gFactor;
    return new AliasTable(m);
  });
  const ctx: SimContext = {
    // A region without subscribers (small populations: apportion gives it none) must never be picked.
    regionPick: new AliasTable(p.regions.map((r, i) => (w.subs.regionStart[i + 1]! > w.subs.regionStart[i]! ? r.weight : 0))),
    voiceOutcome,
    smsDelivery: new AliasTable([p.sms.delivery.delivered, p.sms.delivery.failed, p.sms.delivery.pending]),
    dataRat,
    apn: new AliasTable(d.apns.map((a) => a.share)),
    endReason: new AliasTable([d.endReasons.normal, d.endReasons.userTerminated, d.endReasons.quotaExceeded, d.endReasons.networkError, d.endReasons.timeout]),
    deviceMaxRat: Uint8Array.from(p.population.devices.map((dv) => RATS.indexOf(dv.maxRat))),
    voiceShares: shares(v.destinations),
    smsShares: shares(p.sms.destinations),
    busyHours: p.time.voice.hourly.map((x) => x >= v.busyHourShare),
  };
  cache.set(w, ctx);
  return ctx;
}
