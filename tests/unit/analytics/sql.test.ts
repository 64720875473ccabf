/**
 * Explore's SQL on DuckDB-Wasm (the page's engine, Node build) over the tables as the workers make them:
 * every ready query runs and answers, the answer key finds every manifest aggregate equal, the timestamp
 * is naive local time, and the offline settings hold (no extension can be fetched, no URL read).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, generateChunk, parseScenario, resolveModel, type ScenarioInput } from '../../../src/core/index.ts';
import type { World } from '../../../src/core/world.ts';
import { AggregateAccumulator } from '../../../src/export/manifest.ts';
import { encodeFileJob, planDataset } from '../../../src/export/dataset.ts';
import { answerChecks, runChecks, valueFaultsOf } from '../../../src/analytics/answer-key.ts';
import { chooseChart, specFits, type ColumnKind } from '../../../src/analytics/chart-shape.ts';
import { READY_QUERIES } from '../../../src/analytics/queries.ts';
import { loadedDuck } from './duckdb-wasm.ts';

const world = (extra: ScenarioInput = {}): World =>
  buildWorld(
    resolveModel(parseScenario({ seed: 5, period: { start: '2025-10-01', days: 2 }, population: { subscribers: 4000 }, ...extra })),
  );

/** The manifest's aggregates of a world, accumulated while encoding its files (as a run does). */
function aggregatesOf(w: World) {
  const acc = new AggregateAccumulator();
  const opts = { format: 'csv' as const, partitionBy: null, compression: 'none' as const, maxRowsPerFile: 1_000_000 };
  for (const job of planDataset(w, opts)) encodeFileJob(w, job, opts, acc);
  return acc.result();
}

describe.each([
  ['default scenario', {}],
  ['extended schema', { schema: 'extended' }],
] as [string, ScenarioInput][])('Explore SQL — %s', (_name, extra) => {
  let w: World;
  let rows: (sql: string) => unknown[][];
  let conn: Awaited<ReturnType<typeof loadedDuck>>['conn'];
  beforeAll(async () => {
    w = world(extra);
    ({ rows, conn } = await loadedDuck(w));
  });

  it('loads every table with the run’s row counts', () => {
    for (const t of ['voice', 'sms', 'data'] as const) expect(rows(`SELECT count(*) FROM ${t}_cdr`)).toEqual([[w.plan.totals[t]]]);
    expect(rows('SELECT count(*) FROM cells')).toEqual([[w.cells.n]]);
    expect(rows('SELECT count(*) FROM subscribers')).toEqual([[w.subs.total]]);
    expect(rows(`SELECT data_type FROM information_schema.columns WHERE table_name = 'voice_cdr' AND column_name = 'timestamp'`)).toEqual([
      ['TIMESTAMP'],
    ]);
  });

  it('timestamps are naive local time, equal to the CSV text', () => {
    const b = generateChunk(w, 0, ['voice']).voice!;
    const first = new Date((b.ts[0]! + w.model.profile.utcOffsetMinutes * 60) * 1000).toISOString().slice(0, 19);
    expect(rows(`SELECT strftime(min("timestamp"), '%Y-%m-%dT%H:%M:%S') FROM voice_cdr`)).toEqual([[first]]);
  });

  it.each(READY_QUERIES.map((q) => [q.id, q] as const))('ready query %s answers with rows and a chart', (_id, q) => {
    const t = conn.query(q.sql);
    expect(t.numRows).toBeGreaterThan(0);
    const kinds = t.schema.fields.map((f) => {
      const ty = String((f as unknown as { type: { toString(): string } }).type);
      const kind: ColumnKind = /^(Int|Float|Decimal)/.test(ty)
        ? 'number'
        : /^Date/.test(ty)
          ? 'date'
          : /^Timestamp/.test(ty)
            ? 'timestamp'
            : 'text';
      return { name: f.name, kind, type: ty };
    });
    const spec = q.chart && specFits(q.chart, kinds) ? q.chart : chooseChart(kinds, t.numRows);
    expect(spec, `${q.id}: ${JSON.stringify(kinds)}`).not.toBeNull();
    if (q.chart) expect(specFits(q.chart, kinds), `${q.id} chart hint fits its columns ${JSON.stringify(kinds)}`).toBe(true);
  });

  it('the gold daily KPIs add up to the tables', () => {
    const [[calls, ok, failed]] = rows(
      `SELECT sum(total_calls), sum(successful_calls), sum(failed_calls) FROM (${READY_QUERIES.find((q) => q.id === 'voiceDaily')!.sql})`,
    ) as [[number, number, number]];
    expect(calls).toBe(w.plan.totals.voice);
    expect(ok + failed).toBe(calls);
    expect(ok).toBeGreaterThan(0);
    const [[cells]] = rows(`SELECT count(DISTINCT cell_id) FROM (${READY_QUERIES.find((q) => q.id === 'voiceHourlyCell')!.sql})`) as [
      [number],
    ];
    expect(cells).toBeGreaterThan(1);
  });

  it('the answer key: every manifest aggregate equals its SQL', async () => {
    const checks = answerChecks(aggregatesOf(w));
    expect(checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['rows.voice', 'revenue.sms', 'distinct.data', 'rowsByDay.voice', 'distinct.all']),
    );
    const results = await runChecks(checks, async (sql) => rows(sql));
    for (const [i, r] of results.entries()) expect(r, checks[i]!.id).toMatchObject({ equal: true });
    expect(results.find((r) => r.id === 'rowsByDay.voice')!.actual.split('\n').length).toBeGreaterThan(2);
  });
});

describe('Explore SQL — offline and errors', () => {
  let conn: Awaited<ReturnType<typeof loadedDuck>>['conn'];
  beforeAll(async () => {
    ({ conn } = await loadedDuck(world({ period: { start: '2025-10-01', days: 1 } })));
  });

  it('a syntax error is DuckDB’s message, and the connection keeps working', () => {
    expect(() => conn.query('SELEC 1')).toThrow(/syntax error at or near "SELEC"/);
    expect(conn.query('SELECT 42 AS answer').numRows).toBe(1);
  });

  it('nothing can reach the network: no URL read, no extension fetched, settings locked', () => {
    expect(() => conn.query(`SELECT * FROM read_csv('https://example.com/x.csv')`)).toThrow();
    expect(() => conn.query('LOAD icu')).toThrow(/disabled/);
    expect(() => conn.query('SET autoinstall_known_extensions = true')).toThrow(/lock/i);
  });
});

describe('Explore SQL — faults and fraud', () => {
  it('the answer key stays equal with fraud and with faults that keep values; value faults change revenue and distinct counts only', async () => {
    const structural = world({
      faults: { exactDuplicates: { enabled: true }, lateArrivals: { enabled: true }, orphanLegs: { enabled: true } },
      fraud: { simBox: { enabled: true }, wangiri: { enabled: true } },
    });
    const a = await loadedDuck(structural);
    const ok = await runChecks(answerChecks(aggregatesOf(structural)), async (sql) => a.rows(sql));
    expect(ok.filter((r) => !r.equal).map((r) => r.id)).toEqual([]);
    expect(valueFaultsOf(structural.model.scenario)).toEqual([]);

    const valued = world({ faults: { corruptValues: { enabled: true, rate: 0.02 }, malformedMsisdn: { enabled: true, rate: 0.02 } } });
    const b = await loadedDuck(valued);
    const res = await runChecks(answerChecks(aggregatesOf(valued)), async (sql) => b.rows(sql));
    const differ = res.filter((r) => !r.equal).map((r) => r.id);
    expect(differ.length).toBeGreaterThan(0);
    expect(
      differ.every((id) => /^(revenue|distinct)\./.test(id)),
      differ.join(),
    ).toBe(true);
    expect(valueFaultsOf(valued.model.scenario)).toEqual(['malformedMsisdn', 'corruptValues']);
  });

  it('ledger tables load beside the CDRs, and the fraud query flags the SIM-box gateways', async () => {
    const w = world({ period: { start: '2025-10-01', days: 2 }, fraud: { simBox: { enabled: true, share: 0.01 } } });
    const { rows } = await loadedDuck(w);
    const tables = rows(`SELECT table_name FROM duckdb_tables() ORDER BY 1`).map((r) => r[0]);
    expect(tables).toEqual(expect.arrayContaining(['fraud_actors', 'voice_cdr', 'cells', 'subscribers']));
    const flagged = rows(`SELECT msisdn FROM (${READY_QUERIES.find((q) => q.id === 'fraudCandidates')!.sql}) WHERE flag <> ''`);
    expect(flagged.length).toBeGreaterThan(0);
    const actors = new Set(rows(`SELECT CAST(msisdn AS VARCHAR) FROM fraud_actors WHERE pattern = 'simbox'`).map((r) => String(r[0])));
    for (const [m] of flagged) expect(actors.has(String(m)), `${String(m)} is a SIM-box SIM`).toBe(true);
  });
});
