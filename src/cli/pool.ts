import { Worker } from 'node:worker_threads';
import type { Task, TaskResult } from './tasks.ts';

type Pending = { resolve: (r: TaskResult) => void; reject: (e: Error) => void };

/** A fixed pool of worker_threads running src/cli/worker.ts (bundled as dist-cli/worker.mjs). */
export class TaskPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { task: Task; p: Pending; on?: Worker }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(readonly size: number) {
    const url = new URL('./worker.mjs', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new Worker(url);
      w.on('message', (m: { id: number; ok: boolean; res?: TaskResult; error?: string }) => {
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
    for (let qi = 0; qi < this.queue.length && this.idle.length;) {
      const q = this.queue[qi]!;
      const wi = q.on ? this.idle.indexOf(q.on) : this.idle.length - 1;
      if (wi < 0) {
        qi++;
        continue;
      }
      const [w] = this.idle.splice(wi, 1);
      this.queue.splice(qi, 1);
      const id = this.nextId++;
      this.pending.set(id, q.p);
      w!.postMessage({ id, task: q.task });
    }
  }

  /** Runs a task on the next free worker (or on a given worker). */
  run(task: Task, on?: number): Promise<TaskResult> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ task, p: { resolve, reject }, on: on === undefined ? undefined : this.workers[on] });
      this.pump();
    });
  }

  /** Runs a task once on every worker. */
  broadcast(task: Task): Promise<TaskResult[]> {
    return Promise.all(this.workers.map((_, i) => this.run(task, i)));
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
