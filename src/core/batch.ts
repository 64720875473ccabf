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

export interface VoiceBatch {
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

export interface SmsBatch {
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

export interface DataBatch {
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
}

/** The typed arrays of a batch, for transfer lists. */
export function batchBuffers(b: CdrBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(b)) if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  return out;
}
