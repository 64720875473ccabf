/** Pure helpers of the streaming tab's charts (unit-tested): rate lines as SVG paths, region rows for the map. */
import type { Region } from '../../core/profiles/types.ts';
import type { RegionServiceRow } from '../charts/data/preview.ts';
import type { RatePoint } from '../../state/stream.ts';

export type RateKey = 'voice' | 'sms' | 'data' | 'target';

export interface RatePaths {
  /** SVG path per line ('' when there are fewer than two points). */
  paths: Record<RateKey, string>;
  /** Top of the y axis (events/s), a "nice" number. */
  yMax: number;
  /** X range in streaming seconds. */
  x0: number;
  x1: number;
}

/** Rounds up to 1, 2 or 5 × 10^k. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Lines of the achieved rate per service (and the target) over a window of `windowS` seconds ending at the last point. */
export function ratePaths(series: readonly RatePoint[], width: number, height: number, windowS = 60): RatePaths {
  const last = series[series.length - 1];
  const x1 = last ? Math.max(last.t, windowS) : windowS;
  const x0 = x1 - windowS;
  let max = 0;
  for (const p of series) max = Math.max(max, p.voice, p.sms, p.data, p.target ?? 0);
  const yMax = niceCeil(max * 1.05);
  const x = (t: number) => ((t - x0) / (x1 - x0)) * width;
  const y = (v: number) => height - (Math.min(v, yMax) / yMax) * height;
  const r = (n: number) => Math.round(n * 10) / 10;
  const line = (get: (p: RatePoint) => number | null): string => {
    let d = '';
    let pen = false;
    for (const p of series) {
      const v = get(p);
      if (v === null || p.t < x0) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${r(x(p.t))},${r(y(v))}`;
      pen = true;
    }
    return d.includes('L') ? d : '';
  };
  return {
    paths: { voice: line((p) => p.voice), sms: line((p) => p.sms), data: line((p) => p.data), target: line((p) => p.target) },
    yMax,
    x0,
    x1,
  };
}

/** Map rows from per-region counts (profile order); the map only reads the totals. */
export function regionRows(regions: readonly Pick<Region, 'name' | 'geoId'>[], counts: readonly number[]): RegionServiceRow[] {
  return regions.map((r, i) => {
    const total = counts[i] ?? 0;
    return { region: r.name, geoId: r.geoId, voice: 0, sms: 0, data: 0, total };
  });
}

/** `YYYY-MM-DD HH:MM:SS` of an event time (UTC s) in a profile's local time. */
export function eventClock(ts: number | null, offsetSeconds: number): string {
  if (ts === null) return '—';
  return new Date((ts + offsetSeconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
