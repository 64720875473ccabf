/**
 * manifest.json: scenario, engine and data versions, every written file with its row count, size and
 * SHA-256, and expected aggregates accumulated from the batches while writing (so a pipeline can
 * check what it loaded against the answer).
 */
import { isoDate } from '../core/calendar.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { DATA_VERSION, ENGINE_VERSION, type Scenario } from '../core/scenario.ts';
import type { SchemaPreset } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { sha256Hex, sha256HexSync } from './sha256.ts';
import type { GroundTruthSummary } from './truth.ts';

export const MANIFEST_VERSION = 1;
const TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** One written file. `path` is relative to the dataset root, with `/` separators. */
export interface ManifestFile {
  path: string;
  /** Table the file belongs to: voice_cdr, sms_cdr, data_cdr, cells, subscribers, or a helper name. */
  table: string;
  format: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** Expected aggregates of the CDR tables (what GROUP BY queries over the files must return). */
export interface ManifestAggregates {
  /** How `rowsByDay` dates are taken: the local date of `timestamp`, as written in the CSV. */
  dateBasis: string;
  /** Rows per type. */
  rows: Partial<Record<ServiceType, number>> & { total: number };
  /** Rows per date (YYYY-MM-DD) × type × region (non-zero cells only). */
  rowsByDay: Record<string, Partial<Record<ServiceType, Record<string, number>>>>;
  /** Sum of charging_amount per type, as an exact decimal string with 2 decimals. */
  revenue: Partial<Record<ServiceType, string>>;
  /** Distinct served subscribers (the MSISDN of our subscriber on each record) per type and overall. */
  distinctSubscribers: Partial<Record<ServiceType, number>> & { all: number };
  /** The SQL meaning of each aggregate, for readers checking them. */
  definitions: Record<string, string>;
}

/** The columns of a CDR batch the accumulator reads (any CdrBatch has them). */
export interface AggregatableBatch {
  length: number;
  ts: ArrayLike<number>;
  cell: ArrayLike<number>;
  served: ArrayLike<number>;
  chargeCents: ArrayLike<number>;
}

interface TypeAcc {
  rows: number;
  cents: number;
  /** Per epoch day: rows per region. */
  byDay: Map<number, Float64Array>;
  /** Bitset of served subscribers. */
  seen: Uint8Array;
}

/** Transferable state of an accumulator (for merging results of several workers). */
export interface AggregateState {
  regions: string[];
  offsetSeconds: number;
  subscribers: number;
  types: Partial<Record<ServiceType, { rows: number; cents: number; byDay: [number, Float64Array][]; seen: Uint8Array }>>;
}

const popcount8 = new Uint8Array(256).map((_, i) => {
  let c = 0;
  for (let x = i; x; x >>= 1) c += x & 1;
  return c;
});

function countBits(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) n += popcount8[b[i]!]!;
  return n;
}

/** Exact decimal string of an integer amount of hundredths. */
export function centsToDecimal(cents: number): string {
  const neg = cents < 0;
  const c = Math.abs(Math.round(cents));
  const units = Math.floor(c / 100);
  const frac = c - units * 100;
  return `${neg ? '-' : ''}${units}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Accumulates the manifest's expected aggregates from CDR batches as they are written. */
export class AggregateAccumulator {
  private regions: string[] = [];
  private offsetSeconds = 0;
  private subscribers = 0;
  private cellRegion: Int32Array | null = null;
  private readonly acc = new Map<ServiceType, TypeAcc>();

  private init(world: World): void {
    if (this.cellRegion) return;
    this.regions = world.model.profile.regions.map((r) => r.name);
    this.offsetSeconds = world.model.profile.utcOffsetMinutes * 60;
    this.subscribers = world.subs.total;
    this.cellRegion = world.cells.region;
  }

  private typeAcc(type: ServiceType): TypeAcc {
    let a = this.acc.get(type);
    if (!a) this.acc.set(type, (a = { rows: 0, cents: 0, byDay: new Map(), seen: new Uint8Array((this.subscribers + 7) >> 3) }));
    return a;
  }

  /** Adds rows [0, batch.length) of a CDR batch of `type`. */
  add(type: ServiceType, batch: AggregatableBatch, world: World): this {
    this.init(world);
    const a = this.typeAcc(type);
    const region = this.cellRegion!;
    const R = this.regions.length;
    const off = this.offsetSeconds;
    const { ts, cell, served, chargeCents } = batch;
    const n = batch.length;
    let day = NaN;
    let counts: Float64Array | undefined;
    let cents = 0;
    const seen = a.seen;
    for (let i = 0; i < n; i++) {
      const d = Math.floor((ts[i]! + off) / 86_400);
      if (d !== day) {
        day = d;
        counts = a.byDay.get(d);
        if (!counts) a.byDay.set(d, (counts = new Float64Array(R)));
      }
      counts![region[cell[i]!]!]! += 1;
      cents += chargeCents[i]!;
      const s = served[i]!;
      if (s >= 0) seen[s >> 3]! |= 1 << (s & 7);
    }
    a.rows += n;
    a.cents += cents;
    return this;
  }

  /** Adds the counts of another accumulator (e.g. from another worker) into this one. */
  merge(other: AggregateAccumulator | AggregateState): this {
    const st = other instanceof AggregateAccumulator ? other.state() : other;
    if (!this.cellRegion && this.acc.size === 0) {
      this.regions = st.regions;
      this.offsetSeconds = st.offsetSeconds;
      this.subscribers = st.subscribers;
    }
    if (st.subscribers !== this.subscribers || st.regions.join('\u0000') !== this.regions.join('\u0000'))
      throw new Error('cannot merge aggregates of different worlds');
    for (const t of TYPES) {
      const o = st.types[t];
      if (!o) continue;
      const a = this.typeAcc(t);
      a.rows += o.rows;
      a.cents += o.cents;
      for (const [d, c] of o.byDay) {
        const mine = a.byDay.get(d);
        if (!mine) a.byDay.set(d, Float64Array.from(c));
        else for (let r = 0; r < c.length; r++) mine[r]! += c[r]!;
      }
      for (let i = 0; i < o.seen.length; i++) a.seen[i]! |= o.seen[i]!;
    }
    return this;
  }

  /** A structured-cloneable snapshot (send it from a worker, `merge` it on the main thread). */
  state(): AggregateState {
    const types: AggregateState['types'] = {};
    for (const [t, a] of this.acc) types[t] = { rows: a.rows, cents: a.cents, byDay: [...a.byDay], seen: a.seen };
    return { regions: this.regions, offsetSeconds: this.offsetSeconds, subscribers: this.subscribers, types };
  }

  /** The aggregates for manifest.json. */
  result(): ManifestAggregates {
    const rows: ManifestAggregates['rows'] = { total: 0 };
    const revenue: ManifestAggregates['revenue'] = {};
    const distinct: ManifestAggregates['distinctSubscribers'] = { all: 0 };
    const rowsByDay: ManifestAggregates['rowsByDay'] = {};
    const all = new Uint8Array((this.subscribers + 7) >> 3);
    const days = new Set<number>();
    for (const a of this.acc.values()) for (const d of a.byDay.keys()) days.add(d);
    for (const d of [...days].sort((x, y) => x - y)) rowsByDay[isoDate(d)] = {};
    for (const t of TYPES) {
      const a = this.acc.get(t);
      if (!a) continue;
      rows[t] = a.rows;
      rows.total += a.rows;
      revenue[t] = centsToDecimal(a.cents);
      distinct[t] = countBits(a.seen);
      for (let i = 0; i < all.length; i++) all[i]! |= a.seen[i]!;
      for (const [d, counts] of a.byDay) {
        const per: Record<string, number> = {};
        counts.forEach((c, r) => {
          if (c > 0) per[this.regions[r]!] = c;
        });
        rowsByDay[isoDate(d)]![t] = per;
      }
    }
    distinct.all = countBits(all);
    return {
      dateBasis: 'local date of timestamp (the date written in the CSV timestamp)',
      rows,
      rowsByDay,
      revenue,
      distinctSubscribers: distinct,
      definitions: {
        rowsByDay: 'SELECT CAST(timestamp AS DATE) AS date, region, count(*) FROM <type>_cdr GROUP BY ALL',
        revenue: 'SELECT sum(charging_amount) FROM <type>_cdr',
        'distinctSubscribers.voice': "count(DISTINCT CASE call_type WHEN 'MOC' THEN caller_msisdn ELSE callee_msisdn END)",
        'distinctSubscribers.sms': "count(DISTINCT CASE sms_type WHEN 'MO' THEN sender_msisdn ELSE receiver_msisdn END)",
        'distinctSubscribers.data': 'count(DISTINCT msisdn)',
        'distinctSubscribers.all': 'distinct served MSISDNs over the union of the three tables',
      },
    };
  }
}

/** manifest.json content. */
export interface Manifest {
  manifestVersion: number;
  generator: { name: string; engineVersion: string; dataVersion: number };
  createdAt?: string;
  scenario: Scenario;
  schema: SchemaPreset;
  format?: string;
  partitionBy?: string[];
  files: ManifestFile[];
  totals: { files: number; rows: number; bytes: number };
  aggregates?: ManifestAggregates;
  /** Faults and fraud of the dataset: counts per kind, rows added / removed (only when the scenario has them). */
  groundTruth?: GroundTruthSummary;
}

export interface ManifestInput {
  scenario: Scenario;
  files: readonly ManifestFile[];
  /** Aggregates (or the accumulator that computed them while writing). */
  aggregates?: ManifestAggregates | AggregateAccumulator;
  /** Schema preset (default: the scenario's). */
  schema?: SchemaPreset;
  format?: string;
  partitionBy?: readonly string[];
  /** ISO time of the export, only when the caller wants one (omitted = reproducible manifest). */
  createdAt?: string;
  groundTruth?: GroundTruthSummary;
}

/** Builds the manifest object (deterministic unless the caller passes `createdAt`). */
export function buildManifest(input: ManifestInput): Manifest {
  const files = input.files.map((f) => ({ ...f }));
  const agg = input.aggregates instanceof AggregateAccumulator ? input.aggregates.result() : input.aggregates;
  const m: Manifest = {
    manifestVersion: MANIFEST_VERSION,
    generator: { name: 'cdr-studio', engineVersion: ENGINE_VERSION, dataVersion: DATA_VERSION },
    ...(input.createdAt !== undefined ? { createdAt: input.createdAt } : {}),
    scenario: input.scenario,
    schema: input.schema ?? input.scenario.schema,
    ...(input.format !== undefined ? { format: input.format } : {}),
    ...(input.partitionBy !== undefined ? { partitionBy: [...input.partitionBy] } : {}),
    files,
    totals: {
      files: files.length,
      rows: files.filter((f) => /_cdr$/.test(f.table)).reduce((a, f) => a + f.rows, 0),
      bytes: files.reduce((a, f) => a + f.bytes, 0),
    },
  };
  if (agg) m.aggregates = agg;
  if (input.groundTruth) m.groundTruth = input.groundTruth;
  return m;
}

/** The manifest as pretty JSON text (2-space indent, trailing newline). */
export const manifestJson = (m: Manifest): string => JSON.stringify(m, null, 2) + '\n';

/** A file entry with its size and SHA-256 (WebCrypto when available). */
export async function manifestFile(path: string, table: string, format: string, rows: number, bytes: Uint8Array): Promise<ManifestFile> {
  return { path, table, format, rows, bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

/** Synchronous variant of `manifestFile` (pure-JS SHA-256). */
export function manifestFileSync(path: string, table: string, format: string, rows: number, bytes: Uint8Array): ManifestFile {
  return { path, table, format, rows, bytes: bytes.length, sha256: sha256HexSync(bytes) };
}
