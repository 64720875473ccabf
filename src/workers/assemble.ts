/** Main-thread side of a run: files the chunks that workers send back, in chunk order. */
import type { ServiceType } from '../core/index.ts';
import { legacyCsvName } from '../export/layout.ts';
import type { EncodedChunk } from './api.ts';

const SERVICES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** One output file as a list of byte parts (concatenate only when needed, e.g. for a ZIP). */
export interface AssembledFile {
  name: string;
  type: ServiceType;
  day: number;
  rows: number;
  size: number;
  parts: Uint8Array[];
}

/** Collects encoded chunks in any order and lays them out as one file per service per day. */
export class ChunkAssembler {
  private readonly chunks: (EncodedChunk | undefined)[];
  private received = 0;
  readonly rows: Record<ServiceType, number> = { voice: 0, sms: 0, data: 0 };
  bytes = 0;

  constructor(
    readonly chunkCount: number,
    readonly startEpochDay: number,
  ) {
    this.chunks = new Array<EncodedChunk | undefined>(chunkCount);
  }

  /** Files one chunk (a chunk index seen twice is a protocol error). */
  add(chunk: EncodedChunk): void {
    if (chunk.index < 0 || chunk.index >= this.chunkCount) throw new Error(`chunk ${chunk.index} is out of range`);
    if (this.chunks[chunk.index]) throw new Error(`chunk ${chunk.index} arrived twice`);
    this.chunks[chunk.index] = chunk;
    this.received++;
    for (const t of SERVICES) {
      this.rows[t] += chunk.rows[t];
      this.bytes += chunk.csv[t]?.byteLength ?? 0;
    }
  }

  get complete(): boolean {
    return this.received === this.chunkCount;
  }

  get totalRows(): number {
    return this.rows.voice + this.rows.sms + this.rows.data;
  }

  /** The files, by service then day, parts in chunk order; throws if a chunk is missing. */
  files(): AssembledFile[] {
    const byName = new Map<string, AssembledFile>();
    const order: AssembledFile[][] = SERVICES.map(() => []);
    for (let i = 0; i < this.chunkCount; i++) {
      const c = this.chunks[i];
      if (!c) throw new Error(`chunk ${i} is missing`);
      SERVICES.forEach((t, k) => {
        const bytes = c.csv[t];
        if (!bytes) return;
        const name = legacyCsvName(t, this.startEpochDay + c.day, c.day + 1);
        let f = byName.get(name);
        if (!f) {
          f = { name, type: t, day: c.day, rows: 0, size: 0, parts: [] };
          byName.set(name, f);
          order[k]!.push(f);
        }
        f.rows += c.rows[t];
        f.size += bytes.byteLength;
        if (bytes.byteLength) f.parts.push(bytes);
      });
    }
    return order.flat();
  }
}

/** Concatenates byte parts into one array. */
export function concatBytes(parts: readonly Uint8Array[], size = parts.reduce((a, p) => a + p.byteLength, 0)): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}
