import {
  NULL_CELL,
  NULL_CHARGE,
  NULL_IMEI,
  NULL_IMSI,
  NULL_PARTY,
  CALL_TYPES,
  DATA_CAUSE_FOR_CLOSING,
  DELIVERY_STATUSES,
  OTHER_PARTY_TYPES,
  SESSION_END_REASONS,
  SMS_TYPES,
  TERMINATION_REASONS,
  VOICE_CAUSE_FOR_TERM,
  VOICE_Q850,
} from './batch.ts';
import type { Profile, ServiceType } from './profiles/types.ts';
import { RATS, type World } from './world.ts';
import { nullableFaults } from './truth/options.ts';

/** SQL-level type of a column (Iceberg/Spark names); every writer maps from these. */
export type SqlType = 'timestamp' | 'string' | 'int' | 'bigint' | 'decimal(10,2)' | 'boolean' | 'double' | 'date';

/**
 * How a column's value is read from a columnar batch (`src` names a batch field):
 * writers implement each kind once, so every format carries the same values.
 */
export type ColumnKind =
  | { k: 'time'; src: string; plus?: string }
  | { k: 'id'; src: string; prefix: string; width: number }
  | { k: 'int'; src: string }
  | { k: 'digits'; src: string }
  | { k: 'enum'; src: string; values: readonly string[] }
  | { k: 'cents'; src: string }
  | { k: 'cell'; src: string; field: 'id' | 'region' | 'lac' }
  | { k: 'sub'; src: string; field: 'imsi' | 'imei' }
  | { k: 'const'; value: string }
  | { k: 'bool'; src: string }
  | { k: 'lookup'; src: string; values: readonly number[] }
  | { k: 'str'; src: string }
  | { k: 'float'; src: string; decimals: number }
  | { k: 'date'; src: string };

export interface Column {
  name: string;
  type: SqlType;
  kind: ColumnKind;
  /** Low-cardinality strings are dictionary-encoded in typed formats. */
  dict?: boolean;
  doc: string;
  /**
   * Bit of the source's `nulls` mask that empties this column (CSV empty field, NDJSON null, typed null);
   * read only when the source has a `nulls` mask (faults enabled).
   */
  nullBit?: number;
  /** The column may hold nulls: typed formats declare the field nullable (and write a validity bitmap). */
  nullable?: boolean;
}

export type SchemaPreset = 'legacy' | 'extended';

/** Zero-padded width of ids: at least 6 digits (CALL_000001), more when the run needs it. */
export const ID_WIDTH = 6;

const ts = (doc: string): Column => ({ name: 'timestamp', type: 'timestamp', kind: { k: 'time', src: 'ts' }, doc });
const cellId: Column = { name: 'cell_id', type: 'string', kind: { k: 'cell', src: 'cell', field: 'id' }, dict: true, doc: 'Serving cell, CELL_<REG>_<NNN>', nullBit: NULL_CELL };
const region: Column = { name: 'region', type: 'string', kind: { k: 'cell', src: 'cell', field: 'region' }, dict: true, doc: 'Region of the serving cell' };
const charge: Column = { name: 'charging_amount', type: 'decimal(10,2)', kind: { k: 'cents', src: 'chargeCents' }, doc: 'Amount charged, in the profile currency', nullBit: NULL_CHARGE };
const imsi: Column = { name: 'served_imsi', type: 'string', kind: { k: 'sub', src: 'served', field: 'imsi' }, doc: 'IMSI of the served subscriber (MCC+MNC+MSIN)', nullBit: NULL_IMSI };
const imei: Column = { name: 'served_imei', type: 'string', kind: { k: 'sub', src: 'served', field: 'imei' }, doc: 'IMEI of the served device (TAC+serial+Luhn)', nullBit: NULL_IMEI };
const rat = (name: string): Column => ({ name, type: 'string', kind: { k: 'enum', src: 'rat', values: RATS }, dict: true, doc: 'Radio access technology' });

/** The columns of a CDR table for a schema preset: legacy columns first, in the contract's order. */
export function cdrColumns(type: ServiceType, preset: SchemaPreset, profile: Profile): Column[] {
  const currency: Column = { name: 'currency', type: 'string', kind: { k: 'const', value: profile.currency }, dict: true, doc: 'ISO 4217 currency of charging_amount' };
  if (type === 'voice') {
    const legacy: Column[] = [
      ts('Call start, local time'),
      { name: 'call_id', type: 'string', kind: { k: 'id', src: 'seq', prefix: 'CALL_', width: ID_WIDTH }, doc: 'Record id, unique per type' },
      { name: 'caller_msisdn', type: 'string', kind: { k: 'digits', src: 'caller' }, doc: 'Calling party (A number)' },
      { name: 'callee_msisdn', type: 'string', kind: { k: 'digits', src: 'callee' }, doc: 'Called party (B number)', nullBit: NULL_PARTY },
      { name: 'call_type', type: 'string', kind: { k: 'enum', src: 'callType', values: CALL_TYPES }, dict: true, doc: 'MOC (originating) or MTC (terminating)' },
      { name: 'duration_seconds', type: 'int', kind: { k: 'int', src: 'duration' }, doc: 'Conversation time; 0 unless the call succeeded' },
      cellId,
      region,
      { name: 'termination_reason', type: 'string', kind: { k: 'enum', src: 'reason', values: TERMINATION_REASONS }, dict: true, doc: 'NORMAL, FAILED, USER_TERMINATED, NO_ANSWER or NETWORK_ERROR' },
      charge,
    ];
    if (preset === 'legacy') return legacy;
    return [
      ...legacy,
      { name: 'end_time', type: 'timestamp', kind: { k: 'time', src: 'ts', plus: 'duration' }, doc: 'Call end, local time' },
      imsi,
      imei,
      { name: 'other_party_type', type: 'string', kind: { k: 'enum', src: 'otherType', values: OTHER_PARTY_TYPES }, dict: true, doc: 'ON_NET, OFF_NET or INTERNATIONAL' },
      { name: 'other_party_operator', type: 'string', kind: { k: 'enum', src: 'otherOperator', values: [...profile.operators.map((o) => o.name), 'International'] }, dict: true, doc: 'Operator of the other party' },
      rat('rat'),
      { name: 'lac', type: 'int', kind: { k: 'cell', src: 'cell', field: 'lac' }, doc: 'Location area code of the serving cell', nullBit: NULL_CELL },
      { name: 'cause_for_term', type: 'string', kind: { k: 'enum', src: 'outcome', values: VOICE_CAUSE_FOR_TERM }, dict: true, doc: '3GPP TS 32.298 causeForTerm' },
      { name: 'release_cause_q850', type: 'int', kind: { k: 'lookup', src: 'outcome', values: VOICE_Q850 }, doc: 'ITU-T Q.850 release cause' },
      { name: 'roaming', type: 'boolean', kind: { k: 'bool', src: 'roaming' }, doc: 'Served subscriber is roaming' },
      currency,
    ];
  }
  if (type === 'sms') {
    const legacy: Column[] = [
      ts('Submission time, local time'),
      { name: 'sms_id', type: 'string', kind: { k: 'id', src: 'seq', prefix: 'SMS_', width: ID_WIDTH }, doc: 'Record id, unique per type' },
      { name: 'sender_msisdn', type: 'string', kind: { k: 'digits', src: 'sender' }, doc: 'Sender' },
      { name: 'receiver_msisdn', type: 'string', kind: { k: 'digits', src: 'receiver' }, doc: 'Receiver', nullBit: NULL_PARTY },
      { name: 'sms_type', type: 'string', kind: { k: 'enum', src: 'smsType', values: SMS_TYPES }, dict: true, doc: 'MO (originating) or MT (terminating)' },
      { name: 'message_length', type: 'int', kind: { k: 'int', src: 'messageLength' }, doc: 'Characters, 1–160' },
      cellId,
      region,
      { name: 'delivery_status', type: 'string', kind: { k: 'enum', src: 'status', values: DELIVERY_STATUSES }, dict: true, doc: 'DELIVERED, FAILED or PENDING' },
      charge,
    ];
    if (preset === 'legacy') return legacy;
    return [
      ...legacy,
      imsi,
      imei,
      { name: 'other_party_type', type: 'string', kind: { k: 'enum', src: 'otherType', values: OTHER_PARTY_TYPES }, dict: true, doc: 'ON_NET, OFF_NET or INTERNATIONAL' },
      rat('rat'),
      currency,
    ];
  }
  const legacy: Column[] = [
    ts('Session start, local time'),
    { name: 'session_id', type: 'string', kind: { k: 'id', src: 'seq', prefix: 'DATA_', width: ID_WIDTH }, doc: 'Record id, unique per type' },
    { name: 'msisdn', type: 'string', kind: { k: 'digits', src: 'msisdn' }, doc: 'Subscriber' },
    { name: 'apn', type: 'string', kind: { k: 'enum', src: 'apn', values: profile.data.apns.map((a) => a.name) }, dict: true, doc: 'Access point name', nullBit: NULL_PARTY },
    { name: 'session_duration_seconds', type: 'int', kind: { k: 'int', src: 'duration' }, doc: 'Session duration' },
    { name: 'bytes_uploaded', type: 'bigint', kind: { k: 'int', src: 'bytesUp' }, doc: 'Uplink bytes' },
    { name: 'bytes_downloaded', type: 'bigint', kind: { k: 'int', src: 'bytesDown' }, doc: 'Downlink bytes' },
    cellId,
    region,
    { name: 'session_end_reason', type: 'string', kind: { k: 'enum', src: 'endReason', values: SESSION_END_REASONS }, dict: true, doc: 'NORMAL, USER_TERMINATED, QUOTA_EXCEEDED, NETWORK_ERROR or TIMEOUT' },
    charge,
  ];
  if (preset === 'legacy') return legacy;
  return [
    ...legacy,
    { name: 'end_time', type: 'timestamp', kind: { k: 'time', src: 'ts', plus: 'duration' }, doc: 'Session end, local time' },
    imsi,
    imei,
    { name: 'charging_id', type: 'bigint', kind: { k: 'int', src: 'chargingId' }, doc: 'GGSN/PGW charging id' },
    rat('rat_type'),
    { name: 'qci', type: 'int', kind: { k: 'lookup', src: 'apn', values: profile.data.apns.map((a) => a.qci) }, doc: 'QoS class identifier' },
    { name: 'cause_for_rec_closing', type: 'string', kind: { k: 'enum', src: 'endReason', values: DATA_CAUSE_FOR_CLOSING }, dict: true, doc: '3GPP causeForRecClosing' },
    currency,
  ];
}

/**
 * The CDR columns of a world's tables: `cdrColumns`, every column nullable when the scenario's faults can
 * empty fields or cut rows (typed formats then declare nullable fields). Writers of typed files use this.
 */
export function worldCdrColumns(world: World, type: ServiceType): Column[] {
  const cols = cdrColumns(type, world.model.scenario.schema, world.model.profile);
  return nullableFaults(world.model.scenario.faults) ? cols.map((c) => ({ ...c, nullable: true })) : cols;
}

/** File / table name of a CDR type: voice_cdr, sms_cdr, data_cdr. */
export const tableName = (type: ServiceType) => `${type}_cdr`;
