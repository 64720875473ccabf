/** The ZIP streamed to a file on disk (the worker's zipToFile) is the download's ZIP, byte for byte. */
import { describe, expect, it } from 'vitest';
import { createGenerator } from '../../../src/workers/generator.ts';

/** A FileSystemFileHandle stand-in whose writable keeps the chunks (and whether it was closed). */
function fakeHandle() {
  const chunks: Uint8Array[] = [];
  const state = { closed: false, writes: 0 };
  const handle = {
    async createWritable() {
      return new WritableStream<Uint8Array>({
        write(c) {
          state.writes++;
          chunks.push(c);
        },
        close() {
          state.closed = true;
        },
      });
    },
  } as unknown as FileSystemFileHandle;
  return { handle, state, bytes: () => Buffer.concat(chunks) };
}

describe('zipToFile', () => {
  it('writes the same bytes as zip(), chunk by chunk, and closes the file', async () => {
    const api = createGenerator();
    const big = new Uint8Array(3 * 2 ** 20).map((_, i) => (i * 31) % 251);
    const entries = [
      { name: 'manifest.json', blob: new Blob(['{"files":[]}']) },
      { name: 'type=voice/date=2025-10-01/part-00000.csv', blob: new Blob([big]) },
      { name: 'README.md', blob: new Blob(['# dataset\n']) },
    ];
    const reference = Buffer.from(await (await api.zip(entries)).arrayBuffer());
    const out = fakeHandle();
    const size = await api.zipToFile(entries, out.handle);
    expect(out.state.closed).toBe(true);
    expect(out.state.writes).toBeGreaterThan(1);
    expect(size).toBe(reference.length);
    expect(out.bytes().equals(reference)).toBe(true);
  });
});
