// Bundles the CLI (and its worker and the benchmarks) from TypeScript into dist-cli/ with esbuild.
// Runs on `npm ci` (prepare), before tests and benches, and from bin/cdrgen.js when sources changed.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds dist-cli/{cdrgen,worker,bench}.mjs. */
export async function buildCli() {
  await build({
    absWorkingDir: root,
    entryPoints: {
      cdrgen: 'src/cli/main.ts',
      worker: 'src/cli/worker.ts',
      bench: 'bench/run.ts',
    },
    outdir: 'dist-cli',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
