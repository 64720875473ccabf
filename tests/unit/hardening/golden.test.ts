/**
 * Determinism guard at the CLI level: the SHA-256 of small reference datasets written by the real `cdrgen`.
 *
 * An intentional change to the output updates these values AND says why in the commit message; when the
 * data itself changes (values, rows, order — not only an encoder's bytes), it also bumps DATA_VERSION in
 * src/core/scenario.ts (the manifest carries it). A Parquet-only change after a parquet-wasm upgrade changes
 * the parquet digest alone: update it and say so. Any other difference is a bug.
 *
 * Each digest is the SHA-256 of the sorted lines "<path> <sha256>" of every file the manifest lists (the CDR
 * and reference tables; README.md, schema.sql and manifest.json carry versions and prose, not data). On a
 * mismatch the test prints every file's hash, to tell which table moved.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_VERSION } from '../../../src/core/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { checkComplete, runCdrgen } from './cli-helpers.ts';

const SMALL = ['--days', '1', '--subscribers', '2000', '--workers', '1'];

interface Golden {
  args: string[];
  rows: { voice: number; sms: number; data: number };
  digest: string;
}

/** Pinned at DATA_VERSION 2 (both profiles share the legacy behaviour rates, hence the same row counts). */
const GOLDEN: Record<string, Golden> = {
  'legacy CSV, mali-omea, seed 42': {
    args: ['--seed', '42', '--format', 'csv', '--schema', 'legacy'],
    rows: { voice: 10_476, sms: 1_940, data: 6_402 },
    digest: '6eb8e9611f3d8a4dfc164c19ef898d73088e714b0ad6a367bb612a1cc5d79199',
  },
  'extended CSV, mali-omea, seed 42': {
    args: ['--seed', '42', '--format', 'csv', '--schema', 'extended'],
    rows: { voice: 10_476, sms: 1_940, data: 6_402 },
    digest: '6c1407665880fbbe6c70f7457ce41954fdbc4796ec93db9ccacc09a54e3e7f23',
  },
  'NDJSON, mali-omea, seed 42': {
    args: ['--seed', '42', '--format', 'ndjson'],
    rows: { voice: 10_476, sms: 1_940, data: 6_402 },
    digest: '2e9e1e29b14785b2a47546e6f0863692b0996addad0176cc5d4d0686271e40fb',
  },
  'Parquet (zstd, type/date partitions), mali-omea, seed 42': {
    args: ['--seed', '42', '--format', 'parquet'],
    rows: { voice: 10_476, sms: 1_940, data: 6_402 },
    digest: '14672103a93f0521547d966230d9d6ff989c33f6c958ccfbf29a1cfecbf7a291',
  },
  'legacy CSV, guinea, seed 7': {
    args: ['--seed', '7', '--profile', 'guinea', '--format', 'csv'],
    rows: { voice: 10_476, sms: 1_940, data: 6_402 },
    digest: '2032332bebb4ceece769ca45d7a2c5ed85db6b92a0c26f835c0573b126139e39',
  },
};

async function digestOf(args: string[]) {
  const out = tempDir('cdrgen-golden-');
  const r = await runCdrgen(['batch', ...SMALL, ...args, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const m = checkComplete(out);
  rmSync(out, { recursive: true, force: true });
  const lines = m.files.map((f) => `${f.path} ${f.sha256}`).sort();
  const rows = { voice: 0, sms: 0, data: 0 };
  for (const f of m.files) {
    const t = f.table.replace(/_cdr$/, '');
    if (t === 'voice' || t === 'sms' || t === 'data') rows[t] += f.rows;
  }
  return { digest: createHash('sha256').update(lines.join('\n')).digest('hex'), rows, lines };
}

describe('golden datasets (real CLI, 1 day × 2,000 subscribers)', () => {
  it('are pinned for this DATA_VERSION', () => {
    expect(DATA_VERSION, 'DATA_VERSION changed: re-pin the golden digests below (and say why in the commit)').toBe(2);
  });

  const results = new Map<string, Awaited<ReturnType<typeof digestOf>>>();
  beforeAll(async () => {
    const queue = Object.entries(GOLDEN);
    const worker = async () => {
      for (let e = queue.shift(); e; e = queue.shift()) results.set(e[0], await digestOf(e[1].args));
    };
    await Promise.all([worker(), worker()]); // two runs at a time (2 cores)
  }, 180_000);

  for (const [name, g] of Object.entries(GOLDEN)) {
    it(name, () => {
      const got = results.get(name)!;
      // Re-pinning (intentional change only): GOLDEN_PRINT=1 npx vitest run tests/unit/hardening/golden.test.ts
      if (process.env.GOLDEN_PRINT) console.log(JSON.stringify({ name, rows: got.rows, digest: got.digest }));
      const detail = `cdrgen batch ${[...SMALL, ...g.args].join(' ')}\n${got.lines.join('\n')}`;
      expect(got.rows, detail).toEqual(g.rows);
      expect(got.digest, detail).toBe(g.digest);
    });
  }
});
