import { Worker } from 'node:worker_threads';
import type { EncodedChunk } from './tasks.ts';
import type { WorkerRequest } from './worker.ts';

type Pending = { resolve: (r: EncodedChunk) => void; reject: (e: Error) => void };

/** A fixed pool of worker_threads running src/cli/worker.ts (bundled as dist-cli/worker.mjs). */
export class ChunkPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { req: Omit<WorkerRequest, 'id'>; p: Pending }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(size: number) {
    const url = new URL('./worker.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on('message', (m: { id: number; ok: boolean; res?: EncodedChunk; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        this.idle.push(w);
        this.pump();
        if (!p) return;
        if (m.ok) p.resolve(m.res!);
        else p.reject(new Error(m.error));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.p.reject(e);
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const { req, p } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, p);
      w.postMessage({ ...req, id });
    }
  }

  /** Runs one request on the next free worker. */
  run(req: Omit<WorkerRequest, 'id'>): Promise<EncodedChunk> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ req, p: { resolve, reject } });
      this.pump();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
