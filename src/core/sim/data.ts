import type { DataBatch } from '../batch.ts';
import type { ChunkSpec } from '../plan.ts';
import { chunkRng, hashInts, streamId } from '../rng.ts';
import { RATS, eventCell, pickSubscriber, type World } from '../world.ts';
import type { SimContext } from './context.ts';
import { drawSortedSeconds } from './times.ts';

/** Allocates an empty data batch of n records. */
export function allocData(n: number): DataBatch {
  return {
    type: 'data',
    length: n,
    ts: new Float64Array(n),
    seq: new Float64Array(n),
    msisdn: new Float64Array(n),
    apn: new Uint8Array(n),
    duration: new Int32Array(n),
    bytesUp: new Float64Array(n),
    bytesDown: new Float64Array(n),
    cell: new Int32Array(n),
    endReason: new Uint8Array(n),
    chargeCents: new Float64Array(n),
    served: new Int32Array(n),
    rat: new Uint8Array(n),
    chargingId: new Float64Array(n),
  };
}

/** Simulates the data sessions of one chunk, time-ordered, bytes tied to duration and RAT. */
export function generateData(w: World, ctx: SimContext, spec: ChunkSpec, weekday: number): DataBatch {
  const p = w.model.profile;
  const m = p.data;
  const seed = w.model.scenario.seed;
  const n = spec.extra ? spec.extra.base.data : spec.records.data;
  const b = allocData(n);
  if (n === 0) return b;
  const { seconds, order } = drawSortedSeconds(chunkRng(seed, spec.index, 'data.time'), n, spec.fromSecond, spec.toSecond);
  const rWho = chunkRng(seed, spec.index, 'data.who');
  const rCell = chunkRng(seed, spec.index, 'data.cell');
  const rRat = chunkRng(seed, spec.index, 'data.rat');
  const rSize = chunkRng(seed, spec.index, 'data.volume');
  const rEnd = chunkRng(seed, spec.index, 'data.end');
  const subs = w.subs;
  const cells = w.cells;
  const maxTp = RATS.map((r) => m.maxThroughput[r]);
  const rho = m.bytesDurationCorrelation;
  const rho2 = Math.sqrt(Math.max(0, 1 - rho * rho));
  const cap = m.durationCapSeconds;
  const apnPrice = m.apns.map((a) => a.pricePerKiB * 100);
  let seq = spec.idStart.data;
  const chargingBase = 1e9 + (hashInts(seed, streamId('data.chargingId')) % 1e9);
  for (let j = 0; j < n; j++) {
    const u = order[j]!;
    const r = ctx.regionPick.sample(rWho);
    let s = pickSubscriber(w, rWho, r, spec.day, true);
    if (s < 0) s = pickSubscriber(w, rWho, r, spec.day, false);
    let cell = eventCell(w, rCell, s, weekday, spec.hour);
    let rat = ctx.dataRat[subs.region[s]!]!.sample(rRat);
    const dev = ctx.deviceMaxRat[subs.device[s]!]!;
    if (rat > dev) rat = dev;
    if (rat > cells.tech[cell]!) {
      // The phone camps on a nearby cell of that layer when there is one (a few tries in its region).
      const r0 = subs.region[s]!;
      const base = cells.regionStart[r0]!;
      for (let tries = 0; tries < 6 && rat > cells.tech[cell]!; tries++) {
        const c2 = base + cells.regionPick[r0]!.sample(rCell);
        if (cells.tech[c2]! >= rat) cell = c2;
      }
      if (rat > cells.tech[cell]!) rat = cells.tech[cell]!;
    }
    const apn = ctx.apn.sample(rRat);
    const zd = rSize.normal();
    const d = Math.round(Math.exp(m.durationMu + m.durationSigma * zd));
    const duration = d < 1 ? 1 : d > cap ? cap : d;
    const zb = rho * zd + rho2 * rSize.normal();
    const zu = rho * zd + rho2 * rSize.normal();
    const limit = duration * maxTp[rat]!;
    let down = Math.round(Math.exp(m.downMu + m.downSigma * zb));
    let up = Math.round(Math.exp(m.upMu + m.upSigma * zu));
    // Both directions share the radio: their sum stays within duration × the RAT's throughput.
    if (down + up > limit) {
      const scale = (limit * (0.6 + 0.4 * rSize.float())) / (down + up);
      down = Math.floor(down * scale);
      up = Math.floor(up * scale);
    }
    const end = ctx.endReason.sample(rEnd);
    b.ts[j] = spec.hourStartUtc + seconds[u]!;
    b.seq[j] = seq++;
    b.msisdn[j] = subs.msisdn[s]!;
    b.apn[j] = apn;
    b.duration[j] = duration;
    b.bytesUp[j] = up;
    b.bytesDown[j] = down;
    b.cell[j] = cell;
    b.endReason[j] = end;
    b.chargeCents[j] = end === 0 ? Math.round(((up + down) / 1024) * apnPrice[apn]!) : 0;
    b.served[j] = s;
    b.rat[j] = rat;
    b.chargingId[j] = chargingBase + b.seq[j]!;
  }
  return b;
}
