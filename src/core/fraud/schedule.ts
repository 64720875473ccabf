/**
 * The fraud schedule: who the fraud actors are and how many events each makes in every hour of the
 * run, decided from the scenario alone (before any record is generated), so that the plan knows every
 * chunk's exact number of fraud records. Nothing here draws from the engine's other random streams.
 */
import { weekdayOf } from '../calendar.ts';
import { AffinePermutation } from '../numbering.ts';
import type { ServiceType } from '../profiles/types.ts';
import { hash2, hash3, hashInts, streamId, unit } from '../rng.ts';
import { apportion } from '../sampling.ts';
import type { Model } from '../scenario.ts';
import type { FraudOptions } from '../truth/options.ts';

/** Fraud patterns whose actors are SIMs of the served operator (appended after the subscriber base). */
export type SimPattern = 'simBox' | 'irsf' | 'highVelocity';

/** Hour-of-day weights (local time) of each SIM pattern [E]. */
export const FRAUD_HOURLY: Record<SimPattern, readonly number[]> = {
  // Evening-heavy: terminated international traffic peaks after work (REALISM §8).
  simBox: [1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4.2, 4.5, 4.6, 4.6, 4.5, 4.5, 4.7, 5.2, 6.3, 7.5, 8.3, 8.6, 8.0, 6.2, 3.7],
  // Nights: while nobody watches the account.
  irsf: [9, 9, 9, 8, 7, 6, 3, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 2, 3, 5, 7, 9],
  // Office hours of a spam / robo-call operation.
  highVelocity: [0, 0, 0, 0, 0, 0, 0.5, 2, 7, 9, 9, 9, 8, 8, 9, 9, 9, 8, 6, 4, 2, 1, 0, 0],
};
/** IRSF day multipliers Mon..Sun: weekends [E]. */
const IRSF_WEEKDAY = [0.5, 0.5, 0.5, 0.6, 0.8, 1, 1];

/** A fraudulent SIM: its activity is `perDay` events on each active plan day, spread over the hours. */
export interface SimActor {
  pattern: SimPattern;
  /** Position among the appended SIMs: subscriber index = base size + slot. */
  slot: number;
  type: ServiceType;
  key: number;
  campaign: string;
  /** Active plan days [firstDay, lastDay] (empty when firstDay > lastDay). */
  firstDay: number;
  lastDay: number;
  min: number;
  max: number;
  hourly: readonly number[];
  weekday: readonly number[] | null;
  /** Share of events whose peer is one of our subscribers (on-net: a second, terminating record). */
  onNetShare: number;
  /** SIM-box: terminating on-net calls (two records each) per originating call. */
  inboundRatio: number;
  /** SIM-box gateway, -1 otherwise. */
  gateway: number;
  /** Activation day relative to the first day of the period (negative: before it). */
  activation: number;
  /** IRSF: the premium range called (country code, national length, first number); else null. */
  target: { cc: string; length: number; base: number; size: number } | null;
}

/** A Wangiri campaign: `targets` rings spread evenly over a window, some answered by call-backs. */
export interface WangiriCampaign {
  id: string;
  key: number;
  day: number;
  /** UTC epoch seconds of the window start and its length. */
  start: number;
  window: number;
  targets: number;
  /** The calling numbers (full international numbers). */
  numbers: number[];
  cc: string;
  /** Victims: ring k rings base subscriber perm.at(k). */
  perm: AffinePermutation;
  /** Call-backs in time order: UTC second and ring index. */
  cbTime: Float64Array;
  cbRing: Int32Array;
  /** Index of the campaign's first number in the actor list of the world. */
  firstActor: number;
}

export interface FraudSchedule {
  sims: SimActor[];
  /** SIM-box gateways (SIMs per gateway). */
  gateways: number[];
  campaigns: WangiriCampaign[];
  /** Number of SIMs appended after the base. */
  appended: number;
}

/** High-cost destinations used by Wangiri and IRSF [E: ranges often cited in fraud reports; the numbers are fictitious]. */
export const FRAUD_DESTINATIONS: readonly { cc: string; length: number }[] = [
  { cc: '216', length: 8 },
  { cc: '232', length: 8 },
  { cc: '239', length: 7 },
  { cc: '252', length: 8 },
  { cc: '371', length: 8 },
  { cc: '675', length: 8 },
  { cc: '882', length: 10 },
];

const pickRange = (h: number, r: { min: number; max: number }) => r.min + (h % (r.max - r.min + 1));

/** Stochastic rounding of x by a hash: floor(x) plus one with probability frac(x). */
export const roundBy = (x: number, h: number): number => {
  const f = Math.floor(x);
  return f + (unit(h) < x - f ? 1 : 0);
};

/** The fraud schedule of a scenario, or null when no fraud pattern is enabled. */
export function buildFraudSchedule(model: Model, startEpochDay: number, dayStartUtc: (d: number) => number): FraudSchedule | null {
  const f: FraudOptions | undefined = model.scenario.fraud;
  if (!f) return null;
  const { profile, scenario } = model;
  const seed = scenario.seed;
  const days = scenario.period.days;
  const N = scenario.population.subscribers;
  const v = profile.voice.destinations;
  const s = profile.sms.destinations;
  const voiceOnNet = v.onNet + v.offNet > 0 ? v.onNet / (v.onNet + v.offNet) : 1;
  const smsOnNet = s.onNet + s.offNet > 0 ? s.onNet / (s.onNet + s.offNet) : 1;
  const sims: SimActor[] = [];
  const gateways: number[] = [];
  const k = (name: string) => hashInts(seed, streamId(name));
  if (f.simBox.enabled) {
    const total = Math.max(f.simBox.simsPerGateway.min, Math.round(f.simBox.share * N));
    const hg = k('fraud.simbox.gateways');
    let left = total;
    while (left > 0) {
      let size = pickRange(hash2(hg, gateways.length), f.simBox.simsPerGateway);
      if (left - size < f.simBox.simsPerGateway.min && left - size > 0) size = left;
      size = Math.min(size, left);
      const g = gateways.length;
      gateways.push(size);
      for (let i = 0; i < size; i++) {
        const key = hashInts(seed, streamId('fraud.simbox.sim'), sims.length);
        sims.push({
          pattern: 'simBox',
          slot: sims.length,
          type: 'voice',
          key,
          campaign: `SIMBOX-GW${String(g + 1).padStart(3, '0')}`,
          firstDay: 0,
          lastDay: days - 1,
          min: f.simBox.mocPerDay.min,
          max: f.simBox.mocPerDay.max,
          hourly: FRAUD_HOURLY.simBox,
          weekday: null,
          onNetShare: voiceOnNet,
          inboundRatio: f.simBox.inboundRatio,
          gateway: g,
          // New prepaid SIMs, activated in the two weeks before the period.
          activation: -1 - (hash2(key, 1) % 14),
          target: null,
        });
      }
      left -= size;
    }
  }
  if (f.irsf.enabled) {
    const hc = k('fraud.irsf.campaign');
    const dest = FRAUD_DESTINATIONS[hc % FRAUD_DESTINATIONS.length]!;
    const lo = 10 ** (dest.length - 1);
    const target = { cc: dest.cc, length: dest.length, base: lo + Math.floor(unit(hash2(hc, 1)) * 8 * lo), size: 100 };
    for (let i = 0; i < f.irsf.sims; i++) {
      const key = hashInts(seed, streamId('fraud.irsf.sim'), i);
      const len = pickRange(hash2(key, 1), f.irsf.attackDays);
      let first = hash2(key, 2) % days;
      // Most attacks start on a Friday or Saturday (weekend, nobody watching).
      if (unit(hash2(key, 3)) < 0.7) {
        for (let t = 0; t < 7 && first + t < days; t++) {
          const wd = weekdayOf(startEpochDay + first + t);
          if (wd === 4 || wd === 5) {
            first += t;
            break;
          }
        }
      }
      sims.push({
        pattern: 'irsf',
        slot: sims.length,
        type: 'voice',
        key,
        campaign: `IRSF-${String(i + 1).padStart(3, '0')}`,
        firstDay: first,
        lastDay: Math.min(days - 1, first + len - 1),
        min: f.irsf.callsPerDay.min,
        max: f.irsf.callsPerDay.max,
        hourly: FRAUD_HOURLY.irsf,
        weekday: IRSF_WEEKDAY,
        onNetShare: 0,
        inboundRatio: 0,
        gateway: -1,
        // Compromised subscriptions: activated long ago.
        activation: -30 - (hash2(key, 4) % 900),
        target,
      });
    }
  }
  if (f.highVelocity.enabled) {
    const n = Math.max(1, Math.round(f.highVelocity.share * N));
    for (let i = 0; i < n; i++) {
      const key = hashInts(seed, streamId('fraud.hv.sim'), i);
      const sms = unit(hash2(key, 1)) < f.highVelocity.smsShare;
      const first = hash2(key, 2) % days;
      const len = pickRange(hash2(key, 3), f.highVelocity.activeDays);
      const r = sms ? f.highVelocity.smsPerDay : f.highVelocity.mocPerDay;
      sims.push({
        pattern: 'highVelocity',
        slot: sims.length,
        type: sms ? 'sms' : 'voice',
        key,
        campaign: `HV-${String(i + 1).padStart(4, '0')}`,
        firstDay: first,
        lastDay: Math.min(days - 1, first + len - 1),
        min: r.min,
        max: r.max,
        hourly: FRAUD_HOURLY.highVelocity,
        weekday: null,
        onNetShare: sms ? smsOnNet : voiceOnNet,
        inboundRatio: 0,
        gateway: -1,
        // Activated less than 7 days before its first active day.
        activation: first - 1 - (hash2(key, 4) % 6),
        target: null,
      });
    }
  }
  const campaigns: WangiriCampaign[] = [];
  if (f.wangiri.enabled && f.wangiri.campaignsPerDay > 0) {
    const w = f.wangiri;
    const periodEnd = dayStartUtc(days);
    for (let d = 0; d < days; d++) {
      const epochDay = startEpochDay + d;
      const count = roundBy(w.campaignsPerDay, hashInts(seed, streamId('fraud.wangiri.count'), epochDay));
      for (let c = 0; c < count; c++) {
        const key = hashInts(seed, streamId('fraud.wangiri.campaign'), epochDay, c);
        const dest = FRAUD_DESTINATIONS[hash2(key, 1) % FRAUD_DESTINATIONS.length]!;
        const K = pickRange(hash2(key, 2), w.numbers);
        const lo = 10 ** (dest.length - 1);
        const first = lo + Math.floor(unit(hash2(key, 3)) * 8 * lo);
        const numbers = Array.from({ length: K }, (_, i) => Number(dest.cc) * 10 ** dest.length + first + i);
        const targets = Math.max(1, Math.min(pickRange(hash2(key, 4), w.targets), Math.floor(N / 2)));
        const window = w.windowHours.min * 3600 + (hash2(key, 5) % ((w.windowHours.max - w.windowHours.min) * 3600 + 1));
        const night = unit(hash2(key, 7)) < w.nightShare;
        const startSec = night ? 3 * 3600 + (hash2(key, 8) % (3 * 3600)) : 9 * 3600 + (hash2(key, 8) % (12 * 3600));
        const start = dayStartUtc(d) + Math.min(startSec, 86_400 - window);
        const cb: [number, number][] = [];
        const span = Math.max(0, (w.callbackMinutes.max - w.callbackMinutes.min) * 60);
        for (let r = 0; r < targets; r++) {
          if (unit(hash3(key, r, 1)) >= w.callbackShare) continue;
          const t = ringTime(start, window, targets, key, r) + w.callbackMinutes.min * 60 + Math.floor(unit(hash3(key, r, 2)) * (span + 1));
          if (t < periodEnd) cb.push([t, r]);
        }
        cb.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        campaigns.push({
          id: `WANGIRI-${d + 1}-${c + 1}`,
          key,
          day: d,
          start,
          window,
          targets,
          numbers,
          cc: dest.cc,
          perm: new AffinePermutation(N, hash2(key, 9), hash2(key, 10)),
          cbTime: Float64Array.from(cb, (x) => x[0]),
          cbRing: Int32Array.from(cb, (x) => x[1]),
          firstActor: 0,
        });
      }
    }
  }
  // Campaigns in time order (chunks find theirs by binary search); their numbers follow in that order.
  campaigns.sort((a, b) => a.start - b.start || a.key - b.key);
  let actors = 0;
  for (const c of campaigns) {
    c.firstActor = actors;
    actors += c.numbers.length;
  }
  return { sims, gateways, campaigns, appended: sims.length };
}

/** UTC second of ring r of a campaign: rings are stratified over the window, so their times never decrease with r. */
export function ringTime(start: number, window: number, targets: number, key: number, r: number): number {
  return start + Math.floor(((r + unit(hash3(key, r, 0))) * window) / targets);
}

/** Number of rings of a campaign before UTC second t (binary search: ring times never decrease). */
export function ringsBefore(c: WangiriCampaign, t: number): number {
  if (t <= c.start) return 0;
  if (t >= c.start + c.window) return c.targets;
  let lo = 0;
  let hi = c.targets;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ringTime(c.start, c.window, c.targets, c.key, mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Longest span from a campaign's start to its last call-back (6 h window + 240 min call-backs). */
export const WANGIRI_MAX_SPAN = 6 * 3600 + 240 * 60 + 1;

/** Index of the first campaign (time-ordered) starting at or after t. */
export function firstCampaignFrom(campaigns: readonly WangiriCampaign[], t: number): number {
  let lo = 0;
  let hi = campaigns.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (campaigns[mid]!.start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry of a sorted array ≥ t. */
export function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events of a SIM actor on plan day d (0 when inactive). */
export function actorDayEvents(a: SimActor, d: number, startEpochDay: number): number {
  if (d < a.firstDay || d > a.lastDay) return 0;
  let c = pickRange(hash2(a.key, 1000 + d), a);
  if (a.weekday) c = Math.round(c * (a.weekday[weekdayOf(startEpochDay + d)] ?? 1));
  return c;
}

/** Events of a SIM actor per local hour of plan day d: the hourly curve with per-day jitter, exactly `actorDayEvents`. */
export function actorHourEvents(a: SimActor, d: number, startEpochDay: number): number[] {
  const c = actorDayEvents(a, d, startEpochDay);
  if (c === 0) return new Array<number>(24).fill(0);
  const w = a.hourly.map((x, h) => x * (0.5 + unit(hash3(a.key, d, h))));
  return apportion(c, w);
}

/** Events of `n` events of an hour that fall in part p of `parts` (slices of the hour), exactly. */
export function partEvents(a: SimActor, hourIndex: number, n: number, parts: number, p: number): number {
  if (parts <= 1 || n === 0) return n;
  const slices = apportion(3600, new Array<number>(parts).fill(1));
  const w = slices.map((len, q) => len * (0.75 + 0.5 * unit(hash3(a.key, hourIndex, q))));
  return apportion(n, w)[p]!;
}

/** Records made by n events of an actor in chunk `chunk`: on-net events add a terminating leg, inbound calls two records. */
export function actorChunkSplit(a: SimActor, chunk: number, n: number): { onNet: number; inbound: number; records: number } {
  const onNet = Math.min(n, roundBy(n * a.onNetShare, hash3(a.key, chunk, 1)));
  const inbound = a.inboundRatio > 0 ? roundBy(n * a.inboundRatio, hash3(a.key, chunk, 2)) : 0;
  return { onNet, inbound, records: n + onNet + 2 * inbound };
}
