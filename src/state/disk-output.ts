/**
 * Writing a run to disk instead of RAM. Files arrive from the workers as Blobs, unit by unit, in any
 * order; the DiskWriter writes them one after the other (each under `.partial`, renamed when whole) and
 * drops them, and tells the pool when to wait (back-pressure) so that no more than about workers + 1
 * units of encoded bytes ever wait to be written. manifest.json is written last: a folder without it is
 * an incomplete run. A ZIP to disk goes through a scratch folder in the Origin Private File System (the
 * manifest comes first in the archive but is known last), then is streamed into the chosen file.
 */
import { removeIfPresent, writeFileAt } from '../lib/fs-access.ts';

/** Name of the scratch folder (OPFS) holding the files of a ZIP being written to disk. */
export const SCRATCH_DIR = 'cdr-studio-scratch';

/** The dataset's manifest: written last, so its presence marks a complete folder. */
export const MANIFEST = 'manifest.json';

export interface PendingFile {
  path: string;
  blob: Blob;
}

/** Serial writer of files under a directory, with a bound on the units waiting to be written. */
export class DiskWriter {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private waiters: (() => void)[] = [];
  /** Units handed over and not written yet. */
  pending = 0;
  /** Most units ever waiting at once (the bench and tests check the bound). */
  peakPending = 0;
  files = 0;
  bytes = 0;

  /**
   * @param root where the files go
   * @param admitBelow `ready()` resolves while fewer than this many units wait (2: a worker takes its
   *   next unit only while at most one is unwritten; each of the others may then finish one more, so at
   *   most workers + 1 units are ever held)
   */
  constructor(
    readonly root: FileSystemDirectoryHandle,
    private readonly admitBelow = 2,
  ) {}

  /** Queues the files of one unit; the Blobs are dropped as soon as they are written. */
  add(files: PendingFile[]): void {
    this.pending++;
    this.peakPending = Math.max(this.peakPending, this.pending);
    let queue: PendingFile[] | null = files;
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure) return;
        for (const f of queue ?? []) {
          this.bytes += await writeFileAt(this.root, f.path, f.blob);
          this.files++;
        }
      } catch (e) {
        this.failure ??= e;
      } finally {
        queue = null;
        this.pending--;
        this.wake();
      }
    });
  }

  /** Resolves when the pool may take another unit (few enough waiting), or rejects after a failed write. */
  ready(): Promise<void> {
    if (this.failure) return Promise.reject(asError(this.failure));
    if (this.pending < this.admitBelow) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push(() => (this.failure ? reject(asError(this.failure)) : resolve()));
    }).then(() => this.ready());
  }

  /** Waits for every queued write; throws the first failure. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) throw asError(this.failure);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Removes a previous run's manifest.json from a folder about to be written (so a partial folder never looks whole). */
export async function clearManifest(root: FileSystemDirectoryHandle): Promise<void> {
  await removeIfPresent(root, MANIFEST);
}

/** A fresh scratch folder in the Origin Private File System (left-overs of earlier runs are removed). */
export async function scratchFolder(): Promise<FileSystemDirectoryHandle> {
  const opfs = await navigator.storage.getDirectory();
  await removeIfPresent(opfs, SCRATCH_DIR);
  return opfs.getDirectoryHandle(SCRATCH_DIR, { create: true });
}

/** Deletes the scratch folder (after the ZIP is written, or when the run stops). */
export async function dropScratch(): Promise<void> {
  try {
    await removeIfPresent(await navigator.storage.getDirectory(), SCRATCH_DIR);
  } catch {
    /* best effort: the next ZIP run clears it too */
  }
}

/** The file at `path` under `root`, as a disk-backed File (for the ZIP, read back from the scratch folder). */
export async function fileAt(root: FileSystemDirectoryHandle, path: string): Promise<File> {
  const parts = path.split('/');
  const name = parts.pop()!;
  let dir = root;
  for (const p of parts) dir = await dir.getDirectoryHandle(p);
  return (await dir.getFileHandle(name)).getFile();
}

/** Where a finished run's files went (the result view says it). */
export interface DiskOutcome {
  kind: 'folder' | 'zip';
  /** The folder's or the ZIP file's name (browsers do not reveal full paths). */
  name: string;
  /** Files written (the ZIP: entries in it). */
  files: number;
  /** Bytes written (the ZIP: its size). */
  bytes: number;
  /** Most units that ever waited to be written at once (back-pressure bound: workers + 1). */
  peakPending: number;
}

/** A file of the run, as the pool returns it (only the path and the Blob matter here). */
interface UnitLike {
  files: { path: string; blob: Blob }[];
}

const EMPTY = new Blob([]);

/** One run's disk output: the chosen target, the writer, and the last steps (extras, manifest, ZIP). */
export class DiskRun {
  private constructor(
    readonly kind: 'folder' | 'zip',
    readonly name: string,
    readonly writer: DiskWriter,
    private readonly target: FileSystemFileHandle | null,
  ) {}

  /** Opens a folder (cleared of a previous manifest.json) or a ZIP file (with a fresh scratch folder). */
  static async open(kind: 'folder', root: FileSystemDirectoryHandle): Promise<DiskRun>;
  static async open(kind: 'zip', target: FileSystemFileHandle): Promise<DiskRun>;
  static async open(kind: 'folder' | 'zip', handle: FileSystemDirectoryHandle | FileSystemFileHandle): Promise<DiskRun> {
    if (kind === 'folder') {
      const root = handle as FileSystemDirectoryHandle;
      await clearManifest(root);
      return new DiskRun('folder', root.name, new DiskWriter(root), null);
    }
    return new DiskRun('zip', handle.name, new DiskWriter(await scratchFolder()), handle as FileSystemFileHandle);
  }

  /** Queues a unit's files for writing and returns the unit without its bytes (what the page keeps). */
  take<U extends UnitLike>(unit: U): U {
    this.writer.add(unit.files.map((f) => ({ path: f.path, blob: f.blob })));
    return { ...unit, files: unit.files.map((f) => ({ ...f, blob: EMPTY })) };
  }

  /**
   * Ends the run on disk once every unit is queued: a folder gets the extras (manifest.json last); a ZIP is
   * streamed (by `zipToFile`, a worker) from the extras and the scratch files in dataset order, then the
   * scratch folder is dropped.
   */
  async finish(
    extras: PendingFile[],
    dataPaths: string[],
    zipToFile: (entries: { name: string; blob: Blob }[], target: FileSystemFileHandle) => Promise<number>,
  ): Promise<DiskOutcome> {
    await this.writer.flush();
    const base = { kind: this.kind, name: this.name, peakPending: this.writer.peakPending };
    if (this.kind === 'folder') {
      const last = [...extras.filter((e) => e.path !== MANIFEST), ...extras.filter((e) => e.path === MANIFEST)];
      for (const e of last) this.writer.add([e]);
      await this.writer.flush();
      return { ...base, files: this.writer.files, bytes: this.writer.bytes };
    }
    const root = this.writer.root;
    const data = await Promise.all(dataPaths.map(async (path) => ({ name: path, blob: await fileAt(root, path) })));
    const entries = [...extras.map((e) => ({ name: e.path, blob: e.blob })), ...data];
    try {
      const bytes = await zipToFile(entries, this.target!);
      return { ...base, files: entries.length, bytes };
    } finally {
      await dropScratch();
    }
  }
}
