/** Fixtures of the Iceberg tests: small worlds, output folders on disk, and an HTTP server (with Range) over a folder. */
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { buildWorld, parseScenario, resolveModel, type ScenarioInput } from '../../../src/core/index.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';
import type { World } from '../../../src/core/world.ts';
import { loadIcebergTable, type IcebergOutputFile, type TableState } from '../../../src/export/iceberg/index.ts';

export const TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** A small scenario (2,000 subscribers) for the Iceberg tests. */
export function icebergWorld(extra: ScenarioInput = {}): World {
  return buildWorld(
    resolveModel(parseScenario({ seed: 5, period: { start: '2025-10-01', days: 2 }, population: { subscribers: 2000 }, ...extra })),
  );
}

/** A fresh temp folder. */
export function tempFolder(prefix = 'cdr-iceberg-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes output files under a folder. */
export function writeFiles(dir: string, files: readonly IcebergOutputFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
  }
}

/** The existing tables of an output folder (for appending). */
export async function existingTables(
  dir: string,
  types: readonly ServiceType[] = TYPES,
): Promise<Partial<Record<ServiceType, TableState | null>>> {
  const out: Partial<Record<ServiceType, TableState | null>> = {};
  for (const t of types) {
    out[t] = await loadIcebergTable(async (rel) => {
      try {
        return new Uint8Array(await readFile(join(dir, t, rel)));
      } catch {
        return null;
      }
    });
  }
  return out;
}

export const readJson = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

/** A static HTTP server over a folder on 127.0.0.1 (GET/HEAD, single Range requests), started on a free port. */
export async function serveFolder(root: string): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    // One request per connection: no keep-alive socket that the server may close while fetch reuses it.
    res.setHeader('connection', 'close');
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const p = normalize(join(root, rel));
    if (!p.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const st = statSync(p);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = size - 1;
    if (range) {
      if (range[1] === '') start = Math.max(0, size - Number(range[2]));
      else {
        start = Number(range[1]);
        if (range[2] !== '') end = Math.min(size - 1, Number(range[2]));
      }
      res.writeHead(206, { 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}`, 'accept-ranges': 'bytes' });
    } else res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes' });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    createReadStream(p, { start, end }).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
