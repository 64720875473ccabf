// cdrgen: the command-line face of the CDR Studio engine.
import { Command, CommanderError, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { ENGINE_VERSION, PROFILE_IDS, PROFILES } from '../core/index.ts';
import { UsageError, intFlag, parseShard, parseTypes, scenarioFromFlags, type ScenarioFlags } from './args.ts';
import { runBatch } from './batch.ts';
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
    .addOption(new Option('--profile <id>', `country profile (${PROFILE_IDS.join(', ')})`))
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
  .showHelpAfterError('(run cdrgen --help for usage)')
  .configureOutput({ outputError: (str, write) => write(str.split('\n')[0] + '\n') })
  .exitOverride();

scenarioOptions(program.command('batch').description('write a dataset to files'))
  .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('csv'))
  .addOption(new Option('--compression <codec>', 'Parquet compression').choices(['zstd', 'snappy', 'none']).default('zstd'))
  .option(
    '--partition-by <keys>',
    'Hive partition keys: any of type,date,hour,region, or "none" for the legacy flat layout (default: none for csv/ndjson, type,date for parquet/arrow)',
  )
  .option('--max-rows-per-file <n>', 'rows per part file in partitioned layouts (default 1000000)')
  .option('--workers <n>', 'worker threads (default: CPU count)')
  .option('--shard <I/N>', 'write only shard I of N (0-based); the union of all shards is the whole dataset')
  .requiredOption('--out <dir>', 'output directory')
  .addHelpText(
    'after',
    `
Examples:
  cdrgen batch --seed 42 --days 7 --subscribers 100000 --out out/
  cdrgen batch --rows 1000000 --type voice,sms --out out/
  cdrgen batch --schema extended --workers 2 --shard 0/3 --out shard0/
  cdrgen batch --format parquet --compression snappy --partition-by type,date,region --out lake/`,
  )
  .action(
    async (
      o: ScenarioFlags & {
        format: OutputFormat;
        compression: ParquetCompression;
        partitionBy?: string;
        maxRowsPerFile?: string;
        workers?: string;
        shard?: string;
        out: string;
      },
    ) => {
      const scenario = scenarioFromFlags(o);
      const only = parseTypes(o.type);
      const workers = intFlag('--workers', o.workers, Math.max(1, Math.min(8, availableParallelism())), 1, 64);
      const shard = parseShard(o.shard);
      const dataset = defaultDatasetOptions(o.format);
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
      const s = await runBatch({ scenario, only, dataset, workers, shard, out: o.out, progress: !!process.stderr.isTTY });
      const total = s.rows.voice + s.rows.sms + s.rows.data;
      process.stderr.write(
        `cdrgen: wrote ${total} CDR rows (voice ${s.rows.voice}, sms ${s.rows.sms}, data ${s.rows.data}) in ${s.files.length} files, ` +
          `${(s.bytes / 1e6).toFixed(1)} MB, ${s.seconds.toFixed(2)} s (${Math.round(total / Math.max(s.seconds, 1e-9))} rows/s) to ${o.out}\n`,
      );
    },
  );

program
  .command('schema')
  .description('print CREATE TABLE statements for the CDR and dimension tables')
  .addOption(new Option('--schema <preset>', 'column preset').choices(['legacy', 'extended']).default('legacy'))
  .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices([...SQL_DIALECTS]).default('spark'))
  .addOption(new Option('--profile <id>', `country profile (${PROFILE_IDS.join(', ')})`).default('mali-omea'))
  .action((o: { schema: SchemaPreset; dialect: SqlDialect; profile: string }) => {
    const profile = PROFILES[o.profile];
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
