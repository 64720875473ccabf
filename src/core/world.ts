import { featureContains, regionFeature } from './geo.ts';
import { AffinePermutation, NumberBlock, luhnDigit } from './numbering.ts';
import { buildPlan, type Plan } from './plan.ts';
import type { Rat } from './profiles/types.ts';
import { Rng, hash2, hash3, hashInts, streamId, unit } from './rng.ts';
import { AliasTable, apportion, zipfWeights } from './sampling.ts';
import type { Model } from './scenario.ts';
import { activityClassMeans } from './stats.ts';
import { appendFraudSims, type FraudWorld } from './fraud/actors.ts';

export const RATS: readonly Rat[] = ['2G', '3G', '4G', '5G'];

/** The cell inventory (dimension table), columnar. */
export interface Cells {
  n: number;
  id: string[];
  region: Int32Array;
  town: string[];
  lat: Float64Array;
  lon: Float64Array;
  /** Highest technology index into RATS. */
  tech: Uint8Array;
  lac: Int32Array;
  capacityErlang: Float64Array;
  site: Int32Array;
  azimuth: Int32Array;
  /** Cells of region r are [regionStart[r], regionStart[r+1]). */
  regionStart: Int32Array;
  /** Per region: weighted choice of one of its cells (attractiveness). */
  regionPick: AliasTable[];
}

export const SEGMENTS = ['mass', 'youth', 'premium', 'business'] as const;

/** The subscriber base (dimension table), columnar. */
export interface Subscribers {
  /** Size of the base (the subscribers the normal simulation draws from). */
  n: number;
  /** Subscribers including the fraud SIMs appended after the base (= n when fraud is off). */
  total: number;
  regionStart: Int32Array;
  region: Uint8Array;
  msisdn: Float64Array;
  imsi: Float64Array;
  imei: Float64Array;
  device: Uint8Array;
  activityClass: Uint8Array;
  /** bit0 data user, bit1 prepaid, bit2 single cell. */
  flags: Uint8Array;
  segment: Uint8Array;
  homeCell: Int32Array;
  workCell: Int32Array;
  activationDay: Int32Array;
  contacts: Uint8Array;
  /** Subscriber ids grouped by (region, activity class, data user). */
  order: Int32Array;
  groupStart: Int32Array;
  /** Per region: choice of a (class, data user) group, weighted by size × activity. */
  voicePick: AliasTable[];
  dataPick: (AliasTable | null)[];
}

/** Everything a worker needs to generate any chunk: rebuilt from the scenario, never shipped. */
export interface World {
  model: Model;
  plan: Plan;
  cells: Cells;
  subs: Subscribers;
  activityMeans: number[];
  servedBlock: NumberBlock;
  offNetBlocks: NumberBlock[];
  offNetPick: AliasTable | null;
  foreignPick: AliasTable | null;
  zipf: AliasTable[];
  /** Fraud actors (SIMs appended to `subs`, Wangiri numbers), when the scenario enables fraud. */
  fraud: FraudWorld | null;
  keys: {
    inactive: number;
    contactsOn: number;
    contactsOff: number;
    contactsIntl: number;
  };
}

const FLAG_DATA = 1;
const FLAG_PREPAID = 2;
const FLAG_SINGLE = 4;
export { FLAG_DATA, FLAG_PREPAID, FLAG_SINGLE };

function buildCells(model: Model): Cells {
  const { profile, scenario } = model;
  const seed = scenario.seed;
  const pop = profile.population;
  const R = profile.regions.length;
  const totalSites = Math.max(1, Math.ceil(scenario.population.subscribers / pop.subscribersPerSite));
  const perRegion = apportion(totalSites, profile.regions.map((r) => r.weight)).map((n) => Math.max(2, n));
  const sectors = Math.max(1, pop.sectorsPerSite);
  const n = perRegion.reduce((a, b) => a + b, 0) * sectors;
  const cells: Cells = {
    n,
    id: [],
    region: new Int32Array(n),
    town: [],
    lat: new Float64Array(n),
    lon: new Float64Array(n),
    tech: new Uint8Array(n),
    lac: new Int32Array(n),
    capacityErlang: new Float64Array(n),
    site: new Int32Array(n),
    azimuth: new Int32Array(n),
    regionStart: new Int32Array(R + 1),
    regionPick: [],
  };
  let c = 0;
  let siteGlobal = 0;
  for (let r = 0; r < R; r++) {
    const region = profile.regions[r]!;
    cells.regionStart[r] = c;
    const townPick = new AliasTable(region.towns.map((t) => t.weight));
    const techPick = new AliasTable(RATS.map((k) => pop.siteTechnologyByRuralClass[region.ruralClass][k]));
    const feature = regionFeature(profile.id, region.geoId);
    const attract: number[] = [];
    const pad = Math.max(3, String(perRegion[r]! * sectors).length);
    for (let s = 0; s < perRegion[r]!; s++) {
      const rng = new Rng(hashInts(seed, streamId('cells.site'), r, s));
      const town = region.towns[townPick.sample(rng)]!;
      let lat = town.lat;
      let lon = town.lon;
      for (let tries = 0; tries < 30; tries++) {
        const la = town.lat + town.spread * rng.normal();
        const lo = town.lon + town.spread * rng.normal();
        if (!feature || featureContains(feature, la, lo)) {
          lat = la;
          lon = lo;
          break;
        }
      }
      const tech = techPick.sample(rng);
      const a = Math.exp(0.7 * rng.normal());
      const baseErl = [25, 45, 70, 110][tech]!;
      for (let k = 0; k < sectors; k++) {
        cells.id.push(`CELL_${region.code}_${String(s * sectors + k + 1).padStart(pad, '0')}`);
        cells.region[c] = r;
        cells.town.push(town.name);
        cells.lat[c] = Math.round(lat * 1e5) / 1e5;
        cells.lon[c] = Math.round(lon * 1e5) / 1e5;
        cells.tech[c] = tech;
        cells.lac[c] = (r + 1) * 1000 + Math.floor(s / 8) + 1;
        cells.capacityErlang[c] = Math.round(baseErl * (0.8 + 0.4 * rng.float()) * 10) / 10;
        cells.site[c] = siteGlobal;
        cells.azimuth[c] = Math.round((k * 360) / sectors);
        attract.push(a * (0.7 + 0.6 * rng.float()));
        c++;
      }
      siteGlobal++;
    }
    cells.regionPick.push(new AliasTable(attract));
  }
  cells.regionStart[R] = c;
  return cells;
}

function buildSubscribers(model: Model, cells: Cells, servedBlock: NumberBlock, activity: { probs: number[]; means: number[] }): Subscribers {
  const { profile, scenario } = model;
  const seed = scenario.seed;
  const pop = profile.population;
  const N = scenario.population.subscribers;
  const R = profile.regions.length;
  const C = activity.probs.length;
  const served = profile.operators[0]!;
  const perRegion = apportion(N, profile.regions.map((r) => r.weight));
  const subs: Subscribers = {
    n: N,
    total: N,
    regionStart: new Int32Array(R + 1),
    region: new Uint8Array(N),
    msisdn: new Float64Array(N),
    imsi: new Float64Array(N),
    imei: new Float64Array(N),
    device: new Uint8Array(N),
    activityClass: new Uint8Array(N),
    flags: new Uint8Array(N),
    segment: new Uint8Array(N),
    homeCell: new Int32Array(N),
    workCell: new Int32Array(N),
    activationDay: new Int32Array(N),
    contacts: new Uint8Array(N),
    order: new Int32Array(N),
    groupStart: new Int32Array(R * C * 2 + 1),
    voicePick: [],
    dataPick: [],
  };
  const k = (name: string) => hashInts(seed, streamId(name));
  const kMsisdn = new AffinePermutation(servedBlock.size, k('subs.msisdn.a'), k('subs.msisdn.b'));
  const kMsin = new AffinePermutation(1e10, k('subs.msin.a'), k('subs.msin.b'));
  // IMEI serials: 10^6 per TAC; above a million subscribers a model spreads over TAC variants (last
  // two TAC digits), so IMEIs stay unique for any base size.
  const tacBlocks = Math.max(1, Math.ceil(N / 1e6));
  const kSerial = new AffinePermutation(tacBlocks * 1e6, k('subs.imei.a'), k('subs.imei.b'));
  const hAct = k('subs.activity');
  const hFlags = k('subs.flags');
  const hDev = k('subs.device');
  const hCell = k('subs.cell');
  const hAge = k('subs.age');
  const classPick = new AliasTable(activity.probs);
  const devPick = new AliasTable(pop.devices.map((d) => d.share));
  // Data users carry a data-capable phone (3G or better); the others any device.
  const smartPick = new AliasTable(pop.devices.map((d) => (d.maxRat === '2G' ? 0 : d.share)));
  const imsiBase = Number(served.mcc + served.mnc) * 1e10;
  const startDay = model.scenario.period.start ? buildStartDay(model) : 0;
  const kMin = Math.max(1, pop.contactsMin);
  const kSpan = Math.max(1, pop.contactsMax - kMin + 1);
  let s = 0;
  for (let r = 0; r < R; r++) {
    subs.regionStart[r] = s;
    const rc = profile.regions[r]!.ruralClass;
    const single = pop.singleCellShareByRuralClass[rc];
    const c0 = cells.regionStart[r]!;
    const pick = cells.regionPick[r]!;
    for (let i = 0; i < perRegion[r]!; i++, s++) {
      subs.region[s] = r;
      subs.msisdn[s] = servedBlock.msisdn(kMsisdn.at(s));
      subs.imsi[s] = imsiBase + kMsin.at(s);
      subs.activityClass[s] = classPick.pick(unit(hash2(hAct, s)));
      const hf = hash2(hFlags, s);
      let f = 0;
      if (unit(hf) < pop.dataUserShare) f |= FLAG_DATA;
      const dev = (f & FLAG_DATA ? smartPick : devPick).pick(unit(hash2(hDev, s)));
      subs.device[s] = dev;
      const q = kSerial.at(s);
      const block = Math.floor(q / 1e6);
      const tac0 = Number(pop.devices[dev]!.tac);
      const tac = block === 0 ? tac0 : tac0 - (tac0 % 100) + ((tac0 % 100) + block) % 100;
      const body = tac * 1e6 + (q % 1e6);
      subs.imei[s] = body * 10 + luhnDigit(body);
      const hp = hash2(hf, 1);
      const prepaid = unit(hp) < pop.prepaidShare;
      if (prepaid) f |= FLAG_PREPAID;
      const hs = hash2(hf, 2);
      if (unit(hs) < single) f |= FLAG_SINGLE;
      subs.flags[s] = f;
      const seg = unit(hash2(hf, 3));
      subs.segment[s] = prepaid ? (seg < 0.35 ? 1 : 0) : seg < 0.5 ? 3 : 2;
      const hc = hash2(hCell, s);
      const home = c0 + pick.pick(unit(hc));
      subs.homeCell[s] = home;
      subs.workCell[s] = f & FLAG_SINGLE ? home : c0 + pick.pick(unit(hash2(hc, 1)));
      const ha = hash2(hAge, s);
      const z = Math.sqrt(-2 * Math.log(Math.max(1e-12, unit(ha)))) * Math.cos(2 * Math.PI * unit(hash2(ha, 1)));
      subs.activationDay[s] = startDay - Math.min(7300, Math.max(1, Math.round(Math.exp(6.3 + 1.1 * z))));
      subs.contacts[s] = kMin + (hash2(ha, 2) % kSpan);
    }
  }
  subs.regionStart[R] = s;
  // Counting sort by (region, class, data user).
  const G = R * C * 2;
  const counts = new Int32Array(G + 1);
  const key = (i: number) => (subs.region[i]! * C + subs.activityClass[i]!) * 2 + (subs.flags[i]! & FLAG_DATA);
  for (let i = 0; i < N; i++) counts[key(i) + 1]! += 1;
  for (let g = 0; g < G; g++) counts[g + 1]! += counts[g]!;
  subs.groupStart.set(counts);
  const fill = counts.slice(0, G);
  for (let i = 0; i < N; i++) subs.order[fill[key(i)]!++] = i;
  for (let r = 0; r < R; r++) {
    const vw: number[] = [];
    const dw: number[] = [];
    for (let c = 0; c < C; c++) {
      for (let d = 0; d < 2; d++) {
        const g = (r * C + c) * 2 + d;
        const size = subs.groupStart[g + 1]! - subs.groupStart[g]!;
        vw.push(size * activity.means[c]!);
        dw.push(d === 1 ? size * activity.means[c]! : 0);
      }
    }
    subs.voicePick.push(new AliasTable(vw));
    subs.dataPick.push(dw.some((x) => x > 0) ? new AliasTable(dw) : null);
  }
  return subs;
}

function buildStartDay(model: Model): number {
  const [y, m, d] = model.scenario.period.start.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Builds the plan and the dimension tables of a scenario (deterministic in the seed). */
export function buildWorld(model: Model): World {
  const { profile, scenario } = model;
  const seed = scenario.seed;
  const plan = buildPlan(model);
  const cells = buildCells(model);
  const servedBlock = new NumberBlock(profile.operators[0]!, profile.countryCode, profile.nationalLength);
  const activity = activityClassMeans(profile.population.activitySigma);
  const subs = buildSubscribers(model, cells, servedBlock, activity);
  const fraud = plan.truth?.fraud ? appendFraudSims(model, plan, cells, subs, servedBlock) : null;
  const others = profile.operators.slice(1);
  const pop = profile.population;
  return {
    model,
    plan,
    cells,
    subs,
    activityMeans: activity.means,
    servedBlock,
    offNetBlocks: others.map((o) => new NumberBlock(o, profile.countryCode, profile.nationalLength)),
    offNetPick: others.length ? new AliasTable(others.map((o) => o.marketShare)) : null,
    foreignPick: profile.foreign.length ? new AliasTable(profile.foreign.map((f) => f.weight)) : null,
    zipf: Array.from({ length: Math.max(1, pop.contactsMax) + 1 }, (_, k) => new AliasTable(zipfWeights(Math.max(1, k), pop.contactZipfExponent))),
    fraud,
    keys: {
      inactive: hashInts(seed, streamId('subs.inactive')),
      contactsOn: hashInts(seed, streamId('contacts.onnet')),
      contactsOff: hashInts(seed, streamId('contacts.offnet')),
      contactsIntl: hashInts(seed, streamId('contacts.intl')),
    },
  };
}

/** Picks an active subscriber of region r (weighted by activity); data=true restricts to data users. */
export function pickSubscriber(w: World, rng: Rng, r: number, day: number, data: boolean): number {
  const subs = w.subs;
  const table = data ? w.subs.dataPick[r] : w.subs.voicePick[r];
  if (!table) return -1;
  const inactive = w.model.profile.population.inactiveShare;
  let s = -1;
  for (let tries = 0; tries < 6; tries++) {
    const g = r * table.n + table.sample(rng);
    const a = subs.groupStart[g]!;
    const size = subs.groupStart[g + 1]! - a;
    if (size <= 0) continue;
    s = subs.order[a + rng.int(size)]!;
    if (inactive <= 0 || unit(hash3(w.keys.inactive, s, day)) >= inactive) return s;
  }
  return s;
}

/** The cell a subscriber uses for an event at a given weekday and hour. */
export function eventCell(w: World, rng: Rng, s: number, weekday: number, hour: number): number {
  const subs = w.subs;
  const u = rng.float();
  if (subs.flags[s]! & FLAG_SINGLE) return subs.homeCell[s]!;
  const hw = w.model.profile.population.homeWorkShare;
  if (u < hw) {
    const workHours = weekday < 5 && hour >= 8 && hour < 18;
    return u < hw * (workHours ? 0.55 : 0.15) ? subs.workCell[s]! : subs.homeCell[s]!;
  }
  const r = subs.region[s]!;
  return w.cells.regionStart[r]! + w.cells.regionPick[r]!.sample(rng);
}

/** Size of a subscriber's contact list in one destination category. */
function categorySize(total: number, share: number): number {
  return Math.max(1, Math.round(total * share));
}

/** An on-net contact (subscriber index ≠ s) of subscriber s, Zipf-weighted over its circle. */
export function onNetContact(w: World, rng: Rng, s: number, share: number): number {
  const subs = w.subs;
  const N = subs.n;
  const k = categorySize(subs.contacts[s]!, share);
  const j = w.zipf[Math.min(k, w.zipf.length - 1)]!.sample(rng);
  const h = hash3(w.keys.contactsOn, s, j);
  const r = subs.region[s]!;
  const a = subs.regionStart[r]!;
  const size = subs.regionStart[r + 1]! - a;
  let c: number;
  if (size > 1 && unit(h) < w.model.profile.population.sameRegionContactShare) c = a + (hash2(h, 1) % size);
  else c = hash2(h, 2) % N;
  if (c === s) c = c + 1 < N ? c + 1 : 0;
  return c;
}

/** An off-net contact number (another domestic operator) of subscriber s. */
export function offNetContact(w: World, rng: Rng, s: number, share: number): { msisdn: number; operator: number } {
  const k = categorySize(w.subs.contacts[s]!, share);
  const j = w.zipf[Math.min(k, w.zipf.length - 1)]!.sample(rng);
  const h = hash3(w.keys.contactsOff, s, j);
  if (!w.offNetPick) {
    // No other operator in the profile: an off-net party is a number outside our base.
    return { msisdn: w.servedBlock.msisdn(h % w.servedBlock.size), operator: 0 };
  }
  const o = w.offNetPick.pick(unit(h));
  const block = w.offNetBlocks[o]!;
  return { msisdn: block.msisdn(hash2(h, 3) % block.size), operator: o + 1 };
}

/** A foreign contact number of subscriber s and its destination index. */
export function internationalContact(w: World, rng: Rng, s: number, share: number): { msisdn: number; dest: number } {
  const k = categorySize(w.subs.contacts[s]!, share);
  const j = w.zipf[Math.min(k, w.zipf.length - 1)]!.sample(rng);
  const h = hash3(w.keys.contactsIntl, s, j);
  const foreign = w.model.profile.foreign;
  if (!w.foreignPick || foreign.length === 0) return { msisdn: w.servedBlock.msisdn(h % w.servedBlock.size), dest: -1 };
  const d = w.foreignPick.pick(unit(h));
  const dest = foreign[d]!;
  const L = dest.nationalLength;
  const lo = 10 ** (L - 1);
  return { msisdn: Number(dest.countryCode) * 10 ** L + lo + Math.floor(unit(hash2(h, 4)) * 9 * lo), dest: d };
}
