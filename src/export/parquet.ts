/**
 * Parquet (parquet-wasm) and Arrow IPC file encoders for Arrow record batches made by `toRecordBatch`.
 * Shared by Web Workers and the Node CLI: initialise once with `ensureParquet(source)`, where the
 * source is the wasm URL in the browser (parquet-init-browser.ts) or its bytes in Node (parquet-init-node.ts).
 */
import { DataType, Dictionary, RecordBatch, RecordBatchFileWriter, Table, tableToIPC, type Schema } from 'apache-arrow';
import init, {
  Compression,
  EnabledStatistics,
  Table as WasmTable,
  WriterPropertiesBuilder,
  WriterVersion,
  transformParquetStream,
  writeParquet,
  type InitInput,
  type RecordBatch as WasmRecordBatch,
  type WriterProperties,
} from 'parquet-wasm/esm';

export type ParquetCompression = 'zstd' | 'snappy' | 'none';

export interface ParquetOptions {
  /** Codec of every column; zstd (default) is smallest, snappy fastest. */
  compression?: ParquetCompression;
  /** Maximum rows per row group (default 1,048,576; a byte cap of 128 MiB applies too). */
  rowGroupRows?: number;
  /** Extra Parquet key-value metadata (e.g. generator, scenario seed), stored as one JSON value under `cdr-studio`. */
  metadata?: Record<string, string>;
  /** Schema to use when `batches` is empty. */
  schema?: Schema;
}

export const DEFAULT_ROW_GROUP_ROWS = 1 << 20;
export const MAX_ROW_GROUP_BYTES = 128 * 2 ** 20;

let ready: Promise<void> | undefined;
let initialised = false;

/**
 * Initialises parquet-wasm once (later calls return the same promise): pass the wasm URL in a
 * Vite bundle / worker, or the wasm bytes (or a compiled WebAssembly.Module) in Node.
 */
export function ensureParquet(source: InitInput | Promise<InitInput>): Promise<void> {
  ready ??= init({ module_or_path: source }).then(
    () => {
      initialised = true;
    },
    (e: unknown) => {
      ready = undefined;
      throw e;
    },
  );
  return ready;
}

/** True once `ensureParquet` has completed. */
export const parquetReady = (): boolean => initialised;

function assertReady(): void {
  if (!initialised) throw new Error('parquet-wasm is not initialised: await ensureParquet(...) first');
}

const CODECS: Record<ParquetCompression, Compression> = {
  zstd: Compression.ZSTD,
  snappy: Compression.SNAPPY,
  none: Compression.UNCOMPRESSED,
};

/**
 * Writer properties for a schema: the codec, row groups, statistics, and dictionary encoding on for
 * Arrow Dictionary columns (enums, cells, regions) and off for high-cardinality ones (ids, MSISDNs,
 * timestamps, numbers), which changes write speed several-fold. Statistics: row-group min/max for plain
 * columns, page-level for timestamps, none for dictionary columns (measured: page-level statistics on
 * every column cost about a third of the write time).
 */
export function parquetProperties(schema: Schema, opts: ParquetOptions = {}): WriterProperties {
  const compression = opts.compression ?? 'zstd';
  const codec = CODECS[compression];
  if (codec === undefined) throw new Error(`unknown Parquet compression ${String(compression)} (zstd, snappy or none)`);
  const rows = opts.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`rowGroupRows must be a positive integer, got ${rows}`);
  let b = new WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(rows)
    .setMaxRowGroupBytes(MAX_ROW_GROUP_BYTES)
    .setWriterVersion(WriterVersion.V1)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setDictionaryEnabled(false);
  for (const f of schema.fields) {
    if (f.type instanceof Dictionary) {
      // Enums, cells, regions: dictionary-encoded; their min/max say nothing in time-ordered rows (every row
      // group spans the whole alphabet) and cost ~40 % of their write time, so no statistics.
      b = b.setColumnDictionaryEnabled(f.name, true).setColumnStatisticsEnabled(f.name, EnabledStatistics.None);
    } else if (DataType.isTimestamp(f.type)) {
      // Time: page-level min/max (column index) so readers skip pages of a time range, not just row groups.
      b = b.setColumnStatisticsEnabled(f.name, EnabledStatistics.Page);
    }
  }
  // parquet-rs keeps key-value metadata in a HashMap whose iteration order changes from process to
  // process, so several keys would make the footer bytes non-deterministic: write them as one JSON key.
  if (opts.metadata && Object.keys(opts.metadata).length)
    b = b.setKeyValueMetadata(new Map([['cdr-studio', JSON.stringify(Object.fromEntries(Object.entries(opts.metadata).sort()))]]));
  return b.build();
}

function schemaOf(batches: readonly RecordBatch[], schema?: Schema): Schema {
  const s = batches[0]?.schema ?? schema;
  if (!s) throw new Error('no batches and no schema to write');
  return s;
}

/** Encodes record batches (one schema) as one Parquet file; the wasm table and properties are freed. */
export function encodeParquet(batches: readonly RecordBatch[], opts: ParquetOptions = {}): Uint8Array {
  assertReady();
  const schema = schemaOf(batches, opts.schema);
  const table = batches.length ? new Table(batches as RecordBatch[]) : new Table(schema);
  const props = parquetProperties(schema, opts);
  let wasm: WasmTable;
  try {
    wasm = WasmTable.fromIPCStream(tableToIPC(table, 'stream'));
  } catch (e) {
    props.free();
    throw e;
  }
  // writeParquet consumes (frees) both the table and the properties, also when it throws.
  return writeParquet(wasm, props);
}

const sameSchema = (a: Schema, b: Schema): boolean =>
  a === b ||
  (a.fields.length === b.fields.length &&
    a.fields.every((f, i) => f.name === b.fields[i]!.name && String(f.type) === String(b.fields[i]!.type)));

/** Arrow JS batch -> wasm batch; the temporary wasm Table is freed or wasm memory grows per batch. */
function toWasmBatch(rb: RecordBatch): WasmRecordBatch {
  const t = WasmTable.fromIPCStream(tableToIPC(new Table([rb]), 'stream'));
  try {
    const b = t.recordBatch(0);
    if (!b) throw new Error('empty record batch');
    return b;
  } finally {
    t.free();
  }
}

/**
 * Streams batches into one Parquet file (bounded memory: about one row group; a row group is flushed
 * every `rowGroupRows` rows, whatever the input batch sizes). Errors of the source are re-raised on the output stream, because the
 * underlying writer would otherwise close a valid but truncated file (parquet-wasm 0.8.0, see STACK.md §2.5).
 */
export async function encodeParquetStream(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  opts: ParquetOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  assertReady();
  const it = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : (batches as Iterable<RecordBatch>)[Symbol.iterator]();
  const first = await it.next();
  if (first.done) {
    // The stream writer rejects an empty input: write the empty file in one go.
    const bytes = encodeParquet([], opts);
    return new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
  }
  const schema = first.value.schema;
  let failure: unknown = null;
  let pending: RecordBatch | null = first.value;
  const input = new ReadableStream<WasmRecordBatch>(
    {
      async pull(ctrl) {
        try {
          let rb = pending;
          pending = null;
          if (!rb) {
            const r = await it.next();
            if (r.done) return ctrl.close();
            rb = r.value;
          }
          if (!sameSchema(rb.schema, schema)) throw new Error('batch schema differs from the first batch');
          ctrl.enqueue(toWasmBatch(rb));
        } catch (e) {
          failure = e;
          ctrl.error(e);
        }
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 1 },
  );
  const out = (await transformParquetStream(input, parquetProperties(schema, opts))) as ReadableStream<Uint8Array>;
  return out.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, c) => c.enqueue(chunk),
      flush: (c) => {
        if (failure) c.error(failure instanceof Error ? failure : new Error(String(failure)));
      },
    }),
  );
}

/** Encodes record batches as an Arrow IPC *file* (`.arrow`, Feather v2), same schema as the Parquet. */
export function encodeArrowFile(batches: readonly RecordBatch[], schema?: Schema): Uint8Array {
  const s = schemaOf(batches, schema);
  if (!batches.length) return tableToIPC(new Table(s), 'file');
  return RecordBatchFileWriter.writeAll(batches as RecordBatch[]).toUint8Array(true);
}
