/** A pool of generator workers (main thread side): a shared queue of files, and a hard stop (`terminate`). */
import * as Comlink from 'comlink';
import type { ServiceType } from '../core/index.ts';
import type { FileFormat } from '../state/scenario-form.ts';
import type { AggregateState, ManifestFile } from '../export/manifest.ts';
import type { DatasetInfo, EncodedUnit, GeneratorApi, IcebergFileInfo, IcebergTables, RunRequest, TableFile, ZipInput } from './api.ts';
import type { ExploreGroup, ExplorePiece } from '../analytics/tables.ts';
import { lifeLockName, watchLifeLock, type LifeLockApi } from './life-lock.ts';

/** Raised by every pending call of a pool that was terminated (cancellation). */
export class PoolTerminatedError extends Error {
  constructor() {
    super('generation cancelled');
    this.name = 'PoolTerminatedError';
  }
}

/** A generator worker died mid-call: it threw an uncaught error, or it ended (crashed, or terminated by the browser). */
export class WorkerCrashError extends Error {
  constructor(
    /** 1-based worker number. */
    readonly worker: number,
    readonly reason: 'error' | 'lost',
    readonly detail: string,
  ) {
    super(
      reason === 'lost'
        ? `generator worker ${worker} stopped unexpectedly (crashed or terminated by the browser)`
        : `generator worker ${worker} failed: ${detail}`,
    );
    this.name = 'WorkerCrashError';
  }
}

/** Cores reported by the browser (2 when unknown). */
export const deviceCores = (cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number =>
  Math.max(1, Math.floor(cores || 2));

/** Workers to start by default: leave one core for the page, at least 1, at most 4. */
export function defaultPoolSize(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  return Math.max(1, Math.min(4, deviceCores(cores) - 1));
}

/** Most workers the page lets a person choose. */
export const MAX_WORKERS = 8;

interface Slot {
  worker: Worker;
  /** Kept referenced for the worker's lifetime (GoogleChromeLabs/comlink#692: a collected proxy drops replies). */
  api: Comlink.Remote<GeneratorApi & LifeLockApi>;
  /** Stops watching the worker's life lock (before the pool ends the worker itself). */
  unwatch: () => void;
}

/** N module workers running ./generator.worker.ts. */
export class GeneratorPool {
  private slots: Slot[] = [];
  private readonly pending = new Set<(e: Error) => void>();

  constructor(readonly size: number = defaultPoolSize()) {}

  private ensure(): Slot[] {
    if (this.slots.length) return this.slots;
    for (let i = 0; i < this.size; i++) {
      // Must be this literal shape: Vite detects new Worker(new URL('...', import.meta.url)) statically.
      const worker = new Worker(new URL('./generator.worker.ts', import.meta.url), { type: 'module', name: `cdr-generator-${i + 1}` });
      worker.addEventListener('error', (e) => this.crash(new WorkerCrashError(i + 1, 'error', e.message || 'could not start')));
      const slot: Slot = { worker, api: Comlink.wrap<GeneratorApi & LifeLockApi>(worker), unwatch: () => undefined };
      // Once the worker holds its life lock, the page's request for it is granted only when the worker ends.
      const lock = lifeLockName(`generator-${i + 1}`);
      let watching = true;
      slot.unwatch = () => (watching = false);
      void slot.api.holdLife(lock).then(
        (held) => {
          if (held && watching) slot.unwatch = watchLifeLock(lock, () => this.crash(new WorkerCrashError(i + 1, 'lost', 'ended')));
        },
        () => undefined,
      );
      this.slots.push(slot);
    }
    return this.slots;
  }

  /** Settles `p`, or rejects when the pool is terminated or a worker dies, whichever comes first. */
  private guard<T>(p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      p.then(resolve, reject).finally(() => this.pending.delete(reject));
    });
  }

  /** A worker died: every pending call rejects with `e`, and the next use starts fresh workers. */
  private crash(e: WorkerCrashError): void {
    if (!this.slots.length) return;
    this.stopAll();
    this.fail(e);
  }

  private stopAll(): void {
    for (const s of this.slots) {
      s.unwatch();
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    this.slots = [];
  }

  private fail(e: Error): void {
    for (const reject of [...this.pending]) reject(e);
    this.pending.clear();
  }

  /** Starts the workers and loads their assets (idle time; makes the first run faster and offline-ready). */
  warm(): Promise<void> {
    return this.guard(Promise.all(this.ensure().map((s) => s.api.warm())).then(() => undefined));
  }

  /** Describes the dataset (first worker; it keeps the world cached for what follows). */
  describe(request: RunRequest): Promise<DatasetInfo> {
    return this.guard(this.ensure()[0]!.api.describe(request));
  }

  /**
   * Encodes the units in `order` on every worker: each worker takes the next unit from a shared queue, so
   * big and small units balance out. `onUnit` sees units as they finish (any order); `onProgress` gets
   * the rows done by worker `slot` in its current `unit` (-1 once the worker is done). `admit`, when given,
   * is awaited before a worker takes its next unit (back-pressure: a writer that is behind holds the pool).
   */
  encodeAll(
    request: RunRequest,
    order: readonly number[],
    onUnit: (unit: EncodedUnit) => void,
    onProgress: (slot: number, unit: number, rows: number) => void,
    admit?: () => Promise<void>,
  ): Promise<void> {
    const slots = this.ensure();
    let next = 0;
    const run = async (slot: Slot, k: number) => {
      let current = -1;
      const progress = Comlink.proxy((rows: number) => onProgress(k, current, rows));
      while (next < order.length) {
        if (admit) {
          onProgress(k, -1, 0);
          await admit();
          if (next >= order.length) break;
        }
        current = order[next++]!;
        onProgress(k, current, 0);
        onUnit(await slot.api.encodeUnit(request, current, progress));
      }
      onProgress(k, -1, 0);
    };
    return this.guard(Promise.all(slots.map((s, k) => run(s, k))).then(() => undefined));
  }

  /** One CDR table as one file. */
  encodeTable(request: RunRequest, type: ServiceType, format: FileFormat): Promise<TableFile> {
    const slots = this.ensure();
    const slot = slots[((this.calls++ % slots.length) + slots.length) % slots.length]!;
    return this.guard(slot.api.encodeTable(request, type, format));
  }
  private calls = 0;

  /** schema.sql, README.md, manifest.json. */
  extras(request: RunRequest, files: ManifestFile[], aggregates: AggregateState | null): Promise<TableFile[]> {
    return this.guard(this.ensure()[0]!.api.extras(request, files, aggregates));
  }

  /** The Iceberg tables of the run from its encoded data files (first worker: it keeps the world cached). */
  iceberg(request: RunRequest, dataFiles: IcebergFileInfo[]): Promise<IcebergTables> {
    return this.guard(this.ensure()[0]!.api.iceberg(request, dataFiles));
  }

  /** A ZIP of Blobs, built in a worker (the page never touches the bytes). */
  zip(entries: ZipInput[]): Promise<Blob> {
    const slots = this.ensure();
    return this.guard(slots[slots.length - 1]!.api.zip(entries));
  }

  /** The dataset ZIP streamed by a worker into a file on disk; resolves to its size. */
  zipToFile(entries: ZipInput[], target: FileSystemFileHandle): Promise<number> {
    const slots = this.ensure();
    return this.guard(slots[slots.length - 1]!.api.zipToFile(entries, target));
  }

  /** Explore: one group of tables as Arrow IPC streams (round-robin over the workers, so groups encode in parallel). */
  exploreTables(request: RunRequest, group: ExploreGroup): Promise<ExplorePiece[]> {
    const slots = this.ensure();
    const slot = slots[this.calls++ % slots.length]!;
    return this.guard(slot.api.exploreTables(request, group));
  }

  /** Stops every worker now; pending calls reject with PoolTerminatedError. The pool restarts on next use. */
  terminate(): void {
    this.stopAll();
    this.fail(new PoolTerminatedError());
  }
}
