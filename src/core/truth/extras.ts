/**
 * Fraud records and fault counts decided in the plan, before anything is generated: for every chunk
 * and service, how many fraud records it gets, how many on-net legs lose their partner and how many
 * records each per-record fault picks. Counts are chunk-local (hashed from the seed and the chunk
 * index), so they never depend on which worker makes which chunk.
 *
 * Rows: fraud records and duplicate copies come on top of the volume (activity, exact or --rows);
 * orphaned legs are removed from it. `records` of a chunk = base − orphans + fraud + duplicates.
 */
import type { ServiceType } from '../profiles/types.ts';
import { hashInts, streamId } from '../rng.ts';
import type { Model } from '../scenario.ts';
import {
  actorChunkSplit,
  actorHourEvents,
  buildFraudSchedule,
  lowerBound,
  partEvents,
  ringsBefore,
  roundBy,
  type FraudSchedule,
} from '../fraud/schedule.ts';
import { FAULT_KINDS, type FaultsOptions } from './options.ts';

type PerType<T> = Record<ServiceType, T>;
const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];
const zeros = (): PerType<number> => ({ voice: 0, sms: 0, data: 0 });

/** What fraud and faults change in one chunk. */
export interface ChunkExtra {
  /** Records of the normal simulation (what the service generators make). */
  base: PerType<number>;
  /** Fraud records added. */
  fraud: PerType<number>;
  /** On-net pairs that lose one leg (one record each removed). */
  orphans: PerType<number>;
  /** Records picked by each per-record fault kind, in FAULT_KINDS order. */
  faults: PerType<number[]>;
  /** Record ids used: records minus duplicate copies (a copy keeps its original's id). */
  ids: PerType<number>;
}

/** Run-level ground truth of the plan. */
export interface PlanTruth {
  fraud: FraudSchedule | null;
  faults: FaultsOptions | null;
  /** Records per fraud actor: SIM actors first (schedule order), then every Wangiri number (campaign order). */
  actorRecords: Float64Array;
  base: PerType<number>;
  fraudRecords: PerType<number>;
  orphans: PerType<number>;
  duplicates: PerType<number>;
  /** Records per fault kind (FAULT_KINDS order) per service. */
  faultCounts: PerType<number[]>;
}

/** The minimal chunk shape the extras need (plan.ts ChunkSpec satisfies it). */
interface ChunkLike {
  index: number;
  day: number;
  hour: number;
  part: number;
  parts: number;
  fromSecond: number;
  toSecond: number;
  hourStartUtc: number;
  records: PerType<number>;
  voice: { pairs: number };
  sms: { pairs: number };
  extra?: ChunkExtra;
}

const KIND_IMEI = FAULT_KINDS.indexOf('malformedImei');

/** Per-record fault rates of a service (0 for kinds that cannot show in it). */
function faultRates(f: FaultsOptions, extended: boolean): number[] {
  return FAULT_KINDS.map((k, i) => (f[k].enabled && (i !== KIND_IMEI || extended) ? f[k].rate : 0));
}

/**
 * Adds fraud and fault counts to the chunks of a plan (in place: `records` becomes the final row count,
 * `extra` holds the parts) and returns the run-level truth; null (chunks untouched) when both are off.
 */
export function planExtras(
  model: Model,
  types: readonly ServiceType[],
  chunks: ChunkLike[],
  startEpochDay: number,
  dayStartUtc: (d: number) => number,
): PlanTruth | null {
  const sc = model.scenario;
  if (!sc.faults && !sc.fraud) return null;
  const fraud = buildFraudSchedule(model, startEpochDay, dayStartUtc);
  const faults = sc.faults ?? null;
  const days = sc.period.days;
  const seed = sc.seed;
  const extended = sc.schema === 'extended';
  const hourFirst = new Int32Array(days * 24).fill(-1);
  for (const c of chunks) {
    const k = c.day * 24 + c.hour;
    if (hourFirst[k] === -1) hourFirst[k] = c.index;
    c.extra = { base: { ...c.records }, fraud: zeros(), orphans: zeros(), faults: { voice: [], sms: [], data: [] }, ids: zeros() };
  }
  const nActors = (fraud?.sims.length ?? 0) + (fraud?.campaigns.reduce((a, c) => a + c.numbers.length, 0) ?? 0);
  const actorRecords = new Float64Array(nActors);
  if (fraud) {
    for (let d = 0; d < days; d++) {
      for (const a of fraud.sims) {
        if (!types.includes(a.type) || d < a.firstDay || d > a.lastDay) continue;
        const hours = actorHourEvents(a, d, startEpochDay);
        for (let h = 0; h < 24; h++) {
          const n = hours[h]!;
          if (n === 0) continue;
          const first = hourFirst[d * 24 + h]!;
          const parts = chunks[first]!.parts;
          for (let p = 0; p < parts; p++) {
            const np = partEvents(a, d * 24 + h, n, parts, p);
            if (np === 0) continue;
            const recs = actorChunkSplit(a, first + p, np).records;
            chunks[first + p]!.extra!.fraud[a.type] += recs;
            actorRecords[a.slot]! += recs;
          }
        }
      }
    }
    if (types.includes('voice')) {
      let actor = fraud.sims.length;
      for (const camp of fraud.campaigns) {
        const K = camp.numbers.length;
        for (let i = 0; i < K; i++) actorRecords[actor + i] = Math.floor(camp.targets / K) + (i < camp.targets % K ? 1 : 0);
        // Only the chunks of the hours from the first ring to the last call-back.
        const first = chunks[0]!.hourStartUtc;
        const last = Math.max(camp.start + camp.window, camp.cbTime.length ? camp.cbTime[camp.cbTime.length - 1]! + 1 : 0);
        const h0 = Math.max(0, Math.floor((camp.start - first) / 3600));
        const h1 = Math.min(days * 24 - 1, Math.floor((last - first) / 3600));
        for (
          let k = h0 < days * 24 ? hourFirst[h0]! : chunks.length;
          k < chunks.length && chunks[k]!.day * 24 + chunks[k]!.hour <= h1;
          k++
        ) {
          const c = chunks[k]!;
          const a = c.hourStartUtc + c.fromSecond;
          const b = c.hourStartUtc + c.toSecond;
          const rings = ringsBefore(camp, b) - ringsBefore(camp, a);
          const cbs = lowerBound(camp.cbTime, b) - lowerBound(camp.cbTime, a);
          c.extra!.fraud.voice += rings + cbs;
        }
        for (let j = 0; j < camp.cbRing.length; j++) actorRecords[actor + (camp.cbRing[j]! % K)]! += 1;
        actor += K;
      }
    }
  }
  const rates = faults ? faultRates(faults, extended) : null;
  const kCount = hashInts(seed, streamId('faults.count'));
  const totals = {
    base: zeros(),
    fraudRecords: zeros(),
    orphans: zeros(),
    duplicates: zeros(),
    faultCounts: { voice: FAULT_KINDS.map(() => 0), sms: FAULT_KINDS.map(() => 0), data: FAULT_KINDS.map(() => 0) },
  };
  for (const c of chunks) {
    const x = c.extra!;
    SERVICES.forEach((t, ti) => {
      const base = x.base[t];
      const pairs = t === 'voice' ? c.voice.pairs : t === 'sms' ? c.sms.pairs : 0;
      const o =
        faults?.orphanLegs.enabled && pairs > 0
          ? Math.min(pairs, roundBy(faults.orphanLegs.rate * pairs, hashInts(kCount, ti, c.index, 99)))
          : 0;
      const m = base - o + x.fraud[t];
      const counts = FAULT_KINDS.map(() => 0);
      let used = 0;
      if (rates && m > 0) {
        for (let k = 0; k < counts.length; k++) {
          if (rates[k]! <= 0) continue;
          const n = Math.min(m - used, roundBy(rates[k]! * m, hashInts(kCount, ti, c.index, k)));
          counts[k] = n;
          used += n;
        }
      }
      const dups = counts[0]! + counts[1]!;
      x.orphans[t] = o;
      x.faults[t] = counts;
      x.ids[t] = m;
      c.records[t] = m + dups;
      totals.base[t] += base;
      totals.fraudRecords[t] += x.fraud[t];
      totals.orphans[t] += o;
      totals.duplicates[t] += dups;
      for (let k = 0; k < counts.length; k++) totals.faultCounts[t][k]! += counts[k]!;
    });
  }
  return { fraud, faults, actorRecords, ...totals };
}
