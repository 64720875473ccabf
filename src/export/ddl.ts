/**
 * CREATE TABLE statements for the bronze CDR tables (the CSV columns + `ingestion_date`, partitioned
 * by day of `timestamp`) and the cells / subscribers dimensions, generated from the column definitions.
 */
import { cellColumns, subscriberColumns } from '../core/dimensions.ts';
import { PROFILES } from '../core/profiles/index.ts';
import type { Profile, ServiceType } from '../core/profiles/types.ts';
import { cdrColumns, tableName, type Column, type SchemaPreset, type SqlType } from '../core/tables.ts';

export type SqlDialect = 'spark' | 'trino' | 'duckdb';
export const SQL_DIALECTS: readonly SqlDialect[] = ['spark', 'trino', 'duckdb'];

export interface SchemaSqlOptions {
  /** Profile for the enum-free parts (currency, operators, APNs); default: the default profile. */
  profile?: Profile;
  /** CDR tables to include (default all three). */
  types?: readonly ServiceType[];
  /** Include the cells and subscribers dimension tables (default true). */
  dimensions?: boolean;
  /** Schema / namespace prefix, e.g. `bronze` → `bronze.voice_cdr`. */
  namespace?: string;
  /** Emit IF NOT EXISTS (default true). */
  ifNotExists?: boolean;
}

export const DIMENSION_TABLES = { cells: 'cells', subscribers: 'subscribers' } as const;

const SQL_TYPES: Record<SqlDialect, Record<SqlType, string>> = {
  spark: {
    timestamp: 'TIMESTAMP',
    string: 'STRING',
    int: 'INT',
    bigint: 'BIGINT',
    'decimal(10,2)': 'DECIMAL(10,2)',
    boolean: 'BOOLEAN',
    double: 'DOUBLE',
    date: 'DATE',
  },
  trino: {
    timestamp: 'TIMESTAMP(6) WITH TIME ZONE',
    string: 'VARCHAR',
    int: 'INTEGER',
    bigint: 'BIGINT',
    'decimal(10,2)': 'DECIMAL(10,2)',
    boolean: 'BOOLEAN',
    double: 'DOUBLE',
    date: 'DATE',
  },
  duckdb: {
    timestamp: 'TIMESTAMPTZ',
    string: 'VARCHAR',
    int: 'INTEGER',
    bigint: 'BIGINT',
    'decimal(10,2)': 'DECIMAL(10,2)',
    boolean: 'BOOLEAN',
    double: 'DOUBLE',
    date: 'DATE',
  },
};

/** Type of a column in a dialect (Spark TIMESTAMP / Trino timestamp(6) with time zone = Iceberg timestamptz). */
export const sqlType = (t: SqlType, dialect: SqlDialect): string => SQL_TYPES[dialect][t];

/** Words quoted even though they are plain identifiers (reserved in at least one dialect or in SQL:2016). */
const RESERVED = new Set([
  'timestamp',
  'date',
  'time',
  'interval',
  'user',
  'order',
  'group',
  'table',
  'select',
  'from',
  'where',
  'to',
  'end',
  'start',
  'plan',
  'position',
  'operator',
  'values',
  'default',
  'key',
]);

/** Quotes an identifier when needed: backticks in Spark, double quotes in Trino and DuckDB. */
export function quoteIdent(name: string, dialect: SqlDialect): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name)) return name;
  return dialect === 'spark' ? '`' + name.replace(/`/g, '``') + '`' : '"' + name.replace(/"/g, '""') + '"';
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A table for `createTable`. */
export interface TableDef {
  name: string;
  cols: { name: string; type: SqlType; doc: string }[];
  partitioned: boolean;
  doc: string;
}

/** One CREATE TABLE statement (with comments) in a dialect. */
export function createTable(t: TableDef, dialect: SqlDialect, namespace: string | undefined, ifNotExists: boolean): string {
  const q = (n: string) => quoteIdent(n, dialect);
  const full = namespace ? `${namespace.split('.').map(q).join('.')}.${q(t.name)}` : q(t.name);
  const head = `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${full}`;
  const comment = dialect !== 'duckdb';
  const lines = t.cols.map((c) => `  ${q(c.name)} ${sqlType(c.type, dialect)}${comment ? ` COMMENT ${sqlString(c.doc)}` : ''}`);
  let sql = `${head} (\n${lines.join(',\n')}\n)`;
  if (dialect === 'spark') {
    sql += '\nUSING iceberg';
    if (t.partitioned) sql += `\nPARTITIONED BY (days(${q('timestamp')}))`;
    sql += `\nCOMMENT ${sqlString(t.doc)}`;
    sql += "\nTBLPROPERTIES ('format-version' = '2')";
  } else if (dialect === 'trino') {
    sql += `\nCOMMENT ${sqlString(t.doc)}`;
    sql += `\nWITH (format = 'PARQUET'${t.partitioned ? ", partitioning = ARRAY['day(timestamp)']" : ''})`;
  }
  sql += ';';
  if (dialect === 'duckdb') {
    sql += `\nCOMMENT ON TABLE ${full} IS ${sqlString(t.doc)};`;
    for (const c of t.cols) sql += `\nCOMMENT ON COLUMN ${full}.${q(c.name)} IS ${sqlString(c.doc)};`;
  }
  return sql;
}

const TYPE_DOC: Record<ServiceType, string> = {
  voice: 'Voice CDRs (MOC/MTC legs), bronze',
  sms: 'SMS CDRs (MO/MT), bronze',
  data: 'Data session CDRs, bronze',
};

/** Bronze columns of a CDR table: the CDR columns, then `ingestion_date date`. */
export function bronzeColumns(cols: readonly Column[]): { name: string; type: SqlType; doc: string }[] {
  return [
    ...cols.map((c) => ({ name: c.name, type: c.type, doc: c.doc })),
    { name: 'ingestion_date', type: 'date', doc: 'Date the row was ingested (set by the loader)' },
  ];
}

/**
 * CREATE TABLE statements (Spark/Iceberg, Trino/Iceberg or DuckDB) for voice_cdr, sms_cdr, data_cdr
 * (bronze: CDR columns + ingestion_date, partitioned by day of timestamp) and the dimension tables.
 */
export function schemaSql(preset: SchemaPreset, dialect: SqlDialect, opts: SchemaSqlOptions = {}): string {
  if (!SQL_DIALECTS.includes(dialect)) throw new Error(`unknown SQL dialect ${String(dialect)} (spark, trino or duckdb)`);
  if (preset !== 'legacy' && preset !== 'extended') throw new Error(`unknown schema preset ${String(preset)} (legacy or extended)`);
  const profile = opts.profile ?? PROFILES['mali-omea']!;
  const types = opts.types ?? (['voice', 'sms', 'data'] as const);
  const ifNotExists = opts.ifNotExists ?? true;
  const defs: TableDef[] = types.map((t) => ({
    name: tableName(t),
    cols: bronzeColumns(cdrColumns(t, preset, profile)),
    partitioned: true,
    doc: TYPE_DOC[t],
  }));
  if (opts.dimensions ?? true) {
    const dim = (cols: Column[]) => cols.map((c) => ({ name: c.name, type: c.type, doc: c.doc }));
    defs.push({ name: DIMENSION_TABLES.cells, cols: dim(cellColumns(preset)), partitioned: false, doc: 'Cell towers (dimension)' });
    defs.push({
      name: DIMENSION_TABLES.subscribers,
      cols: dim(subscriberColumns(preset)),
      partitioned: false,
      doc: 'Subscribers (dimension)',
    });
  }
  const header = `-- CDR Studio ${preset} schema, ${dialect} dialect${dialect === 'duckdb' ? '' : ' (Apache Iceberg tables)'}\n`;
  return header + '\n' + defs.map((d) => createTable(d, dialect, opts.namespace, ifNotExists)).join('\n\n') + '\n';
}
