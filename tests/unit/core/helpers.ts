/** Shared fixtures of the core unit tests: small worlds, CSV encoding and an independent CSV parser. */
import { createHash } from 'node:crypto';
import { buildWorld, generateChunk, parseScenario, resolveModel, type ScenarioInput } from '../../../src/core/index.ts';
import type { ChunkOutput } from '../../../src/core/batch.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import { cdrColumns, type SchemaPreset } from '../../../src/core/tables.ts';
import type { World } from '../../../src/core/world.ts';
import { csvContext, encodeCsv } from '../../../src/export/csv.ts';

export const TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** Parses, resolves and builds the world of a scenario. */
export function makeWorld(input: ScenarioInput, only?: readonly ServiceType[]): World {
  return buildWorld(resolveModel(parseScenario(input), only));
}

/** Generates every chunk of a world, in index order. */
export function allChunks(w: World): ChunkOutput[] {
  return w.plan.chunks.map((c) => generateChunk(w, c.index));
}

/** CSV bytes of one service of one chunk (no header). */
export function chunkCsv(w: World, out: ChunkOutput, type: ServiceType, preset: SchemaPreset = 'legacy', header = false): Uint8Array {
  const b = out[type];
  if (!b) throw new Error(`chunk ${out.index} has no ${type} batch`);
  return encodeCsv(cdrColumns(type, preset, w.model.profile), b as unknown as Record<string, unknown>, b.length, csvContext(w), header);
}

export const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

const dec = new TextDecoder('utf-8', { fatal: true });
export const text = (b: Uint8Array): string => dec.decode(b);

/**
 * Minimal RFC 4180 reader written independently of the writer: fields may be quoted, quotes are
 * doubled inside quoted fields, records end with LF or CRLF. Returns records as string arrays.
 */
export function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field.length > 0) throw new Error(`stray quote at ${i}`);
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
    } else if (ch === '\n' || (ch === '\r' && s[i + 1] === '\n')) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += ch === '\r' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (fieldStarted || field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Fast path for files that must not need quoting at all (legacy CDRs): split lines on commas. */
export function splitPlainCsv(s: string): string[][] {
  if (s.includes('"')) throw new Error('unexpected quote in a legacy CDR file');
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split(','));
}

/** Rows of a CSV as objects keyed by the header. */
export function records(rows: string[][]): Record<string, string>[] {
  const [head, ...body] = rows;
  if (!head) return [];
  return body.map((r) => {
    if (r.length !== head.length) throw new Error(`row has ${r.length} fields, header ${head.length}`);
    const o: Record<string, string> = {};
    head.forEach((h, k) => (o[h] = r[k]!));
    return o;
  });
}

/** Luhn validity of a digit string (check digit included). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let d = digits.charCodeAt(digits.length - 1 - k) - 48;
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Percent shares of counts. */
export function shares(counts: ArrayLike<number>): number[] {
  let t = 0;
  for (let i = 0; i < counts.length; i++) t += counts[i]!;
  return Array.from(counts, (c) => (100 * c) / t);
}
