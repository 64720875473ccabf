/**
 * Iceberg schema, partition spec, sort order and the Avro schemas of manifests and manifest lists
 * (format version 2, with the spec's field ids) for the bronze CDR tables.
 *
 * Bronze schema = the CDR columns of the preset (from `cdrColumns`, in contract order) + `ingestion_date date`.
 * Field ids are the 1-based column positions, the same ids `toArrowSchema` puts into the Parquet files as
 * `PARQUET:field_id`. Fields are optional (`required: false`), like the CREATE TABLE fallback in schema.sql,
 * so engines can append nullable rows later; the Parquet CDR columns are OPTIONAL too (see bronzeTableColumns).
 */
import type { Profile, ServiceType } from '../../core/profiles/types.ts';
import { cdrColumns, type Column, type SchemaPreset, type SqlType } from '../../core/tables.ts';
import type { AvroField, AvroSchema } from './avro.ts';

export const FORMAT_VERSION = 2;
export const SCHEMA_ID = 0;
export const SPEC_ID = 0;
export const SORT_ORDER_ID = 0;
/** Partition field ids start at 1000 (spec: partition field ids are unique across specs, ≥ 1000 by convention). */
export const PARTITION_FIELD_ID = 1000;
export const PARTITION_FIELD_NAME = 'timestamp_day';

/** Batch field that carries the `ingestion_date` day numbers (days since 1970-01-01). */
export const INGESTION_DAY_SRC = 'ingestionDay';

/** The `ingestion_date` column of the bronze tables (a `date` read from the batch field `ingestionDay`). */
export const INGESTION_DATE: Column = {
  name: 'ingestion_date',
  type: 'date',
  kind: { k: 'date', src: INGESTION_DAY_SRC },
  doc: 'Date the row was ingested: the simulated day of the daily file that carried it (the local date of timestamp, except for late or clock-skewed records)',
};

/**
 * Bronze columns of a CDR table: the preset's CDR columns, then `ingestion_date`. The CDR columns are
 * marked `nullable` (Parquet OPTIONAL, like the optional Iceberg fields) so that fields emptied by fault
 * injection, when the scenario enables it, are written as nulls; `ingestion_date` is never null.
 */
export function bronzeTableColumns(type: ServiceType, preset: SchemaPreset, profile: Profile): Column[] {
  // Object.assign: `nullable` is read by toArrowSchema / toRecordBatch where Column declares it.
  return [...cdrColumns(type, preset, profile).map((c): Column => Object.assign({}, c, { nullable: true })), INGESTION_DATE];
}

/** Iceberg primitive type of each SQL type (our Parquet timestamps are TIMESTAMP(MICROS, UTC) = `timestamptz`). */
export const ICEBERG_TYPES: Record<SqlType, string> = {
  timestamp: 'timestamptz',
  string: 'string',
  int: 'int',
  bigint: 'long',
  'decimal(10,2)': 'decimal(10,2)',
  boolean: 'boolean',
  double: 'double',
  date: 'date',
};

export interface IcebergField {
  id: number;
  name: string;
  required: boolean;
  type: string;
  doc?: string;
}

export interface IcebergSchema {
  type: 'struct';
  'schema-id': number;
  fields: IcebergField[];
}

export interface PartitionField {
  'source-id': number;
  'field-id': number;
  name: string;
  transform: string;
}

export interface PartitionSpec {
  'spec-id': number;
  fields: PartitionField[];
}

export interface SortOrder {
  'order-id': number;
  fields: { transform: string; 'source-id': number; direction: 'asc' | 'desc'; 'null-order': 'nulls-first' | 'nulls-last' }[];
}

/** The Iceberg schema of a list of (bronze) columns: ids 1..n in column order. */
export function icebergSchema(cols: readonly Column[], schemaId = SCHEMA_ID): IcebergSchema {
  return {
    type: 'struct',
    'schema-id': schemaId,
    fields: cols.map((c, i) => ({ id: i + 1, name: c.name, required: false, type: ICEBERG_TYPES[c.type], doc: c.doc })),
  };
}

/** `days(timestamp)`: partition field 1000 `timestamp_day` with the `day` transform on the `timestamp` column. */
export function dayPartitionSpec(schema: IcebergSchema, specId = SPEC_ID): PartitionSpec {
  const ts = schema.fields.find((f) => f.name === 'timestamp');
  if (!ts) throw new Error('the table has no timestamp column to partition by');
  return {
    'spec-id': specId,
    fields: [{ 'source-id': ts.id, 'field-id': PARTITION_FIELD_ID, name: PARTITION_FIELD_NAME, transform: 'day' }],
  };
}

/** The unsorted order (order id 0, no fields): rows are in generation order, not sorted by a column. */
export const UNSORTED: SortOrder = { 'order-id': SORT_ORDER_ID, fields: [] };

// ---------------------------------------------------------------------------------------------
// Avro schemas (Iceberg format v2), as Iceberg Java writes them: field ids on record fields, maps with
// int keys as arrays of key/value records with logicalType "map", optional fields as [null, T] with default null.

const opt = (name: string, type: AvroSchema, id: number, doc?: string): AvroField => ({
  name,
  type: ['null', type],
  default: null,
  ...(doc ? { doc } : {}),
  'field-id': id,
});
const req = (name: string, type: AvroSchema, id: number, doc?: string): AvroField => ({
  name,
  type,
  ...(doc ? { doc } : {}),
  'field-id': id,
});

const intMap = (keyId: number, valueId: number, value: 'long' | 'bytes'): AvroSchema => ({
  type: 'array',
  items: {
    type: 'record',
    name: `k${keyId}_v${valueId}`,
    fields: [
      { name: 'key', type: 'int', 'field-id': keyId },
      { name: 'value', type: value, 'field-id': valueId },
    ],
  },
  logicalType: 'map',
});

/** Avro type of a partition field's value (the `day` transform yields a date, stored as an Avro int date). */
function partitionValueType(transform: string): AvroSchema {
  if (transform === 'day') return { type: 'int', logicalType: 'date' };
  if (transform === 'identity') throw new Error('identity partition fields are not supported by this writer');
  return 'int';
}

/** Schema of `manifest_entry` (v2) for a partition spec; the `partition` struct uses the partition field ids. */
export function manifestEntrySchema(spec: PartitionSpec): AvroSchema {
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      req('status', 'int', 0),
      opt('snapshot_id', 'long', 1),
      opt('sequence_number', 'long', 3),
      opt('file_sequence_number', 'long', 4),
      req(
        'data_file',
        {
          type: 'record',
          name: 'r2',
          fields: [
            req('content', 'int', 134, 'Contents of the file: 0=data, 1=position deletes, 2=equality deletes'),
            req('file_path', 'string', 100, 'Location URI with FS scheme'),
            req('file_format', 'string', 101, 'File format name: avro, orc, or parquet'),
            req(
              'partition',
              {
                type: 'record',
                name: 'r102',
                fields: spec.fields.map((f) => opt(f.name, partitionValueType(f.transform), f['field-id'])),
              },
              102,
              'Partition data tuple, schema based on the partition spec',
            ),
            req('record_count', 'long', 103, 'Number of records in the file'),
            req('file_size_in_bytes', 'long', 104, 'Total file size in bytes'),
            opt('column_sizes', intMap(117, 118, 'long'), 108, 'Map of column id to total size on disk'),
            opt('value_counts', intMap(119, 120, 'long'), 109, 'Map of column id to total count, including null and NaN'),
            opt('null_value_counts', intMap(121, 122, 'long'), 110, 'Map of column id to null value count'),
            opt('nan_value_counts', intMap(138, 139, 'long'), 137, 'Map of column id to number of NaN values in the column'),
            opt('lower_bounds', intMap(126, 127, 'bytes'), 125, 'Map of column id to lower bound'),
            opt('upper_bounds', intMap(129, 130, 'bytes'), 128, 'Map of column id to upper bound'),
            opt('key_metadata', 'bytes', 131, 'Encryption key metadata blob'),
            opt('split_offsets', { type: 'array', items: 'long', 'element-id': 133 }, 132, 'Splittable offsets'),
            opt('equality_ids', { type: 'array', items: 'int', 'element-id': 136 }, 135, 'Equality comparison field IDs'),
            opt('sort_order_id', 'int', 140, 'Sort order ID'),
          ],
        },
        2,
      ),
    ],
  };
}

/** Schema of `manifest_file` (v2): one record per manifest in a manifest list. */
export const MANIFEST_FILE_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    req('manifest_path', 'string', 500, 'Location URI with FS scheme'),
    req('manifest_length', 'long', 501, 'Total file size in bytes'),
    req('partition_spec_id', 'int', 502, 'Spec ID used to write'),
    req('content', 'int', 517, 'Contents of the manifest: 0=data, 1=deletes'),
    req('sequence_number', 'long', 515, 'Sequence number when the manifest was added'),
    req('min_sequence_number', 'long', 516, 'Lowest sequence number in the manifest'),
    req('added_snapshot_id', 'long', 503, 'Snapshot ID that added the manifest'),
    req('added_files_count', 'int', 504, 'Added entry count'),
    req('existing_files_count', 'int', 505, 'Existing entry count'),
    req('deleted_files_count', 'int', 506, 'Deleted entry count'),
    req('added_rows_count', 'long', 512, 'Added rows count'),
    req('existing_rows_count', 'long', 513, 'Existing rows count'),
    req('deleted_rows_count', 'long', 514, 'Deleted rows count'),
    opt(
      'partitions',
      {
        type: 'array',
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            req('contains_null', 'boolean', 509, 'True if any file has a null partition value'),
            opt('contains_nan', 'boolean', 518, 'True if any file has a nan partition value'),
            opt('lower_bound', 'bytes', 510, 'Partition lower bound for all files'),
            opt('upper_bound', 'bytes', 511, 'Partition upper bound for all files'),
          ],
        },
        'element-id': 508,
      },
      507,
      'Summary for each partition',
    ),
    opt('key_metadata', 'bytes', 519, 'Encryption key metadata blob'),
  ],
};

/** Two schemas hold the same columns: same ids, names and types in the same order (docs and nullability aside). */
export function sameColumns(a: IcebergSchema, b: IcebergSchema): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => {
      const g = b.fields[i]!;
      return f.id === g.id && f.name === g.name && normType(f.type) === normType(g.type);
    })
  );
}

const normType = (t: unknown) => (typeof t === 'string' ? t.replace(/\s+/g, '') : JSON.stringify(t));
