/** A pool of generator workers (main thread side): a shared queue of files, and a hard stop (`terminate`). */
import * as Comlink from 'comlink';
import type { ServiceType } from '../core/index.ts';
import type { FileFormat } from '../state/scenario-form.ts';
import type { AggregateState, ManifestFile } from '../export/manifest.ts';
import type { DatasetInfo, EncodedUnit, GeneratorApi, IcebergTables, RunRequest, TableFile, ZipInput } from './api.ts';

/** Raised by every pending call of a pool that was terminated (cancellation). */
export class PoolTerminatedError extends Error {
  constructor() {
    super('generation cancelled');
    this.name = 'PoolTerminatedError';
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
  api: Comlink.Remote<GeneratorApi>;
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
      worker.addEventListener('error', (e) => this.fail(new Error(`generator worker failed: ${e.message || 'could not start'}`)));
      this.slots.push({ worker, api: Comlink.wrap<GeneratorApi>(worker) });
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
   * the rows done by worker `slot` in its current `unit` (-1 once the worker is done).
   */
  encodeAll(
    request: RunRequest,
    order: readonly number[],
    onUnit: (unit: EncodedUnit) => void,
    onProgress: (slot: number, unit: number, rows: number) => void,
  ): Promise<void> {
    const slots = this.ensure();
    let next = 0;
    const run = async (slot: Slot, k: number) => {
      let current = -1;
      const progress = Comlink.proxy((rows: number) => onProgress(k, current, rows));
      while (next < order.length) {
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

  /** The Iceberg tables of the run (first worker: it keeps the world cached). */
  iceberg(request: RunRequest): Promise<IcebergTables> {
    return this.guard(this.ensure()[0]!.api.iceberg(request));
  }

  /** A ZIP of Blobs, built in a worker (the page never touches the bytes). */
  zip(entries: ZipInput[]): Promise<Blob> {
    const slots = this.ensure();
    return this.guard(slots[slots.length - 1]!.api.zip(entries));
  }

  /** Stops every worker now; pending calls reject with PoolTerminatedError. The pool restarts on next use. */
  terminate(): void {
    for (const s of this.slots) {
      s.api[Comlink.releaseProxy]();
      s.worker.terminate();
    }
    this.slots = [];
    this.fail(new PoolTerminatedError());
  }
}
