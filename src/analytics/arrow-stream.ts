/**
 * Arrow IPC file → Arrow IPC stream for DuckDB-Wasm's `insertArrowFromIPCStream`, which reads the stream
 * format only (the dataset writer makes IPC files, whose body apache-arrow writes without the schema
 * message). The record batches are read as views of the file's bytes and written once as a stream, with:
 *  - empty batches left out (DuckDB-Wasm's reader rejects a stream whose dictionaries follow an empty batch);
 *  - timestamps made naive local time (`timestamp` without zone, shifted by the profile's UTC offset), as in
 *    the legacy CSV and the lakehouse's tables: DuckDB-Wasm has no ICU, so `TIMESTAMP WITH TIME ZONE` could
 *    not even be cast to a date there;
 *  - dictionary ids offset by `dictionaryIdBase` (unique over the tables of a database; harmless otherwise).
 */
import {
  Dictionary,
  Field,
  makeData,
  RecordBatch,
  RecordBatchReader,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMicrosecond,
  Type,
  type Data,
  type DataType,
} from 'apache-arrow';

const isZonedTimestamp = (t: DataType): t is TimestampMicrosecond =>
  t.typeId === Type.Timestamp && Boolean((t as TimestampMicrosecond).timezone);

/** A zoned microsecond timestamp column as naive local time (`offsetSeconds` east of UTC). */
function naiveTimestamps(d: Data<TimestampMicrosecond>, type: TimestampMicrosecond, offsetSeconds: number): Data {
  const src = d.values as unknown as BigInt64Array;
  let values = src;
  if (offsetSeconds !== 0) {
    const shift = BigInt(offsetSeconds) * 1_000_000n;
    values = new BigInt64Array(d.length);
    for (let i = 0; i < d.length; i++) values[i] = src[i]! + shift;
  }
  return makeData({ type, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: values as never });
}

/** The field's type in the stream: naive timestamps, re-numbered dictionaries, others unchanged. */
function streamType(t: DataType, id: number): DataType {
  if (isZonedTimestamp(t)) return new TimestampMicrosecond();
  if (t.typeId === Type.Dictionary) {
    const d = t as Dictionary;
    return new Dictionary(d.dictionary, d.indices, id, d.isOrdered);
  }
  return t;
}

/** Options of `arrowFileToStream`. */
export interface StreamOptions {
  /** Seconds east of UTC of the local time written for timestamps (the profile's offset). */
  offsetSeconds?: number;
  /** Dictionary ids of this stream are this + the field index (unique per table inserted on a connection). */
  dictionaryIdBase?: number;
}

/** The record batches of an Arrow IPC file as one Arrow IPC stream (naive local timestamps, no empty batch). */
export function arrowFileToStream(file: Uint8Array, opts: StreamOptions = {}): Uint8Array {
  const { offsetSeconds = 0, dictionaryIdBase = 0 } = opts;
  const reader = RecordBatchReader.from(file);
  if (!reader.isSync() || !reader.isFile()) throw new Error('not an Arrow IPC file');
  reader.open();
  const source = reader.schema;
  const schema = new Schema(
    source.fields.map((f, i) => new Field(f.name, streamType(f.type, dictionaryIdBase + i), f.nullable, f.metadata)),
    source.metadata,
  );
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  for (const batch of reader) {
    if (batch.numRows === 0) continue;
    const children = batch.data.children.map((c, i) => {
      const type = schema.fields[i]!.type;
      if (isZonedTimestamp(source.fields[i]!.type))
        return naiveTimestamps(c as Data<TimestampMicrosecond>, type as TimestampMicrosecond, offsetSeconds);
      return type === source.fields[i]!.type ? c : c.clone(type);
    });
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children })));
  }
  // finish() writes the end-of-stream marker (toUint8Array alone leaves it out and DuckDB waits for more).
  return writer.finish().toUint8Array(true);
}
