/**
 * A whole Iceberg export of a run: one table per CDR type at `<warehouse>/<type>`, written into an
 * output folder that mirrors the warehouse (`voice/metadata/…`, `voice/data/…`, `sms/…`, `data/…`)
 * plus `register.sql` and `schema.sql` at its root. Used by the CLI (data files encoded on worker
 * threads, see src/cli/iceberg.ts) and by the browser (`buildIcebergTables` in a Web Worker).
 */
import type { ServiceType } from '../../core/profiles/types.ts';
import { ENGINE_VERSION } from '../../core/scenario.ts';
import type { World } from '../../core/world.ts';
import type { FileJob } from '../dataset.ts';
import { parquetReady, type ParquetCompression } from '../parquet.ts';
import { encodeIcebergJob, planIcebergJobs, type IcebergDataFile } from './data.ts';
import { bronzeTableColumns } from './schema.ts';
import { icebergSchemaSql, registerSql, type RegisterSqlOptions } from './sql.ts';
import { IcebergTableWriter, type IcebergOutputFile, type TableState } from './table.ts';

export interface IcebergRunOptions extends RegisterSqlOptions {
  /**
   * Warehouse URI (`s3://lake/bronze`, `hdfs://…`, `file:///…`, `http://…`): table location = `<warehouse>/<type>`.
   * May be omitted when every table already exists (appending keeps the recorded location).
   */
  warehouse?: string;
  /** Warehouse of the tables that do not exist yet when `warehouse` is not given (existing ones keep their location). */
  defaultWarehouse?: string;
  /** Parquet codec of the data files (default zstd). */
  compression?: ParquetCompression;
  /** Rows per data file at most (default 1,000,000). */
  maxRowsPerFile?: number;
  /** Tables that exist already (appended to: a new snapshot), by type; missing or null = create. */
  existing?: Partial<Record<ServiceType, TableState | null>>;
}

const ALL_TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** A deterministic stand-in for "now": the end of the simulated period (local midnight after the last day), in epoch ms. */
export function proposedTimestampMs(world: World): number {
  const { startEpochDay, days } = world.plan;
  return (startEpochDay + days) * 86_400_000 - world.model.profile.utcOffsetMinutes * 60_000;
}

/** Identity of a run for ids and names: the validated scenario and the selected types. */
export const runFingerprint = (world: World): string => JSON.stringify({ scenario: world.model.scenario, types: world.model.types });

/** One Iceberg export: plan → encoded data files (in plan order) → metadata and SQL files. */
export class IcebergRun {
  readonly jobs: FileJob[];
  readonly writers = new Map<ServiceType, IcebergTableWriter>();
  private readonly compression: ParquetCompression;

  constructor(
    readonly world: World,
    private readonly opts: IcebergRunOptions,
  ) {
    this.compression = opts.compression ?? 'zstd';
    this.jobs = planIcebergJobs(world, { compression: this.compression, maxRowsPerFile: opts.maxRowsPerFile });
    const explicit = opts.warehouse?.replace(/\/+$/, '');
    for (const type of world.plan.types) {
      const previous = opts.existing?.[type] ?? null;
      const warehouse = explicit ?? (previous ? undefined : opts.defaultWarehouse?.replace(/\/+$/, ''));
      if (!previous && warehouse === undefined) throw new Error(`no warehouse location for the new ${type} table`);
      this.writers.set(
        type,
        new IcebergTableWriter({
          type,
          columns: bronzeTableColumns(type, world.model.scenario.schema, world.model.profile),
          location: warehouse === undefined ? undefined : `${warehouse}/${type}`,
          previous,
          fingerprint: runFingerprint(world),
          timestampMs: proposedTimestampMs(world),
          compression: this.compression,
          engineVersion: ENGINE_VERSION,
        }),
      );
    }
  }

  /** Options for encoding a job (also what a worker task needs). */
  get dataOptions() {
    return { compression: this.compression, maxRowsPerFile: this.opts.maxRowsPerFile };
  }

  /** Encodes a job in this thread (the CLI does it on worker threads with the same function). */
  encode(job: FileJob): IcebergDataFile[] {
    return encodeIcebergJob(this.world, job, this.dataOptions);
  }

  /** Names the encoded files of a job (call in plan order): output files at `<type>/data/…`. */
  add(files: readonly IcebergDataFile[]): IcebergOutputFile[] {
    return files.map((f) => {
      const w = this.writers.get(f.type);
      if (!w) throw new Error(`no ${f.type} table in this run`);
      return { path: `${f.type}/${w.addDataFile(f)}`, bytes: f.bytes };
    });
  }

  /** The metadata files of every table (manifest, manifest list, vN.metadata.json, version-hint.text), then register.sql and schema.sql. */
  finish(): IcebergOutputFile[] {
    const out: IcebergOutputFile[] = [];
    const tables: { type: ServiceType; location: string; metadataFile: string }[] = [];
    for (const type of ALL_TYPES) {
      const w = this.writers.get(type);
      const other = this.opts.existing?.[type];
      if (w) {
        const files = w.commit();
        for (const f of files) out.push({ path: `${type}/${f.path}`, bytes: f.bytes });
        const version = files.length ? w.version : w.version - 1;
        tables.push({ type, location: w.location, metadataFile: `v${version}.metadata.json` });
      } else if (other) {
        // A table of the folder this run does not touch (e.g. --type voice): still listed in register.sql.
        tables.push({ type, location: other.metadata.location.replace(/\/+$/, ''), metadataFile: `v${other.version}.metadata.json` });
      }
    }
    const enc = new TextEncoder();
    const sc = this.world.model;
    const types = tables.map((t) => t.type);
    out.push({ path: 'register.sql', bytes: enc.encode(registerSql(tables, this.opts)) });
    out.push({ path: 'schema.sql', bytes: enc.encode(icebergSchemaSql(sc.scenario.schema, sc.profile, types, this.opts)) });
    return out;
  }
}

/**
 * Every file of an Iceberg export, one at a time (data files first, in plan order, then metadata and
 * SQL): feed them to a ZIP writer or a folder as they come. Parquet must be initialised first
 * (`ensureParquetBrowser()` in a worker, `ensureParquetNode()` in Node).
 */
export function* icebergTableFiles(world: World, opts: IcebergRunOptions): Generator<IcebergOutputFile> {
  if (!parquetReady()) throw new Error('parquet-wasm is not initialised: await ensureParquet(...) first');
  const run = new IcebergRun(world, opts);
  for (const job of run.jobs) yield* run.add(run.encode(job));
  yield* run.finish();
}

/** Builds the Iceberg tables of a run and returns every file (path relative to the output root + bytes), e.g. for a ZIP. */
export async function buildIcebergTables(world: World, opts: IcebergRunOptions): Promise<IcebergOutputFile[]> {
  return [...icebergTableFiles(world, opts)];
}
