/**
 * The answer key, live: the manifest's expected aggregates (src/export/manifest.ts, computed while the
 * files were written) recomputed with SQL over the loaded tables. Each check has the SQL, the expected
 * value as text and how to read the SQL's answer as the same text, so equal means byte-equal strings.
 * Definitions follow the manifest's own `definitions` (local date of `timestamp`, served MSISDN).
 */
import type { ManifestAggregates } from '../export/manifest.ts';

type Service = 'voice' | 'sms' | 'data';
const SERVICES: readonly Service[] = ['voice', 'sms', 'data'];

/** The served subscriber's MSISDN of a record, per table (the manifest's `distinctSubscribers` definitions). */
export const SERVED_MSISDN: Record<Service, string> = {
  voice: "CASE call_type WHEN 'MOC' THEN caller_msisdn ELSE callee_msisdn END",
  sms: "CASE sms_type WHEN 'MO' THEN sender_msisdn ELSE receiver_msisdn END",
  data: 'msisdn',
};

export type CheckKind = 'rows' | 'revenue' | 'distinct' | 'distinctAll' | 'rowsByDay';

export interface AnswerCheck {
  id: string;
  kind: CheckKind;
  /** The service checked (none for the overall distinct count). */
  service?: Service;
  sql: string;
  /** The manifest's value, as canonical text. */
  expected: string;
  /** A short human view of the expected value (the canonical text can be long). */
  expectedShown: string;
  /** Canonical text of the SQL's rows (arrays of cell values, as returned). */
  canonical: (rows: unknown[][]) => string;
  /** A short human view of the SQL's answer. */
  shown: (rows: unknown[][]) => string;
}

const tableOf = (s: Service) => `${s}_cdr`;
const scalar = (rows: unknown[][]): string => (rows[0]?.[0] === null || rows[0]?.[0] === undefined ? '' : String(rows[0][0]));
const one = (sql: string) => ({ canonical: scalar, shown: scalar, sql });

/** `date|region|count` lines of a rowsByDay section, sorted. */
function dayLines(agg: ManifestAggregates, s: Service): string[] {
  const out: string[] = [];
  for (const [day, perType] of Object.entries(agg.rowsByDay))
    for (const [region, n] of Object.entries(perType[s] ?? {})) out.push(`${day}|${region}|${n}`);
  return out.sort();
}

const daySummary = (lines: readonly string[]): string => {
  const total = lines.reduce((a, l) => a + Number(l.slice(l.lastIndexOf('|') + 1)), 0);
  return `${lines.length} × ${total}`;
};

/** The checks of a manifest's aggregates, for the services it has rows of. */
export function answerChecks(agg: ManifestAggregates): AnswerCheck[] {
  const checks: AnswerCheck[] = [];
  const present = SERVICES.filter((s) => agg.rows[s] !== undefined);
  for (const s of present) {
    const t = tableOf(s);
    const rows = String(agg.rows[s]);
    checks.push({
      id: `rows.${s}`,
      kind: 'rows',
      service: s,
      expected: rows,
      expectedShown: rows,
      ...one(`SELECT CAST(count(*) AS VARCHAR) FROM ${t}`),
    });
    const revenue = agg.revenue[s] ?? '0.00';
    checks.push({
      id: `revenue.${s}`,
      kind: 'revenue',
      service: s,
      expected: revenue,
      expectedShown: revenue,
      ...one(`SELECT CAST(coalesce(sum(charging_amount), 0)::DECIMAL(18, 2) AS VARCHAR) FROM ${t}`),
    });
    const distinct = String(agg.distinctSubscribers[s] ?? 0);
    checks.push({
      id: `distinct.${s}`,
      kind: 'distinct',
      service: s,
      expected: distinct,
      expectedShown: distinct,
      ...one(`SELECT CAST(count(DISTINCT ${SERVED_MSISDN[s]}) AS VARCHAR) FROM ${t}`),
    });
    const lines = dayLines(agg, s);
    checks.push({
      id: `rowsByDay.${s}`,
      kind: 'rowsByDay',
      service: s,
      sql: `SELECT strftime(CAST("timestamp" AS DATE), '%Y-%m-%d') AS day, region, CAST(count(*) AS VARCHAR) AS n FROM ${t} GROUP BY ALL ORDER BY ALL`,
      expected: lines.join('\n'),
      expectedShown: daySummary(lines),
      canonical: (r) =>
        r
          .map((x) => `${String(x[0])}|${String(x[1])}|${String(x[2])}`)
          .sort()
          .join('\n'),
      shown: (r) => daySummary(r.map((x) => `${String(x[0])}|${String(x[1])}|${String(x[2])}`)),
    });
  }
  if (present.length) {
    const union = present.map((s) => `SELECT ${SERVED_MSISDN[s]} AS m FROM ${tableOf(s)}`).join(' UNION ALL ');
    const all = String(agg.distinctSubscribers.all);
    checks.push({
      id: 'distinct.all',
      kind: 'distinctAll',
      expected: all,
      expectedShown: all,
      ...one(`SELECT CAST(count(DISTINCT m) AS VARCHAR) FROM (${union})`),
    });
  }
  return checks;
}

/** The outcome of one check. */
export interface CheckResult {
  id: string;
  actual: string;
  actualShown: string;
  equal: boolean;
  error?: string;
}

/** Runs every check with `query` (rows as arrays of cells); a failing query gives an unequal check with its error. */
export async function runChecks(checks: readonly AnswerCheck[], query: (sql: string) => Promise<unknown[][]>): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of checks) {
    try {
      const rows = await query(c.sql);
      const actual = c.canonical(rows);
      out.push({ id: c.id, actual, actualShown: c.shown(rows), equal: actual === c.expected });
    } catch (e) {
      out.push({ id: c.id, actual: '', actualShown: '', equal: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

/** The manifest's aggregates from manifest.json text (null when absent or not JSON). */
export function aggregatesOf(manifestText: string): ManifestAggregates | null {
  try {
    const m = JSON.parse(manifestText) as { aggregates?: ManifestAggregates };
    return m.aggregates && typeof m.aggregates === 'object' && m.aggregates.rows ? m.aggregates : null;
  } catch {
    return null;
  }
}

/**
 * Fault kinds that change values the aggregates read (charges, MSISDNs, cells) after the manifest counted the
 * clean record: with them, revenue and distinct subscribers differ from the manifest by design (the ledger,
 * table `ground_truth`, lists each change). Duplicates, late arrivals, orphan legs and fraud keep every check equal.
 */
export const VALUE_FAULTS = ['missingFields', 'truncatedRows', 'malformedMsisdn', 'corruptValues'] as const;

/** The value-changing fault kinds enabled in a scenario. */
export function valueFaultsOf(scenario: { faults?: Partial<Record<string, { enabled?: boolean }>> } | null | undefined): string[] {
  return VALUE_FAULTS.filter((k) => scenario?.faults?.[k]?.enabled === true);
}
