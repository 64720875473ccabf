/**
 * register.sql (ready-to-paste Spark and Trino `register_table` calls for the tables as written) and
 * schema.sql (the CREATE TABLE fallback for catalogs without register_table).
 */
import type { Profile, ServiceType } from '../../core/profiles/types.ts';
import { tableName, type SchemaPreset } from '../../core/tables.ts';
import { quoteIdent, schemaSql } from '../ddl.ts';

export interface RegisteredTable {
  type: ServiceType;
  /** Table location URI. */
  location: string;
  /** Current metadata file name (`v2.metadata.json`). */
  metadataFile: string;
}

export interface RegisterSqlOptions {
  /** Catalog name in the statements (default `iceberg`). */
  catalog?: string;
  /** Namespace / schema of the tables (default `bronze`). */
  namespace?: string;
}

export const DEFAULT_CATALOG = 'iceberg';
export const DEFAULT_NAMESPACE = 'bronze';

const str = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Spark and Trino statements registering each table at its current metadata file. */
export function registerSql(tables: readonly RegisteredTable[], opts: RegisterSqlOptions = {}): string {
  const catalog = opts.catalog ?? DEFAULT_CATALOG;
  const ns = opts.namespace ?? DEFAULT_NAMESPACE;
  const spark = (n: string) => quoteIdent(n, 'spark');
  const trino = (n: string) => quoteIdent(n, 'trino');
  const lines = [
    '-- CDR Studio: register the Iceberg tables of this folder with a catalog.',
    '-- 1. Copy this folder to the warehouse location, so that every table location below holds its',
    '--    metadata/ and data/ folders (the paths inside the metadata are absolute and already point there).',
    `-- 2. Run the statements of your engine. \`${catalog}\` (catalog) and \`${ns}\` (namespace) are placeholders: replace`,
    '--    them with yours; the namespace must exist.',
    '-- After an append (a new metadata version), a table registered before must be re-registered',
    '-- (Trino: CALL <catalog>.system.unregister_table(...) first; Spark: DROP TABLE without PURGE first)',
    '-- unless the catalog reads version-hint.text itself (Hadoop catalog), which sees the new snapshot at once.',
    '',
    `-- Spark (Iceberg SQL extensions): CREATE NAMESPACE IF NOT EXISTS ${spark(catalog)}.${spark(ns)};`,
    ...tables.map(
      (t) =>
        `CALL ${spark(catalog)}.system.register_table(table => ${str(`${ns}.${tableName(t.type)}`)}, metadata_file => ${str(`${t.location}/metadata/${t.metadataFile}`)});`,
    ),
    '',
    `-- Trino (iceberg.register-table-procedure.enabled=true): CREATE SCHEMA IF NOT EXISTS ${trino(catalog)}.${trino(ns)};`,
    ...tables.map(
      (t) =>
        `CALL ${trino(catalog)}.system.register_table(schema_name => ${str(ns)}, table_name => ${str(tableName(t.type))}, ` +
        `table_location => ${str(t.location)}, metadata_file_name => ${str(t.metadataFile)});`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** schema.sql for Iceberg output: the bronze CREATE TABLE statements (Spark and Trino), with how to load the files. */
export function icebergSchemaSql(
  preset: SchemaPreset,
  profile: Profile,
  types: readonly ServiceType[],
  opts: RegisterSqlOptions = {},
): string {
  const ns = opts.namespace ?? DEFAULT_NAMESPACE;
  const head = [
    '-- CDR Studio: CREATE TABLE fallback for the Iceberg tables of this folder, for catalogs without',
    '-- register_table (see register.sql). The tables have the same columns, types, field ids (column order)',
    '-- and partitioning (days(timestamp)) as the written ones. After creating a table, add the Parquet files of',
    "-- its data/ folder, e.g. in Spark: CALL <catalog>.system.add_files(table => 'bronze.voice_cdr',",
    "--   source_table => '`parquet`.`<table location>/data`');",
    '',
  ].join('\n');
  const spark = schemaSql(preset, 'spark', { profile, types, dimensions: false, namespace: ns });
  const trino = schemaSql(preset, 'trino', { profile, types, dimensions: false, namespace: ns });
  return `${head}\n-- ===== spark =====\n${spark}\n-- ===== trino =====\n${trino}`;
}
