/**
 * NDJSON in the legacy Kafka message shape: one bare object per line with the CSV column names in
 * order (MSISDNs, integers and charging_amount as JSON numbers, timestamps as `YYYY-MM-DDTHH:MM:SS`,
 * enums as strings), then `filename` and `ingest_ts` (epoch ms). Bytes are written directly.
 */
import { isoDate } from '../core/calendar.ts';
import { ingestDelayMs, ingestKey } from '../core/faults/delivery.ts';
import type { Column } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { ByteWriter, utf8 } from './bytes.ts';
import { imeiOverride, nullInfo, num, type ColumnSource } from './csv.ts';
import { writeDigits } from './digits.ts';
import { TimestampFormatter } from './timefmt.ts';

type CellWriter = (out: ByteWriter, i: number) => void;

export interface NdjsonOptions {
  /** Source file name written as `filename` (the legacy CSV name of the record's file). */
  filename?: string;
  /** Write `ingest_ts` (default: when the columns have an event time and a record id). */
  ingestTs?: boolean;
}

/** JSON string literal bytes of a string. */
const jsonString = (s: string): Uint8Array => utf8(JSON.stringify(s));

/** Digit strings that are identifiers of equipment/SIMs stay strings; MSISDNs are numbers. */
const digitsAsString = (col: Column) => /im[se]i/i.test(col.name);

const QUOTE = 34;

/** Appends short byte strings with a plain loop (TypedArray.set costs more than it saves below ~64 bytes). */
function put(o: ByteWriter, b: Uint8Array): void {
  const n = b.length;
  if (n > 64) return o.bytes(b);
  o.ensure(n);
  const buf = o.buf;
  let p = o.pos;
  for (let k = 0; k < n; k++) buf[p++] = b[k]!;
  o.pos = p;
}

function compile(col: Column, src: ColumnSource, world: World): CellWriter {
  const k = col.kind;
  switch (k.k) {
    case 'time': {
      const ts = num(src, k.src);
      const plus = k.plus ? num(src, k.plus) : null;
      const f = new TimestampFormatter(world.model.profile.utcOffsetMinutes * 60);
      return (o, i) => {
        o.ensure(21);
        o.buf[o.pos] = QUOTE;
        f.write(o.buf, o.pos + 1, plus ? ts[i]! + plus[i]! : ts[i]!);
        o.buf[o.pos + 20] = QUOTE;
        o.pos += 21;
      };
    }
    case 'id': {
      const a = num(src, k.src);
      const prefix = utf8('"' + k.prefix);
      return (o, i) => {
        put(o, prefix);
        o.padded(a[i]!, k.width);
        o.byte(QUOTE);
      };
    }
    case 'int':
      if (col.type === 'string') break;
      return numberWriter(num(src, k.src));
    case 'digits': {
      const a = num(src, k.src);
      if (!digitsAsString(col)) return numberWriter(a);
      return (o, i) => {
        o.byte(QUOTE);
        writeDigits(o, a[i]!);
        o.byte(QUOTE);
      };
    }
    case 'enum': {
      const a = num(src, k.src);
      const vals = k.values.map(jsonString);
      return (o, i) => put(o, vals[a[i]!]!);
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
      if (k.field === 'id') {
        const ids = world.cells.id.map(jsonString);
        return (o, i) => put(o, ids[a[i]!]!);
      }
      if (k.field === 'region') {
        const names = world.model.profile.regions.map((r) => jsonString(r.name));
        const region = world.cells.region;
        return (o, i) => put(o, names[region[a[i]!]!]!);
      }
      const lac = world.cells.lac;
      return (o, i) => o.int(lac[a[i]!]!);
    }
    case 'sub': {
      const a = num(src, k.src);
      const arr = k.field === 'imsi' ? world.subs.imsi : world.subs.imei;
      const fix = k.field === 'imei' ? imeiOverride(src) : null;
      return (o, i) => {
        o.byte(QUOTE);
        const f = fix ? fix[i]! : NaN;
        writeDigits(o, f === f ? f : arr[a[i]!]!);
        o.byte(QUOTE);
      };
    }
    case 'const': {
      const b = jsonString(k.value);
      return (o) => put(o, b);
    }
    case 'bool': {
      const a = num(src, k.src);
      const t = utf8('true');
      const f = utf8('false');
      return (o, i) => put(o, a[i] ? t : f);
    }
    case 'str': {
      const a = src[k.src] as string[];
      let last = '';
      let lastBytes = jsonString('');
      return (o, i) => {
        const s = a[i]!;
        if (s !== last) {
          last = s;
          lastBytes = jsonString(s);
        }
        put(o, lastBytes);
      };
    }
    case 'float': {
      const a = num(src, k.src);
      return (o, i) => put(o, utf8(a[i]!.toFixed(k.decimals)));
    }
    case 'date': {
      const a = num(src, k.src);
      return (o, i) => put(o, utf8(`"${isoDate(a[i]!)}"`));
    }
  }
  throw new Error(`column ${col.name}: kind ${k.k} cannot be written as JSON`);
}

function numberWriter(a: ArrayLike<number>): CellWriter {
  return (o, i) => {
    const x = a[i]!;
    if (x < 0) o.int(x);
    else writeDigits(o, x);
  };
}

// The ingestion delays live in core (the stream's delivery order needs them too); re-exported here.
export { ingestDelayMs, ingestKey } from '../core/faults/delivery.ts';

/**
 * Encodes rows [0, length) of a batch as NDJSON (LF line ends). `ingest_ts` = event start (UTC epoch ms)
 * plus a delay of 1–30 s derived from the record id: deterministic, never the wall clock.
 */
export function encodeNdjson(
  cols: readonly Column[],
  src: ColumnSource | object,
  length: number,
  world: World,
  opts: NdjsonOptions = {},
): Uint8Array {
  const s = src as ColumnSource;
  const keys = cols.map((c, i) => utf8((i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':'));
  const perRow = keys.reduce((a, k) => a + k.length, 0) + 16 * cols.length + 80 + (opts.filename?.length ?? 0);
  const out = new ByteWriter(Math.max(1024, length * perRow));
  const writers = cols.map((c) => compile(c, s, world));
  const timeCol = cols.find((c) => c.kind.k === 'time' && !c.kind.plus);
  const idCol = cols.find((c) => c.kind.k === 'id');
  const withIngest = (opts.ingestTs ?? true) && timeCol !== undefined && idCol !== undefined;
  const fileBytes = opts.filename !== undefined ? utf8(`,"filename":${JSON.stringify(opts.filename)}`) : null;
  const ingestKeyBytes = utf8(',"ingest_ts":');
  let ts: ArrayLike<number> | null = null;
  let seq: ArrayLike<number> | null = null;
  let hkey = 0;
  if (withIngest && timeCol.kind.k === 'time' && idCol.kind.k === 'id') {
    ts = num(s, timeCol.kind.src);
    seq = num(s, idCol.kind.src);
    hkey = ingestKey(world, idCol.kind.prefix);
  }
  const n = writers.length;
  if (n === 0) throw new Error('no columns to write');
  const faulty = nullInfo(s);
  const extra = s.ingestExtraMs instanceof Float64Array ? s.ingestExtraMs : null;
  if (faulty || extra) {
    // Faults: null fields, truncated rows (keys left out), shifted ingestion times.
    const nulls = faulty?.nulls ?? null;
    const trunc = faulty?.trunc ?? null;
    const bits = cols.map((c) => (nulls && c.nullBit !== undefined ? 1 << c.nullBit : 0));
    const nullBytes = utf8('null');
    const openBrace = utf8('{');
    for (let i = 0; i < length; i++) {
      const cut = trunc && trunc[i]! > 0 ? Math.min(trunc[i]!, n) : n;
      const mask = nulls ? nulls[i]! : 0;
      for (let c = 0; c < cut; c++) {
        put(out, keys[c]!);
        if ((mask & bits[c]!) === 0) writers[c]!(out, i);
        else put(out, nullBytes);
      }
      if (cut === 0) put(out, openBrace);
      if (fileBytes) put(out, fileBytes);
      if (ts && seq) {
        put(out, ingestKeyBytes);
        out.int(ts[i]! * 1000 + ingestDelayMs(hkey, seq[i]!) + (extra ? extra[i]! : 0));
      }
      out.byte(125);
      out.byte(10);
    }
    return out.finish();
  }
  for (let i = 0; i < length; i++) {
    for (let c = 0; c < n; c++) {
      put(out, keys[c]!);
      writers[c]!(out, i);
    }
    if (fileBytes) put(out, fileBytes);
    if (ts && seq) {
      put(out, ingestKeyBytes);
      out.uint(ts[i]! * 1000 + ingestDelayMs(hkey, seq[i]!));
    }
    out.byte(125);
    out.byte(10);
  }
  return out.finish();
}
