/**
 * The ground truth of a dataset in its closing files: counts per kind for manifest.json (known from the
 * plan, before and independently of the encoding), the README section and the CREATE TABLE statements
 * of `ground_truth` and `fraud_actors`.
 */
import type { ServiceType } from '../core/profiles/types.ts';
import { FAULT_INFO, FRAUD_INFO, FAULT_KINDS, type FaultsOptions, type FraudOptions } from '../core/truth/options.ts';
import {
  ACTORS_TABLE,
  LEDGER_DIR,
  LEDGER_KINDS,
  LEDGER_TABLE,
  actorColumns,
  ledgerColumns,
  type LedgerKind,
} from '../core/truth/ledger.ts';
import { PATTERN_NAMES } from '../core/fraud/actors.ts';
import type { Column } from '../core/tables.ts';
import type { World } from '../core/world.ts';
import { createTable, type SqlDialect } from './ddl.ts';

type Counts = Partial<Record<ServiceType, number>> & { total: number };

/** The `groundTruth` section of manifest.json. */
export interface GroundTruthSummary {
  /** Folder and tables of the ledger. */
  ledger: { folder: string; table: string; actorsTable: string };
  /** Rows of the CDR tables: simulated, fraud added, duplicate copies added, legs dropped, final. */
  rows: { base: Counts; fraud: Counts; duplicatesAdded: Counts; legsDropped: Counts; total: Counts };
  /** Ledger rows per kind (= damaged / fraudulent records of that kind). */
  byKind: Partial<Record<LedgerKind, Counts>>;
  /** Fraud actors per pattern (rows of fraud_actors). */
  actors: Partial<Record<(typeof PATTERN_NAMES)[number], number>>;
  /** Kinds and patterns enabled in the scenario. */
  enabled: { faults: string[]; fraud: string[] };
  notes: string[];
}

function counts(types: readonly ServiceType[], get: (t: ServiceType) => number): Counts {
  const c: Counts = { total: 0 };
  for (const t of types) {
    const n = get(t);
    c[t] = n;
    c.total += n;
  }
  return c;
}

/** Ledger rows of each fraud kind per service, from the plan. */
function fraudKindCounts(world: World): Partial<Record<LedgerKind, Partial<Record<ServiceType, number>>>> {
  const out: Partial<Record<LedgerKind, Partial<Record<ServiceType, number>>>> = {};
  const f = world.fraud;
  if (!f) return out;
  const add = (k: LedgerKind, t: ServiceType, n: number) => {
    if (n === 0) return;
    const o = (out[k] ??= {});
    o[t] = (o[t] ?? 0) + n;
  };
  const kindOf = ['fraud_simbox', 'fraud_wangiri', 'fraud_irsf', 'fraud_high_velocity'] as const;
  const sims = f.schedule.sims;
  for (const a of sims)
    add(
      kindOf[PATTERN_NAMES.indexOf(a.pattern === 'simBox' ? 'simbox' : a.pattern === 'irsf' ? 'irsf' : 'high_velocity')]!,
      a.type,
      f.actors[a.slot]!.records,
    );
  if (world.plan.types.includes('voice')) {
    for (const c of f.schedule.campaigns) {
      add('fraud_wangiri', 'voice', c.targets);
      add('fraud_wangiri_callback', 'voice', c.cbTime.length);
    }
  }
  return out;
}

/** The manifest's ground-truth summary of a world (whole dataset, all shards). */
export function groundTruthSummary(world: World): GroundTruthSummary {
  const t = world.plan.truth!;
  const types = world.plan.types;
  const byKind: GroundTruthSummary['byKind'] = {};
  FAULT_KINDS.forEach((_, k) => {
    const c = counts(types, (s) => t.faultCounts[s][k] ?? 0);
    if (c.total > 0) byKind[LEDGER_KINDS[k]!] = c;
  });
  const orphans = counts(types, (s) => t.orphans[s]);
  if (orphans.total > 0) byKind.orphan_leg = orphans;
  const fk = fraudKindCounts(world);
  for (const k of LEDGER_KINDS) {
    const per = fk[k];
    if (per) byKind[k] = counts(types, (s) => per[s] ?? 0);
  }
  const actors: GroundTruthSummary['actors'] = {};
  for (const a of world.fraud?.actors ?? []) actors[PATTERN_NAMES[a.pattern]!] = (actors[PATTERN_NAMES[a.pattern]!] ?? 0) + 1;
  const sc = world.model.scenario;
  const faults = sc.faults;
  const fraud = sc.fraud;
  const notes = [
    'Fraud records and duplicate copies come on top of the volume of the scenario (activity, exact records per day or --rows); dropped legs are removed from it: total = base - legsDropped + fraud + duplicatesAdded.',
    'A duplicate copy keeps the id of its original: distinct ids stay contiguous from 1 per type.',
    'Counts are for the whole dataset (every shard).',
  ];
  if (fraud && (fraud.wangiri.enabled || fraud.irsf.enabled))
    notes.push('Wangiri and IRSF add foreign numbers (not the profile country code), also in the legacy preset.');
  if (faults?.truncatedRows.enabled) notes.push('Truncated rows have fewer CSV fields: strict (FAILFAST) positional loaders reject them.');
  return {
    ledger: { folder: LEDGER_DIR, table: LEDGER_TABLE, actorsTable: ACTORS_TABLE },
    rows: {
      base: counts(types, (s) => t.base[s]),
      fraud: counts(types, (s) => t.fraudRecords[s]),
      duplicatesAdded: counts(types, (s) => t.duplicates[s]),
      legsDropped: orphans,
      total: counts(types, (s) => world.plan.totals[s]),
    },
    byKind,
    actors,
    enabled: {
      faults: faults ? [...FAULT_KINDS, 'orphanLegs' as const].filter((k) => faults[k].enabled) : [],
      fraud: fraud ? (['simBox', 'wangiri', 'irsf', 'highVelocity'] as const).filter((k) => fraud[k].enabled) : [],
    },
    notes,
  };
}

const md = (s: string) => s.replace(/\|/g, '\\|');
const columnTable = (cols: readonly Column[]) =>
  [
    '| # | column | type | description |',
    '|---|---|---|---|',
    ...cols.map((c, i) => `| ${i + 1} | \`${c.name}\` | ${c.type}${c.nullable ? ' (nullable)' : ''} | ${md(c.doc)} |`),
  ].join('\n');

/** README.md section describing the ground truth of a dataset. */
export function groundTruthReadme(world: World): string {
  const s = groundTruthSummary(world);
  const faults: FaultsOptions | undefined = world.model.scenario.faults;
  const fraud: FraudOptions | undefined = world.model.scenario.fraud;
  const out: string[] = ['', '## Ground truth: faults and fraud', ''];
  out.push(
    `The folder \`${LEDGER_DIR}/\` holds the answer key: \`${LEDGER_TABLE}\` (one row per damaged or fraudulent record, ` +
      `partitioned like \`${LEDGER_DIR}/type=voice/date=2025-10-01/part-00000.<ext>\`) and \`${ACTORS_TABLE}\` (the fraudulent SIMs and numbers). ` +
      'Every ledger row points at an existing record by (`record_type`, `record_id`); a near duplicate is told from its original by `record_timestamp`.',
    '',
  );
  const on = [
    ...FAULT_INFO.filter((k) => faults?.[k.key as keyof FaultsOptions]?.enabled),
    ...FRAUD_INFO.filter((k) => fraud?.[k.key as keyof FraudOptions]?.enabled),
  ];
  if (on.length) {
    out.push('Enabled:', '');
    for (const k of on)
      out.push(`- **${k.label}** — ${k.description}${k.breaksStrictLoaders ? ' *Breaks strict (FAILFAST) loaders.*' : ''}`);
    out.push('');
  }
  out.push('| kind | records |', '|---|---|', ...Object.entries(s.byKind).map(([k, c]) => `| ${k} | ${c.total} |`), '');
  out.push(...s.notes.map((n) => `- ${n}`), '');
  out.push(
    '- Missing fields are empty CSV fields, JSON `null`s and Parquet/Arrow nulls (the typed CDR fields are then declared nullable).',
    '- NDJSON `ingest_ts` carries lateness, out-of-order delays and re-deliveries; in Parquet/Arrow/CSV a late record sits at its event time, an out-of-order one up to a few minutes later in the file.',
    '',
  );
  out.push(`### ${LEDGER_TABLE}`, '', columnTable(ledgerColumns()), '', `### ${ACTORS_TABLE}`, '', columnTable(actorColumns()), '');
  return out.join('\n');
}

/** CREATE TABLE statements of the ledger tables in a dialect (appended to schema.sql). */
export function groundTruthSql(dialect: SqlDialect): string {
  const def = (name: string, cols: Column[], doc: string) => ({
    name,
    cols: cols.map((c) => ({ name: c.name, type: c.type, doc: c.doc })),
    partitioned: false,
    doc,
  });
  return (
    '\n' +
    createTable(def(LEDGER_TABLE, ledgerColumns(), 'Ground truth: damaged and fraudulent records'), dialect, undefined, true) +
    '\n\n' +
    createTable(def(ACTORS_TABLE, actorColumns(), 'Ground truth: fraudulent SIMs and numbers'), dialect, undefined, true) +
    '\n'
  );
}
