import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, cdrgen, tempDir } from './helpers.ts';

const dataFiles = (d: string) =>
  (readdirSync(d, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.parquet'))
    .sort()
    .map((f) => [f, createHash('sha256').update(readFileSync(join(d, f))).digest('hex')]);

describe('scale-out with --shard and merge-manifest', () => {
  it('N shards run as N processes into one folder equal the single-process output, manifest included', () => {
    const args = ['batch', '--days', '3', '--subscribers', '8000', '--format', 'parquet', '--workers', '1'];
    const single = tempDir();
    expect(cdrgen([...args, '--out', single]).code).toBe(0);
    const shared = tempDir();
    for (const i of [0, 1, 2]) {
      const r = cdrgen([...args, '--shard', `${i}/3`, '--out', shared]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(dataFiles(shared)).toEqual(dataFiles(single));
    const m = cdrgen(['merge-manifest', shared]);
    expect(m.code, m.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(single, 'manifest.json'), 'utf8')) as { files: { path: string }[]; aggregates: unknown; totals: unknown };
    const b = JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as typeof a;
    expect(b.aggregates).toEqual(a.aggregates);
    const sortFiles = (x: typeof a) => x.files.map((f) => JSON.stringify(f)).sort();
    expect(sortFiles(b)).toEqual(sortFiles(a));
  });

  it('merge-manifest names the missing shard', () => {
    const d = tempDir();
    expect(cdrgen(['batch', '--days', '1', '--subscribers', '2000', '--format', 'parquet', '--shard', '1/2', '--out', d]).code).toBe(0);
    const r = cdrgen(['merge-manifest', d]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/shard\(s\) 0 of 2 missing/);
  });

  it('ships a valid Kubernetes Indexed Job whose shard count matches its completions', () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', 'cdrgen-indexed-job.yaml'), 'utf8'));
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    const [job, merge] = docs.map((d) => d.toJS()) as Record<string, any>[];
    expect(job!.apiVersion).toBe('batch/v1');
    expect(job!.kind).toBe('Job');
    expect(job!.spec.completionMode).toBe('Indexed');
    const c = job!.spec.template.spec.containers[0];
    const shard = (c.args as string[]).find((a) => a.startsWith('--shard='));
    expect(shard).toBe(`--shard=$(JOB_COMPLETION_INDEX)/${job!.spec.completions}`);
    expect(c.args).toContain('batch');
    expect(JSON.stringify(c)).not.toMatch(/--secret-key|--access-key/);
    expect(merge!.kind).toBe('Job');
    expect(JSON.stringify(merge)).toContain('cdrgen merge-manifest');
  });
});
