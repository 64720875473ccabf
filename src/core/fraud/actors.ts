/**
 * Fraud actors in the world: the fraudulent SIMs are subscribers of the served operator appended after
 * the base (their MSISDN, IMSI and IMEI come from the same bijections as the base, so they never collide
 * with it), and the Wangiri calling numbers are foreign numbers. The normal simulation never draws them.
 */
import { AffinePermutation, luhnDigit, type NumberBlock } from '../numbering.ts';
import type { Plan } from '../plan.ts';
import { hash2, hashInts, streamId, unit } from '../rng.ts';
import type { Model } from '../scenario.ts';
import type { Cells, Subscribers } from '../world.ts';
import type { FraudSchedule, SimPattern } from './schedule.ts';

/** Ledger / fraud_actors names of the patterns. */
export const PATTERN_NAMES = ['simbox', 'wangiri', 'irsf', 'high_velocity'] as const;
const PATTERN_OF: Record<SimPattern, number> = { simBox: 0, irsf: 2, highVelocity: 3 };

/** One row of the `fraud_actors` table. */
export interface FraudActor {
  /** Index into PATTERN_NAMES. */
  pattern: number;
  campaign: string;
  role: 'sim' | 'calling_number';
  msisdn: number;
  /** Subscriber index (appended SIMs), -1 for foreign numbers. */
  sub: number;
  /** Active plan days [firstDay, lastDay]. */
  firstDay: number;
  lastDay: number;
  /** Fixed / home cell, -1 when none. */
  cell: number;
  /** Called range (IRSF) or calling country (Wangiri); '' otherwise. */
  target: string;
  /** Records of the actor's fraud in the whole run (planned exactly). */
  records: number;
}

export interface FraudWorld {
  schedule: FraudSchedule;
  /** SIM actors first (slot order), then every Wangiri number (campaign order). */
  actors: FraudActor[];
  /** Two cells per SIM actor: main and secondary (SIM-box: two sectors of its gateway's site). */
  simCells: Int32Array;
}

/** Fictitious TACs (not used by any profile device): a multi-SIM GSM gateway, robo-dialer phones, IRSF handsets. */
export const FRAUD_TACS = { simBox: 35912307, highVelocity: 35671209, irsf: 35420817 } as const;

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, n: number): T {
  const out = new (a.constructor as new (n: number) => T)(n);
  out.set(a);
  return out;
}

const imeiOf = (tac: number, serial: number) => {
  const body = tac * 1e6 + (serial % 1e6);
  return body * 10 + luhnDigit(body);
};

/** Appends the fraudulent SIMs of the plan's schedule to the subscriber arrays and lists every actor. */
export function appendFraudSims(model: Model, plan: Plan, cells: Cells, subs: Subscribers, servedBlock: NumberBlock): FraudWorld {
  const schedule = plan.truth!.fraud!;
  const { profile, scenario } = model;
  const seed = scenario.seed;
  const N = subs.n;
  const F = schedule.appended;
  const T = N + F;
  const s = subs as unknown as Record<string, Float64Array | Int32Array | Uint8Array>;
  for (const k of [
    'region',
    'msisdn',
    'imsi',
    'imei',
    'device',
    'activityClass',
    'flags',
    'segment',
    'homeCell',
    'workCell',
    'activationDay',
    'contacts',
  ]) {
    s[k] = grow(s[k]!, T);
  }
  subs.total = T;
  const k = (name: string) => hashInts(seed, streamId(name));
  // The base's own bijections, continued past N: unique numbers and IMSIs.
  const kMsisdn = new AffinePermutation(servedBlock.size, k('subs.msisdn.a'), k('subs.msisdn.b'));
  const kMsin = new AffinePermutation(1e10, k('subs.msin.a'), k('subs.msin.b'));
  const served = profile.operators[0]!;
  const imsiBase = Number(served.mcc + served.mnc) * 1e10;
  const devices = profile.population.devices;
  const basic = Math.max(
    0,
    devices.findIndex((d) => d.maxRat === '2G'),
  );
  const R = profile.regions.length;
  // SIM-box gateways sit in towns: regions weighted by weight × urbanity.
  const regionW = profile.regions.map((r, i) =>
    subs.regionStart[i + 1]! > subs.regionStart[i]! ? r.weight * (r.ruralClass <= 1 ? 3 : 1) : 0,
  );
  const regionSum = regionW.reduce((a, b) => a + b, 0) || 1;
  const pickRegion = (u: number) => {
    let acc = 0;
    for (let r = 0; r < R; r++) {
      acc += regionW[r]! / regionSum;
      if (u < acc) return r;
    }
    return R - 1;
  };
  const cellIn = (r: number, u: number) => cells.regionStart[r]! + cells.regionPick[r]!.pick(u);
  const sister = (c: number) => {
    if (c + 1 < cells.n && cells.site[c + 1] === cells.site[c]) return c + 1;
    if (c > 0 && cells.site[c - 1] === cells.site[c]) return c - 1;
    return c;
  };
  const gwCells = schedule.gateways.map((_, g) => {
    const h = hashInts(seed, streamId('fraud.simbox.site'), g);
    const c = cellIn(pickRegion(unit(h)), unit(hash2(h, 1)));
    return [c, sister(c)] as const;
  });
  const gwSerial = k('fraud.simbox.imei');
  const ownSerial = k('fraud.sim.imei');
  const simCells = new Int32Array(2 * schedule.sims.length);
  const actors: FraudActor[] = [];
  const records = plan.truth!.actorRecords;
  const start = plan.startEpochDay;
  for (const a of schedule.sims) {
    const i = N + a.slot;
    let c1: number;
    let c2: number;
    if (a.pattern === 'simBox') {
      const [x, y] = gwCells[a.gateway]!;
      // Each SIM of the gateway camps mostly on one of the two sectors.
      [c1, c2] = a.slot % 2 === 0 ? [x, y] : [y, x];
    } else {
      const h = hash2(a.key, 77);
      const r = subs.region[hash2(h, 1) % N]!;
      c1 = cellIn(r, unit(h));
      c2 = unit(hash2(h, 2)) < 0.5 ? c1 : cellIn(r, unit(hash2(h, 3)));
    }
    simCells[2 * a.slot] = c1;
    simCells[2 * a.slot + 1] = c2;
    subs.region[i] = cells.region[c1]!;
    subs.msisdn[i] = servedBlock.msisdn(kMsisdn.at(i));
    subs.imsi[i] = imsiBase + kMsin.at(i);
    subs.imei[i] =
      a.pattern === 'simBox'
        ? imeiOf(FRAUD_TACS.simBox, (gwSerial + a.gateway) >>> 0)
        : imeiOf(a.pattern === 'irsf' ? FRAUD_TACS.irsf : FRAUD_TACS.highVelocity, (ownSerial + a.slot) >>> 0);
    subs.device[i] = basic;
    subs.activityClass[i] = 0;
    // SIM-box and high-velocity SIMs are new prepaid lines; IRSF uses compromised (often postpaid) ones.
    subs.flags[i] = a.pattern === 'irsf' ? 0 : 2;
    subs.segment[i] = a.pattern === 'irsf' ? 2 : 0;
    subs.homeCell[i] = c1;
    subs.workCell[i] = c2;
    subs.activationDay[i] = start + a.activation;
    subs.contacts[i] = 1;
    actors.push({
      pattern: PATTERN_OF[a.pattern],
      campaign: a.campaign,
      role: 'sim',
      msisdn: subs.msisdn[i]!,
      sub: i,
      firstDay: a.firstDay,
      lastDay: a.lastDay,
      cell: c1,
      target: a.target ? `+${a.target.cc} ${a.target.base}–${a.target.base + a.target.size - 1}` : '',
      records: records[a.slot] ?? 0,
    });
  }
  for (const c of schedule.campaigns) {
    c.numbers.forEach((msisdn, j) => {
      actors.push({
        pattern: 1,
        campaign: c.id,
        role: 'calling_number',
        msisdn,
        sub: -1,
        firstDay: c.day,
        lastDay: c.day,
        cell: -1,
        target: `+${c.cc}`,
        records: records[schedule.sims.length + c.firstActor + j] ?? 0,
      });
    });
  }
  return { schedule, actors, simCells };
}
