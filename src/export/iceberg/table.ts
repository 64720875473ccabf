/**
 * The Iceberg v2 table writer: names data files, writes the manifest (Avro) of the files added by a
 * commit, the manifest list of the new snapshot (the new manifest plus every manifest of the parent
 * snapshot: a fast append), `metadata/v<N>.metadata.json` and `metadata/version-hint.text` (the
 * file-system / Hadoop table layout). A table folder written before is appended to: version N+1, a new
 * snapshot with its parent, the next sequence number, snapshot-log and metadata-log entries.
 *
 * Everything is deterministic: the table uuid, snapshot ids and file names are hashes of the scenario
 * (its "fingerprint"), the table type and location and the sequence number; timestamps come from the
 * scenario (see `proposedTimestampMs`), never from the clock.
 */
import { isoDate } from '../../core/calendar.ts';
import type { ServiceType } from '../../core/profiles/types.ts';
import type { Column } from '../../core/tables.ts';
import type { ParquetCompression } from '../parquet.ts';
import { Sha256, toHex } from '../sha256.ts';
import { readAvroContainer, writeAvroContainer, type AvroSchema } from './avro.ts';
import type { IcebergDataFile } from './data.ts';
import { parseJsonExact, stringifyJsonExact } from './json.ts';
import { int32Bytes } from './metrics.ts';
import {
  dayPartitionSpec,
  FORMAT_VERSION,
  icebergSchema,
  manifestEntrySchema,
  MANIFEST_FILE_SCHEMA,
  sameColumns,
  UNSORTED,
  type IcebergSchema,
  type PartitionSpec,
} from './schema.ts';

/** A file of the output, relative to its root (the table folder or the warehouse folder). */
export interface IcebergOutputFile {
  path: string;
  bytes: Uint8Array;
}

/** Reads a file of a table folder by relative path (`metadata/v1.metadata.json`); null when it does not exist. */
export type ReadTableFile = (relPath: string) => Promise<Uint8Array | null>;

/** Table metadata JSON (ids may be bigints when another engine wrote them). */
export type TableMetadata = Record<string, unknown> & {
  'format-version': number;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  'current-schema-id': number;
  schemas: IcebergSchema[];
  'default-spec-id': number;
  'partition-specs': PartitionSpec[];
  'last-partition-id': number;
  'current-snapshot-id'?: number | bigint | null;
  snapshots?: Snapshot[];
  'snapshot-log'?: { 'timestamp-ms': number; 'snapshot-id': number | bigint }[];
  'metadata-log'?: { 'timestamp-ms': number; 'metadata-file': string }[];
  refs?: Record<string, { 'snapshot-id': number | bigint; type: string }>;
  properties?: Record<string, string>;
};

export interface Snapshot {
  'sequence-number': number;
  'snapshot-id': number | bigint;
  'parent-snapshot-id'?: number | bigint;
  'timestamp-ms': number;
  summary: Record<string, string>;
  'manifest-list': string;
  'schema-id'?: number;
}

/** A `manifest_file` record of a manifest list. */
export interface ManifestFileRecord {
  manifest_path: string;
  manifest_length: number | bigint;
  partition_spec_id: number;
  content: number;
  sequence_number: number | bigint;
  min_sequence_number: number | bigint;
  added_snapshot_id: number | bigint;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: number | bigint;
  existing_rows_count: number | bigint;
  deleted_rows_count: number | bigint;
  partitions:
    { contains_null: boolean; contains_nan: boolean | null; lower_bound: Uint8Array | null; upper_bound: Uint8Array | null }[] | null;
  key_metadata: Uint8Array | null;
}

/** An existing table: its current metadata version and the manifests of its current snapshot. */
export interface TableState {
  version: number;
  metadata: TableMetadata;
  manifests: ManifestFileRecord[];
}

const td = new TextDecoder();
const te = new TextEncoder();
const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Relative path of an absolute location inside the table location, or null when it is elsewhere. */
export function relativeToTable(location: string, uri: string): string | null {
  const base = trimSlash(location) + '/';
  return uri.startsWith(base) ? uri.slice(base.length) : null;
}

/**
 * Loads the current state of a table folder (file-system layout: `metadata/version-hint.text` →
 * `v<N>.metadata.json` → the current snapshot's manifest list), or null when the folder holds no table.
 */
export async function loadIcebergTable(read: ReadTableFile): Promise<TableState | null> {
  const hint = await read('metadata/version-hint.text');
  if (!hint) {
    if (await read('metadata/v1.metadata.json')) throw new Error('the table folder has metadata but no metadata/version-hint.text');
    return null;
  }
  const version = Number.parseInt(td.decode(hint).trim(), 10);
  if (!Number.isInteger(version) || version < 1) throw new Error(`metadata/version-hint.text does not hold a version number`);
  const raw = await read(`metadata/v${version}.metadata.json`);
  if (!raw) throw new Error(`metadata/v${version}.metadata.json (named by version-hint.text) is missing`);
  const metadata = parseJsonExact(td.decode(raw)) as TableMetadata;
  if (metadata['format-version'] !== FORMAT_VERSION)
    throw new Error(`the table has format version ${metadata['format-version']}; only ${FORMAT_VERSION} can be appended to`);
  const current = currentSnapshot(metadata);
  let manifests: ManifestFileRecord[] = [];
  if (current) {
    const rel = relativeToTable(metadata.location, current['manifest-list']);
    if (rel === null) throw new Error(`the manifest list ${current['manifest-list']} is outside the table location ${metadata.location}`);
    const bytes = await read(rel);
    if (!bytes) throw new Error(`the manifest list ${rel} is missing`);
    manifests = readAvroContainer(bytes).records as ManifestFileRecord[];
  }
  return { version, metadata, manifests };
}

function currentSnapshot(m: TableMetadata): Snapshot | null {
  const id = m['current-snapshot-id'];
  if (id === undefined || id === null || id === -1) return null;
  const s = (m.snapshots ?? []).find((x) => x['snapshot-id'] === id);
  if (!s) throw new Error(`the current snapshot ${id} is not in the table metadata`);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Deterministic ids

function sha256(text: string): Uint8Array {
  return new Sha256().update(te.encode(text)).digest();
}

/** A UUID (version 8, RFC 9562 "custom") from a hash: same text, same uuid. */
export function hashUuid(text: string): string {
  const b = sha256(text).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A positive id below 2^53 from a hash (exact in JSON readers that use doubles). */
function hashId(text: string): number {
  const b = sha256(text);
  let v = 0;
  for (let i = 0; i < 7; i++) v = v * 256 + b[i]!;
  v = v % 2 ** 53;
  return v === 0 ? 1 : v;
}

const num = (v: number | bigint | string | undefined): number => (v === undefined ? 0 : Number(v));

export interface IcebergTableOptions {
  type: ServiceType;
  /** Bronze columns (CDR columns + ingestion_date), in order: field ids are positions + 1. */
  columns: readonly Column[];
  /** Table location URI (`<warehouse>/<type>`); for an existing table it must equal the recorded one (or be omitted). */
  location?: string;
  /** The table as it exists, or null to create it. */
  previous: TableState | null;
  /** Identity of the run (scenario JSON): seeds the table uuid, snapshot id and file names. */
  fingerprint: string;
  /** Snapshot time; raised to previous last-updated-ms + 1 when not later (timestamps never go back). */
  timestampMs: number;
  compression: ParquetCompression;
  engineVersion: string;
}

/** Data file added by a commit (its path is relative to the table folder). */
interface Added {
  path: string;
  file: IcebergDataFile;
}

/** Writes one commit (a new snapshot) of one table. */
export class IcebergTableWriter {
  readonly type: ServiceType;
  readonly location: string;
  readonly tableUuid: string;
  readonly schema: IcebergSchema;
  readonly spec: PartitionSpec;
  readonly sequenceNumber: number;
  readonly snapshotId: number;
  readonly parentSnapshotId: number | bigint | null;
  /** Metadata version this commit writes (`v<N>.metadata.json`). */
  readonly version: number;
  readonly timestampMs: number;
  private readonly tag: string;
  private readonly parts = new Map<number, number>();
  private readonly added: Added[] = [];

  constructor(private readonly opts: IcebergTableOptions) {
    const prev = opts.previous;
    this.type = opts.type;
    const ours = icebergSchema(opts.columns);
    if (prev) {
      const m = prev.metadata;
      if (opts.location !== undefined && trimSlash(opts.location) !== trimSlash(m.location))
        throw new Error(`the ${opts.type} table is located at ${m.location}, not ${opts.location} (omit the location to append to it)`);
      this.location = trimSlash(m.location);
      this.tableUuid = m['table-uuid'];
      const schema = m.schemas.find((s) => s['schema-id'] === m['current-schema-id']);
      if (!schema || !sameColumns(schema, ours))
        throw new Error(
          `the existing ${opts.type} table has other columns (${schema?.fields.map((f) => f.name).join(', ') ?? 'none'}); ` +
            `appending needs the same schema preset (${ours.fields.map((f) => f.name).join(', ')})`,
        );
      this.schema = schema;
      const spec = m['partition-specs'].find((s) => s['spec-id'] === m['default-spec-id']);
      const ts = ours.fields.find((f) => f.name === 'timestamp')!;
      const f0 = spec?.fields[0];
      if (!spec || spec.fields.length !== 1 || !f0 || f0.transform !== 'day' || f0['source-id'] !== ts.id)
        throw new Error(`the existing ${opts.type} table is not partitioned by days(timestamp) alone`);
      this.spec = spec;
      this.sequenceNumber = num(m['last-sequence-number']) + 1;
      this.parentSnapshotId = currentSnapshot(m)?.['snapshot-id'] ?? null;
      this.version = prev.version + 1;
      this.timestampMs = Math.max(opts.timestampMs, num(m['last-updated-ms']) + 1);
    } else {
      if (!opts.location) throw new Error(`no location for the ${opts.type} table`);
      this.location = trimSlash(opts.location);
      this.tableUuid = hashUuid(`cdr-studio iceberg table\n${opts.fingerprint}\n${opts.type}\n${this.location}`);
      this.schema = ours;
      this.spec = dayPartitionSpec(ours);
      this.sequenceNumber = 1;
      this.parentSnapshotId = null;
      this.version = 1;
      this.timestampMs = opts.timestampMs;
    }
    const taken = new Set((prev?.metadata.snapshots ?? []).map((s) => String(s['snapshot-id'])));
    let id = 0;
    for (let attempt = 0; id === 0 || taken.has(String(id)); attempt++)
      id = hashId(`cdr-studio snapshot\n${this.tableUuid}\n${this.sequenceNumber}\n${opts.fingerprint}\n${attempt}`);
    this.snapshotId = id;
    this.tag = hashUuid(`cdr-studio commit\n${this.tableUuid}\n${this.snapshotId}`);
  }

  /** Absolute URI of a path inside the table. */
  uri(relPath: string): string {
    return `${this.location}/${relPath}`;
  }

  /** Names the next data file of a day: `data/timestamp_day=YYYY-MM-DD/part-<NNNNN>-<seq>-<tag>.parquet` (unique per commit). */
  addDataFile(file: IcebergDataFile): string {
    if (file.type !== this.type) throw new Error(`a ${file.type} file cannot go into the ${this.type} table`);
    const part = this.parts.get(file.epochDay) ?? 0;
    this.parts.set(file.epochDay, part + 1);
    const name = this.spec.fields[0]!.name;
    const path = `data/${name}=${isoDate(file.epochDay)}/part-${String(part).padStart(5, '0')}-${this.sequenceNumber}-${this.tag.slice(0, 13)}.parquet`;
    this.added.push({ path, file });
    return path;
  }

  get addedRows(): number {
    return this.added.reduce((a, x) => a + x.file.rows, 0);
  }

  get addedFiles(): number {
    return this.added.length;
  }

  /**
   * The metadata files of the commit, in the order to write them (manifest, manifest list, table
   * metadata, version hint last). Returns [] when nothing was added to an existing table.
   */
  commit(): IcebergOutputFile[] {
    const prev = this.opts.previous;
    if (prev && this.added.length === 0) return [];
    const out: IcebergOutputFile[] = [];
    const manifests: ManifestFileRecord[] = [];
    if (this.added.length) {
      const manifest = this.writeManifest();
      out.push(manifest);
      const days = this.added.map((a) => a.file.epochDay);
      manifests.push({
        manifest_path: this.uri(manifest.path),
        manifest_length: manifest.bytes.length,
        partition_spec_id: this.spec['spec-id'],
        content: 0,
        sequence_number: this.sequenceNumber,
        min_sequence_number: this.sequenceNumber,
        added_snapshot_id: this.snapshotId,
        added_files_count: this.added.length,
        existing_files_count: 0,
        deleted_files_count: 0,
        added_rows_count: this.addedRows,
        existing_rows_count: 0,
        deleted_rows_count: 0,
        partitions: [
          {
            contains_null: false,
            contains_nan: false,
            lower_bound: int32Bytes(Math.min(...days)),
            upper_bound: int32Bytes(Math.max(...days)),
          },
        ],
        key_metadata: null,
      });
    }
    const hasSnapshot = this.added.length > 0 || prev !== null;
    if (hasSnapshot) {
      manifests.push(...(prev?.manifests ?? []));
      const listPath = `metadata/snap-${this.snapshotId}-1-${this.tag}.avro`;
      out.push({
        path: listPath,
        bytes: writeAvroContainer(
          MANIFEST_FILE_SCHEMA,
          manifests,
          [
            ['snapshot-id', String(this.snapshotId)],
            ['parent-snapshot-id', this.parentSnapshotId === null ? 'null' : String(this.parentSnapshotId)],
            ['sequence-number', String(this.sequenceNumber)],
            ['format-version', String(FORMAT_VERSION)],
          ],
          syncMarker(listPath, this.tag),
        ),
      });
      out.push(this.metadataFile(this.uri(listPath)));
    } else out.push(this.metadataFile(null));
    out.push({ path: 'metadata/version-hint.text', bytes: te.encode(String(this.version)) });
    return out;
  }

  private writeManifest(): IcebergOutputFile {
    const path = `metadata/${this.tag}-m0.avro`;
    const partName = this.spec.fields[0]!.name;
    const kv = <T>(pairs: [number, T][]) => pairs.map(([key, value]) => ({ key, value }));
    const entries = this.added.map(({ path: p, file }) => {
      const m = file.metrics;
      return {
        status: 1,
        snapshot_id: this.snapshotId,
        sequence_number: null,
        file_sequence_number: null,
        data_file: {
          content: 0,
          file_path: this.uri(p),
          file_format: 'PARQUET',
          partition: { [partName]: file.epochDay },
          record_count: m.recordCount,
          file_size_in_bytes: m.fileSizeInBytes,
          column_sizes: kv(m.columnSizes),
          value_counts: kv(m.valueCounts),
          null_value_counts: kv(m.nullValueCounts),
          nan_value_counts: m.nanValueCounts.length ? kv(m.nanValueCounts) : null,
          lower_bounds: kv(m.lowerBounds),
          upper_bounds: kv(m.upperBounds),
          key_metadata: null,
          split_offsets: m.splitOffsets,
          equality_ids: null,
          sort_order_id: UNSORTED['order-id'],
        },
      };
    });
    const schema: AvroSchema = manifestEntrySchema(this.spec);
    const bytes = writeAvroContainer(
      schema,
      entries,
      [
        ['schema', JSON.stringify(this.schema)],
        ['schema-id', String(this.schema['schema-id'])],
        ['partition-spec', JSON.stringify(this.spec.fields)],
        ['partition-spec-id', String(this.spec['spec-id'])],
        ['format-version', String(FORMAT_VERSION)],
        ['content', 'data'],
      ],
      syncMarker(path, this.tag),
    );
    return { path, bytes };
  }

  private summary(): Record<string, string> {
    const prevSnap = this.opts.previous ? currentSnapshot(this.opts.previous.metadata) : null;
    const prevSum = prevSnap?.summary ?? {};
    const addedSize = this.added.reduce((a, x) => a + x.file.metrics.fileSizeInBytes, 0);
    const prevManifests = this.opts.previous?.manifests ?? [];
    const live = (k: 'files' | 'rows') =>
      prevManifests.reduce(
        (a, m) => a + (k === 'files' ? m.added_files_count + m.existing_files_count : num(m.added_rows_count) + num(m.existing_rows_count)),
        0,
      );
    const prevRecords = prevSum['total-records'] !== undefined ? num(prevSum['total-records']) : live('rows');
    const prevFiles = prevSum['total-data-files'] !== undefined ? num(prevSum['total-data-files']) : live('files');
    const prevSize = prevSnap ? (prevSum['total-files-size'] !== undefined ? num(prevSum['total-files-size']) : null) : 0;
    return {
      operation: 'append',
      'added-data-files': String(this.added.length),
      'added-records': String(this.addedRows),
      'added-files-size': String(addedSize),
      'changed-partition-count': String(new Set(this.added.map((a) => a.file.epochDay)).size),
      'total-records': String(prevRecords + this.addedRows),
      ...(prevSize === null ? {} : { 'total-files-size': String(prevSize + addedSize) }),
      'total-data-files': String(prevFiles + this.added.length),
      'total-delete-files': prevSum['total-delete-files'] ?? '0',
      'total-position-deletes': prevSum['total-position-deletes'] ?? '0',
      'total-equality-deletes': prevSum['total-equality-deletes'] ?? '0',
      'engine-name': 'cdr-studio',
      'engine-version': this.opts.engineVersion,
    };
  }

  private metadataFile(manifestList: string | null): IcebergOutputFile {
    const prev = this.opts.previous;
    const ts = this.timestampMs;
    const snapshot: Snapshot | null = manifestList
      ? {
          'sequence-number': this.sequenceNumber,
          'snapshot-id': this.snapshotId,
          ...(this.parentSnapshotId === null ? {} : { 'parent-snapshot-id': this.parentSnapshotId }),
          'timestamp-ms': ts,
          summary: this.summary(),
          'manifest-list': manifestList,
          'schema-id': this.schema['schema-id'],
        }
      : null;
    let m: TableMetadata;
    if (prev) {
      const p = prev.metadata;
      m = {
        ...p,
        'last-sequence-number': this.sequenceNumber,
        'last-updated-ms': ts,
        'current-snapshot-id': this.snapshotId,
        refs: { ...(p.refs ?? {}), main: { 'snapshot-id': this.snapshotId, type: 'branch' } },
        snapshots: [...(p.snapshots ?? []), snapshot!],
        'snapshot-log': [...(p['snapshot-log'] ?? []), { 'timestamp-ms': ts, 'snapshot-id': this.snapshotId }],
        'metadata-log': [
          ...(p['metadata-log'] ?? []),
          { 'timestamp-ms': num(p['last-updated-ms']), 'metadata-file': this.uri(`metadata/v${prev.version}.metadata.json`) },
        ],
      };
    } else {
      const codec = this.opts.compression === 'none' ? 'uncompressed' : this.opts.compression;
      m = {
        'format-version': FORMAT_VERSION,
        'table-uuid': this.tableUuid,
        location: this.location,
        'last-sequence-number': snapshot ? this.sequenceNumber : 0,
        'last-updated-ms': ts,
        'last-column-id': Math.max(...this.schema.fields.map((f) => f.id)),
        'current-schema-id': this.schema['schema-id'],
        schemas: [this.schema],
        'default-spec-id': this.spec['spec-id'],
        'partition-specs': [this.spec],
        'last-partition-id': Math.max(...this.spec.fields.map((f) => f['field-id'])),
        'default-sort-order-id': UNSORTED['order-id'],
        'sort-orders': [UNSORTED],
        properties: {
          'write.format.default': 'parquet',
          'write.parquet.compression-codec': codec,
          'write.metadata.metrics.default': 'full',
        },
        ...(snapshot
          ? {
              'current-snapshot-id': this.snapshotId,
              refs: { main: { 'snapshot-id': this.snapshotId, type: 'branch' } },
              snapshots: [snapshot],
              'snapshot-log': [{ 'timestamp-ms': ts, 'snapshot-id': this.snapshotId }],
            }
          : { refs: {}, snapshots: [], 'snapshot-log': [] }),
        'metadata-log': [],
      };
    }
    return { path: `metadata/v${this.version}.metadata.json`, bytes: te.encode(stringifyJsonExact(m) + '\n') };
  }
}

/** A deterministic 16-byte Avro sync marker for a file. */
function syncMarker(path: string, tag: string): Uint8Array {
  return sha256(`cdr-studio avro sync\n${tag}\n${path}`).slice(0, 16);
}
