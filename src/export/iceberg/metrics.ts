/**
 * Per-file column metrics of an Iceberg data file: sizes and value counts from the Parquet footer,
 * lower/upper bounds computed from the Arrow data that was written (exact values, not truncated),
 * serialized with Iceberg's binary single-value serialization (spec Appendix D).
 */
import { Dictionary, type Data, type DataType, type RecordBatch } from 'apache-arrow';
import type { Column, SqlType } from '../../core/tables.ts';
import { readParquetFooter } from './parquet-footer.ts';

/** Metrics of one data file, keyed by Iceberg field id (ascending). */
export interface DataFileMetrics {
  recordCount: number;
  fileSizeInBytes: number;
  columnSizes: [number, number][];
  valueCounts: [number, number][];
  nullValueCounts: [number, number][];
  /** NaN counts of floating-point columns only. */
  nanValueCounts: [number, number][];
  lowerBounds: [number, Uint8Array][];
  upperBounds: [number, Uint8Array][];
  /** Start offset of each row group, ascending. */
  splitOffsets: number[];
}

// ---------------------------------------------------------------------------------------------
// Binary single-value serialization

function le(bytes: number, write: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(bytes);
  write(new DataView(b.buffer));
  return b;
}

/** 4-byte little-endian int (`int`, `date`, and `day` partition values). */
export const int32Bytes = (v: number): Uint8Array => le(4, (d) => d.setInt32(0, v, true));
/** 8-byte little-endian long (`long`, `timestamp`, `timestamptz` in microseconds). */
export const int64Bytes = (v: bigint): Uint8Array => le(8, (d) => d.setBigInt64(0, v, true));
export const float64Bytes = (v: number): Uint8Array => le(8, (d) => d.setFloat64(0, v, true));

/** Unscaled decimal value as minimal two's-complement big-endian bytes. */
export function decimalBytes(unscaled: bigint): Uint8Array {
  const out: number[] = [];
  let v = unscaled;
  for (;;) {
    const byte = Number(v & 0xffn);
    out.unshift(byte);
    v >>= 8n; // arithmetic shift: stays -1 for negatives
    const signBit = byte & 0x80;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) break;
  }
  return Uint8Array.from(out);
}

/** Reads a single-value-serialized bound back (for tests and readers of our manifests). */
export function decodeBound(type: SqlType, b: Uint8Array): number | bigint | boolean | string {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (type) {
    case 'int':
    case 'date':
      return d.getInt32(0, true);
    case 'bigint':
    case 'timestamp':
      return d.getBigInt64(0, true);
    case 'double':
      return d.getFloat64(0, true);
    case 'boolean':
      return b[0] !== 0;
    case 'string':
      return new TextDecoder().decode(b);
    case 'decimal(10,2)': {
      let v = 0n;
      for (const x of b) v = (v << 8n) | BigInt(x);
      if (b.length && b[0]! & 0x80) v -= 1n << BigInt(8 * b.length);
      return v;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bounds from Arrow data

/** Unsigned byte-wise comparison (= UTF-8 code point order, what Iceberg uses for strings). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

type Acc =
  | { k: 'num'; min: number; max: number; any: boolean; nan: number }
  | { k: 'big'; min: bigint; max: bigint; any: boolean }
  | { k: 'bytes'; min: Uint8Array | null; max: Uint8Array | null }
  | { k: 'bool'; seen0: boolean; seen1: boolean };

function newAcc(type: SqlType): Acc {
  switch (type) {
    case 'timestamp':
    case 'bigint':
      return { k: 'big', min: 0n, max: 0n, any: false };
    case 'string':
      return { k: 'bytes', min: null, max: null };
    case 'boolean':
      return { k: 'bool', seen0: false, seen1: false };
    default:
      return { k: 'num', min: Infinity, max: -Infinity, any: false, nan: 0 };
  }
}

/** Utf8 value i of a string Data (offsets + bytes). */
function utf8At(d: Data, i: number): Uint8Array {
  const off = d.valueOffsets as Int32Array;
  const j = d.offset + i;
  return (d.values as Uint8Array).subarray(off[j]!, off[j + 1]!);
}

function addData(acc: Acc, d: Data<DataType>, type: SqlType): void {
  const n = d.length;
  if (n === 0 || d.nullCount === n) return;
  // Validity: bit (offset + i) of the null bitmap; every value is valid when there are no nulls.
  const nb = d.nullCount > 0 ? d.nullBitmap : null;
  const ok = (abs: number): boolean => !nb || (nb[abs >> 3]! & (1 << (abs & 7))) !== 0;
  const from = d.offset;
  const to = d.offset + n;
  switch (acc.k) {
    case 'big': {
      const v = d.values as BigInt64Array;
      for (let i = from; i < to; i++) {
        if (!ok(i)) continue;
        const x = v[i]!;
        if (!acc.any) {
          acc.min = acc.max = x;
          acc.any = true;
        } else if (x < acc.min) acc.min = x;
        else if (x > acc.max) acc.max = x;
      }
      return;
    }
    case 'num': {
      let lo = acc.min;
      let hi = acc.max;
      if (type === 'decimal(10,2)') {
        // 128-bit little-endian words; our amounts fit the low 64 bits as safe integers.
        const w = d.values as Uint32Array;
        for (let i = from; i < to; i++) {
          if (!ok(i)) continue;
          const x = w[4 * i]! + (w[4 * i + 1]! | 0) * 4294967296;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      } else {
        const v = d.values as Int32Array | Float64Array;
        for (let i = from; i < to; i++) {
          if (!ok(i)) continue;
          const x = v[i]!;
          if (x !== x) {
            acc.nan++;
            continue;
          }
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
      acc.min = lo;
      acc.max = hi;
      acc.any ||= lo <= hi;
      return;
    }
    case 'bool': {
      const bits = d.values as Uint8Array;
      for (let i = from; i < to && !(acc.seen0 && acc.seen1); i++) {
        if (!ok(i)) continue;
        if (bits[i >> 3]! & (1 << (i & 7))) acc.seen1 = true;
        else acc.seen0 = true;
      }
      return;
    }
    case 'bytes': {
      if (d.type instanceof Dictionary) {
        // Dictionary strings: compare only the values the codes use.
        const codes = d.values as Int16Array | Int32Array;
        const dict = d.dictionary?.data[0];
        if (!dict) throw new Error('dictionary column without a dictionary');
        const used = new Uint8Array(dict.length);
        for (let i = from; i < to; i++) if (ok(i)) used[codes[i]!] = 1;
        for (let c = 0; c < used.length; c++) if (used[c]) addBytes(acc, utf8At(dict, c));
      } else for (let i = 0; i < n; i++) if (ok(from + i)) addBytes(acc, utf8At(d, i));
      return;
    }
  }
}

function addBytes(acc: { min: Uint8Array | null; max: Uint8Array | null }, s: Uint8Array): void {
  if (!acc.min || compareBytes(s, acc.min) < 0) acc.min = s;
  if (!acc.max || compareBytes(s, acc.max) > 0) acc.max = s;
}

function accBounds(acc: Acc, type: SqlType): [Uint8Array, Uint8Array] | null {
  switch (acc.k) {
    case 'big':
      return acc.any ? [int64Bytes(acc.min), int64Bytes(acc.max)] : null;
    case 'bytes':
      return acc.min && acc.max ? [acc.min.slice(), acc.max.slice()] : null;
    case 'bool':
      if (!acc.seen0 && !acc.seen1) return null;
      return [Uint8Array.of(acc.seen0 ? 0 : 1), Uint8Array.of(acc.seen1 ? 1 : 0)];
    case 'num':
      if (!acc.any) return null;
      if (type === 'decimal(10,2)') return [decimalBytes(BigInt(acc.min)), decimalBytes(BigInt(acc.max))];
      if (type === 'double') return [float64Bytes(acc.min === 0 ? -0 : acc.min), float64Bytes(acc.max === 0 ? 0 : acc.max)];
      return [int32Bytes(acc.min), int32Bytes(acc.max)];
  }
}

/**
 * Lower/upper bound (binary single-value serialization) and null count of every column over record
 * batches of `toArrowSchema(cols)`; field id = position + 1. Nulls are skipped; columns without
 * non-null values get no bound.
 */
export function columnBounds(
  cols: readonly Column[],
  batches: readonly RecordBatch[],
): { lower: [number, Uint8Array][]; upper: [number, Uint8Array][]; nan: [number, number][]; nulls: [number, number][] } {
  const lower: [number, Uint8Array][] = [];
  const upper: [number, Uint8Array][] = [];
  const nan: [number, number][] = [];
  const nulls: [number, number][] = [];
  cols.forEach((col, i) => {
    const acc = newAcc(col.type);
    let nullCount = 0;
    for (const rb of batches) {
      const child = rb.getChildAt(i);
      if (!child) throw new Error(`record batch has no column ${col.name}`);
      for (const d of child.data) {
        nullCount += d.nullCount;
        addData(acc, d, col.type);
      }
    }
    nulls.push([i + 1, nullCount]);
    const b = accBounds(acc, col.type);
    if (b) {
      lower.push([i + 1, b[0]]);
      upper.push([i + 1, b[1]]);
    }
    if (col.type === 'double') nan.push([i + 1, acc.k === 'num' ? acc.nan : 0]);
  });
  return { lower, upper, nan, nulls };
}

/**
 * The metrics of one data file: column sizes, value and null counts from its Parquet footer (the
 * column's field id must be in the footer), bounds from the batches written into it.
 */
export function dataFileMetrics(parquet: Uint8Array, cols: readonly Column[], batches: readonly RecordBatch[]): DataFileMetrics {
  const footer = readParquetFooter(parquet);
  const ids = footer.columns.map((c, i) => {
    if (c.fieldId === undefined) throw new Error(`Parquet column ${c.name} has no field id`);
    if (cols[i]?.name !== c.name || c.fieldId !== i + 1)
      throw new Error(`Parquet column ${c.name} does not match the table column ${i + 1}`);
    return c.fieldId;
  });
  const sizes = new Map<number, number>();
  const values = new Map<number, number>();
  for (const id of ids) {
    sizes.set(id, 0);
    values.set(id, 0);
  }
  const splitOffsets: number[] = [];
  for (const rg of footer.rowGroups) {
    let start = Infinity;
    for (const ch of rg.chunks) {
      const id = ids[ch.column]!;
      sizes.set(id, sizes.get(id)! + ch.totalCompressedSize);
      values.set(id, values.get(id)! + ch.numValues);
      start = Math.min(start, ch.startOffset);
    }
    if (Number.isFinite(start)) splitOffsets.push(start);
  }
  splitOffsets.sort((a, b) => a - b);
  const rows = batches.reduce((a, b) => a + b.numRows, 0);
  if (rows !== footer.numRows) throw new Error(`Parquet file has ${footer.numRows} rows, expected ${rows}`);
  const { lower, upper, nan, nulls } = columnBounds(cols, batches);
  return {
    recordCount: footer.numRows,
    fileSizeInBytes: parquet.length,
    columnSizes: [...sizes],
    valueCounts: [...values],
    nullValueCounts: nulls,
    nanValueCounts: nan,
    lowerBounds: lower,
    upperBounds: upper,
    splitOffsets,
  };
}
