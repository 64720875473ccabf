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
  const n = spec.records.data;
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
    const cell = eventCell(w, rCell, s, weekday, spec.hour);
    let rat = ctx.dataRat[subs.region[s]!]!.sample(rRat);
    const cellTech = cells.tech[cell]!;
    const dev = ctx.deviceMaxRat[subs.device[s]!]!;
    if (rat > cellTech) rat = cellTech;
    if (rat > dev) rat = dev;
    const apn = ctx.apn.sample(rRat);
    const zd = rSize.normal();
    const d = Math.round(Math.exp(m.durationMu + m.durationSigma * zd));
    const duration = d < 1 ? 1 : d > cap ? cap : d;
    const zb = rho * zd + rho2 * rSize.normal();
    const zu = rho * zd + rho2 * rSize.normal();
    const limit = duration * maxTp[rat]!;
    let down = Math.round(Math.exp(m.downMu + m.downSigma * zb));
    let up = Math.round(Math.exp(m.upMu + m.upSigma * zu));
    if (down > limit) down = Math.round(limit * (0.6 + 0.4 * rSize.float()));
    if (up > limit / 4) up = Math.round((limit / 4) * (0.6 + 0.4 * rSize.float()));
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
