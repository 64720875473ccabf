#!/usr/bin/env node
// The one gate behind `npm test`: build the CLI, typecheck, lint, unit tests, then the e2e tests in Chromium.
// Stops at the first failing step with a non-zero exit code.
//
//   npm test                          everything
//   npm test -- --skip-e2e            everything except the browser tests
//   npm test -- --only=unit           one step (unit | e2e | lint | typecheck); comma-separate for several
//
// Chromium for e2e (same rules as playwright.config.ts): CHROMIUM_PATH=/path uses that binary, CHROMIUM_PATH= (empty)
// uses Playwright's own download, otherwise /usr/bin/chromium or /usr/bin/chromium-browser. As root with apt-get
// (fresh Debian, CI) Debian's chromium is installed automatically; otherwise we print what to run.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const STEPS = ['typecheck', 'lint', 'unit', 'e2e'];
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const isWindows = process.platform === 'win32';
const NPX = isWindows ? 'npx.cmd' : 'npx';

function usage(code) {
  console.log('usage: node scripts/test-all.mjs [--skip-e2e] [--only=unit|e2e|lint|typecheck[,...]]');
  process.exit(code);
}

function parseArgs(argv) {
  let only = null;
  let skipE2e = false;
  for (const arg of argv) {
    if (arg === '--skip-e2e') skipE2e = true;
    else if (arg.startsWith('--only=')) {
      only = arg.slice('--only='.length).split(',').filter(Boolean);
      const bad = only.filter((s) => !STEPS.includes(s));
      if (bad.length > 0 || only.length === 0) {
        console.error(`test-all: unknown step in ${arg} (expected ${STEPS.join(', ')})`);
        usage(2);
      }
    } else if (arg === '--help' || arg === '-h') usage(0);
    else {
      console.error(`test-all: unknown argument ${arg}`);
      usage(2);
    }
  }
  const wanted = new Set(only ?? STEPS);
  if (skipE2e) wanted.delete('e2e');
  return wanted;
}

/** Run a command with inherited stdio; resolves to its exit code (signals count as failure). */
function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    // Node >= 20.12 refuses to spawn .cmd files without a shell on Windows (CVE-2024-27980).
    const child = spawn(cmd, args, { stdio: 'inherit', shell: isWindows && cmd.endsWith('.cmd'), env });
    // Ctrl-C already reaches the child through the terminal: stay alive to report its exit; pass SIGTERM on.
    const ignore = () => {};
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`test-all: could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
}

/** Path of Playwright's own Chromium download, whether or not it is installed (null if unknown). */
async function playwrightChromium() {
  try {
    const { chromium } = await import('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/** A failed step with one line telling the user what to do; printed last so it is the line they see. */
class Hint {
  constructor(message) {
    this.message = message;
  }
}

/** Make sure a Chromium for Playwright exists; returns 0 when ready, an exit code or a Hint otherwise. */
async function ensureChromium() {
  const envPath = process.env.CHROMIUM_PATH;
  if (envPath !== undefined && envPath !== '') {
    if (existsSync(envPath)) {
      console.log(`Chromium: ${envPath} (CHROMIUM_PATH)`);
      return 0;
    }
    return new Hint(`CHROMIUM_PATH=${envPath} does not exist: point it at a Chromium binary (or unset it), then run \`npm test\`.`);
  }
  if (envPath === undefined) {
    const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (system) {
      console.log(`Chromium: ${system}`);
      return 0;
    }
  }
  const own = await playwrightChromium();
  if (envPath === '') {
    if (own && !existsSync(own)) {
      return new Hint(
        "CHROMIUM_PATH is empty (use Playwright's own Chromium) but it is not installed: run `npx playwright install chromium`, then `npm test`.",
      );
    }
    console.log(`Chromium: Playwright's own download${own ? ` (${own})` : ''} (CHROMIUM_PATH is empty)`);
    return 0;
  }
  if (own && existsSync(own)) {
    console.log(`Chromium: Playwright's own download (${own})`);
    return 0;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isWindows && isRoot && onPath('apt-get')) {
    console.log("Chromium not found: installing Debian's chromium (apt-get update && apt-get install -y chromium)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let code = await run('apt-get', ['update'], env);
    if (code === 0) code = await run('apt-get', ['install', '-y', 'chromium'], env);
    if (code !== 0) return code;
    const installed = SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (installed) {
      console.log(`Chromium: ${installed}`);
      return 0;
    }
    return new Hint(
      'apt-get installed chromium but neither /usr/bin/chromium nor /usr/bin/chromium-browser exists: set CHROMIUM_PATH, then run `npm test`.',
    );
  }
  const fix =
    !isWindows && onPath('apt-get')
      ? '`sudo apt-get install -y chromium` (or `npx playwright install chromium`)'
      : '`npx playwright install chromium`';
  return new Hint(`No Chromium found for the e2e tests: run ${fix}, then \`npm test\`.`);
}

/** OpenSSH's sshd for the SFTP delivery tests: installed with apt as root when missing, else those tests are skipped. */
async function ensureSshd() {
  if (['/usr/sbin/sshd', '/usr/bin/sshd'].some((p) => existsSync(p))) return 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isWindows && isRoot && onPath('apt-get')) {
    console.log("sshd not found: installing Debian's openssh-server for the SFTP tests (apt-get install -y openssh-server)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let code = await run('apt-get', ['install', '-y', 'openssh-server'], env);
    if (code !== 0) {
      code = await run('apt-get', ['update'], env);
      if (code === 0) code = await run('apt-get', ['install', '-y', 'openssh-server'], env);
    }
    return code;
  }
  console.log('note: no sshd found; the SFTP delivery tests will be skipped (install openssh-server to run them).');
  return 0;
}

const wanted = parseArgs(process.argv.slice(2));

/** [name, title, action]; the CLI build runs with the unit tests, which exercise dist-cli. */
const plan = [
  ['unit', 'build CLI (node scripts/build-cli.mjs)', () => run(process.execPath, ['scripts/build-cli.mjs'])],
  ['typecheck', 'typecheck (tsc -p tsconfig.json)', () => run(NPX, ['tsc', '-p', 'tsconfig.json'])],
  ['lint', 'lint (eslint .)', () => run(NPX, ['eslint', '.'])],
  ['unit', 'test servers check (sshd for the SFTP tests)', ensureSshd],
  ['unit', 'unit tests (vitest run)', () => run(NPX, ['vitest', 'run', '--exclude', '**/*.timing.test.ts'])],
  ['unit', 'wall-clock timing tests, alone (vitest run *.timing.test.ts)', () => run(NPX, ['vitest', 'run', '--maxWorkers=1', 'timing.test.ts'])],
  ['e2e', 'browser check (Chromium for Playwright)', ensureChromium],
  ['e2e', 'e2e tests (playwright test)', () => run(NPX, ['playwright', 'test'])],
].filter(([name]) => wanted.has(name));

const results = [];
const t0 = performance.now();
for (const [, title, action] of plan) {
  console.log(`\n=== ${title} ${'='.repeat(Math.max(3, 100 - title.length))}`);
  const start = performance.now();
  const outcome = await action();
  const code = outcome instanceof Hint ? 1 : outcome;
  const secs = ((performance.now() - start) / 1000).toFixed(1);
  results.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${title} (${secs}s)`);
  if (code !== 0) {
    console.error(`\n${results.join('\n')}\n\nnpm test: FAILED at "${title}" (exit ${code})`);
    if (outcome instanceof Hint) console.error(outcome.message);
    process.exit(code || 1);
  }
}
const total = ((performance.now() - t0) / 1000).toFixed(1);
console.log(
  `\n${results.join('\n')}\n\nnpm test: ${results.length === 1 ? 'the step' : `all ${results.length} steps`} passed in ${total}s`,
);
