/**
 * The typed protocol between the page and the generator workers (the one interface both sides import).
 *
 * Flow: the page asks one worker to `describe` the dataset (its units of work, the cells, sample rows); then
 * every worker pulls unit indexes from a shared queue and `encodeUnit`s them with the dataset plan shared
 * with the CLI (src/export/dataset.ts): the worker generates the chunks of the unit, encodes whole files,
 * accumulates small statistics of the records for the result charts (and the manifest's aggregates), and
 * sends the bytes back transferred (zero copy). Files are placed by unit, so the output does not depend on
 * the number of workers or on which one finished first.
 */
import type { ServiceType } from '../core/index.ts';
import type { FileFormat, OutputOptions } from '../state/scenario-form.ts';
import type { AggregateState, ManifestFile } from '../export/manifest.ts';
import type { DataFileMetrics } from '../export/iceberg/metrics.ts';
import type { CellInfo, RunStats } from '../ui/charts/data/result-stats.ts';
import type { ExploreGroup, ExplorePiece } from '../analytics/tables.ts';

/** What every call carries: the validated scenario (JSON text, also the world cache key) and the output options. */
export interface RunRequest {
  scenarioJson: string;
  output: OutputOptions;
}

/**
 * One unit of work: unit 0 writes the reference files (cells, subscribers), unit k ≥ 1 writes CDR file
 * job k − 1 of the shared dataset plan (`planDataset`), which may give several files (region partitions).
 */
export interface DatasetUnit {
  unit: number;
  /** Path of the unit's file (a `{region}` placeholder when partitioned by region); '' for the reference unit. */
  path: string;
  table: string;
  type?: ServiceType;
  /** Rows the unit will write (exact for CDR units; cells + subscribers for the reference unit). */
  rows: number;
}

/** The first rows of a table, as the CSV writer renders them (header + values). */
export interface SampleTable {
  table: string;
  columns: string[];
  rows: string[][];
}

/** What the page needs before encoding starts. */
export interface DatasetInfo {
  units: DatasetUnit[];
  regions: { name: string; geoId?: string }[];
  cells: CellInfo;
  /** Technology names, indexed by `cells.tech`. */
  techs: string[];
  currency: string;
  samples: SampleTable[];
  /** Time spent building the world (0 when cached), ms. */
  worldMs: number;
}

/**
 * One encoded file, with the manifest's view of it. The bytes travel as a Blob made in the worker: posting
 * a Blob passes a reference, so the page's main thread never copies or scans file bytes.
 */
export interface EncodedFile {
  path: string;
  table: string;
  format: string;
  rows: number;
  blob: Blob;
  size: number;
  sha256: string;
  /** Iceberg output: what the table metadata lists of this data file (its final name comes from `iceberg`). */
  iceberg?: IcebergFileInfo;
}

/** An encoded Iceberg data file as the table metadata needs it (no bytes: they stay in the file's Blob). */
export interface IcebergFileInfo {
  type: ServiceType;
  /** Partition value: UTC day of every `timestamp` in the file. */
  epochDay: number;
  rows: number;
  metrics: DataFileMetrics;
}

/** The files of one unit, the statistics of its CDR records, and its manifest aggregates. */
export interface EncodedUnit {
  unit: number;
  files: EncodedFile[];
  /** CDR rows written (0 for the reference unit). */
  rows: number;
  stats: RunStats | null;
  aggregates: AggregateState | null;
}

/** A whole file for a download (single-table files, schema.sql, README.md, manifest.json). */
export interface TableFile {
  name: string;
  rows: number;
  blob: Blob;
}

/**
 * The Iceberg tables of a run whose units encoded the data files: the final path of each data file (in
 * the order given), then every other file (`voice/metadata/…`, register.sql, schema.sql).
 */
export interface IcebergTables {
  dataPaths: string[];
  files: TableFile[];
  registerSql: string;
}

/** A file of the ZIP, held by the page as a Blob (cheap to pass to a worker: no bytes are copied). */
export interface ZipInput {
  name: string;
  blob: Blob;
}

/** Progress callback: rows done so far in the current call. */
export type ProgressSink = (rows: number) => void;

/** What a generator worker exposes. */
export interface GeneratorApi {
  /** Loads what the worker needs on first use (the Parquet wasm), so a later run works offline. */
  warm(): Promise<void>;
  /** Builds (or reuses) the world and lists the dataset's files, with cells and sample rows. */
  describe(request: RunRequest): Promise<DatasetInfo>;
  /** Generates and encodes unit `unit` of the dataset (see DatasetUnit). */
  encodeUnit(request: RunRequest, unit: number, onProgress: ProgressSink): Promise<EncodedUnit>;
  /** One CDR table as a single file in a format (the dataset's options otherwise). */
  encodeTable(request: RunRequest, type: ServiceType, format: FileFormat): Promise<TableFile>;
  /**
   * Commits the Iceberg tables of a run from its encoded data files (`iceberg` infos of the units' files,
   * in unit order): their final names, the metadata files, register.sql (paths relative to the warehouse root).
   */
  iceberg(request: RunRequest, dataFiles: IcebergFileInfo[]): Promise<IcebergTables>;
  /** schema.sql, README.md and manifest.json of the dataset (`files` in dataset order, merged aggregates). */
  extras(request: RunRequest, files: ManifestFile[], aggregates: AggregateState | null): Promise<TableFile[]>;
  /** A store-only ZIP of the inputs, in order, with fixed timestamps (reproducible bytes). */
  zip(entries: ZipInput[]): Promise<Blob>;
  /** The same ZIP as `zip`, streamed into a file on disk (File System Access handle); resolves to its size. */
  zipToFile(entries: ZipInput[], target: FileSystemFileHandle): Promise<number>;
  /** Explore: one group of tables of the run as Arrow IPC streams for DuckDB (bytes transferred, not copied). */
  exploreTables(request: RunRequest, group: ExploreGroup): Promise<ExplorePiece[]>;
}
