import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdrgen, tempDir } from '../cli/helpers.ts';
import { cdrgenAsync, httpServer, parseLines, recordId, SMALL_FLAGS, summaryNumber, wsServer } from './helpers.ts';

const TYPE_ORDER: Record<string, number> = { voice: 0, sms: 1, data: 2 };

/** The batch's NDJSON records of the small scenario, merged in event-time order (timestamp, type, id). */
function batchInEventOrder(dir: string): string[] {
  const rows: { ts: string; t: number; id: string; line: string }[] = [];
  for (const type of ['voice', 'sms', 'data']) {
    for (const line of readFileSync(join(dir, `${type}_cdr_20251001_01.ndjson`), 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Record<string, unknown>;
      rows.push({ ts: String(r.timestamp), t: TYPE_ORDER[type]!, id: recordId(r), line });
    }
  }
  rows.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return rows.map((r) => r.line);
}

describe('cdrgen stream', () => {
  let batchDir: string;
  let batch: string[];
  let maxStream: string[];
  beforeAll(() => {
    batchDir = tempDir('cdrgen-stream-batch-');
    const r = cdrgen(['batch', ...SMALL_FLAGS, '--format', 'ndjson', '--workers', '1', '--out', batchDir]);
    expect(r.code, r.stderr).toBe(0);
    batch = batchInEventOrder(batchDir);
  });

  it('--seed 7 --count 100000 --sink stdout emits exactly the batch records of that window, in event-time order', () => {
    const r = cdrgen(['stream', ...SMALL_FLAGS, '--count', '100000', '--speed', 'max', '--sink', 'stdout']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(100_000);
    // Same bytes per record (ids, every field, filename, ingest_ts) and the same order.
    expect(lines).toEqual(batch.slice(0, 100_000));
    const ts = lines.map((l) => String((JSON.parse(l) as { timestamp: string }).timestamp));
    expect([...ts].sort()).toEqual(ts);
    expect(r.stderr).toMatch(/streamed 100000 events .* to stdout; count reached/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    maxStream = lines;
  });

  it('--speed 3600 paces by simulated time (one simulated hour per second) and emits the same records', async () => {
    const r = await cdrgenAsync(['stream', ...SMALL_FLAGS, '--speed', '3600', '--duration', '3']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toEqual((maxStream ?? batch).slice(0, lines.length));
    const last = String(parseLines(lines[lines.length - 1]!)[0]!.timestamp);
    // 3 s at 3600× = up to 03:00:00 of event time; the next record in the batch is after it.
    expect(last <= '2025-10-01T03:00:00').toBe(true);
    expect(last >= '2025-10-01T02:58:00').toBe(true);
    expect(String(JSON.parse(batch[lines.length]!).timestamp) > '2025-10-01T02:59:59').toBe(true);
  });

  it('--type voice --format csv to stdout: the header, then the batch CSV rows', () => {
    const csvDir = tempDir();
    expect(cdrgen(['batch', ...SMALL_FLAGS, '--type', 'voice', '--workers', '1', '--out', csvDir]).code).toBe(0);
    const r = cdrgen(['stream', ...SMALL_FLAGS, '--type', 'voice', '--format', 'csv', '--count', '5000', '--speed', 'max']);
    expect(r.code, r.stderr).toBe(0);
    const want = readFileSync(join(csvDir, 'voice_cdr_20251001_01.csv'), 'utf8').split('\n').slice(0, 5001);
    expect(r.stdout.split('\n').slice(0, 5001)).toEqual(want);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(5001);
  });

  it('dir: --roll day writes the legacy files of the batch, byte for byte, and leaves no partial file', () => {
    const csvDir = tempDir();
    expect(cdrgen(['batch', ...SMALL_FLAGS, '--workers', '1', '--out', csvDir]).code).toBe(0);
    const out = tempDir();
    const r = cdrgen(['stream', ...SMALL_FLAGS, '--format', 'csv', '--speed', 'max', '--sink', `dir:${out}`, '--roll', 'day']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/end of the scenario; 3 files/);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['data_cdr_20251001_01.csv', 'sms_cdr_20251001_01.csv', 'voice_cdr_20251001_01.csv']);
    for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(csvDir, f)))).toBe(true);
  });

  it('dir: --roll N rolls files by wall time; a folder watcher never sees a file that still changes', async () => {
    const out = tempDir();
    const seen = new Map<string, number>();
    const watch = setInterval(() => {
      if (!existsSync(out)) return;
      for (const f of readdirSync(out)) if (!f.startsWith('.') && !seen.has(f)) seen.set(f, statSync(join(out, f)).size);
    }, 20);
    const r = await cdrgenAsync(['stream', ...SMALL_FLAGS, '--rate', '4000', '--duration', '2.5', '--sink', `dir:${out}`, '--roll', '1']);
    clearInterval(watch);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.some((f) => f.startsWith('.') || f.endsWith('.partial'))).toBe(false);
    for (const t of ['voice', 'data']) {
      const mine = files.filter((f) => f.startsWith(`${t}_cdr_20251001_`));
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine[0]).toBe(`${t}_cdr_20251001_01.ndjson`);
    }
    for (const [f, size] of seen) expect(statSync(join(out, f)).size, f).toBe(size);
    // Together the files hold the first N events, each exactly once.
    const all = files.flatMap((f) => parseLines(readFileSync(join(out, f), 'utf8')));
    expect(Math.abs(all.length - 10_000)).toBeLessThanOrEqual(200);
    expect(new Set(all.map(recordId)).size).toBe(all.length);
    expect(summaryNumber(r.stderr, 'streamed')).toBe(all.length);
  });

  it('HTTP sink: a server answering 503 for 3 s then recovering receives every event exactly once; retries are counted', async () => {
    let t0 = 0;
    const srv = await httpServer(() => {
      t0 ||= performance.now();
      return performance.now() - t0 < 3000 ? 503 : 200;
    });
    try {
      const r = await cdrgenAsync([
        'stream',
        ...SMALL_FLAGS,
        '--rate',
        '2000',
        '--duration',
        '5',
        '--sink',
        `${srv.url}/cdr`,
        '--batch-size',
        '1000',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const events = summaryNumber(r.stderr, 'streamed');
      expect(Math.abs(events - 10_000)).toBeLessThanOrEqual(200);
      const ok = srv.bodies.filter((b) => b.status === 200).flatMap((b) => parseLines(b.body));
      expect(ok.length).toBe(events);
      expect(new Set(ok.map(recordId)).size).toBe(events);
      expect(srv.bodies.some((b) => b.status === 503)).toBe(true);
      expect(summaryNumber(r.stderr, 'sent')).toBe(events);
      expect(summaryNumber(r.stderr, 'retried')).toBeGreaterThan(0);
      expect(summaryNumber(r.stderr, 'failed')).toBeGreaterThan(0);
      expect(summaryNumber(r.stderr, 'dropped')).toBe(0);
    } finally {
      await srv.close();
    }
  });

  it('kafka:URL sink posts to the legacy topics through a Kafka REST v2 proxy; ws:// sink sends NDJSON messages; each event exactly once', async () => {
    const proxy = await httpServer();
    const ws = await wsServer();
    try {
      const k = await cdrgenAsync(['stream', ...SMALL_FLAGS, '--speed', 'max', '--count', '20000', '--sink', `kafka:${proxy.url}`]);
      expect(k.code, k.stderr).toBe(0);
      const values = proxy.bodies.flatMap((b) => {
        expect(b.path).toMatch(/^\/topics\/(voice|sms|data)-bronze-cdr$/);
        expect(b.contentType).toBe('application/vnd.kafka.json.v2+json');
        return (JSON.parse(b.body) as { records: { value: Record<string, unknown> }[] }).records.map((r) => r.value);
      });
      expect(values.length).toBe(20_000);
      expect(new Set(values.map(recordId)).size).toBe(20_000);
      expect(summaryNumber(k.stderr, 'sent')).toBe(20_000);
      const w = await cdrgenAsync([
        'stream',
        ...SMALL_FLAGS,
        '--speed',
        'max',
        '--count',
        '20000',
        '--sink',
        ws.url,
        '--batch-size',
        '3000',
      ]);
      expect(w.code, w.stderr).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      const got = ws.messages.flatMap((m) => parseLines(m));
      expect(got.length).toBe(20_000);
      expect(new Set(got.map(recordId)).size).toBe(20_000);
    } finally {
      await proxy.close();
      await ws.close();
    }
  });

  it('HTTP sink that stays down: bounded buffer, drops counted, exit code 3, bounded memory', async () => {
    const srv = await httpServer(() => 503);
    try {
      const r = await cdrgenAsync(
        [
          'stream',
          ...SMALL_FLAGS,
          '--speed',
          'max',
          '--count',
          '150000',
          '--sink',
          srv.url,
          '--buffer',
          '2000',
          '--batch-size',
          '500',
          '--sink-timeout',
          '1',
        ],
        { env: { CDRGEN_STATS: '1' } },
      );
      expect(r.code, r.stderr).toBe(3);
      expect(summaryNumber(r.stderr, 'streamed')).toBe(150_000);
      expect(summaryNumber(r.stderr, 'sent')).toBe(0);
      expect(summaryNumber(r.stderr, 'dropped')).toBe(150_000);
      const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"cdrgen_stats"'))!) as {
        cdrgen_stats: { maxRssKb: number };
      };
      // ~45 MB of NDJSON were produced; the process keeps at most 2000 records buffered.
      expect(stats.cdrgen_stats.maxRssKb / 1024).toBeLessThan(400);
    } finally {
      await srv.close();
    }
  });

  it('rejects bad flags with exit code 2 and a one-line reason', () => {
    const cases: [string[], RegExp][] = [
      [['--speed', '0'], /--speed: speed must be between 1 and 3600/],
      [['--rate', '-5'], /--rate: expected events per second/],
      [['--speed', '10', '--rate', '5'], /cannot be used together/],
      [['--count', '10', '--duration', '1'], /--duration and --count cannot be used together/],
      [['--sink', 'ftp://x'], /--sink: unknown sink/],
      [['--format', 'csv'], /exactly one service/],
      [['--format', 'csv', '--sink', 'http://127.0.0.1:9/'], /--format csv is for stdout and dir/],
      [['--roll', '5'], /--roll only applies to dir/],
      [['--buffer', '5'], /--buffer only applies to network sinks/],
      [['--from', '2024-01-01T00:00'], /--from: .* outside the simulated period/],
      [['--format', 'parquet'], /argument 'parquet' is invalid|Allowed choices/],
    ];
    for (const [args, re] of cases) {
      const r = cdrgen(['stream', ...SMALL_FLAGS, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')[0], args.join(' ')).toMatch(re);
    }
  });

  it('--help documents the sinks, including the Kafka REST syntax', () => {
    const r = cdrgen(['stream', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kafka:http\(s\):\/\/PROXY/);
    expect(r.stdout).toMatch(/dir:PATH/);
    expect(r.stdout).toMatch(/--rate/);
  });
});
