/** Expected volumes of a plan, shaped for the preview charts (computed analytically, nothing generated). */
import type { Plan, Profile, ServiceType } from '../../../core/index.ts';

export const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** Records of one region, per service. */
export interface RegionServiceRow {
  region: string;
  geoId: string | undefined;
  voice: number;
  sms: number;
  data: number;
  total: number;
}

/** Records in one hour of the day, per service. */
export interface HourRow {
  hour: number;
  voice: number;
  sms: number;
  data: number;
}

/** Splits `total` over weights as integers (largest remainder), so the parts add up exactly. */
export function apportionInt(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (!(sum > 0) || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) * total) / sum);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) out[order[k]!.i]! += 1;
  return out;
}

/** Expected records per region × service: each service's exact total split by the region shares. */
export function expectedByRegion(plan: Pick<Plan, 'totals' | 'regionShares'>, profile: Pick<Profile, 'regions'>): RegionServiceRow[] {
  const split = Object.fromEntries(SERVICES.map((s) => [s, apportionInt(plan.totals[s], plan.regionShares)])) as Record<
    ServiceType,
    number[]
  >;
  return profile.regions.map((r, i) => {
    const voice = split.voice[i] ?? 0;
    const sms = split.sms[i] ?? 0;
    const data = split.data[i] ?? 0;
    return { region: r.name, geoId: r.geoId, voice, sms, data, total: voice + sms + data };
  });
}

/** Average records per hour of the day (0–23) over the days of the plan, per service. */
export function expectedByHour(plan: Pick<Plan, 'perHour' | 'days'>): HourRow[] {
  const days = Math.max(1, plan.days);
  return Array.from({ length: 24 }, (_, h) => {
    const row: HourRow = { hour: h, voice: 0, sms: 0, data: 0 };
    for (const s of SERVICES) {
      const a = plan.perHour[s];
      let sum = 0;
      for (let d = 0; d < plan.days; d++) sum += a[d * 24 + h] ?? 0;
      row[s] = Math.round(sum / days);
    }
    return row;
  });
}

/** Records per day of the run, per service. */
export function expectedByDay(plan: Pick<Plan, 'perDay' | 'days'>): { day: number; voice: number; sms: number; data: number }[] {
  return Array.from({ length: plan.days }, (_, d) => ({
    day: d,
    voice: plan.perDay.voice[d] ?? 0,
    sms: plan.perDay.sms[d] ?? 0,
    data: plan.perDay.data[d] ?? 0,
  }));
}

/** Regions sorted by total, largest first (stable for ties). */
export function sortByTotal(rows: readonly RegionServiceRow[]): RegionServiceRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.total - a.r.total || a.i - b.i)
    .map((x) => x.r);
}
