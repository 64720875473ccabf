/**
 * Apache Iceberg (format v2) tables of CDRs, for Node and Web Workers. Entry points:
 * - `buildIcebergTables(world, { warehouse })` / `icebergTableFiles(...)`: every file of an export;
 * - `IcebergRun`: the same, step by step (plan, encode jobs anywhere, name, commit);
 * - `loadIcebergTable(read)`: the state of an existing table folder, to append a snapshot to it.
 */
export { buildIcebergTables, icebergTableFiles, IcebergRun, proposedTimestampMs, runFingerprint, type IcebergRunOptions } from './build.ts';
export { encodeIcebergJob, planIcebergJobs, DEFAULT_MAX_ROWS_PER_FILE, type IcebergDataFile, type IcebergDataOptions } from './data.ts';
export {
  IcebergTableWriter,
  loadIcebergTable,
  relativeToTable,
  hashUuid,
  type IcebergOutputFile,
  type ManifestFileRecord,
  type ReadTableFile,
  type TableMetadata,
  type TableState,
} from './table.ts';
export { bronzeTableColumns, icebergSchema, INGESTION_DATE, ICEBERG_TYPES, PARTITION_FIELD_ID, PARTITION_FIELD_NAME } from './schema.ts';
export { registerSql, icebergSchemaSql, DEFAULT_CATALOG, DEFAULT_NAMESPACE } from './sql.ts';
export { readAvroContainer, writeAvroContainer } from './avro.ts';
export { readParquetFooter } from './parquet-footer.ts';
export { decodeBound, type DataFileMetrics } from './metrics.ts';
