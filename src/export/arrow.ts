/**
 * Arrow record batches straight from the engine's typed arrays (no builders, no row objects):
 * the typed schema shared by the Parquet and Arrow IPC writers. Values equal the CSV writer's.
 */
import {
  Bool,
  DateDay,
  Decimal,
  Dictionary,
  Field,
  Float64,
  Int16,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
  makeData,
  makeVector,
  type Data,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { Column } from '../core/tables.ts';
import { RATS, SEGMENTS, type World } from '../core/world.ts';
import { ByteWriter } from './bytes.ts';
import { imeiOverride, nullInfo, num, type ColumnSource } from './csv.ts';
import { writeDigits } from './digits.ts';

/** Parquet field-id metadata key (Iceberg maps columns by it). */
export const FIELD_ID_KEY = 'PARQUET:field_id';

/** True when a column becomes Dictionary(Utf8) in typed formats (and dictionary-encoded in Parquet). */
export function isDictColumn(col: Column): boolean {
  if (col.type !== 'string') return false;
  const k = col.kind;
  if (k.k === 'enum' || k.k === 'const') return true;
  if (k.k === 'cell') return k.field !== 'lac';
  return k.k === 'str' && col.dict === true;
}

/** Cell ids and free dimension strings can be many: Int32 dictionary keys; enums and constants: Int16. */
const wideKeys = (col: Column): boolean => (col.kind.k === 'cell' && col.kind.field === 'id') || col.kind.k === 'str';

function arrowType(col: Column, index: number): DataType {
  switch (col.type) {
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'string':
      if (!isDictColumn(col)) return new Utf8();
      return new Dictionary(new Utf8(), wideKeys(col) ? new Int32() : new Int16(), index);
    case 'int':
      return new Int32();
    case 'bigint':
      return new Int64();
    case 'decimal(10,2)':
      return new Decimal(2, 10, 128);
    case 'boolean':
      return new Bool();
    case 'double':
      return new Float64();
    case 'date':
      return new DateDay();
  }
}

const schemas = new Map<string, Schema>();

/** Arrow schema of a column list: fields (nullable only when `Column.nullable`) with `PARQUET:field_id` = 1-based position (cached). */
export function toArrowSchema(cols: readonly Column[]): Schema {
  const key = cols
    .map((c) => `${c.name}\u0001${c.type}\u0001${isDictColumn(c) ? (wideKeys(c) ? 'd32' : 'd16') : ''}${c.nullable ? '\u0001n' : ''}`)
    .join('\u0002');
  let s = schemas.get(key);
  if (!s) {
    s = new Schema(cols.map((c, i) => new Field(c.name, arrowType(c, i), c.nullable === true, new Map([[FIELD_ID_KEY, String(i + 1)]]))));
    if (schemas.size > 64) schemas.clear();
    schemas.set(key, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Column sources

function strs(src: ColumnSource, name: string): readonly string[] {
  const a = src[name];
  if (!Array.isArray(a)) throw new Error(`batch has no string column ${name}`);
  return a as string[];
}

// ---------------------------------------------------------------------------------------------
// Shared dictionaries: one Vector per (world, column domain), so every batch of a run references the
// very same dictionary object (the Arrow file writer rejects replacement dictionaries).

interface Dict {
  vector: Vector<Utf8>;
  /** Code of each value of the domain. */
  index: Map<string, number>;
}

const dictCache = new WeakMap<World, Map<string, Dict>>();

/** Utf8 Data from a list of strings (small lists; hot paths write bytes directly). */
function utf8Data(values: readonly string[]): Data<Utf8> {
  const enc = new TextEncoder();
  const w = new ByteWriter(Math.max(64, values.length * 16));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const s = values[i]!;
    w.ensure(s.length * 3);
    w.pos += enc.encodeInto(s, w.buf.subarray(w.pos)).written;
    offsets[i + 1] = w.pos;
  }
  return makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data: w.finish() });
}

function sharedDict(world: World, key: string, domain: () => readonly string[]): Dict {
  let m = dictCache.get(world);
  if (!m) dictCache.set(world, (m = new Map()));
  let d = m.get(key);
  if (!d) {
    const unique: string[] = [];
    const index = new Map<string, number>();
    for (const v of domain()) {
      if (!index.has(v)) {
        index.set(v, unique.length);
        unique.push(v);
      }
    }
    d = { vector: makeVector(utf8Data(unique)), index };
    m.set(key, d);
  }
  return d;
}

/** Known value domains of the dimension tables' dictionary-encoded string columns. */
function strDomain(world: World, src: string): readonly string[] | null {
  const p = world.model.profile;
  switch (src) {
    case 'region':
      return p.regions.map((r) => r.name);
    case 'town':
      return world.cells.town;
    case 'tech':
      return RATS;
    case 'operator':
      return p.operators.map((o) => o.name);
    case 'plan':
      return ['PREPAID', 'POSTPAID'];
    case 'segment':
      return SEGMENTS;
    case 'device':
      return p.population.devices.map((d) => d.model);
    default:
      return null;
  }
}

/** The shared dictionary of a dictionary column in a world. */
export function columnDictionary(col: Column, world: World, src?: ColumnSource): Dict {
  const k = col.kind;
  switch (k.k) {
    case 'enum':
      return sharedDict(world, `enum\u0000${k.values.join('\u0000')}`, () => k.values);
    case 'const':
      return sharedDict(world, `const\u0000${k.value}`, () => [k.value]);
    case 'cell':
      if (k.field === 'id') return sharedDict(world, 'cell.id', () => world.cells.id);
      return sharedDict(world, 'cell.region', () => world.model.profile.regions.map((r) => r.name));
    case 'str': {
      const known = strDomain(world, k.src);
      if (known) return sharedDict(world, `str\u0000${k.src}`, () => known);
      // Unknown domain: the first batch's distinct values (sorted); later batches must stay inside it.
      return sharedDict(world, `str\u0000${col.name}\u0000${k.src}`, () => (src ? [...new Set(strs(src, k.src))].sort() : []));
    }
    default:
      throw new Error(`column ${col.name} is not dictionary-encoded`);
  }
}

// ---------------------------------------------------------------------------------------------
// Value builders

/** Writes integer-valued numbers (|x| < 2^53) as little-endian 64-bit words (no BigInt per value). */
function int64Words(n: number, get: (i: number) => number): BigInt64Array {
  const out = new BigInt64Array(n);
  const w = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = get(i);
    const hi = Math.floor(x / 4294967296);
    w[2 * i] = (x - hi * 4294967296) >>> 0;
    w[2 * i + 1] = hi >>> 0;
  }
  return out;
}

function timestampData(col: Column, type: TimestampMicrosecond, src: ColumnSource, n: number): Data {
  const k = col.kind;
  if (k.k !== 'time') throw new Error(`column ${col.name}: timestamp needs a time kind`);
  const ts = num(src, k.src);
  const plus = k.plus ? num(src, k.plus) : null;
  const out = new BigInt64Array(n);
  const w = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const us = (plus ? ts[i]! + plus[i]! : ts[i]!) * 1_000_000;
    const hi = Math.floor(us / 4294967296);
    w[2 * i] = (us - hi * 4294967296) >>> 0;
    w[2 * i + 1] = hi >>> 0;
  }
  return makeData({ type, length: n, nullCount: 0, data: out });
}

/** Numeric value of row i for the numeric kinds (int, digits, lookup, cell lac, sub, date, bool). */
function numericGetter(col: Column, src: ColumnSource, world: World): (i: number) => number {
  const k = col.kind;
  switch (k.k) {
    case 'int':
    case 'digits':
    case 'date':
    case 'cents':
    case 'bool': {
      const a = num(src, k.src);
      return (i) => a[i]!;
    }
    case 'lookup': {
      const a = num(src, k.src);
      const v = k.values;
      return (i) => v[a[i]!]!;
    }
    case 'cell': {
      if (k.field !== 'lac') break;
      const a = num(src, k.src);
      const lac = world.cells.lac;
      return (i) => lac[a[i]!]!;
    }
    case 'sub': {
      const a = num(src, k.src);
      const arr = k.field === 'imsi' ? world.subs.imsi : world.subs.imei;
      const fix = k.field === 'imei' ? imeiOverride(src) : null;
      if (fix) {
        return (i) => {
          const f = fix[i]!;
          return f === f ? f : arr[a[i]!]!;
        };
      }
      return (i) => arr[a[i]!]!;
    }
    case 'float': {
      const a = num(src, k.src);
      const p = 10 ** k.decimals;
      // Same value as the CSV text (toFixed); the fast path skips toFixed when already rounded.
      return (i) => {
        const x = a[i]!;
        const r = Math.round(x * p) / p;
        return r === x ? x : Number(x.toFixed(k.decimals));
      };
    }
    default:
      break;
  }
  throw new Error(`column ${col.name}: kind ${k.k} has no numeric value`);
}

function int32Data(col: Column, src: ColumnSource, n: number, world: World): Data {
  const k = col.kind;
  let out: Int32Array;
  const a = 'src' in k ? src[k.src] : undefined;
  if ((k.k === 'int' || k.k === 'date') && a instanceof Int32Array) out = a.length === n ? a : a.subarray(0, n);
  else {
    const get = numericGetter(col, src, world);
    out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = get(i);
  }
  if (col.type === 'date') return makeData({ type: new DateDay(), length: n, nullCount: 0, data: out });
  return makeData({ type: new Int32(), length: n, nullCount: 0, data: out });
}

/** Utf8 Data of the string kinds that are not dictionary-encoded (ids, digits, free strings). */
function utf8Column(col: Column, src: ColumnSource, n: number, world: World): Data<Utf8> {
  const k = col.kind;
  const offsets = new Int32Array(n + 1);
  let o: ByteWriter;
  switch (k.k) {
    case 'id': {
      const a = num(src, k.src);
      const prefix = new TextEncoder().encode(k.prefix);
      o = new ByteWriter(Math.max(64, n * (prefix.length + k.width + 1)));
      for (let i = 0; i < n; i++) {
        o.bytes(prefix);
        o.padded(a[i]!, k.width);
        offsets[i + 1] = o.pos;
      }
      break;
    }
    case 'digits':
    case 'sub':
    case 'int':
    case 'lookup':
    case 'cell': {
      const get = numericGetter(col, src, world);
      o = new ByteWriter(Math.max(64, n * 16));
      for (let i = 0; i < n; i++) {
        const x = get(i);
        if (x < 0) o.int(x);
        else writeDigits(o, x);
        offsets[i + 1] = o.pos;
      }
      break;
    }
    case 'str': {
      const a = strs(src, k.src);
      const enc = new TextEncoder();
      o = new ByteWriter(Math.max(64, n * 16));
      for (let i = 0; i < n; i++) {
        const s = a[i]!;
        o.ensure(s.length * 3);
        o.pos += enc.encodeInto(s, o.buf.subarray(o.pos)).written;
        offsets[i + 1] = o.pos;
      }
      break;
    }
    default:
      throw new Error(`column ${col.name}: kind ${k.k} cannot be written as a plain string`);
  }
  return makeData({ type: new Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data: o.finish() });
}

function dictColumn(col: Column, type: Dictionary, src: ColumnSource, n: number, world: World): Data {
  const d = columnDictionary(col, world, src);
  const k = col.kind;
  const wide = type.indices.bitWidth === 32;
  const codes = wide ? new Int32Array(n) : new Int16Array(n);
  switch (k.k) {
    case 'enum': {
      const a = num(src, k.src);
      const remap = Int32Array.from(k.values, (v) => d.index.get(v)!);
      for (let i = 0; i < n; i++) {
        const c = remap[a[i]!];
        if (c === undefined) throw new Error(`column ${col.name}: value index ${a[i]} out of range`);
        codes[i] = c;
      }
      break;
    }
    case 'const':
      break; // all zeros
    case 'cell': {
      const a = num(src, k.src);
      if (k.field === 'id') {
        if (d.index.size !== world.cells.n) throw new Error('cell ids are not unique');
        if (a instanceof Int32Array && wide) {
          return makeData({ type, length: n, nullCount: 0, data: a.length === n ? a : a.subarray(0, n), dictionary: d.vector });
        }
        for (let i = 0; i < n; i++) codes[i] = a[i]!;
      } else {
        const names = world.model.profile.regions.map((r) => d.index.get(r.name)!);
        const region = world.cells.region;
        for (let i = 0; i < n; i++) codes[i] = names[region[a[i]!]!]!;
      }
      break;
    }
    case 'str': {
      const a = strs(src, k.src);
      let last = '';
      let lastCode = -1;
      for (let i = 0; i < n; i++) {
        const s = a[i]!;
        if (s !== last || lastCode < 0) {
          const c = d.index.get(s);
          if (c === undefined) throw new Error(`column ${col.name}: value ${JSON.stringify(s)} is outside its dictionary`);
          last = s;
          lastCode = c;
        }
        codes[i] = lastCode;
      }
      break;
    }
    default:
      throw new Error(`column ${col.name}: kind ${k.k} cannot be dictionary-encoded`);
  }
  return makeData({ type, length: n, nullCount: 0, data: codes, dictionary: d.vector });
}

function columnData(col: Column, type: DataType, src: ColumnSource, n: number, world: World): Data {
  switch (col.type) {
    case 'timestamp':
      return timestampData(col, type as TimestampMicrosecond, src, n);
    case 'string':
      return type instanceof Dictionary ? dictColumn(col, type, src, n, world) : utf8Column(col, src, n, world);
    case 'int':
    case 'date':
      return int32Data(col, src, n, world);
    case 'bigint': {
      const get = numericGetter(col, src, world);
      return makeData({ type: type as Int64, length: n, nullCount: 0, data: int64Words(n, get) });
    }
    case 'decimal(10,2)': {
      // 128-bit little-endian two's complement of the cents (scale 2).
      const get = numericGetter(col, src, world);
      const out = new Uint32Array(n * 4);
      for (let i = 0; i < n; i++) {
        const x = Math.round(get(i));
        const hi = Math.floor(x / 4294967296);
        const j = i * 4;
        out[j] = (x - hi * 4294967296) >>> 0;
        out[j + 1] = hi >>> 0;
        const ext = x < 0 ? 0xffffffff : 0;
        out[j + 2] = ext;
        out[j + 3] = ext;
      }
      return makeData({ type: type as Decimal, length: n, nullCount: 0, data: out });
    }
    case 'boolean': {
      const get = numericGetter(col, src, world);
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (get(i)) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: type as Bool, length: n, nullCount: 0, data: bits });
    }
    case 'double': {
      const k = col.kind;
      const a = 'src' in k ? src[k.src] : undefined;
      let out: Float64Array;
      if (k.k !== 'float' && a instanceof Float64Array) out = a.length === n ? a : a.subarray(0, n);
      else {
        const get = numericGetter(col, src, world);
        out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = get(i);
      }
      return makeData({ type: type as Float64, length: n, nullCount: 0, data: out });
    }
  }
}

/**
 * Rows [0, length) of a columnar batch (a CDR batch or a dimension batch's `cols`) as an Arrow
 * RecordBatch of `toArrowSchema(cols)`; dictionaries are shared per world, typed arrays reused.
 */
export function toRecordBatch(cols: readonly Column[], src: ColumnSource | object, length: number, world: World): RecordBatch {
  const schema = toArrowSchema(cols);
  const s = src as ColumnSource;
  const faulty = nullInfo(s);
  const children = cols.map((c, i) => {
    const d = columnData(c, schema.fields[i]!.type as DataType, s, length, world);
    return faulty && c.nullable ? withValidity(d, c, i, faulty, length) : d;
  });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }));
}

/**
 * The column's Data with a validity bitmap for its null rows (faults): rows whose `nullBit` is set in
 * `nulls`, and rows truncated before column `index`. Unchanged when the batch has no null there.
 */
function withValidity(d: Data, col: Column, index: number, f: { nulls: Uint8Array | null; trunc: Uint8Array | null }, n: number): Data {
  const { nulls, trunc } = f;
  const bit = nulls && col.nullBit !== undefined ? 1 << col.nullBit : 0;
  let bitmap: Uint8Array | null = null;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = trunc ? trunc[i]! : 0;
    if ((bit && nulls![i]! & bit) || (t > 0 && index >= t)) {
      bitmap ??= new Uint8Array((n + 7) >> 3).fill(255);
      bitmap[i >> 3]! &= ~(1 << (i & 7));
      count++;
    }
  }
  if (!bitmap) return d;
  const buffers = d.buffers as unknown as unknown[];
  buffers[2] = bitmap;
  return d.clone(d.type, d.offset, d.length, count, buffers as never);
}
