import { isoDate } from './calendar.ts';
import { hash2, hashInts, streamId } from './rng.ts';
import type { Column, SchemaPreset } from './tables.ts';
import { FLAG_DATA, FLAG_PREPAID, RATS, SEGMENTS, type World } from './world.ts';

/** A dimension table slice: columns by name (typed arrays or strings) and its length. */
export interface DimBatch {
  length: number;
  cols: Record<string, ArrayLike<number> | string[]>;
}

const str = (name: string, src: string, doc: string, dict = false): Column => ({ name, type: 'string', kind: { k: 'str', src }, dict, doc });
const flt = (name: string, src: string, decimals: number, doc: string): Column => ({ name, type: 'double', kind: { k: 'float', src, decimals }, doc });

/** Columns of the cell towers reference file (legacy) or the `cells` dimension (extended). */
export function cellColumns(preset: SchemaPreset): Column[] {
  if (preset === 'legacy') {
    return [
      str('cell_id', 'id', 'Cell id'),
      str('region', 'region', 'Region', true),
      str('province', 'town', 'Province / town', true),
      flt('latitude', 'lat', 5, 'WGS84 latitude'),
      flt('longitude', 'lon', 5, 'WGS84 longitude'),
      str('technology', 'tech', 'Highest technology of the site', true),
      flt('capacity_erlang', 'capacity', 1, 'Busy-hour traffic capacity'),
    ];
  }
  return [
    str('cell_id', 'id', 'Cell id'),
    str('site_id', 'siteId', 'Site id'),
    str('region', 'region', 'Region', true),
    str('province', 'town', 'Province / town', true),
    flt('latitude', 'lat', 5, 'WGS84 latitude'),
    flt('longitude', 'lon', 5, 'WGS84 longitude'),
    str('technology', 'tech', 'Highest technology of the site', true),
    { name: 'lac', type: 'int', kind: { k: 'int', src: 'lac' }, doc: 'Location / tracking area code' },
    { name: 'azimuth', type: 'int', kind: { k: 'int', src: 'azimuth' }, doc: 'Sector azimuth in degrees' },
    flt('capacity_erlang', 'capacity', 1, 'Busy-hour traffic capacity'),
  ];
}

/** The cells dimension as a batch. */
export function cellsBatch(w: World): DimBatch {
  const c = w.cells;
  const regions = w.model.profile.regions;
  return {
    length: c.n,
    cols: {
      id: c.id,
      siteId: Array.from(c.site, (s, i) => c.id[i]!.replace(/^CELL_(\w+)_\d+$/, `SITE_$1_`) + String(s + 1).padStart(4, '0')),
      region: Array.from(c.region, (r) => regions[r]!.name),
      town: c.town,
      lat: c.lat,
      lon: c.lon,
      tech: Array.from(c.tech, (t) => RATS[t]!),
      lac: c.lac,
      azimuth: c.azimuth,
      capacity: c.capacityErlang,
    },
  };
}

/** Columns of the legacy Subscribers.csv or the extended `subscribers` dimension. */
export function subscriberColumns(preset: SchemaPreset): Column[] {
  if (preset === 'legacy') {
    return [
      { name: 'MSISDN', type: 'string', kind: { k: 'digits', src: 'msisdn' }, doc: 'Subscriber number' },
      str('Nom', 'last', 'Last name'),
      str('Prénom', 'first', 'First name'),
      { name: 'Date de Naissance', type: 'date', kind: { k: 'date', src: 'birth' }, doc: 'Date of birth' },
      str('Email', 'email', 'E-mail address (reserved example domain)'),
    ];
  }
  return [
    { name: 'msisdn', type: 'string', kind: { k: 'digits', src: 'msisdn' }, doc: 'Subscriber number' },
    { name: 'imsi', type: 'string', kind: { k: 'digits', src: 'imsi' }, doc: 'IMSI' },
    { name: 'imei', type: 'string', kind: { k: 'digits', src: 'imei' }, doc: 'IMEI of the current device' },
    str('operator', 'operator', 'Operator', true),
    str('plan', 'plan', 'PREPAID or POSTPAID', true),
    str('segment', 'segment', 'Marketing segment', true),
    str('home_region', 'region', 'Home region', true),
    str('home_cell', 'homeCell', 'Home cell id'),
    str('work_cell', 'workCell', 'Work / daytime cell id'),
    flt('activity_level', 'activity', 3, 'Activity multiplier (mean 1, heavy-tailed)'),
    { name: 'data_user', type: 'boolean', kind: { k: 'bool', src: 'dataUser' }, doc: 'Uses mobile data' },
    str('device_model', 'device', 'Device model', true),
    { name: 'activation_date', type: 'date', kind: { k: 'date', src: 'activation' }, doc: 'SIM activation date' },
  ];
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Subscribers [from, to) as a batch (names and birth dates are hashed from the seed). */
export function subscribersBatch(w: World, from: number, to: number): DimBatch {
  const p = w.model.profile;
  const s = w.subs;
  const n = Math.max(0, to - from);
  const hName = hashInts(w.model.scenario.seed, streamId('subs.names'));
  const first: string[] = [];
  const last: string[] = [];
  const email: string[] = [];
  const birth = new Int32Array(n);
  const startDay = w.plan.startEpochDay;
  for (let i = 0; i < n; i++) {
    const id = from + i;
    const h = hash2(hName, id);
    const f = p.names.first[h % p.names.first.length]!;
    const l = p.names.last[hash2(h, 1) % p.names.last.length]!;
    first.push(f);
    last.push(l);
    email.push(`${fold(f)}.${fold(l)}${id % 997}@${p.names.emailDomain}`);
    birth[i] = startDay - 365 * 16 - (hash2(h, 2) % (365 * 55));
  }
  const regions = p.regions;
  const ids = w.cells.id;
  const sl = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(from, to);
  return {
    length: n,
    cols: {
      msisdn: sl(s.msisdn),
      imsi: sl(s.imsi),
      imei: sl(s.imei),
      first,
      last,
      email,
      birth,
      operator: new Array<string>(n).fill(p.operators[0]!.name),
      plan: Array.from(sl(s.flags), (f) => (f & FLAG_PREPAID ? 'PREPAID' : 'POSTPAID')),
      segment: Array.from(sl(s.segment), (g) => SEGMENTS[g]!),
      region: Array.from(sl(s.region), (r) => regions[r]!.name),
      homeCell: Array.from(sl(s.homeCell), (c) => ids[c]!),
      workCell: Array.from(sl(s.workCell), (c) => ids[c]!),
      activity: Float64Array.from(sl(s.activityClass), (c) => w.activityMeans[c]!),
      dataUser: Uint8Array.from(sl(s.flags), (f) => f & FLAG_DATA),
      device: Array.from(sl(s.device), (d) => p.population.devices[d]!.model),
      activation: sl(s.activationDay),
    },
  };
}

export { isoDate };
