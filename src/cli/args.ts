import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildPlan } from '../core/plan.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { ScenarioError, parseScenario, resolveModel, type Scenario } from '../core/scenario.ts';

/** A bad command line: printed as one line naming the flag, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Scenario flags shared by `batch` and `stream`. */
export interface ScenarioFlags {
  config?: string;
  profile?: string;
  seed?: string;
  start?: string;
  days?: string;
  subscribers?: string;
  recordsPerDay?: string;
  rows?: string;
  type?: string;
  schema?: string;
}

const FLAG_OF_PATH: [RegExp, string][] = [
  [/^seed/, '--seed'],
  [/^profile/, '--profile'],
  [/^period\.start/, '--start'],
  [/^period\.days/, '--days'],
  [/^population\.subscribers/, '--subscribers'],
  [/^volume\.recordsPerDay/, '--records-per-day'],
  [/^volume\.rows/, '--rows'],
  [/^schema/, '--schema'],
  [/^services$/, '--type'],
];

function number(flag: string, v: string): number {
  const t = v.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new UsageError(`${flag}: expected a number, got "${v}"`);
  return Number(t);
}

const TYPES: readonly ServiceType[] = ['voice', 'sms', 'data'];

/** Parses --type voice,sms,data|all. */
export function parseTypes(v: string | undefined): ServiceType[] | undefined {
  if (v === undefined) return undefined;
  const parts = v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError('--type: expected voice, sms, data or all');
  if (parts.includes('all')) return [...TYPES];
  for (const p of parts)
    if (!TYPES.includes(p as ServiceType)) throw new UsageError(`--type: unknown type "${p}" (expected voice, sms, data or all)`);
  return TYPES.filter((t) => parts.includes(t));
}

function readConfig(path: string, flag = '--config', what = 'a scenario'): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UsageError(`${flag} ${path}: expected a JSON object (${what})`);
  return json as Record<string, unknown>;
}

/** `--profile`: a built-in id, or a custom profile JSON file (a path ending in .json). */
export function profileFlag(v: string): string | Record<string, unknown> {
  return /\.json$/i.test(v.trim()) ? readConfig(v.trim(), '--profile', 'a custom profile') : v;
}

/** The one-line usage error of a scenario problem, naming the flag (or --config and the field) it comes from. */
function flagError(e: ScenarioError, f: ScenarioFlags): UsageError {
  const first = e.issues[0] ?? { path: '', message: 'invalid scenario' };
  const flag = FLAG_OF_PATH.find(([re]) => re.test(first.path))?.[1];
  const field = first.path || 'scenario';
  // A field inside a custom profile file is named with the file: `--profile senegal.json: profile.regions[0].code`.
  const inProfileFile = flag === '--profile' && f.profile !== undefined && /\.json$/i.test(f.profile.trim()) && first.path !== 'profile';
  const from = inProfileFile
    ? `--profile ${f.profile!.trim()}: ${field}`
    : flag && !f.config
      ? flag
      : flag
        ? `${flag} / ${field}`
        : f.config
          ? `--config ${f.config}: ${field}`
          : field;
  const more = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more problem${e.issues.length > 2 ? 's' : ''})` : '';
  return new UsageError(`${from}: ${first.message}${more}`);
}

/**
 * Builds and validates the scenario from --config and the flags (flags win): the schema, the profile
 * (regions, numbering space, selected services) and the plan's size, so that every scenario problem is
 * a usage error naming its flag before any file is touched.
 */
export function scenarioFromFlags(f: ScenarioFlags): Scenario {
  // The parsed JSON is ours alone: no clone (structuredClone of a deeply nested document overflows the stack).
  const s: Record<string, unknown> = f.config ? readConfig(f.config) : {};
  const obj = (k: string): Record<string, unknown> => {
    const v = s[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    // A flag fills in a section; it does not paper over a config section of the wrong type.
    if (v !== undefined) throw new UsageError(`--config ${f.config}: ${k}: expected an object`);
    const o: Record<string, unknown> = {};
    s[k] = o;
    return o;
  };
  if (f.seed !== undefined) s.seed = number('--seed', f.seed);
  if (f.profile !== undefined) s.profile = profileFlag(f.profile);
  if (f.start !== undefined) obj('period').start = f.start;
  if (f.days !== undefined) obj('period').days = number('--days', f.days);
  if (f.subscribers !== undefined) obj('population').subscribers = number('--subscribers', f.subscribers);
  if (f.schema !== undefined) s.schema = f.schema;
  if (f.rows !== undefined && f.recordsPerDay !== undefined) throw new UsageError('--rows and --records-per-day cannot be used together');
  if (f.rows !== undefined) s.volume = { mode: 'rows', rows: number('--rows', f.rows) };
  if (f.recordsPerDay !== undefined) {
    const v = f.recordsPerDay.trim();
    const per: Record<string, number> = {};
    if (/^[\d.eE+-]+$/.test(v)) {
      const n = number('--records-per-day', v);
      for (const t of TYPES) per[t] = n;
    } else {
      for (const part of v.split(',')) {
        const kv = part.split('=').map((z) => z.trim());
        const [k, x] = kv;
        if (kv.length !== 2 || !k || x === undefined || !TYPES.includes(k as ServiceType) || k in per)
          throw new UsageError(`--records-per-day: expected N or voice=N,sms=N,data=N (each type once), got "${f.recordsPerDay}"`);
        per[k] = number('--records-per-day', x);
      }
    }
    s.volume = { mode: 'exact', recordsPerDay: per };
  }
  const only = parseTypes(f.type);
  try {
    const scenario = parseScenario(s);
    buildPlan(resolveModel(scenario, only));
    return scenario;
  } catch (e) {
    if (e instanceof ScenarioError) throw flagError(e, f);
    throw e;
  }
}

/** Checks an output folder flag: the folder may exist, or be created under its nearest existing parent folder. */
export function checkOutDir(flag: string, dir: string): void {
  let p = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch {
      const up = dirname(p);
      if (up === p) return;
      p = up;
      continue;
    }
    if (!st.isDirectory())
      throw new UsageError(`${flag} ${dir}: ${p === resolve(dir) ? 'exists and is not a folder' : `${p} is not a folder`}`);
    return;
  }
}

/** Parses --shard I/N. */
export function parseShard(v: string | undefined): { index: number; count: number } {
  if (v === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw new UsageError(`--shard: expected I/N (e.g. 0/3), got "${v}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 100_000) throw new UsageError(`--shard: N must be between 1 and 100000, got ${count}`);
  if (index >= count) throw new UsageError(`--shard: I must be < N (0-based), got ${index}/${count}`);
  return { index, count };
}

/** Parses a positive integer flag within bounds. */
export function intFlag(flag: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = number(flag, v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag}: expected an integer between ${min} and ${max}, got "${v}"`);
  return n;
}
