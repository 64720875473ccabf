import { parseIsoDate, weekdayOf } from './calendar.ts';
import { MAX_ROWS, ScenarioError, type Model } from './scenario.ts';
import type { Profile, ServiceType, TimeCurve } from './profiles/types.ts';
import { apportion } from './sampling.ts';
import { planExtras, type ChunkExtra, type PlanTruth } from './truth/extras.ts';

/** Target number of records (all services) per chunk; part of the data version. */
export const CHUNK_RECORDS = 200_000;

export const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** Counts of each kind of voice or SMS event in one chunk. */
export interface PairedCounts {
  /** On-net events with both legs (MOC+MTC / MO+MT): 2 records each. */
  pairs: number;
  offNet: number;
  international: number;
  /** Terminating-only records from off-net / international / A2P parties. */
  inbound: number;
}

/** One unit of work: a time slice of one hour of one day, with exact counts per service. */
export interface ChunkSpec {
  index: number;
  day: number;
  hour: number;
  part: number;
  parts: number;
  /** Slice of the hour in seconds [from, to). */
  fromSecond: number;
  toSecond: number;
  /** UTC epoch seconds of the start of the hour. */
  hourStartUtc: number;
  records: Record<ServiceType, number>;
  /** First id number (1-based) of each service in this chunk. */
  idStart: Record<ServiceType, number>;
  voice: PairedCounts;
  sms: PairedCounts;
  /**
   * Fraud and fault counts (only when the scenario enables some): `records` is then the final row count
   * and `voice`/`sms` describe the normal simulation of `extra.base` records.
   */
  extra?: ChunkExtra;
}

export interface Plan {
  startEpochDay: number;
  days: number;
  types: ServiceType[];
  /** Records per service per day. */
  perDay: Record<ServiceType, number[]>;
  /** Records per service per (day*24 + hour). */
  perHour: Record<ServiceType, number[]>;
  totals: Record<ServiceType, number>;
  total: number;
  chunks: ChunkSpec[];
  /** Expected share of each region (normalised weights). */
  regionShares: number[];
  /** Fraud actors and fault counts of the run (only when the scenario has a `faults` or `fraud` section). */
  truth?: PlanTruth;
}

/** Hour weights of a service on a given weekday, adjustments included. */
export function hourWeights(curve: TimeCurve, weekday: number): number[] {
  const w = curve.hourly.slice(0, 24);
  while (w.length < 24) w.push(0);
  for (const a of curve.adjustments) {
    if (a.weekday !== weekday) continue;
    for (let h = a.fromHour; h < a.toHour && h < 24; h++) w[h] = w[h]! * a.factor;
  }
  return w;
}

const total = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/**
 * Unit of the SMS kind weights (records per MO): the MO rate, floored at 1e-9 so that an MO rate of
 * 0 (MT / A2P traffic only) or a denormal one keeps every weight finite.
 */
const smsWeightUnit = (moPerSubDay: number) => (moPerSubDay >= 1e-9 ? moPerSubDay : 1e-9);

/** Per-subscriber-day record ratios used to split counts into event kinds. */
export function kindWeights(profile: Profile, service: 'voice' | 'sms'): [number, number, number, number] {
  if (service === 'voice') {
    const v = profile.voice;
    const d = total(v.destinations) || 1;
    return [(2 * v.destinations.onNet) / d, v.destinations.offNet / d, v.destinations.international / d, v.inboundPerMoc];
  }
  const s = profile.sms;
  const d = total(s.destinations) || 1;
  const mo = smsWeightUnit(s.moPerSubDay);
  const on = (s.moPerSubDay * s.destinations.onNet) / d;
  const inbound = Math.max(0, s.mtPerSubDay - on);
  return [(2 * on) / mo, (s.moPerSubDay * s.destinations.offNet) / d / mo, (s.moPerSubDay * s.destinations.international) / d / mo, inbound / mo];
}

/** Expected records per subscriber per day (before weekday effects) for a service. */
export function recordsPerSubDay(profile: Profile, service: ServiceType): number {
  const act = 1 - profile.population.inactiveShare;
  if (service === 'voice') {
    const [p, o, i, inb] = kindWeights(profile, 'voice');
    return act * profile.voice.mocPerSubDay * (p + o + i + inb);
  }
  if (service === 'sms') {
    const [p, o, i, inb] = kindWeights(profile, 'sms');
    return act * smsWeightUnit(profile.sms.moPerSubDay) * (p + o + i + inb);
  }
  return act * profile.population.dataUserShare * profile.data.sessionsPerUserDay;
}

/** Splits a record count into pairs (2 records each) and single-record kinds, exactly. */
export function splitKinds(records: number, w: [number, number, number, number]): PairedCounts {
  const W = w[0] + w[1] + w[2] + w[3];
  let pairs = W > 0 ? Math.floor((records * (w[0] / W)) / 2) : 0;
  let rest = records - 2 * pairs;
  if (w[1] + w[2] + w[3] <= 0 && rest > 0 && w[0] > 0) {
    // Only paired events exist: an odd remainder becomes one off-net event.
    pairs = Math.floor(records / 2);
    rest = records - 2 * pairs;
  }
  const [offNet, international, inbound] = apportion(rest, [w[1], w[2], w[3]]) as [number, number, number];
  return { pairs, offNet, international, inbound };
}

/**
 * Refuses a run sized for more than MAX_ROWS records. The chunks are sized on every service, selected or
 * not, so this counts them all: it bounds the plan (at most ~140,000 chunks, well under a second) as much as
 * the run (the schema alone lets 10 M subscribers × 3,660 days, or 3 × 10^9 exact records a day, through).
 */
function checkVolume(model: Model, potential: Record<ServiceType, number[]>): void {
  const { volume, period } = model.scenario;
  if (volume.mode === 'rows') return; // rows ≤ MAX_ROWS by the schema
  const sized =
    volume.mode === 'exact'
      ? period.days * (volume.recordsPerDay.voice + volume.recordsPerDay.sms + volume.recordsPerDay.data)
      : SERVICES.reduce((a, s) => a + potential[s].reduce((x, y) => x + y, 0), 0);
  if (sized <= MAX_ROWS) return;
  const n = sized.toExponential(1);
  throw new ScenarioError([
    volume.mode === 'exact'
      ? { path: 'volume.recordsPerDay', message: `records per day × days is ${n}, more than the limit of ${MAX_ROWS.toExponential(0)} records` }
      : {
          path: 'population.subscribers',
          message: `this run would produce about ${n} records (all services), more than the limit of ${MAX_ROWS.toExponential(0)}: lower the subscribers, days or rates`,
        },
  ]);
}

/** Decides every count of the run before anything is generated: per day, hour, chunk and kind. */
export function buildPlan(model: Model): Plan {
  const { scenario, profile, types } = model;
  const startEpochDay = parseIsoDate(scenario.period.start)!;
  const days = scenario.period.days;
  const subs = scenario.population.subscribers;
  const perDay = { voice: [] as number[], sms: [] as number[], data: [] as number[] };
  const expected = { voice: [] as number[], sms: [] as number[], data: [] as number[] };
  /** Expected records of every service, selected or not (chunk sizing must not depend on the selection). */
  const potential = { voice: [] as number[], sms: [] as number[], data: [] as number[] };
  for (const s of SERVICES) {
    const rate = recordsPerSubDay(profile, s);
    const curve = profile.time[s];
    const base = total(Object.fromEntries(curve.hourly.map((v, i) => [i, v])));
    for (let d = 0; d < days; d++) {
      const wd = weekdayOf(startEpochDay + d);
      const adj = base > 0 ? hourWeights(curve, wd).reduce((a, b) => a + b, 0) / base : 1;
      potential[s].push(subs * rate * (curve.weekday[wd] ?? 1) * adj);
      expected[s].push(types.includes(s) ? potential[s][d]! : 0);
    }
  }
  const vol = scenario.volume;
  checkVolume(model, potential);
  for (const s of SERVICES) {
    for (let d = 0; d < days; d++) {
      let n = 0;
      if (!types.includes(s)) n = 0;
      else if (vol.mode === 'activity') n = Math.round(expected[s][d]!);
      else if (vol.mode === 'exact') n = vol.recordsPerDay[s];
      perDay[s].push(n);
    }
  }
  if (vol.mode === 'rows') {
    let flat = SERVICES.flatMap((s) => expected[s]);
    // No expected activity in the selected services: spread the rows evenly over them (never over unselected ones).
    if (!flat.some((x) => x > 0)) flat = SERVICES.flatMap((s) => expected[s].map(() => (types.includes(s) ? 1 : 0)));
    const parts = apportion(vol.rows, flat);
    SERVICES.forEach((s, k) => {
      for (let d = 0; d < days; d++) perDay[s][d] = parts[k * days + d]!;
    });
  }
  const perHour = { voice: [] as number[], sms: [] as number[], data: [] as number[] };
  // Records per hour used to size the chunks: a service that is not selected counts as if it were, so
  // enabling, disabling or selecting a service never moves the chunks (and the records) of the others.
  const sizing = { voice: [] as number[], sms: [] as number[], data: [] as number[] };
  for (const s of SERVICES) {
    for (let d = 0; d < days; d++) {
      const w = hourWeights(profile.time[s], weekdayOf(startEpochDay + d));
      const hours = apportion(perDay[s][d]!, w);
      perHour[s].push(...hours);
      if (types.includes(s) || vol.mode === 'rows') sizing[s].push(...hours);
      else sizing[s].push(...apportion(vol.mode === 'exact' ? vol.recordsPerDay[s] : Math.round(potential[s][d]!), w));
    }
  }
  const vw = kindWeights(profile, 'voice');
  const sw = kindWeights(profile, 'sms');
  const chunks: ChunkSpec[] = [];
  const next = { voice: 1, sms: 1, data: 1 };
  const dayStartUtc = (d: number) => (startEpochDay + d) * 86_400 - profile.utcOffsetMinutes * 60;
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h++) {
      const k = d * 24 + h;
      const hourTotal = sizing.voice[k]! + sizing.sms[k]! + sizing.data[k]!;
      const parts = Math.max(1, Math.ceil(hourTotal / CHUNK_RECORDS));
      const slices = apportion(3600, new Array<number>(parts).fill(1));
      const vParts = apportion(perHour.voice[k]!, slices);
      const sParts = apportion(perHour.sms[k]!, slices);
      const dParts = apportion(perHour.data[k]!, slices);
      let from = 0;
      for (let p = 0; p < parts; p++) {
        const records = { voice: vParts[p]!, sms: sParts[p]!, data: dParts[p]! };
        chunks.push({
          index: chunks.length,
          day: d,
          hour: h,
          part: p,
          parts,
          fromSecond: from,
          toSecond: from + slices[p]!,
          hourStartUtc: dayStartUtc(d) + h * 3600,
          records,
          idStart: { ...next },
          voice: splitKinds(records.voice, vw),
          sms: splitKinds(records.sms, sw),
        });
        from += slices[p]!;
        next.voice += records.voice;
        next.sms += records.sms;
        next.data += records.data;
      }
    }
  }
  const truth = planExtras(model, types, chunks, startEpochDay, dayStartUtc);
  if (truth) {
    // Fraud records and fault counts are now in the chunks: ids, per-day / per-hour counts follow them.
    next.voice = next.sms = next.data = 1;
    for (const c of chunks) {
      c.idStart = { ...next };
      for (const s of SERVICES) {
        const delta = c.records[s] - c.extra!.base[s];
        perDay[s][c.day]! += delta;
        perHour[s][c.day * 24 + c.hour]! += delta;
        next[s] += c.extra!.ids[s];
      }
    }
  }
  const totals = truth
    ? {
        voice: chunks.reduce((a, c) => a + c.records.voice, 0),
        sms: chunks.reduce((a, c) => a + c.records.sms, 0),
        data: chunks.reduce((a, c) => a + c.records.data, 0),
      }
    : { voice: next.voice - 1, sms: next.sms - 1, data: next.data - 1 };
  const rw = profile.regions.map((r) => r.weight);
  const rs = rw.reduce((a, b) => a + b, 0) || 1;
  return {
    startEpochDay,
    days,
    types,
    perDay,
    perHour,
    totals,
    total: totals.voice + totals.sms + totals.data,
    chunks,
    regionShares: rw.map((w) => w / rs),
    ...(truth ? { truth } : {}),
  };
}
