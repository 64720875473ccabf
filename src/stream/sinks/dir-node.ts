/**
 * Node-only: rolling legacy-named files in a folder, for the original file-drop pipeline (NiFi / SFTP
 * folder watchers). One file per service per interval, named like the batch files
 * (`voice_cdr_<YYYYMMDD>_<NN>.csv`, YYYYMMDD = simulated day of its records, NN = sequence), written as a
 * hidden `.<name>.partial` and renamed when complete, so a watcher never picks up half a file.
 */
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceType } from '../../core/profiles/types.ts';
import type { World } from '../../core/world.ts';
import { legacyCsvName } from '../../export/layout.ts';
import type { SliceEncoder } from '../encode.ts';
import { TYPE_CODES } from '../merge.ts';
import type { EventSlice } from '../source.ts';

/** When files are closed: every N seconds of wall time (and at each simulated day change), or per simulated day. */
export type RollSpec = { kind: 'seconds'; seconds: number } | { kind: 'day' };

/** Parses `--roll 60` / `--roll day`. */
export function parseRoll(v: string): RollSpec {
  const s = v.trim().toLowerCase();
  if (s === 'day') return { kind: 'day' };
  const n = Number(s.replace(/s$/, ''));
  if (!/^\d+(\.\d+)?s?$/.test(s) || !(n >= 1) || n > 86_400) throw new Error(`expected a number of seconds (1–86400) or "day", got "${v}"`);
  return { kind: 'seconds', seconds: n };
}

interface OpenFile {
  type: ServiceType;
  day: number;
  name: string;
  tmp: string;
  fh: FileHandle;
  openedAt: number;
  rows: number;
  bytes: number;
}

export interface DirFile {
  name: string;
  type: ServiceType;
  rows: number;
  bytes: number;
}

export class RollingDirSink {
  readonly kind = 'dir';
  private readonly open_: (OpenFile | null)[] = [null, null, null];
  private readonly seq = [0, 0, 0];
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ready_: Promise<void> | null = null;
  private error: unknown = null;
  /** Completed files, in the order they were closed. */
  readonly files: DirFile[] = [];
  private readonly now: () => number;

  constructor(
    readonly world: World,
    readonly encoder: SliceEncoder,
    readonly dir: string,
    readonly roll: RollSpec,
    now?: () => number,
  ) {
    this.now = now ?? (() => performance.now());
    if (roll.kind === 'seconds') {
      // Close files whose interval is over even when no record arrives (quiet night hours at 1×).
      this.timer = setInterval(() => void this.serial(() => this.rollStale()), Math.min(1000, roll.seconds * 250));
      this.timer.unref?.();
    }
  }

  get target(): string {
    return `dir:${this.dir}`;
  }

  private serial(op: () => Promise<void>): Promise<void> {
    const p = this.chain.then(op);
    this.chain = p.catch((e: unknown) => {
      this.error ??= e;
    });
    return p;
  }

  private async rollStale(): Promise<void> {
    if (this.roll.kind !== 'seconds') return;
    const t = this.now();
    for (let k = 0; k < 3; k++) {
      const f = this.open_[k];
      if (f && t - f.openedAt >= this.roll.seconds * 1000) await this.finish(k);
    }
  }

  private async finish(k: number): Promise<void> {
    const f = this.open_[k];
    if (!f) return;
    this.open_[k] = null;
    await f.fh.close();
    await rename(f.tmp, join(this.dir, f.name));
    this.files.push({ name: f.name, type: f.type, rows: f.rows, bytes: f.bytes });
  }

  private async openFile(k: number, day: number): Promise<OpenFile> {
    if (!this.ready_) this.ready_ = mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.ready_;
    const type = TYPE_CODES[k]!;
    const seq = this.roll.kind === 'day' ? day + 1 : ++this.seq[k]!;
    const name = legacyCsvName(type, this.world.plan.startEpochDay + day, seq, this.encoder.format === 'csv' ? 'csv' : 'ndjson');
    const tmp = join(this.dir, `.${name}.partial`);
    const fh = await open(tmp, 'w');
    const f: OpenFile = { type, day, name, tmp, fh, openedAt: this.now(), rows: 0, bytes: 0 };
    const header = this.encoder.header(type);
    if (header.length) {
      await fh.write(header);
      f.bytes += header.length;
    }
    this.open_[k] = f;
    return f;
  }

  /** Appends a slice's records to the current file of each service (rolling first when due). */
  write(slice: EventSlice): Promise<void> {
    if (this.error) return Promise.reject(this.error as Error);
    return this.serial(async () => {
      const t = this.now();
      const day = slice.chunk.day;
      for (let k = 0; k < 3; k++) {
        const n = slice.to[k]! - slice.from[k]!;
        if (n <= 0) continue;
        let f = this.open_[k];
        if (f && (f.day !== day || (this.roll.kind === 'seconds' && t - f.openedAt >= this.roll.seconds * 1000))) {
          await this.finish(k);
          f = null;
        }
        f ??= await this.openFile(k, day);
        const bytes = this.encoder.encodeType(slice, k);
        await f.fh.write(bytes);
        f.rows += n;
        f.bytes += bytes.length;
      }
    });
  }

  /** Completes the open files (renamed to their final names). */
  async close(): Promise<DirFile[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.serial(async () => {
      for (let k = 0; k < 3; k++) await this.finish(k);
    });
    if (this.error) throw this.error;
    return this.files;
  }

  /** Removes the partial files (after an error). */
  async abort(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (let k = 0; k < 3; k++) {
      const f = this.open_[k];
      if (!f) continue;
      this.open_[k] = null;
      await f.fh.close().catch(() => undefined);
      await unlink(f.tmp).catch(() => undefined);
    }
  }
}
