/** Columnar batches: one per service per chunk, typed arrays only (transferable, no row objects). */

export const VOICE_OUTCOMES = ['answered', 'dropped', 'noAnswer', 'busy', 'unreachable', 'congestion', 'invalid'] as const;
export const TERMINATION_REASONS = ['NORMAL', 'FAILED', 'USER_TERMINATED', 'NO_ANSWER', 'NETWORK_ERROR'] as const;
export const CALL_TYPES = ['MOC', 'MTC'] as const;
export const SMS_TYPES = ['MO', 'MT'] as const;
export const DELIVERY_STATUSES = ['DELIVERED', 'FAILED', 'PENDING'] as const;
export const SESSION_END_REASONS = ['NORMAL', 'USER_TERMINATED', 'QUOTA_EXCEEDED', 'NETWORK_ERROR', 'TIMEOUT'] as const;
export const OTHER_PARTY_TYPES = ['ON_NET', 'OFF_NET', 'INTERNATIONAL'] as const;
/** 3GPP causeForTerm / causeForRecClosing names by voice outcome and data end reason. */
export const VOICE_CAUSE_FOR_TERM = ['normalRelease', 'abnormalRelease', 'unsuccessfulCallAttempt', 'unsuccessfulCallAttempt', 'unsuccessfulCallAttempt', 'unsuccessfulCallAttempt', 'unsuccessfulCallAttempt'] as const;
export const VOICE_Q850 = [16, 41, 19, 17, 20, 34, 28] as const;
export const DATA_CAUSE_FOR_CLOSING = ['normalRelease', 'normalRelease', 'volumeLimit', 'abnormalRelease', 'timeLimit'] as const;

/** Null field groups of a record (bits of `FaultFields.nulls`); `Column.nullBit` names the group of a column. */
export const NULL_CELL = 0;
export const NULL_PARTY = 1;
export const NULL_CHARGE = 2;
export const NULL_IMSI = 3;
export const NULL_IMEI = 4;

/**
 * Per-record fields that exist only when the scenario enables data-quality faults or fraud (then in
 * every batch of the run): writers honour them, everything else ignores them.
 */
export interface FaultFields {
  /** Bitmask of the null field groups of each record (bit NULL_CELL, NULL_PARTY, …). */
  nulls?: Uint8Array;
  /** 0: complete record; k > 0: only the first k columns are written (a truncated row). */
  trunc?: Uint8Array;
  /** IMEI written instead of the served subscriber's (NaN: none). */
  imeiFix?: Float64Array;
  /**
   * Added to the NDJSON `ingest_ts` (ms): lateness, out-of-order delay, re-delivery of a copy, and the
   * difference between the true event time and a skewed / anomalous `timestamp`.
   */
  ingestExtraMs?: Float64Array;
  /** Ground-truth kind of each record (LEDGER_KINDS index + 1; 0: clean), for live counters. */
  fault?: Uint8Array;
  /** Fraud kind of each record (LEDGER_KINDS index + 1; 0: not fraud). */
  fraud?: Uint8Array;
}

export interface VoiceBatch extends FaultFields {
  type: 'voice';
  length: number;
  /** Event start, UTC epoch seconds. */
  ts: Float64Array;
  /** Id number: call_id = CALL_ + zero-padded seq. */
  seq: Float64Array;
  caller: Float64Array;
  callee: Float64Array;
  callType: Uint8Array;
  duration: Int32Array;
  cell: Int32Array;
  outcome: Uint8Array;
  reason: Uint8Array;
  /** Charge in hundredths of the currency unit. */
  chargeCents: Float64Array;
  /** Subscriber index of the served party. */
  served: Int32Array;
  otherType: Uint8Array;
  /** Operator index of the other party (0 = ours; operators.length = international). */
  otherOperator: Int16Array;
  rat: Uint8Array;
  roaming: Uint8Array;
}

export interface SmsBatch extends FaultFields {
  type: 'sms';
  length: number;
  ts: Float64Array;
  seq: Float64Array;
  sender: Float64Array;
  receiver: Float64Array;
  smsType: Uint8Array;
  messageLength: Int32Array;
  cell: Int32Array;
  status: Uint8Array;
  chargeCents: Float64Array;
  served: Int32Array;
  otherType: Uint8Array;
  rat: Uint8Array;
}

export interface DataBatch extends FaultFields {
  type: 'data';
  length: number;
  ts: Float64Array;
  seq: Float64Array;
  msisdn: Float64Array;
  apn: Uint8Array;
  duration: Int32Array;
  bytesUp: Float64Array;
  bytesDown: Float64Array;
  cell: Int32Array;
  endReason: Uint8Array;
  chargeCents: Float64Array;
  served: Int32Array;
  rat: Uint8Array;
  chargingId: Float64Array;
}

export type CdrBatch = VoiceBatch | SmsBatch | DataBatch;

/** Everything one chunk produced. */
export interface ChunkOutput {
  index: number;
  day: number;
  hour: number;
  voice?: VoiceBatch;
  sms?: SmsBatch;
  data?: DataBatch;
  /** Ground-truth ledger rows of each service's records (only when faults or fraud are enabled). */
  ledger?: Partial<Record<'voice' | 'sms' | 'data', LedgerBatch>>;
}

/** Ledger rows (the `ground_truth` table) of one chunk and service, columnar; see truth/ledger.ts for the columns. */
export interface LedgerBatch {
  length: number;
  recordType: Uint8Array;
  recordId: string[];
  kind: Uint8Array;
  category: Uint8Array;
  recordTs: Float64Array;
  eventTs: Float64Array;
  field: string[];
  original: string[];
  deltaMs: Float64Array;
  actor: Float64Array;
  campaign: string[];
  detail: string[];
  /** Null bits: 0 field, 1 original, 2 delta, 3 actor, 4 campaign, 5 detail. */
  nulls: Uint8Array;
}

/** The typed arrays of a batch, for transfer lists. */
export function batchBuffers(b: CdrBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(b)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}
