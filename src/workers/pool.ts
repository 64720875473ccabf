/** A pool of generator workers that spreads contiguous chunk ranges over N workers (main thread side). */
import * as Comlink from 'comlink';
import type { EncodedChunk, EncodedFile, GeneratorApi, RangeResult } from './api.ts';

/** Raised by every pending call of a pool that was terminated (cancellation). */
export class PoolTerminatedError extends Error {
  constructor() {
    super('generation cancelled');
    this.name = 'PoolTerminatedError';
  }
}

/** Workers to start: leave one core for the page, at least 1, at most 4. */
export function defaultPoolSize(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  const n = Math.floor(cores || 2) - 1;
  return Math.max(1, Math.min(4, n));
}

/** A half-open range of chunk indexes [from, to). */
export interface ChunkRange {
  from: number;
  to: number;
}

/**
 * Cuts chunks 0..weights.length-1 into at most `parts` contiguous, non-empty ranges of about equal total
 * weight (records), in index order.
 */
export function splitRanges(weights: readonly number[], parts: number): ChunkRange[] {
  const n = weights.length;
  const k = Math.max(1, Math.min(parts, n));
  if (n === 0) return [];
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const ranges: ChunkRange[] = [];
  let from = 0;
  let acc = 0;
  for (let r = 1; r < k; r++) {
    const target = (total * r) / k;
    let to = from;
    // Leave at least one chunk for each remaining range.
    while (to < n - (k - r) && (to === from || acc + Math.max(0, weights[to]!) <= target)) {
      acc += Math.max(0, weights[to]!);
      to++;
    }
    ranges.push({ from, to });
    from = to;
  }
  ranges.push({ from, to: n });
  return ranges;
}

interface Slot {
  worker: Worker;
  /** Kept referenced for the worker's lifetime (GoogleChromeLabs/comlink#692: a collected proxy drops replies). */
  api: Comlink.Remote<GeneratorApi>;
}

/** N module workers running ./generator.worker.ts, with a hard stop (`terminate`). */
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

  /**
   * Generates chunks [0, weights.length) of the scenario: one contiguous range per worker, balanced by
   * `weights` (records per chunk). `onChunk` sees chunks as they arrive (out of order across workers).
   */
  async generate(scenarioJson: string, weights: readonly number[], onChunk: (chunk: EncodedChunk) => void): Promise<RangeResult[]> {
    const slots = this.ensure();
    const ranges = splitRanges(weights, slots.length);
    const sink = Comlink.proxy((chunk: EncodedChunk) => {
      onChunk(chunk);
    });
    return this.guard(Promise.all(ranges.map((r, i) => slots[i]!.api.generate({ scenarioJson, from: r.from, to: r.to }, sink))));
  }

  /** The cell towers reference file, built by the first worker (which caches the world). */
  cellTowers(scenarioJson: string): Promise<EncodedFile> {
    return this.guard(this.ensure()[0]!.api.cellTowers(scenarioJson));
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
