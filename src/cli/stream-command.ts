// `cdrgen stream`: flags → options for runStream (src/cli/stream.ts). Kept apart from main.ts so the
// batch command stays untouched.
import { Option, type Command } from 'commander';
import { STREAM_FORMATS, type StreamFormat } from '../stream/encode.ts';
import { parseRoll, type RollSpec } from '../stream/sinks/dir-node.ts';
import { parseSinkSpec, type SinkSpec } from '../stream/sinks/spec.ts';
import { intFlag, parseTypes, scenarioFromFlags, UsageError, type ScenarioFlags } from './args.ts';
import { parseFrom, parsePace, runStream, summaryLine } from './stream.ts';

/** Adds `cdrgen stream` to the program; `scenarioOptions` adds the scenario flags shared with batch. */
export function addStreamCommand(program: Command, scenarioOptions: (cmd: Command) => Command): void {
  scenarioOptions(
    program
      .command('stream')
      .description('replay the scenario in event-time order, paced, to stdout, files, HTTP, Kafka REST or WebSocket'),
  )
    .option('--speed <x|max>', 'simulated seconds per wall second: 1 (real time, default) … 3600, or max (as fast as possible)')
    .option('--rate <events/s>', 'pace by a target rate (events per second) instead of by simulated time')
    .option('--duration <s>', 'stop after S seconds of wall time')
    .option('--count <n>', 'stop after N events')
    .option(
      '--from <time>',
      'start at YYYY-MM-DDTHH:MM[:SS] or HH:MM (local time of the profile) or now (time of day now, first day); default: the scenario start',
    )
    .addOption(new Option('--format <format>', 'record format').choices([...STREAM_FORMATS]).default('ndjson'))
    .option('--sink <sink>', 'stdout | dir:PATH | http(s)://URL | kafka:http(s)://PROXY | ws(s)://URL (default stdout)', 'stdout')
    .option('--roll <seconds|day>', 'dir: sinks: close files every N seconds of wall time (default 60) or per simulated day')
    .option('--batch-size <n>', 'network sinks: records per request/message (default 5000)')
    .option('--linger-ms <ms>', 'network sinks: longest wait before a partial batch is sent (default 200)')
    .option(
      '--buffer <n>',
      'network sinks: records buffered while the endpoint is slow or down (default 100000); when full the OLDEST are dropped and counted',
    )
    .option('--sink-timeout <s>', 'network sinks: seconds to wait at the end for buffered records to be delivered (default 10)')
    .addHelpText(
      'after',
      `
Records are exactly the ones \`cdrgen batch\` writes for the same scenario, in event-time order
(ties: voice, sms, data), in the legacy Kafka NDJSON shape: one object per line with the CSV columns,
\`filename\` (the legacy CSV file of the record, which also tells its type) and a deterministic \`ingest_ts\`.

Pacing: --speed X maps simulated time to wall time (3600 = one simulated hour per second); --rate N holds
N events per second whatever the event times. A producer that falls more than 1 s behind continues at the
pace from where it is (the summary says how often).

Sinks:
  stdout                   one record per line. --format csv needs exactly one --type (header first).
  dir:PATH                 rolling legacy-named files, one per type per interval (--roll): <type>_cdr_<YYYYMMDD>_<NN>.csv
                           (.ndjson for NDJSON); YYYYMMDD = simulated day of the records, NN = sequence per type
                           (= day number with --roll day, like batch). Written as .<name>.partial, renamed when complete.
  http(s)://URL            POST batches of NDJSON lines (Content-Type: application/x-ndjson).
  kafka:http(s)://PROXY    Kafka REST Proxy v2: POST PROXY/topics/<type>-bronze-cdr, one request per topic per batch,
                           body {"records":[{"value":{...}}]}, Content-Type: application/vnd.kafka.json.v2+json.
                           (kafka-rest+http(s)://PROXY is accepted too.)
  ws(s)://URL              one text message per batch holding NDJSON lines.
Network sinks batch by size (--batch-size) and time (--linger-ms), retry 408/425/429/5xx and network errors with
exponential backoff and jitter (timing only; the data stays deterministic), and keep at most --buffer records:
when full, the oldest buffered records are dropped and counted. Other 4xx answers drop the batch (counted).
Progress goes to stderr when it is a terminal; a one-line summary always ends on stderr. Exit code: 0, 2 on bad
flags, 3 when a network sink dropped records, 1 on other errors.

Examples:
  cdrgen stream --seed 7 --speed 3600 --count 100000
  cdrgen stream --rate 2000 --duration 10 --sink http://127.0.0.1:8080/ingest
  cdrgen stream --rate 5000 --sink kafka:http://kafka-rest:8082
  cdrgen stream --speed 60 --format csv --sink dir:/srv/nifi/in --roll 60
  cdrgen stream --speed max --type voice --format csv --count 1000 > voice.csv`,
    )
    .action(
      async (
        o: ScenarioFlags & {
          speed?: string;
          rate?: string;
          duration?: string;
          count?: string;
          from?: string;
          format: StreamFormat;
          sink: string;
          roll?: string;
          batchSize?: string;
          lingerMs?: string;
          buffer?: string;
          sinkTimeout?: string;
        },
      ) => {
        const scenario = scenarioFromFlags(o);
        const only = parseTypes(o.type);
        const pace = parsePace(o.speed, o.rate);
        if (o.duration !== undefined && o.count !== undefined) throw new UsageError('--duration and --count cannot be used together');
        let durationMs: number | undefined;
        if (o.duration !== undefined) {
          const d = Number(o.duration.trim());
          if (!/^\d+(\.\d+)?$/.test(o.duration.trim()) || !(d > 0) || d > 10 * 365 * 86_400)
            throw new UsageError(`--duration: expected a number of seconds > 0, got "${o.duration}"`);
          durationMs = d * 1000;
        }
        const count = o.count !== undefined ? intFlag('--count', o.count, 0, 1, Number.MAX_SAFE_INTEGER) : undefined;
        let sink: SinkSpec;
        try {
          sink = parseSinkSpec(o.sink);
        } catch (e) {
          throw new UsageError(`--sink: ${(e as Error).message}`);
        }
        let roll: RollSpec = { kind: 'seconds', seconds: 60 };
        if (o.roll !== undefined) {
          if (sink.kind !== 'dir') throw new UsageError('--roll only applies to dir: sinks');
          try {
            roll = parseRoll(o.roll);
          } catch (e) {
            throw new UsageError(`--roll: ${(e as Error).message}`);
          }
        }
        const network = sink.kind !== 'stdout' && sink.kind !== 'dir';
        for (const [flag, v] of [
          ['--batch-size', o.batchSize],
          ['--linger-ms', o.lingerMs],
          ['--buffer', o.buffer],
          ['--sink-timeout', o.sinkTimeout],
        ] as const)
          if (v !== undefined && !network) throw new UsageError(`${flag} only applies to network sinks (http, kafka, ws)`);
        const batchRecords = intFlag('--batch-size', o.batchSize, 5000, 1, 1_000_000);
        const maxBufferRecords = intFlag('--buffer', o.buffer, 100_000, 1, 100_000_000);
        const batching = {
          batchRecords,
          lingerMs: intFlag('--linger-ms', o.lingerMs, 200, 0, 600_000),
          maxBufferRecords: Math.max(maxBufferRecords, 1),
        };
        const closeTimeoutMs = intFlag('--sink-timeout', o.sinkTimeout, 10, 0, 86_400) * 1000;
        const from = o.from !== undefined ? parseFrom(o.from) : undefined;
        const s = await runStream({
          scenario,
          only,
          pace,
          from,
          count,
          durationMs,
          format: o.format,
          sink,
          roll,
          batching,
          closeTimeoutMs,
          progress: !!process.stderr.isTTY,
        });
        const target = sink.kind === 'stdout' ? 'stdout' : sink.kind === 'dir' ? `dir:${sink.path}` : sink.url;
        process.stderr.write(summaryLine(s, target) + '\n');
        // Records were lost (sink down longer than the buffer could hold, or rejected): say so in the exit code.
        if (s.sink && s.sink.dropped > 0) process.exitCode = 3;
        if (process.env.CDRGEN_STATS)
          process.stderr.write(
            JSON.stringify({
              cdrgen_stats: {
                events: s.events,
                bytes: s.bytes,
                seconds: s.seconds,
                maxRssKb: process.resourceUsage().maxRSS,
                sink: s.sink,
              },
            }) + '\n',
          );
      },
    );
}
