// cdrgen: the command-line face of the CDR Studio engine.
import { Command, CommanderError, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { ENGINE_VERSION, PROFILE_IDS, profileOfScenario } from '../core/index.ts';
import { UsageError, checkOutDir, intFlag, parseShard, parseTypes, scenarioFromFlags, type ScenarioFlags } from './args.ts';
import { runBatch } from './batch.ts';
import { writeMergedManifest } from './merge-manifest.ts';
import { checkIcebergFlags, mergeIcebergShards, runIcebergBatch } from './iceberg.ts';
import { icebergShardNames } from './iceberg-shards.ts';
import { addStreamCommand } from './stream-command.ts';
import { continueScenario, readState, writeState } from './continue.ts';
import { makeUploader, uploadAll, type StorageFlags } from './storage/index.ts';
import { worldFor } from './tasks.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDatasetOptions, OUTPUT_FORMATS, type OutputFormat } from '../export/dataset.ts';
import { parsePartitionBy } from '../export/layout.ts';
import { schemaSql, SQL_DIALECTS, type SqlDialect } from '../export/ddl.ts';
import type { ParquetCompression } from '../export/parquet.ts';
import type { SchemaPreset } from '../core/tables.ts';

function fail(message: string, code = 2): never {
  process.stderr.write(`cdrgen: error: ${message.replace(/\s+/g, ' ').trim()}\n`);
  process.exit(code);
}

function scenarioOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'scenario JSON file (flags override its values)')
    .addOption(new Option('--profile <id|file.json>', `country profile (${PROFILE_IDS.join(', ')}) or a custom profile JSON file`))
    .option('--seed <n>', 'seed: same scenario, same bytes (default 42)')
    .option('--start <YYYY-MM-DD>', 'first simulated day (default 2025-10-01)')
    .option('--days <n>', 'number of simulated days (default 7)')
    .option('--subscribers <n>', 'subscriber base size (default 100000)')
    .option('--records-per-day <n|voice=N,sms=N,data=N>', 'exact records per day per type (legacy --records semantics)')
    .option('--rows <n>', 'exact total CDR rows across the selected types')
    .option('--type <types>', 'voice,sms,data or all (default all)')
    .addOption(new Option('--schema <preset>', 'column preset').choices(['legacy', 'extended']));
}

const program = new Command();
program
  .name('cdrgen')
  .description('Generate realistic, deterministic synthetic telecom CDRs (voice, SMS, data).')
  .version(ENGINE_VERSION)
  // One line per error (a suggestion such as "(Did you mean --days?)" joined in), like every other usage error.
  .configureOutput({
    outputError: (str, write) => write(`cdrgen: ${str.trim().replace(/\s*\n\s*/g, ' ')} (run cdrgen --help for usage)\n`),
  })
  .exitOverride();

scenarioOptions(program.command('batch').description('write a dataset to files'))
  .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS, 'iceberg']).default('csv'))
  .option('--table-location <uri>', 'Iceberg warehouse URI, tables at <uri>/<type> (default file://<absolute --out>)')
  .addOption(new Option('--compression <codec>', 'Parquet compression').choices(['zstd', 'snappy', 'none']).default('zstd'))
  .option(
    '--partition-by <keys>',
    'Hive partition keys: any of type,date,hour,region, or "none" for the legacy flat layout (default: none for csv/ndjson, type,date for parquet/arrow)',
  )
  .option('--max-rows-per-file <n>', 'rows per part file in partitioned layouts (default 1000000)')
  .option('--workers <n>', 'worker threads (default: CPU count)')
  .option('--shard <I/N>', 'write only shard I of N (0-based); the union of all shards is the whole dataset')
  .option('--out <dir>', 'output directory (with --storage s3|sftp: local staging, default a temporary folder)')
  .option('--continue <dir>', 'continue the run whose files are in DIR: the next --days days (default 1), ids and dates following on')
  .addOption(new Option('--storage <kind>', 'deliver the files').choices(['local', 's3', 'sftp']).default('local'))
  .option('--prefix <prefix>', 'key / path prefix at the destination (e.g. bronze/cdr/)')
  .option('--bucket <name>', 'S3 bucket')
  .option('--endpoint-url <url>', 'S3 endpoint, e.g. http://127.0.0.1:9000 for MinIO (env AWS_ENDPOINT_URL)')
  .option('--region <region>', 'S3 region (env AWS_REGION, default us-east-1)')
  .option('--access-key <id>', 'S3 access key id (prefer env AWS_ACCESS_KEY_ID)')
  .option('--secret-key <secret>', 'S3 secret key (prefer env AWS_SECRET_ACCESS_KEY)')
  .option('--sftp-host <host>', 'SFTP host')
  .option('--sftp-port <port>', 'SFTP port (default 22)')
  .option('--sftp-user <user>', 'SFTP user')
  .option('--sftp-password <password>', 'SFTP password (prefer --sftp-key or env CDRGEN_SFTP_PASSWORD)')
  .option('--sftp-key <file>', 'SFTP private key file')
  .option('--sftp-path <dir>', 'SFTP remote directory (default .)')
  .addHelpText(
    'after',
    `
Examples:
  cdrgen batch --seed 42 --days 7 --subscribers 100000 --out out/
  cdrgen batch --rows 1000000 --type voice,sms --out out/
  cdrgen batch --schema extended --workers 2 --shard 0/3 --out shard0/
  cdrgen batch --format parquet --compression snappy --partition-by type,date,region --out lake/
  cdrgen batch --format iceberg --table-location s3://lakehouse/bronze --out lake/   (again later: appends a snapshot)
  cdrgen batch --days 3 --out drop/ && cdrgen batch --continue drop/ --days 4
  cdrgen batch --config scenario.json --out out/   (a "faults" / "fraud" section adds them, with the ground_truth/ ledger)
  AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… cdrgen batch --storage s3 --bucket raw --endpoint-url http://127.0.0.1:9000 --prefix cdr/`,
  )
  .action(
    async (
      o: ScenarioFlags &
        StorageFlags & {
          format: OutputFormat | 'iceberg';
          tableLocation?: string;
          compression: ParquetCompression;
          partitionBy?: string;
          maxRowsPerFile?: string;
          workers?: string;
          shard?: string;
          out?: string;
          continue?: string;
        },
    ) => {
      let scenario = scenarioFromFlags(o);
      let only = parseTypes(o.type);
      let fromDay = 0;
      let out = o.out;
      if (o.continue !== undefined) {
        const state = readState(o.continue);
        const explicit = new Set(
          (['seed', 'profile', 'subscribers', 'schema', 'start'] as const).filter((k) => o[k] !== undefined).map((k) => `--${k}`),
        );
        const more = intFlag('--days', o.days, 1, 1, 3660);
        ({ scenario, fromDay } = continueScenario(state, more, scenario, explicit));
        only = state.only;
        out ??= o.continue;
      }
      const types = only ?? ['voice', 'sms', 'data'];
      const workers = intFlag('--workers', o.workers, Math.max(1, Math.min(8, availableParallelism())), 1, 64);
      const shard = parseShard(o.shard);
      checkIcebergFlags(o);
      const dataset = defaultDatasetOptions(o.format === 'iceberg' ? 'parquet' : o.format);
      dataset.compression = o.compression;
      dataset.maxRowsPerFile = intFlag('--max-rows-per-file', o.maxRowsPerFile, dataset.maxRowsPerFile, 1000, 100_000_000);
      if (o.partitionBy !== undefined) {
        const v = o.partitionBy.trim().toLowerCase();
        try {
          dataset.partitionBy = v === 'none' || v === 'legacy' || v === '' ? null : parsePartitionBy(v);
        } catch (e) {
          throw new UsageError(`--partition-by: ${(e as Error).message}`);
        }
      }
      const uploader = makeUploader(o, process.env, (file, n, e) =>
        process.stderr.write(`cdrgen: retry ${n} uploading ${file}: ${e.message}\n`),
      );
      let staging: string | null = null;
      if (!out) {
        if (!uploader) throw new UsageError('--out is required (or --continue DIR, or --storage s3|sftp)');
        staging = out = mkdtempSync(join(tmpdir(), 'cdrgen-'));
      } else checkOutDir(o.out !== undefined ? '--out' : '--continue', out);
      const batchOpts = { scenario, only: types, dataset, workers, shard, out, progress: !!process.stderr.isTTY, fromDay };
      const s =
        o.format === 'iceberg' ? await runIcebergBatch({ ...batchOpts, tableLocation: o.tableLocation }) : await runBatch(batchOpts);
      if (shard.count === 1) await writeState(out, worldFor({ scenario, only: types }), types, scenario.period.days);
      const total = s.rows.voice + s.rows.sms + s.rows.data;
      if (process.env.CDRGEN_STATS)
        process.stderr.write(
          JSON.stringify({ cdrgen_stats: 1, rows: total, bytes: s.bytes, seconds: s.seconds, maxRssKb: process.resourceUsage().maxRSS }) +
            '\n',
        );
      process.stderr.write(
        `cdrgen: wrote ${total} CDR rows (voice ${s.rows.voice}, sms ${s.rows.sms}, data ${s.rows.data}) in ${s.files.length} files, ` +
          `${(s.bytes / 1e6).toFixed(1)} MB, ${s.seconds.toFixed(2)} s (${Math.round(total / Math.max(s.seconds, 1e-9))} rows/s) to ${staging ? 'staging' : out}\n`,
      );
      if (uploader) {
        try {
          await uploadAll(
            uploader,
            out,
            s.files.map((f) => f.path),
          );
          process.stderr.write(`cdrgen: uploaded ${s.files.length} files to ${uploader.where}\n`);
        } finally {
          await uploader.close();
          if (staging) rmSync(staging, { recursive: true, force: true });
        }
      }
    },
  );

addStreamCommand(program, scenarioOptions);

program
  .command('merge-manifest')
  .description(
    'combine the shard manifests in DIR (from --shard I/N runs) into DIR/manifest.json, or commit Iceberg shards into one snapshot per table',
  )
  .argument('<dir>', 'folder holding manifest.shard-*.json (all shards)')
  .action(async (dir: string) => {
    if (icebergShardNames(dir).length > 0) {
      const r = await mergeIcebergShards(dir);
      process.stderr.write(
        `cdrgen: committed ${r.files} files (${r.rows} CDR rows) of ${r.shards} Iceberg shards into the tables in ${dir}\n`,
      );
      return;
    }
    const r = writeMergedManifest(dir);
    process.stderr.write(`cdrgen: merged ${r.shards} shard manifests (${r.files} files) into ${join(dir, 'manifest.json')}\n`);
  });

program
  .command('schema')
  .description('print CREATE TABLE statements for the CDR and dimension tables')
  .addOption(new Option('--schema <preset>', 'column preset').choices(['legacy', 'extended']).default('legacy'))
  .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices([...SQL_DIALECTS]).default('spark'))
  .addOption(
    new Option('--profile <id|file.json>', `country profile (${PROFILE_IDS.join(', ')}) or a custom profile JSON file`).default(
      'mali-omea',
    ),
  )
  .action((o: { schema: SchemaPreset; dialect: SqlDialect; profile: string }) => {
    const profile = profileOfScenario(scenarioFromFlags({ profile: o.profile }));
    if (!profile) throw new UsageError(`--profile: unknown profile "${o.profile}" (known: ${PROFILE_IDS.join(', ')})`);
    process.stdout.write(schemaSql(o.schema, o.dialect, { profile }));
  });

try {
  if (process.argv.length <= 2) {
    program.outputHelp();
    process.exit(0);
  }
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') process.exit(0);
    process.exit(2);
  }
  if (e instanceof UsageError) fail(e.message);
  fail(e instanceof Error ? e.message : String(e), 1);
}
