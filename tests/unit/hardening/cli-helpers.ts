/** Spawning the real CLI for the hardening suites, asynchronously (so runs can be timed out and killed) and checking what it left. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/helpers.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts bin/cdrgen.js; `done` resolves when it exits (killed with SIGKILL after `timeoutMs`). */
export function startCdrgen(args: string[], timeoutMs = 60_000): { child: ChildProcess; done: Promise<CliRun> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'cdrgen.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 });
    }),
  );
  return { child, done };
}

export const runCdrgen = (args: string[], timeoutMs?: number) => startCdrgen(args, timeoutMs).done;

/** Every file under dir (relative paths, '/'-separated), dot-files included; safe while a run renames files in it. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => statSync(join(dir, f), { throwIfNoEntry: false })?.isFile() ?? false)
    .map((f) => f.split('\\').join('/'))
    .sort();
}

export interface Manifest {
  files: { path: string; table: string; rows: number; bytes: number; sha256: string }[];
  aggregates?: { rows: Record<string, number> };
}

/** Manifest files of an output folder: manifest.json, or one manifest.shard-I-of-N.json per shard. */
export const manifestNames = (files: string[]) => files.filter((f) => /^manifest(\.shard-\d+-of-\d+)?\.json$/.test(f));

export const sha256File = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Files of a complete folder that its manifest does not list: the closing documents and the run state. */
const UNLISTED = ['schema.sql', 'README.md', '.cdrgen-state.json', 'state_generation.txt'];

/**
 * Checks a folder a run says it completed: a manifest, every file it lists present with its size and
 * SHA-256, nothing else but the state files, and no `.partial` left. Returns the manifest.
 */
export function checkComplete(out: string): Manifest {
  const files = listFiles(out);
  const partials = files.filter((f) => f.endsWith('.partial'));
  if (partials.length) throw new Error(`.partial files left after success: ${partials.join(', ')}`);
  const names = manifestNames(files);
  if (names.length !== 1) throw new Error(`expected one manifest in ${out}, found ${JSON.stringify(names)}`);
  const m = JSON.parse(readFileSync(join(out, names[0]!), 'utf8')) as Manifest;
  const listed = new Set(m.files.map((f) => f.path));
  for (const f of m.files) {
    const p = join(out, f.path);
    if (!existsSync(p)) throw new Error(`listed but missing: ${f.path}`);
    if (f.path === names[0]) continue; // a manifest cannot hold its own hash
    if (statSync(p).size !== f.bytes) throw new Error(`${f.path}: ${statSync(p).size} bytes, manifest says ${f.bytes}`);
    if (sha256File(p) !== f.sha256) throw new Error(`${f.path}: SHA-256 differs from the manifest`);
  }
  const extra = files.filter((f) => !listed.has(f) && !names.includes(f) && !UNLISTED.includes(f));
  if (extra.length) throw new Error(`files not in the manifest: ${extra.slice(0, 5).join(', ')}`);
  return m;
}
