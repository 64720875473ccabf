/**
 * The ground-truth tables written with every dataset that has faults or fraud: `ground_truth` (one row
 * per damaged or fraudulent record) and `fraud_actors` (the fraudulent MSISDNs / IMSIs / IMEIs per
 * pattern). Column definitions shared by every writer, like the CDR tables'.
 */
import type { LedgerBatch } from '../batch.ts';
import type { Column } from '../tables.ts';
import { PATTERN_NAMES, type FraudActor } from '../fraud/actors.ts';

/** Ledger kinds: the per-record fault kinds first (FAULT_KINDS order), then orphan legs, then fraud. */
export const LEDGER_KINDS = [
  'duplicate_exact',
  'duplicate_near',
  'missing_field',
  'truncated_row',
  'malformed_msisdn',
  'corrupt_value',
  'clock_skew',
  'timestamp_anomaly',
  'late_arrival',
  'out_of_order',
  'malformed_imei',
  'orphan_leg',
  'fraud_simbox',
  'fraud_wangiri',
  'fraud_wangiri_callback',
  'fraud_irsf',
  'fraud_high_velocity',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
/** The ledger kind of a batch's per-record `fault` / `fraud` code (code = kind index + 1; 0 → null), for live counters. */
export const kindOfCode = (code: number): LedgerKind | null => (code > 0 ? (LEDGER_KINDS[code - 1] ?? null) : null);
export const KIND_ORPHAN = LEDGER_KINDS.indexOf('orphan_leg');
export const KIND_SIMBOX = LEDGER_KINDS.indexOf('fraud_simbox');
export const KIND_WANGIRI = LEDGER_KINDS.indexOf('fraud_wangiri');
export const KIND_WANGIRI_CB = LEDGER_KINDS.indexOf('fraud_wangiri_callback');
export const KIND_IRSF = LEDGER_KINDS.indexOf('fraud_irsf');
export const KIND_HV = LEDGER_KINDS.indexOf('fraud_high_velocity');
export const CATEGORIES = ['fault', 'fraud'] as const;
export const RECORD_TYPES = ['voice', 'sms', 'data'] as const;

/** Table names. */
export const LEDGER_TABLE = 'ground_truth';
export const ACTORS_TABLE = 'fraud_actors';
/** Folder of the ledger files inside a dataset. */
export const LEDGER_DIR = 'ground_truth';

const LN_FIELD = 0;
const LN_ORIGINAL = 1;
const LN_DELTA = 2;
const LN_ACTOR = 3;
const LN_CAMPAIGN = 4;
const LN_DETAIL = 5;

const str = (name: string, src: string, doc: string, nullBit?: number): Column => ({
  name,
  type: 'string',
  kind: { k: 'str', src },
  doc,
  ...(nullBit !== undefined ? { nullBit, nullable: true } : {}),
});

/** Columns of the `ground_truth` table. */
export function ledgerColumns(): Column[] {
  return [
    {
      name: 'record_type',
      type: 'string',
      kind: { k: 'enum', src: 'recordType', values: RECORD_TYPES },
      dict: true,
      doc: 'CDR table of the record: voice, sms or data',
    },
    str('record_id', 'recordId', 'Id of the record (call_id, sms_id or session_id); a duplicate copy has its original id'),
    {
      name: 'kind',
      type: 'string',
      kind: { k: 'enum', src: 'kind', values: LEDGER_KINDS },
      dict: true,
      doc: 'What happened to the record',
    },
    {
      name: 'category',
      type: 'string',
      kind: { k: 'enum', src: 'category', values: CATEGORIES },
      dict: true,
      doc: 'fault (data quality) or fraud',
    },
    {
      name: 'record_timestamp',
      type: 'timestamp',
      kind: { k: 'time', src: 'recordTs' },
      doc: 'timestamp as written in the record (locates a near-duplicate copy)',
    },
    {
      name: 'event_timestamp',
      type: 'timestamp',
      kind: { k: 'time', src: 'eventTs' },
      doc: 'True event time (before clock skew or anomalies)',
    },
    str('field', 'field', 'Damaged column, or the missing leg of an orphan (MOC, MTC, MO, MT)', LN_FIELD),
    str('original_value', 'original', 'Value before the damage (as text)', LN_ORIGINAL),
    {
      name: 'delta_ms',
      type: 'bigint',
      kind: { k: 'int', src: 'deltaMs' },
      doc: 'Lateness (late arrival), delay (out of order, re-delivered copy), shift (near duplicate, skew, anomaly) in ms',
      nullBit: LN_DELTA,
      nullable: true,
    },
    {
      name: 'actor_msisdn',
      type: 'string',
      kind: { k: 'digits', src: 'actor' },
      doc: 'Fraudulent SIM or calling number behind the record',
      nullBit: LN_ACTOR,
      nullable: true,
    },
    str('campaign_id', 'campaign', 'Fraud campaign: SIM-box gateway, Wangiri campaign, IRSF attack, high-velocity SIM', LN_CAMPAIGN),
    str('detail', 'detail', 'Human-readable detail (variant of the fault, role of the record)', LN_DETAIL),
  ];
}

/** Growable builder of one LedgerBatch. */
export class LedgerBuilder {
  private recordType: number[] = [];
  private recordId: string[] = [];
  private kind: number[] = [];
  private category: number[] = [];
  private recordTs: number[] = [];
  private eventTs: number[] = [];
  private field: string[] = [];
  private original: string[] = [];
  private deltaMs: number[] = [];
  private actor: number[] = [];
  private campaign: string[] = [];
  private detail: string[] = [];
  private nulls: number[] = [];

  get length(): number {
    return this.kind.length;
  }

  /** Adds a row; optional values left undefined become nulls. */
  add(
    type: number,
    id: string,
    kind: number,
    recordTs: number,
    eventTs: number,
    field?: string,
    original?: string,
    deltaMs?: number,
    actor?: number,
    campaign?: string,
    detail?: string,
  ): void {
    let nulls = 0;
    this.recordType.push(type);
    this.recordId.push(id);
    this.kind.push(kind);
    this.category.push(kind >= KIND_SIMBOX ? 1 : 0);
    this.recordTs.push(recordTs);
    this.eventTs.push(eventTs);
    this.field.push(field ?? '');
    if (field === undefined) nulls |= 1 << LN_FIELD;
    this.original.push(original ?? '');
    if (original === undefined) nulls |= 1 << LN_ORIGINAL;
    this.deltaMs.push(deltaMs ?? 0);
    if (deltaMs === undefined) nulls |= 1 << LN_DELTA;
    this.actor.push(actor ?? 0);
    if (actor === undefined) nulls |= 1 << LN_ACTOR;
    this.campaign.push(campaign ?? '');
    if (campaign === undefined) nulls |= 1 << LN_CAMPAIGN;
    this.detail.push(detail ?? '');
    if (detail === undefined) nulls |= 1 << LN_DETAIL;
    this.nulls.push(nulls);
  }

  build(): LedgerBatch {
    return {
      length: this.kind.length,
      recordType: Uint8Array.from(this.recordType),
      recordId: this.recordId,
      kind: Uint8Array.from(this.kind),
      category: Uint8Array.from(this.category),
      recordTs: Float64Array.from(this.recordTs),
      eventTs: Float64Array.from(this.eventTs),
      field: this.field,
      original: this.original,
      deltaMs: Float64Array.from(this.deltaMs),
      actor: Float64Array.from(this.actor),
      campaign: this.campaign,
      detail: this.detail,
      nulls: Uint8Array.from(this.nulls),
    };
  }
}

/** Concatenates ledger batches (one file of several chunks). */
export function concatLedger(parts: readonly LedgerBatch[]): LedgerBatch {
  if (parts.length === 0) return new LedgerBuilder().build();
  if (parts.length === 1) return parts[0]!;
  const cat = <T extends Float64Array | Uint8Array>(get: (p: LedgerBatch) => T, C: new (n: number) => T): T => {
    const n = parts.reduce((a, p) => a + p.length, 0);
    const out = new C(n);
    let o = 0;
    for (const p of parts) {
      out.set(get(p), o);
      o += p.length;
    }
    return out;
  };
  return {
    length: parts.reduce((a, p) => a + p.length, 0),
    recordType: cat((p) => p.recordType, Uint8Array),
    recordId: parts.flatMap((p) => p.recordId),
    kind: cat((p) => p.kind, Uint8Array),
    category: cat((p) => p.category, Uint8Array),
    recordTs: cat((p) => p.recordTs, Float64Array),
    eventTs: cat((p) => p.eventTs, Float64Array),
    field: parts.flatMap((p) => p.field),
    original: parts.flatMap((p) => p.original),
    deltaMs: cat((p) => p.deltaMs, Float64Array),
    actor: cat((p) => p.actor, Float64Array),
    campaign: parts.flatMap((p) => p.campaign),
    detail: parts.flatMap((p) => p.detail),
    nulls: cat((p) => p.nulls, Uint8Array),
  };
}

// ---------------------------------------------------------------------------------------------
// fraud_actors

const AN_IMSI = 0;
const AN_IMEI = 1;
const AN_ACTIVATION = 2;
const AN_CELL = 3;
const AN_TARGET = 4;

/** Columns of the `fraud_actors` table. */
export function actorColumns(): Column[] {
  return [
    {
      name: 'pattern',
      type: 'string',
      kind: { k: 'enum', src: 'pattern', values: PATTERN_NAMES },
      dict: true,
      doc: 'simbox, wangiri, irsf or high_velocity',
    },
    str('campaign_id', 'campaign', 'SIM-box gateway, Wangiri campaign, IRSF attack or high-velocity SIM'),
    str('role', 'role', 'sim (a SIM of ours) or calling_number (a foreign number)'),
    { name: 'msisdn', type: 'string', kind: { k: 'digits', src: 'msisdn' }, doc: 'MSISDN of the SIM or the calling number' },
    { name: 'imsi', type: 'string', kind: { k: 'digits', src: 'imsi' }, doc: 'IMSI (SIMs only)', nullBit: AN_IMSI, nullable: true },
    {
      name: 'imei',
      type: 'string',
      kind: { k: 'digits', src: 'imei' },
      doc: 'IMEI (SIMs only; shared by all SIMs of a SIM-box gateway)',
      nullBit: AN_IMEI,
      nullable: true,
    },
    {
      name: 'activation_date',
      type: 'date',
      kind: { k: 'date', src: 'activation' },
      doc: 'SIM activation date',
      nullBit: AN_ACTIVATION,
      nullable: true,
    },
    { name: 'first_day', type: 'date', kind: { k: 'date', src: 'first' }, doc: 'First day of activity' },
    {
      name: 'last_day',
      type: 'date',
      kind: { k: 'date', src: 'last' },
      doc: 'Last day of activity (the records of a Wangiri campaign may spill into the next day)',
    },
    str('cell_id', 'cell', 'Fixed cell (SIM-box) or home cell of the SIM', AN_CELL),
    str('target', 'target', 'Called number range (IRSF) or calling country code (Wangiri)', AN_TARGET),
    { name: 'records', type: 'bigint', kind: { k: 'int', src: 'records' }, doc: 'Records of the actor in the whole dataset (all shards)' },
  ];
}

/** The fraud_actors rows of a world as a column source (empty without fraud). */
export function actorsBatch(
  actors: readonly FraudActor[],
  subs: { imsi: Float64Array; imei: Float64Array; activationDay: Int32Array },
  cellIds: readonly string[],
  startEpochDay: number,
): { length: number; cols: Record<string, ArrayLike<number> | string[]> } {
  const n = actors.length;
  const nulls = new Uint8Array(n);
  const imsi = new Float64Array(n);
  const imei = new Float64Array(n);
  const activation = new Int32Array(n);
  actors.forEach((a, i) => {
    if (a.sub >= 0) {
      imsi[i] = subs.imsi[a.sub]!;
      imei[i] = subs.imei[a.sub]!;
      activation[i] = subs.activationDay[a.sub]!;
    } else nulls[i]! |= (1 << AN_IMSI) | (1 << AN_IMEI) | (1 << AN_ACTIVATION);
    if (a.cell < 0) nulls[i]! |= 1 << AN_CELL;
    if (!a.target) nulls[i]! |= 1 << AN_TARGET;
  });
  return {
    length: n,
    cols: {
      pattern: Uint8Array.from(actors, (a) => a.pattern),
      campaign: actors.map((a) => a.campaign),
      role: actors.map((a) => a.role),
      msisdn: Float64Array.from(actors, (a) => a.msisdn),
      imsi,
      imei,
      activation,
      first: Int32Array.from(actors, (a) => startEpochDay + a.firstDay),
      last: Int32Array.from(actors, (a) => startEpochDay + a.lastDay),
      cell: actors.map((a) => (a.cell >= 0 ? cellIds[a.cell]! : '')),
      target: actors.map((a) => a.target),
      records: Float64Array.from(actors, (a) => a.records),
      nulls,
    },
  };
}
