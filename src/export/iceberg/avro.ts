/**
 * A small, dependency-free Avro implementation for Iceberg metadata files (manifests and manifest
 * lists): binary encoding and decoding driven by a JSON schema, and object container files.
 * Written by hand (no avsc at runtime) so it runs unchanged in Node and in Web Workers and so the
 * output is byte-for-byte deterministic: the sync marker is given by the caller, metadata keys keep
 * their order, and the codec is `null`. Reading also accepts `deflate` (Iceberg Java's default for
 * manifests) so tables touched by other engines can be appended to.
 */
import { inflateSync } from 'fflate';

/** An Avro schema as JSON (primitive name, named-type reference, union list or complex object). */
export type AvroSchema = string | AvroSchema[] | AvroComplex;

/** The complex Avro schema objects; Iceberg attributes (`field-id`, `element-id`, …) ride along. */
export interface AvroComplex {
  type: string | AvroSchema[];
  name?: string;
  fields?: AvroField[];
  items?: AvroSchema;
  values?: AvroSchema;
  symbols?: string[];
  size?: number;
  logicalType?: string;
  [attr: string]: unknown;
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  default?: unknown;
  doc?: string;
  'field-id'?: number;
  [attr: string]: unknown;
}

/** Magic bytes of an Avro object container file: `Obj` 0x01. */
export const AVRO_MAGIC = new Uint8Array([0x4f, 0x62, 0x6a, 0x01]);

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

// ---------------------------------------------------------------------------------------------
// Encoding

/** Growable output buffer of the encoder. */
export class AvroWriter {
  private buf = new Uint8Array(1024);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Zig-zag varint of an int or long (numbers must be safe integers; bigints cover the full long range). */
  long(v: number | bigint): void {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw new Error(`Avro long: ${v} is not a safe integer (pass a bigint)`);
      if (v >= -0x40000000 && v < 0x40000000) {
        let z = v >= 0 ? v * 2 : -v * 2 - 1;
        while (z >= 0x80) {
          this.byte((z & 0x7f) | 0x80);
          z = Math.floor(z / 128);
        }
        this.byte(z);
        return;
      }
      v = BigInt(v);
    }
    if (v < -(1n << 63n) || v >= 1n << 63n) throw new Error(`Avro long: ${v} is out of range`);
    let z = v >= 0n ? v << 1n : (-v << 1n) - 1n;
    while (z >= 0x80n) {
      this.byte(Number(z & 0x7fn) | 0x80);
      z >>= 7n;
    }
    this.byte(Number(z));
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.long(b.length);
    this.raw(b);
  }

  string(s: string): void {
    this.bytes(te.encode(s));
  }

  float(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.raw(b);
  }

  double(v: number): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.raw(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** Named types (records, enums, fixed) declared in a schema, for by-name references. */
function collectNames(schema: AvroSchema, names: Map<string, AvroComplex>): Map<string, AvroComplex> {
  if (Array.isArray(schema)) for (const s of schema) collectNames(s, names);
  else if (typeof schema === 'object') {
    if (schema.name && (schema.type === 'record' || schema.type === 'enum' || schema.type === 'fixed')) names.set(schema.name, schema);
    if (typeof schema.type !== 'string') collectNames(schema.type, names);
    for (const f of schema.fields ?? []) collectNames(f.type, names);
    if (schema.items !== undefined) collectNames(schema.items, names);
    if (schema.values !== undefined) collectNames(schema.values, names);
  }
  return names;
}

function resolve(schema: AvroSchema, names: Map<string, AvroComplex>): AvroSchema {
  if (typeof schema === 'string' && !PRIMITIVES.has(schema)) {
    const named = names.get(schema);
    if (!named) throw new Error(`Avro: unknown type ${schema}`);
    return named;
  }
  return schema;
}

const isNullish = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Which branch of a union a value takes: null → the null branch, anything else → the first non-null branch it fits. */
function unionBranch(branches: AvroSchema[], v: unknown, names: Map<string, AvroComplex>): number {
  if (isNullish(v)) {
    const i = branches.indexOf('null');
    if (i < 0) throw new Error('Avro: null value for a union without null');
    return i;
  }
  for (let i = 0; i < branches.length; i++) {
    const b = resolve(branches[i]!, names);
    if (b === 'null') continue;
    if (fits(b, v)) return i;
  }
  throw new Error(`Avro: no union branch fits value ${String(v)}`);
}

function fits(s: AvroSchema, v: unknown): boolean {
  const t = typeof s === 'string' ? s : Array.isArray(s) ? 'union' : typeof s.type === 'string' ? s.type : 'union';
  switch (t) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'int':
    case 'long':
      return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
    case 'float':
    case 'double':
      return typeof v === 'number';
    case 'bytes':
    case 'fixed':
      return v instanceof Uint8Array;
    case 'string':
    case 'enum':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v);
    case 'record':
    case 'map':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
    default:
      return true;
  }
}

/** Encodes one value of a schema (records are plain objects keyed by field name; missing optional fields are null). */
export function encodeValue(w: AvroWriter, schema: AvroSchema, v: unknown, names = collectNames(schema, new Map())): void {
  const s = resolve(schema, names);
  if (Array.isArray(s)) {
    const i = unionBranch(s, v, names);
    w.long(i);
    encodeValue(w, s[i]!, v, names);
    return;
  }
  const type = typeof s === 'string' ? s : s.type;
  if (Array.isArray(type)) return encodeValue(w, type, v, names);
  switch (type) {
    case 'null':
      if (!isNullish(v)) throw new Error('Avro: non-null value for null');
      return;
    case 'boolean':
      w.byte(v ? 1 : 0);
      return;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647)
        throw new Error(`Avro int: bad value ${String(v)}`);
      w.long(v);
      return;
    case 'long':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new Error(`Avro long: bad value ${String(v)}`);
      w.long(v);
      return;
    case 'float':
      w.float(Number(v));
      return;
    case 'double':
      w.double(Number(v));
      return;
    case 'bytes':
      if (!(v instanceof Uint8Array)) throw new Error('Avro bytes: expected a Uint8Array');
      w.bytes(v);
      return;
    case 'string':
      if (typeof v !== 'string') throw new Error(`Avro string: bad value ${String(v)}`);
      w.string(v);
      return;
  }
  const c = s as AvroComplex;
  switch (type) {
    case 'record': {
      const o = (v ?? {}) as Record<string, unknown>;
      for (const f of c.fields ?? []) encodeValue(w, f.type, o[f.name] === undefined ? (f.default ?? null) : o[f.name], names);
      return;
    }
    case 'array': {
      const a = v as unknown[];
      if (a.length) {
        w.long(a.length);
        for (const x of a) encodeValue(w, c.items!, x, names);
      }
      w.long(0);
      return;
    }
    case 'map': {
      const entries = v instanceof Map ? [...(v as Map<string, unknown>)] : Object.entries(v as Record<string, unknown>);
      if (entries.length) {
        w.long(entries.length);
        for (const [k, x] of entries) {
          w.string(k);
          encodeValue(w, c.values!, x, names);
        }
      }
      w.long(0);
      return;
    }
    case 'enum': {
      const i = (c.symbols ?? []).indexOf(String(v));
      if (i < 0) throw new Error(`Avro enum ${c.name}: unknown symbol ${String(v)}`);
      w.long(i);
      return;
    }
    case 'fixed': {
      const b = v as Uint8Array;
      if (b.length !== c.size) throw new Error(`Avro fixed ${c.name}: expected ${c.size} bytes`);
      w.raw(b);
      return;
    }
  }
  throw new Error(`Avro: unsupported type ${JSON.stringify(type)}`);
}

/** One Avro object container file: header (magic, metadata, sync), one data block with every record (codec null). */
export function writeAvroContainer(
  schema: AvroSchema,
  records: readonly unknown[],
  metadata: readonly (readonly [string, string])[],
  sync: Uint8Array,
): Uint8Array {
  if (sync.length !== 16) throw new Error('Avro sync marker must be 16 bytes');
  const names = collectNames(schema, new Map());
  const w = new AvroWriter();
  w.raw(AVRO_MAGIC);
  const meta: [string, string][] = [
    ['avro.schema', JSON.stringify(schema)],
    ['avro.codec', 'null'],
    ...metadata.filter(([k]) => k !== 'avro.schema' && k !== 'avro.codec').map(([k, v]) => [k, v] as [string, string]),
  ];
  w.long(meta.length);
  for (const [k, v] of meta) {
    w.string(k);
    w.bytes(te.encode(v));
  }
  w.long(0);
  w.raw(sync);
  if (records.length) {
    const body = new AvroWriter();
    for (const r of records) encodeValue(body, schema, r, names);
    const bytes = body.finish();
    w.long(records.length);
    w.long(bytes.length);
    w.raw(bytes);
    w.raw(sync);
  }
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Cursor over Avro binary data. */
export class AvroReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('Avro: unexpected end of data');
    return this.buf[this.pos++]!;
  }

  /** A zig-zag varint: a number when it is a safe integer, else a bigint. */
  long(): number | bigint {
    let shift = 0n;
    let z = 0n;
    for (;;) {
      const b = this.byte();
      z |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7n;
      if (shift > 63n) throw new Error('Avro: varint too long');
    }
    const v = z & 1n ? -(z >> 1n) - 1n : z >> 1n;
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  int(): number {
    const v = this.long();
    if (typeof v !== 'number' || v < -2147483648 || v > 2147483647) throw new Error('Avro: int out of range');
    return v;
  }

  raw(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error('Avro: unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(): Uint8Array {
    return this.raw(this.int()).slice();
  }

  string(): string {
    return td.decode(this.raw(this.int()));
  }
}

/** Decodes one value; records become plain objects, longs numbers (or bigints beyond 2^53), bytes Uint8Arrays. */
export function decodeValue(r: AvroReader, schema: AvroSchema, names = collectNames(schema, new Map())): unknown {
  const s = resolve(schema, names);
  if (Array.isArray(s)) {
    const i = r.int();
    const b = s[i];
    if (b === undefined) throw new Error(`Avro: union branch ${i} out of range`);
    return decodeValue(r, b, names);
  }
  const type = typeof s === 'string' ? s : s.type;
  if (Array.isArray(type)) return decodeValue(r, type, names);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return r.byte() !== 0;
    case 'int':
      return r.int();
    case 'long':
      return r.long();
    case 'float': {
      const b = r.raw(4);
      return new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
    }
    case 'double': {
      const b = r.raw(8);
      return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
    }
    case 'bytes':
      return r.bytes();
    case 'string':
      return r.string();
  }
  const c = s as AvroComplex;
  switch (type) {
    case 'record': {
      const o: Record<string, unknown> = {};
      for (const f of c.fields ?? []) o[f.name] = decodeValue(r, f.type, names);
      return o;
    }
    case 'array':
    case 'map': {
      const out: unknown[] = [];
      const map: Record<string, unknown> = {};
      for (;;) {
        let n = Number(r.long());
        if (n === 0) break;
        if (n < 0) {
          n = -n;
          r.long(); // block size in bytes
        }
        for (let i = 0; i < n; i++) {
          if (type === 'array') out.push(decodeValue(r, c.items!, names));
          else {
            const k = r.string();
            map[k] = decodeValue(r, c.values!, names);
          }
        }
      }
      return type === 'array' ? out : map;
    }
    case 'enum': {
      const i = r.int();
      const sym = c.symbols?.[i];
      if (sym === undefined) throw new Error(`Avro enum ${c.name}: index ${i} out of range`);
      return sym;
    }
    case 'fixed':
      return r.raw(c.size ?? 0).slice();
  }
  throw new Error(`Avro: unsupported type ${JSON.stringify(type)}`);
}

/** A decoded object container file. */
export interface AvroContainer {
  /** File metadata (`avro.schema`, `avro.codec` and the writer's own keys), in file order. */
  metadata: Map<string, string>;
  schema: AvroSchema;
  records: unknown[];
}

/** Reads an Avro object container file (codec `null` or `deflate`). */
export function readAvroContainer(bytes: Uint8Array): AvroContainer {
  const r = new AvroReader(bytes);
  const magic = r.raw(4);
  if (!AVRO_MAGIC.every((b, i) => magic[i] === b)) throw new Error('not an Avro object container file (bad magic)');
  const metaSchema: AvroSchema = { type: 'map', values: 'bytes' };
  const raw = decodeValue(r, metaSchema) as Record<string, Uint8Array>;
  const metadata = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) metadata.set(k, td.decode(v));
  const schemaJson = metadata.get('avro.schema');
  if (!schemaJson) throw new Error('Avro file has no avro.schema');
  const schema = JSON.parse(schemaJson) as AvroSchema;
  const codec = metadata.get('avro.codec') ?? 'null';
  if (codec !== 'null' && codec !== 'deflate') throw new Error(`Avro codec ${codec} is not supported (null or deflate)`);
  const sync = r.raw(16).slice();
  const names = collectNames(schema, new Map());
  const records: unknown[] = [];
  while (!r.done) {
    const count = Number(r.long());
    const size = Number(r.long());
    let block = r.raw(size);
    if (codec === 'deflate') block = inflateSync(block);
    const marker = r.raw(16);
    if (!sync.every((b, i) => marker[i] === b)) throw new Error('Avro: sync marker mismatch');
    const br = new AvroReader(block);
    for (let i = 0; i < count; i++) records.push(decodeValue(br, schema, names));
  }
  return { metadata, schema, records };
}
