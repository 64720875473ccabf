/** Streamed ZIP (client-zip: Zip64, store only) of dataset files, with fixed timestamps for reproducible bytes. */
import { makeZip } from 'client-zip';

/** One archive entry: a path inside the ZIP and its content (bytes, text or a byte stream). */
export interface ZipEntry {
  name: string;
  input: Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  /** Size in bytes when known for a stream (lets client-zip skip data descriptors' guesswork). */
  size?: number;
}

/** Default modification time of every entry: 2025-01-01T00:00:00 (ZIP times have no zone). */
export const ZIP_FIXED_TIME_MS = Date.UTC(2025, 0, 1);

/**
 * A Date whose local-time getters return the UTC fields: client-zip writes DOS times with the local
 * getters, which would make the bytes depend on the machine's time zone.
 */
class UtcDate extends Date {
  override getFullYear(): number {
    return this.getUTCFullYear();
  }
  override getMonth(): number {
    return this.getUTCMonth();
  }
  override getDate(): number {
    return this.getUTCDate();
  }
  override getHours(): number {
    return this.getUTCHours();
  }
  override getMinutes(): number {
    return this.getUTCMinutes();
  }
  override getSeconds(): number {
    return this.getUTCSeconds();
  }
}

export interface ZipOptions {
  /** Entry modification time in epoch ms (UTC fields are written); default ZIP_FIXED_TIME_MS. */
  lastModifiedMs?: number;
}

async function* withMeta(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, when: UtcDate) {
  for await (const e of entries) {
    if (!e.name || e.name.startsWith('/') || e.name.split('/').includes('..'))
      throw new Error(`bad ZIP entry name ${JSON.stringify(e.name)}`);
    yield e.size !== undefined
      ? { name: e.name, input: e.input, lastModified: when, size: e.size }
      : { name: e.name, input: e.input, lastModified: when };
  }
}

/** Streams a ZIP of the entries (pulled lazily, in order) as a ReadableStream of bytes. */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, opts: ZipOptions = {}): ReadableStream<Uint8Array> {
  const when = new UtcDate(opts.lastModifiedMs ?? ZIP_FIXED_TIME_MS);
  return makeZip(withMeta(entries, when), { buffersAreUTF8: true });
}

/** Reads a byte stream to the end into one Uint8Array (tests, small outputs). */
export async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    n += value.length;
  }
  const out = new Uint8Array(n);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
