import { describe, expect, it } from 'vitest';
import { DiskRun, DiskWriter, MANIFEST } from '../../../src/state/disk-output.ts';
import { PARTIAL_SUFFIX, writeFileAt } from '../../../src/lib/fs-access.ts';

/** A tiny in-memory stand-in of the File System Access handles (directories, files, writables, move). */
class FakeDir {
  readonly kind = 'directory';
  readonly entries = new Map<string, FakeDir | FakeFile>();
  constructor(
    readonly name: string,
    private readonly writeMs = 0,
    private readonly movable = true,
  ) {}
  async getDirectoryHandle(name: string, o?: { create?: boolean }) {
    let d = this.entries.get(name);
    if (!d && o?.create) this.entries.set(name, (d = new FakeDir(name, this.writeMs, this.movable)));
    if (!(d instanceof FakeDir)) throw new DOMException('no such directory', 'NotFoundError');
    return d;
  }
  async getFileHandle(name: string, o?: { create?: boolean }) {
    let f = this.entries.get(name);
    if (!f && o?.create) this.entries.set(name, (f = new FakeFile(name, this, this.writeMs, this.movable)));
    if (!(f instanceof FakeFile)) throw new DOMException('no such file', 'NotFoundError');
    return f;
  }
  async removeEntry(name: string) {
    if (!this.entries.delete(name)) throw new DOMException('no such entry', 'NotFoundError');
  }
  /** Every file under this folder, path → text. */
  async tree(prefix = ''): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [n, e] of this.entries) {
      if (e instanceof FakeDir) Object.assign(out, await e.tree(`${prefix}${n}/`));
      else out[`${prefix}${n}`] = await e.data.text();
    }
    return out;
  }
}

class FakeFile {
  readonly kind = 'file';
  data = new Blob([]);
  move?: (name: string) => Promise<void>;
  constructor(
    public name: string,
    private readonly dir: FakeDir,
    private readonly writeMs: number,
    movable: boolean,
  ) {
    if (movable)
      this.move = async (to: string) => {
        this.dir.entries.delete(this.name);
        this.name = to;
        this.dir.entries.set(to, this);
      };
  }
  async createWritable() {
    const parts: Blob[] = [];
    return {
      write: async (b: Blob) => {
        await new Promise((r) => setTimeout(r, this.writeMs));
        parts.push(b);
      },
      close: async () => {
        this.data = new Blob(parts);
      },
      abort: async () => undefined,
    };
  }
}

const asDir = (d: FakeDir) => d as unknown as FileSystemDirectoryHandle;

describe('disk output', () => {
  it('writes under .partial and renames, or in place where move is missing', async () => {
    for (const movable of [true, false]) {
      const root = new FakeDir('out', 0, movable);
      await writeFileAt(asDir(root), 'voice/date=2025-10-01/part-00000.csv', new Blob(['a,b\n']));
      await writeFileAt(asDir(root), 'voice/date=2025-10-01/part-00000.csv', new Blob(['c,d\n']));
      expect(await root.tree()).toEqual({ 'voice/date=2025-10-01/part-00000.csv': 'c,d\n' });
    }
    await expect(writeFileAt(asDir(new FakeDir('x')), '../escape.csv', new Blob(['x']))).rejects.toThrow(/bad output path/);
  });

  it('holds the pool back: never more than workers + 1 units wait to be written', async () => {
    const root = new FakeDir('out', 3);
    const writer = new DiskWriter(asDir(root));
    const workers = 2;
    let next = 0;
    const units = 24;
    // The pool's loop (pool.ts encodeAll): wait for admission, "encode" (fast), hand the unit over.
    const worker = async (k: number) => {
      while (next < units) {
        await writer.ready();
        if (next >= units) break;
        const u = next++;
        await new Promise((r) => setTimeout(r, 1));
        writer.add([{ path: `w${k}/unit-${String(u).padStart(2, '0')}.csv`, blob: new Blob([`${u}\n`]) }]);
      }
    };
    await Promise.all(Array.from({ length: workers }, (_, k) => worker(k)));
    await writer.flush();
    expect(writer.peakPending).toBeGreaterThan(1);
    expect(writer.peakPending).toBeLessThanOrEqual(workers + 1);
    const files = Object.keys(await root.tree());
    expect(files).toHaveLength(units);
    expect(files.some((f) => f.endsWith(PARTIAL_SUFFIX))).toBe(false);
    expect(writer.files).toBe(units);
  });

  it('a folder run removes an old manifest first and writes the new one last', async () => {
    const root = new FakeDir('out');
    await writeFileAt(asDir(root), MANIFEST, new Blob(['old']));
    const run = await DiskRun.open('folder', asDir(root));
    expect(Object.keys(await root.tree())).toEqual([]);
    const kept = run.take({ unit: 1, files: [{ path: 'a/part-0.csv', blob: new Blob(['x\n']), size: 2 }] });
    expect(kept.files[0]!.blob.size).toBe(0);
    expect(kept.files[0]!.size).toBe(2);
    const order: string[] = [];
    const orig = run.writer.add.bind(run.writer);
    run.writer.add = (files) => {
      order.push(...files.map((f) => f.path));
      orig(files);
    };
    const outcome = await run.finish(
      [
        { path: 'schema.sql', blob: new Blob(['--']) },
        { path: MANIFEST, blob: new Blob(['{}']) },
        { path: 'README.md', blob: new Blob(['#']) },
      ],
      ['a/part-0.csv'],
      () => Promise.reject(new Error('not a ZIP run')),
    );
    expect(order.at(-1)).toBe(MANIFEST);
    expect(outcome).toMatchObject({ kind: 'folder', name: 'out', files: 4, bytes: 2 + 2 + 2 + 1 });
    expect(await root.tree()).toEqual({ 'a/part-0.csv': 'x\n', 'schema.sql': '--', 'README.md': '#', [MANIFEST]: '{}' });
  });

  it('stops admitting units after a failed write and reports it', async () => {
    const root = new FakeDir('out');
    const writer = new DiskWriter(asDir(root));
    writer.add([{ path: '../bad', blob: new Blob(['x']) }]);
    await expect(writer.flush()).rejects.toThrow(/bad output path/);
    await expect(writer.ready()).rejects.toThrow(/bad output path/);
  });
});
