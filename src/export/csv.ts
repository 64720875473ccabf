import { isoDate } from '../core/calendar.ts';
import type { Column } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { ByteWriter, utf8 } from './bytes.ts';
import { TimestampFormatter } from './timefmt.ts';

/** A batch seen as columns by name (CDR batches and dimension batches alike). */
export type ColumnSource = Record<string, unknown>;

type CellWriter = (out: ByteWriter, i: number) => void;

/** Quotes a CSV field per RFC 4180 when it holds a comma, quote or line break. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const fieldBytes = (s: string) => utf8(csvField(s));

/** Per-world byte caches shared by all CSV encodes of a run. */
export interface CsvContext {
  world: World;
  cellId: Uint8Array[];
  cellRegion: Uint8Array[];
  offsetSeconds: number;
}

const contexts = new WeakMap<World, CsvContext>();

/** The (cached) CSV context of a world. */
export function csvContext(world: World): CsvContext {
  let c = contexts.get(world);
  if (!c) {
    const regions = world.model.profile.regions.map((r) => fieldBytes(r.name));
    c = {
      world,
      cellId: world.cells.id.map(fieldBytes),
      cellRegion: Array.from(world.cells.region, (r) => regions[r]!),
      offsetSeconds: world.model.profile.utcOffsetMinutes * 60,
    };
    contexts.set(world, c);
  }
  return c;
}

/** A numeric column of a batch by name; a clear error when the batch lacks it. */
export function num(src: ColumnSource, name: string): ArrayLike<number> {
  const a = src[name];
  if (!a || typeof a !== 'object' || typeof (a as ArrayLike<number>).length !== 'number') throw new Error(`batch has no column ${name}`);
  return a as ArrayLike<number>;
}

function compile(col: Column, src: ColumnSource, ctx: CsvContext): CellWriter {
  const k = col.kind;
  switch (k.k) {
    case 'time': {
      const ts = num(src, k.src);
      const plus = k.plus ? num(src, k.plus) : null;
      const f = new TimestampFormatter(ctx.offsetSeconds);
      return (o, i) => {
        o.ensure(19);
        f.write(o.buf, o.pos, plus ? ts[i]! + plus[i]! : ts[i]!);
        o.pos += 19;
      };
    }
    case 'id': {
      const a = num(src, k.src);
      const prefix = utf8(k.prefix);
      return (o, i) => {
        o.bytes(prefix);
        o.padded(a[i]!, k.width);
      };
    }
    case 'int':
    case 'digits': {
      const a = num(src, k.src);
      return (o, i) => o.int(a[i]!);
    }
    case 'enum': {
      const a = num(src, k.src);
      const vals = k.values.map(fieldBytes);
      return (o, i) => o.bytes(vals[a[i]!]!);
    }
    case 'lookup': {
      const a = num(src, k.src);
      return (o, i) => o.int(k.values[a[i]!]!);
    }
    case 'cents': {
      const a = num(src, k.src);
      return (o, i) => o.cents(a[i]!);
    }
    case 'cell': {
      const a = num(src, k.src);
      if (k.field === 'id') return (o, i) => o.bytes(ctx.cellId[a[i]!]!);
      if (k.field === 'region') return (o, i) => o.bytes(ctx.cellRegion[a[i]!]!);
      const lac = ctx.world.cells.lac;
      return (o, i) => o.uint(lac[a[i]!]!);
    }
    case 'sub': {
      const a = num(src, k.src);
      const arr = k.field === 'imsi' ? ctx.world.subs.imsi : ctx.world.subs.imei;
      const fix = k.field === 'imei' ? imeiOverride(src) : null;
      if (fix) {
        return (o, i) => {
          const f = fix[i]!;
          o.uint(f === f ? f : arr[a[i]!]!);
        };
      }
      return (o, i) => o.uint(arr[a[i]!]!);
    }
    case 'const': {
      const b = fieldBytes(k.value);
      return (o) => o.bytes(b);
    }
    case 'bool': {
      const a = num(src, k.src);
      const t = utf8('true');
      const f = utf8('false');
      return (o, i) => o.bytes(a[i] ? t : f);
    }
    case 'str': {
      const a = src[k.src] as string[];
      return (o, i) => o.bytes(fieldBytes(a[i]!));
    }
    case 'float': {
      const a = num(src, k.src);
      return (o, i) => o.bytes(utf8(a[i]!.toFixed(k.decimals)));
    }
    case 'date': {
      const a = num(src, k.src);
      return (o, i) => o.bytes(utf8(isoDate(a[i]!)));
    }
  }
}

/** The per-record IMEI override of a source (malformed-IMEI faults), or null. */
export function imeiOverride(src: ColumnSource): Float64Array | null {
  const f = src.imeiFix;
  return f instanceof Float64Array ? f : null;
}

/**
 * The null mask and truncation of a source (data-quality faults), or null when it has none: a column
 * is empty when its `nullBit` is set in `nulls`, and a row with `trunc` k > 0 stops after k columns.
 */
export function nullInfo(src: ColumnSource): { nulls: Uint8Array | null; trunc: Uint8Array | null } | null {
  const nulls = src.nulls instanceof Uint8Array ? src.nulls : null;
  const trunc = src.trunc instanceof Uint8Array ? src.trunc : null;
  return nulls || trunc ? { nulls, trunc } : null;
}

/** The CSV header line of a column list. */
export function csvHeader(cols: Column[]): Uint8Array {
  return utf8(cols.map((c) => csvField(c.name)).join(',') + '\n');
}

/** Encodes rows [0, length) of a batch as RFC 4180 CSV (LF line ends), optionally with the header. */
export function encodeCsv(cols: Column[], src: ColumnSource, length: number, ctx: CsvContext, header = false): Uint8Array {
  const out = new ByteWriter(Math.max(1024, length * 16 * cols.length));
  if (header) out.bytes(csvHeader(cols));
  const writers = cols.map((c) => compile(c, src, ctx));
  const last = writers.length - 1;
  const faulty = nullInfo(src);
  if (faulty) {
    // Empty fields and truncated rows (faults): a separate loop keeps the common path untouched.
    const { nulls, trunc } = faulty;
    const bits = cols.map((c) => (nulls && c.nullBit !== undefined ? 1 << c.nullBit : 0));
    for (let i = 0; i < length; i++) {
      const cut = trunc && trunc[i]! > 0 ? Math.min(trunc[i]!, cols.length) : cols.length;
      const mask = nulls ? nulls[i]! : 0;
      for (let c = 0; c < cut; c++) {
        if (c > 0) out.byte(44);
        if ((mask & bits[c]!) === 0) writers[c]!(out, i);
      }
      out.byte(10);
    }
    return out.finish();
  }
  for (let i = 0; i < length; i++) {
    for (let c = 0; c < last; c++) {
      writers[c]!(out, i);
      out.byte(44);
    }
    writers[last]!(out, i);
    out.byte(10);
  }
  return out.finish();
}
