/**
 * Reads what an Iceberg manifest needs from a Parquet file's footer (Thrift compact protocol):
 * the leaf columns with their field ids, and per row group the column chunk sizes, value counts and
 * start offsets. Only the fields used here are decoded; everything else is skipped.
 */

export interface FooterColumn {
  /** Leaf column name (top-level columns only: our tables are flat). */
  name: string;
  fieldId: number | undefined;
}

export interface FooterChunk {
  /** Index of the leaf column. */
  column: number;
  numValues: number;
  totalCompressedSize: number;
  /** Offset of the first page (dictionary page when present). */
  startOffset: number;
}

export interface ParquetFooter {
  numRows: number;
  columns: FooterColumn[];
  rowGroups: { numRows: number; chunks: FooterChunk[] }[];
}

// Compact protocol type ids.
const T_TRUE = 1;
const T_FALSE = 2;
const T_BYTE = 3;
const T_I16 = 4;
const T_I32 = 5;
const T_I64 = 6;
const T_DOUBLE = 7;
const T_BINARY = 8;
const T_LIST = 9;
const T_SET = 10;
const T_MAP = 11;
const T_STRUCT = 12;

class Compact {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.b.length) throw new Error('Parquet footer: unexpected end');
    return this.b[this.pos++]!;
  }

  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = this.byte();
      v += (x & 0x7f) * mul;
      if (!(x & 0x80)) return v;
      mul *= 128;
      if (mul > 2 ** 63) throw new Error('Parquet footer: varint too long');
    }
  }

  /** Zig-zag int (i16/i32/i64; i64 values here are sizes and offsets, well below 2^53). */
  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  binary(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.b.length) throw new Error('Parquet footer: unexpected end');
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Iterates the fields of a struct: calls `onField(id, type)`, which must consume the value or return false to skip it. */
  struct(onField: (id: number, type: number) => boolean): void {
    let last = 0;
    for (;;) {
      const h = this.byte();
      if (h === 0) return;
      const type = h & 0x0f;
      const delta = h >> 4;
      const id = delta ? last + delta : this.zigzag();
      last = id;
      if (!onField(id, type)) this.skip(type);
    }
  }

  /** List header: element count and type. */
  list(): { n: number; type: number } {
    const h = this.byte();
    const n = h >> 4 === 15 ? this.varint() : h >> 4;
    return { n, type: h & 0x0f };
  }

  skip(type: number): void {
    switch (type) {
      case T_TRUE:
      case T_FALSE:
        return;
      case T_BYTE:
        this.pos++;
        return;
      case T_I16:
      case T_I32:
      case T_I64:
        this.varint();
        return;
      case T_DOUBLE:
        this.pos += 8;
        return;
      case T_BINARY:
        this.binary();
        return;
      case T_LIST:
      case T_SET: {
        const { n, type: et } = this.list();
        for (let i = 0; i < n; i++) {
          if (et === T_TRUE || et === T_FALSE) this.pos++;
          else this.skip(et);
        }
        return;
      }
      case T_MAP: {
        const n = this.varint();
        if (n === 0) return;
        const kv = this.byte();
        for (let i = 0; i < n; i++) {
          this.skip(kv >> 4);
          this.skip(kv & 0x0f);
        }
        return;
      }
      case T_STRUCT:
        this.struct(() => false);
        return;
      default:
        throw new Error(`Parquet footer: unknown thrift type ${type}`);
    }
  }
}

const td = new TextDecoder();

/** Parses the footer of a complete Parquet file. */
export function readParquetFooter(file: Uint8Array): ParquetFooter {
  const n = file.length;
  const tail = (i: number) => file[n - 4 + i];
  if (n < 12 || tail(0) !== 0x50 || tail(1) !== 0x41 || tail(2) !== 0x52 || tail(3) !== 0x31)
    throw new Error('not a Parquet file (no PAR1 footer)');
  const len = (file[n - 8]! | (file[n - 7]! << 8) | (file[n - 6]! << 16) | (file[n - 5]! << 24)) >>> 0;
  const start = n - 8 - len;
  if (start < 4) throw new Error('Parquet footer length out of range');
  const c = new Compact(file.subarray(start, n - 8));

  const out: ParquetFooter = { numRows: 0, columns: [], rowGroups: [] };
  const schema: { name: string; numChildren: number; fieldId: number | undefined }[] = [];
  const rawGroups: { numRows: number; chunks: { path: string; numValues: number; size: number; start: number }[] }[] = [];

  c.struct((id, type) => {
    if (id === 2 && type === T_LIST) {
      const { n: count } = c.list();
      for (let i = 0; i < count; i++) {
        const el = { name: '', numChildren: 0, fieldId: undefined as number | undefined };
        c.struct((fid, ft) => {
          if (fid === 4 && ft === T_BINARY) el.name = td.decode(c.binary());
          else if (fid === 5 && ft === T_I32) el.numChildren = c.zigzag();
          else if (fid === 9 && ft === T_I32) el.fieldId = c.zigzag();
          else return false;
          return true;
        });
        schema.push(el);
      }
      return true;
    }
    if (id === 3 && type === T_I64) {
      out.numRows = c.zigzag();
      return true;
    }
    if (id === 4 && type === T_LIST) {
      const { n: count } = c.list();
      for (let g = 0; g < count; g++) {
        const rg = { numRows: 0, chunks: [] as { path: string; numValues: number; size: number; start: number }[] };
        c.struct((fid, ft) => {
          if (fid === 1 && ft === T_LIST) {
            const { n: cols } = c.list();
            for (let k = 0; k < cols; k++) {
              const chunk = { path: '', numValues: 0, size: 0, start: 0 };
              let dataPage = -1;
              let dictPage = -1;
              c.struct((cid, ct) => {
                if (cid !== 3 || ct !== T_STRUCT) return false;
                c.struct((mid, mt) => {
                  if (mid === 3 && mt === T_LIST) {
                    const { n: parts } = c.list();
                    const names: string[] = [];
                    for (let p = 0; p < parts; p++) names.push(td.decode(c.binary()));
                    chunk.path = names.join('.');
                  } else if (mid === 5 && mt === T_I64) chunk.numValues = c.zigzag();
                  else if (mid === 7 && mt === T_I64) chunk.size = c.zigzag();
                  else if (mid === 9 && mt === T_I64) dataPage = c.zigzag();
                  else if (mid === 11 && mt === T_I64) dictPage = c.zigzag();
                  else return false;
                  return true;
                });
                return true;
              });
              chunk.start = dictPage >= 0 && (dataPage < 0 || dictPage < dataPage) ? dictPage : dataPage;
              rg.chunks.push(chunk);
            }
            return true;
          }
          if (fid === 3 && ft === T_I64) {
            rg.numRows = c.zigzag();
            return true;
          }
          return false;
        });
        rawGroups.push(rg);
      }
      return true;
    }
    return false;
  });

  // Flat schemas only: the root and its leaf children.
  const root = schema[0];
  if (!root) throw new Error('Parquet footer has no schema');
  for (const el of schema.slice(1)) {
    if (el.numChildren > 0) throw new Error(`nested Parquet column ${el.name} is not supported`);
    out.columns.push({ name: el.name, fieldId: el.fieldId });
  }
  const index = new Map(out.columns.map((col, i) => [col.name, i]));
  for (const g of rawGroups) {
    out.rowGroups.push({
      numRows: g.numRows,
      chunks: g.chunks.map((ch) => {
        const column = index.get(ch.path);
        if (column === undefined) throw new Error(`Parquet column chunk ${ch.path} has no schema column`);
        return { column, numValues: ch.numValues, totalCompressedSize: ch.size, startOffset: ch.start };
      }),
    });
  }
  return out;
}
