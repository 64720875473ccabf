/**
 * Statistical realism: the generated records must follow the model of docs/REALISM.md
 * (asserted with tolerances on samples of a few million records).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RATS, type World } from '../../../src/core/world.ts';
import { allChunks, makeWorld, shares } from './helpers.ts';

/** REALISM.md §1: share of a day's events per local hour. */
const HOURLY = {
  voice: [1.2, 0.6, 0.4, 0.3, 0.4, 0.9, 2.2, 3.8, 5.0, 6.0, 6.0, 6.0, 5.9, 5.5, 5.3, 5.4, 5.6, 6.1, 6.6, 7.0, 6.9, 6.0, 4.3, 2.6],
  sms: [2.3, 0.9, 0.5, 0.4, 0.4, 0.8, 1.9, 3.4, 4.6, 5.4, 5.6, 5.6, 5.5, 5.3, 5.2, 5.3, 5.5, 5.9, 6.3, 6.6, 6.7, 6.7, 5.3, 3.9],
  data: [3.2, 2.2, 1.6, 1.3, 1.2, 1.4, 2.2, 3.2, 4.0, 4.4, 4.7, 4.9, 5.0, 5.0, 4.9, 4.7, 5.0, 5.3, 5.6, 6.0, 6.5, 6.8, 6.1, 4.8],
};
/** REALISM.md §1 day-of-week multipliers (Monday first) and the Friday 13–14 h prayer dip of voice. */
const WEEKDAY = { voice: [1, 1, 1, 1, 0.97, 0.95, 0.9], sms: [1, 1, 1, 1, 1, 1, 1], data: [1, 1, 1, 1, 1, 1.05, 1.08] };

/** Expected hour-of-day shares (%) over a run starting on a given weekday, from REALISM §1 alone. */
function expectedHourly(service: Service, firstWeekday: number, days: number): number[] {
  const out = new Array<number>(24).fill(0);
  for (let d = 0; d < days; d++) {
    const wd = (firstWeekday + d) % 7;
    const curve = HOURLY[service].map((x, h) => (service === 'voice' && wd === 4 && h === 13 ? x * 0.8 : x));
    const sum = curve.reduce((a, b) => a + b, 0);
    // The day total is the base-curve total × the weekday multiplier × the dip's effect on the day.
    const dayTotal = WEEKDAY[service][wd]! * sum;
    curve.forEach((x, h) => (out[h]! += (x / sum) * dayTotal));
  }
  return shares(out);
}

/** REALISM.md §6 region weights (%). */
const REGIONS: Record<string, Record<string, number>> = {
  'mali-omea': { Bamako: 27, Sikasso: 19, Segou: 17, Kayes: 15, Mopti: 15, Tombouctou: 3.5, Gao: 3, Kidal: 0.5 },
  guinea: { Conakry: 30, Kankan: 17, Kindia: 13, Nzérékoré: 13, Boké: 9, Faranah: 6, Labé: 6, Mamou: 6 },
};

type Service = 'voice' | 'sms' | 'data';
interface Stats {
  w: World;
  hours: Record<Service, number[]>;
  regions: Record<Service, number[]>;
  /** MOC outcome counts by VOICE_OUTCOMES index, and by subscriber region. */
  outcomes: number[];
  mocByRegion: number[];
  unreachableByRegion: number[];
  congestion: { busy: number; busyN: number; other: number; otherN: number };
  reasons: number[];
  answered: number[];
  moc: number;
  mtc: number;
  /** MOC destination: 0 on-net, 1 off-net (domestic), 2 international. */
  destinations: number[];
  mocPerSub: Float64Array;
  onNetCallees: Map<number, Set<number>>;
  homeOrWork: number;
  events: number;
  smsLengths: number[];
  delivery: number[];
  mo: number;
  mt: number;
  endReasons: number[];
  apns: number[];
  rats: number[];
  dataDurations: number[];
  downs: number[];
  dataBytes: number;
  throughputViolations: string[];
  dataByNonDataUser: number;
}

function collect(w: World): Stats {
  const R = w.model.profile.regions.length;
  const served = new Set(w.model.profile.operators[0]!.prefixes);
  const cc = w.model.profile.countryCode;
  const L = w.model.profile.nationalLength;
  const destOf = (m: number) => {
    const s = String(m);
    if (!s.startsWith(cc) || s.length !== cc.length + L) return 2;
    return served.has(s.slice(cc.length, cc.length + 2)) ? 0 : 1;
  };
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const st: Stats = {
    w,
    hours: { voice: zeros(24), sms: zeros(24), data: zeros(24) },
    regions: { voice: zeros(R), sms: zeros(R), data: zeros(R) },
    outcomes: zeros(7),
    mocByRegion: zeros(R),
    unreachableByRegion: zeros(R),
    congestion: { busy: 0, busyN: 0, other: 0, otherN: 0 },
    reasons: zeros(5),
    answered: [],
    moc: 0,
    mtc: 0,
    destinations: zeros(3),
    mocPerSub: new Float64Array(w.subs.n),
    onNetCallees: new Map(),
    homeOrWork: 0,
    events: 0,
    smsLengths: [],
    delivery: zeros(3),
    mo: 0,
    mt: 0,
    endReasons: zeros(5),
    apns: zeros(w.model.profile.data.apns.length),
    rats: zeros(RATS.length),
    dataDurations: [],
    downs: [],
    dataBytes: 0,
    throughputViolations: [],
    dataByNonDataUser: 0,
  };
  const offset = w.model.profile.utcOffsetMinutes * 60;
  const hourOf = (ts: number) => Math.floor(((((ts + offset) % 86_400) + 86_400) % 86_400) / 3600);
  const busyHour = w.model.profile.time.voice.hourly.map((x) => x >= w.model.profile.voice.busyHourShare);
  const cap = w.model.profile.data.maxThroughput;
  const subs = w.subs;
  for (const c of allChunks(w)) {
    const v = c.voice!;
    for (let j = 0; j < v.length; j++) {
      st.hours.voice[hourOf(v.ts[j]!)]! += 1;
      st.regions.voice[w.cells.region[v.cell[j]!]!]! += 1;
      const s = v.served[j]!;
      st.events++;
      if (v.cell[j] === subs.homeCell[s] || v.cell[j] === subs.workCell[s]) st.homeOrWork++;
      if (v.callType[j] === 0) {
        st.moc++;
        st.outcomes[v.outcome[j]!]! += 1;
        st.reasons[v.reason[j]!]! += 1;
        const r = subs.region[s]!;
        st.mocByRegion[r]! += 1;
        if (v.outcome[j] === 4) st.unreachableByRegion[r]! += 1;
        if (busyHour[c.hour]) {
          st.congestion.busyN++;
          if (v.outcome[j] === 5) st.congestion.busy++;
        } else {
          st.congestion.otherN++;
          if (v.outcome[j] === 5) st.congestion.other++;
        }
        if (v.duration[j]! > 0) st.answered.push(v.duration[j]!);
        const d = destOf(v.callee[j]!);
        st.destinations[d]! += 1;
        st.mocPerSub[s]! += 1;
        if (d === 0) {
          let set = st.onNetCallees.get(s);
          if (!set) st.onNetCallees.set(s, (set = new Set()));
          set.add(v.callee[j]!);
        }
      } else st.mtc++;
    }
    const m = c.sms!;
    for (let j = 0; j < m.length; j++) {
      st.hours.sms[hourOf(m.ts[j]!)]! += 1;
      st.regions.sms[w.cells.region[m.cell[j]!]!]! += 1;
      st.smsLengths.push(m.messageLength[j]!);
      if (m.smsType[j] === 0) {
        st.mo++;
        st.delivery[m.status[j]!]! += 1;
      } else st.mt++;
    }
    const d = c.data!;
    for (let j = 0; j < d.length; j++) {
      st.hours.data[hourOf(d.ts[j]!)]! += 1;
      st.regions.data[w.cells.region[d.cell[j]!]!]! += 1;
      st.endReasons[d.endReason[j]!]! += 1;
      st.apns[d.apn[j]!]! += 1;
      st.rats[d.rat[j]!]! += 1;
      st.dataDurations.push(d.duration[j]!);
      st.downs.push(d.bytesDown[j]!);
      st.dataBytes += d.bytesUp[j]! + d.bytesDown[j]!;
      if (!(subs.flags[d.served[j]!]! & 1)) st.dataByNonDataUser++;
      const limit = d.duration[j]! * cap[RATS[d.rat[j]!]!];
      if ((d.bytesDown[j]! > limit || d.bytesUp[j]! > limit) && st.throughputViolations.length < 5) {
        st.throughputViolations.push(`${RATS[d.rat[j]!]} ${d.duration[j]} s: down ${d.bytesDown[j]} up ${d.bytesUp[j]}`);
      }
    }
  }
  return st;
}

const max = (xs: ArrayLike<number>) => {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > m) m = xs[i]!;
  return m;
};
const min = (xs: ArrayLike<number>) => -max(Array.from(xs, (x) => -x));
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
};
const pct = (counts: number[]) => shares(counts);

for (const [profile, subscribers, days] of [
  ['mali-omea', 50_000, 7],
  ['guinea', 30_000, 4],
] as const) {
  describe(`realism of ${profile} (${subscribers} subscribers, ${days} days)`, () => {
    let st: Stats;
    beforeAll(() => {
      st = collect(makeWorld({ profile, population: { subscribers }, period: { days } }));
    });

    it('hour-of-day shares match REALISM §1 within 0.3 points, with a night trough and an evening peak', () => {
      // 2025-10-01 is a Wednesday (weekday 2, Monday = 0).
      for (const s of ['voice', 'sms', 'data'] as const) {
        const got = pct(st.hours[s]);
        const want = expectedHourly(s, 2, days);
        got.forEach((g, h) => expect(Math.abs(g - want[h]!), `${s} ${h} h: ${g.toFixed(2)} vs ${want[h]!.toFixed(2)}`).toBeLessThan(0.3));
        // The weekly mix stays close to the base table too.
        got.forEach((g, h) => expect(Math.abs(g - HOURLY[s][h]!)).toBeLessThan(0.45));
        const night = min(got.slice(2, 5));
        const evening = max(got.slice(18, 22));
        expect(night * 4).toBeLessThan(evening);
        expect(got.indexOf(max(got))).toBeGreaterThanOrEqual(18);
      }
    });

    it('region shares of records are within 2 points of the profile weights (REALISM §6)', () => {
      const names = st.w.model.profile.regions.map((r) => r.name);
      expect(new Set(names)).toEqual(new Set(Object.keys(REGIONS[profile]!)));
      for (const s of ['voice', 'sms', 'data'] as const) {
        const got = pct(st.regions[s]);
        names.forEach((n, r) => expect(Math.abs(got[r]! - REGIONS[profile]![n]!), `${s} ${n}: ${got[r]!.toFixed(2)} %`).toBeLessThan(2));
      }
    });

    it('answered calls: median 40–65 s, mean near 90 s, 1 s ≤ duration ≤ 3600 s (REALISM §3)', () => {
      const med = median(st.answered);
      expect(med).toBeGreaterThanOrEqual(40);
      expect(med).toBeLessThanOrEqual(65);
      const mean = st.answered.reduce((a, b) => a + b, 0) / st.answered.length;
      expect(mean).toBeGreaterThan(70);
      expect(mean).toBeLessThan(110);
      expect(min(st.answered)).toBeGreaterThanOrEqual(1);
      expect(max(st.answered)).toBeLessThanOrEqual(3600);
    });

    it('MOC outcome mix follows the profile (answered 68, no answer 14, busy 6, unreachable 7, …)', () => {
      const [answered, dropped, noAnswer, busy, unreachable, congestion, invalid] = pct(st.outcomes) as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      expect(answered).toBeGreaterThan(65);
      expect(answered).toBeLessThan(70);
      expect(Math.abs(dropped - 2)).toBeLessThan(0.4);
      expect(Math.abs(noAnswer - 14)).toBeLessThan(1);
      expect(Math.abs(busy - 6)).toBeLessThan(0.6);
      expect(unreachable).toBeGreaterThan(6);
      expect(unreachable).toBeLessThan(9.5);
      expect(congestion).toBeGreaterThan(1.7);
      expect(congestion).toBeLessThan(3);
      expect(Math.abs(invalid - 1)).toBeLessThan(0.3);
      // Legacy mapping: answered → NORMAL or USER_TERMINATED (12 % of answered), dropped → NETWORK_ERROR, …
      const [normal, failed, user, noAns, network] = st.reasons as [number, number, number, number, number];
      const o = st.outcomes;
      expect(normal + user).toBe(o[0]);
      expect(network).toBe(o[1]);
      expect(noAns).toBe(o[2]);
      expect(failed).toBe(o[3]! + o[4]! + o[5]! + o[6]!);
      expect(Math.abs(user / o[0]! - 0.12)).toBeLessThan(0.01);
    });

    it('unreachable is higher in rural regions and congestion doubles in the busy hours', () => {
      const regions = st.w.model.profile.regions;
      const rate = (r: number) => st.unreachableByRegion[r]! / st.mocByRegion[r]!;
      const capital = regions.findIndex((r) => r.ruralClass === 0);
      const remote = regions.map((r, i) => (r.ruralClass === 3 ? i : -1)).filter((i) => i >= 0);
      for (const r of remote) expect(rate(r)).toBeGreaterThan(rate(capital) * 1.5);
      expect(Math.abs(rate(capital) - 0.057)).toBeLessThan(0.01);
      const ratio = st.congestion.busy / st.congestion.busyN / (st.congestion.other / st.congestion.otherN);
      expect(ratio).toBeGreaterThan(1.6);
      expect(ratio).toBeLessThan(2.4);
    });

    it('destination mix and leg counts follow the profile (MTC ≈ MOC, MT/MO ≈ 0.7/0.3)', () => {
      const d = pct(st.destinations);
      const want = profile === 'guinea' ? [94, 5, 1] : [80, 20, 0];
      d.forEach((x, i) => expect(Math.abs(x - want[i]!), `destination ${i}: ${x.toFixed(2)} %`).toBeLessThan(i === 2 ? 0.3 : 1));
      expect(Math.abs(st.mtc / st.moc - 1)).toBeLessThan(0.03);
      expect(Math.abs(st.mt / st.mo - 0.7 / 0.3)).toBeLessThan(0.1);
      // ≈ 2.7 MOC per active SIM and day (REALISM §2), before the weekday dip.
      const perSubDay = st.moc / subscribers / days;
      expect(perSubDay).toBeGreaterThan(2.4);
      expect(perSubDay).toBeLessThan(2.7);
    });

    it('activity is heavy-tailed and calls go to a small circle of contacts', () => {
      const sorted = Array.from(st.mocPerSub).sort((a, b) => b - a);
      const top10 = sorted.slice(0, subscribers / 10).reduce((a, b) => a + b, 0) / st.moc;
      expect(top10).toBeGreaterThan(0.3); // lognormal σ = 1: the top decile makes ≈ 39 % of calls
      expect(top10).toBeLessThan(0.5);
      const circle = [...st.onNetCallees.values()].map((s) => s.size);
      expect(max(circle)).toBeLessThanOrEqual(Math.round(30 * (profile === 'guinea' ? 0.94 : 0.8)));
      expect(median(circle)).toBeLessThanOrEqual(8);
    });

    it('most events happen at the home or work cell', () => {
      const share = st.homeOrWork / st.events;
      expect(share).toBeGreaterThan(0.8);
      expect(share).toBeLessThan(0.95);
    });

    it('SMS: length 1–160, mostly 20–80; MO delivery mix per profile', () => {
      expect(min(st.smsLengths)).toBeGreaterThanOrEqual(1);
      expect(max(st.smsLengths)).toBeLessThanOrEqual(160);
      const med = median(st.smsLengths);
      expect(med).toBeGreaterThanOrEqual(30);
      expect(med).toBeLessThanOrEqual(60);
      expect(st.smsLengths.filter((x) => x >= 20 && x <= 80).length / st.smsLengths.length).toBeGreaterThan(0.6);
      const want = profile === 'guinea' ? [97, 2, 1] : [90, 5, 5];
      pct(st.delivery).forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThan(0.8));
    });

    it('data: bytes within the RAT throughput caps per direction, durations and volumes per REALISM §5', () => {
      expect(st.throughputViolations).toEqual([]);
      const dm = median(st.dataDurations);
      expect(dm).toBeGreaterThan(240);
      expect(dm).toBeLessThan(360);
      expect(max(st.dataDurations)).toBeLessThanOrEqual(3600);
      expect(min(st.dataDurations)).toBeGreaterThanOrEqual(1);
      const down = median(st.downs);
      expect(down).toBeGreaterThan(1.2e6);
      expect(down).toBeLessThan(2.0e6);
      // ≈ 70 MB per data user per day.
      let dataUsers = 0;
      for (let i = 0; i < st.w.subs.n; i++) dataUsers += st.w.subs.flags[i]! & 1;
      expect(Math.abs(dataUsers / subscribers - 0.55)).toBeLessThan(0.01);
      const mbPerUserDay = st.dataBytes / 1e6 / days / dataUsers;
      expect(mbPerUserDay).toBeGreaterThan(52);
      expect(mbPerUserDay).toBeLessThan(88);
      expect(st.dataByNonDataUser).toBe(0);
    });

    it('data: end reasons 85/5/5/3/2 and APN mix 93/2/5', () => {
      pct(st.endReasons).forEach((x, i) => expect(Math.abs(x - [85, 5, 5, 3, 2][i]!)).toBeLessThan(0.6));
      pct(st.apns).forEach((x, i) => expect(Math.abs(x - [93, 2, 5][i]!)).toBeLessThan(0.6));
      expect(st.rats[3]).toBe(0); // no 5G in these profiles' session mix
    });

    // Regression (was a known deviation): the session RAT used to be capped by the serving cell and by
    // 2G-only phones, leaving 4G far below the mix. Data users now carry data-capable phones and camp
    // on a cell of the drawn layer when their region has one.
    it('data: RAT mix of sessions within 5 points of the profile mix', () => {
      const want = RATS.map((r) => st.w.model.profile.data.rat[r]);
      const total = want.reduce((a, b) => a + b, 0);
      pct(st.rats).forEach((x, i) => expect(Math.abs(x - (100 * want[i]!) / total), `${RATS[i]}: ${x.toFixed(1)} %`).toBeLessThan(5));
    });
  });
}
