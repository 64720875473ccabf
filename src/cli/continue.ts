import { existsSync, readFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isoDate } from '../core/calendar.ts';
import type { ServiceType } from '../core/profiles/types.ts';
import { parseScenario, type Scenario } from '../core/scenario.ts';
import type { World } from '../core/world.ts';
import { UsageError } from './args.ts';

export const STATE_FILE = '.cdrgen-state.json';
/** The original generator's state file name and shape ({type: {last_date, last_id}}), kept for familiarity. */
export const LEGACY_STATE_FILE = 'state_generation.txt';

interface RunState {
  version: 1;
  scenario: Scenario;
  only: ServiceType[];
  daysDone: number;
}

/** Reads the state a previous run left in DIR. */
export function readState(dir: string): RunState {
  const p = join(dir, STATE_FILE);
  if (!existsSync(p)) throw new UsageError(`--continue ${dir}: no ${STATE_FILE} there (was it written by cdrgen batch?)`);
  let s: RunState;
  try {
    s = JSON.parse(readFileSync(p, 'utf8')) as RunState;
  } catch (e) {
    throw new UsageError(`--continue ${dir}: ${STATE_FILE} is not valid JSON (${(e as Error).message})`);
  }
  if (s?.version !== 1 || !s.scenario || !Number.isInteger(s.daysDone))
    throw new UsageError(`--continue ${dir}: ${STATE_FILE} is not a cdrgen state file`);
  return { ...s, scenario: parseScenario(s.scenario) };
}

/**
 * The scenario of a continued run: the previous scenario extended by `moreDays`, generating only
 * the new days, so that N days then --continue M days equals one run of N+M days, byte for byte.
 */
export function continueScenario(
  state: RunState,
  moreDays: number,
  given: Scenario | null,
  explicit: Set<string>,
): { scenario: Scenario; fromDay: number } {
  const prev = state.scenario;
  if (prev.volume.mode === 'rows')
    throw new UsageError(
      '--continue: a --rows run cannot be continued (its per-day counts depend on the total); use --records-per-day or activity volumes',
    );
  if (given) {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const checks: [string, unknown, unknown][] = [
      ['--seed', given.seed, prev.seed],
      ['--profile', given.profile, prev.profile],
      ['--subscribers', given.population.subscribers, prev.population.subscribers],
      ['--schema', given.schema, prev.schema],
      ['--start', given.period.start, prev.period.start],
    ];
    for (const [flag, a, b] of checks)
      if (explicit.has(flag) && !same(a, b)) throw new UsageError(`--continue: ${flag} differs from the previous run (${String(b)})`);
  }
  const scenario = parseScenario({ ...prev, period: { ...prev.period, days: state.daysDone + moreDays } });
  return { scenario, fromDay: state.daysDone };
}

/** Writes the state after a successful run (atomically), plus the legacy state_generation.txt. */
export async function writeState(dir: string, world: World, only: ServiceType[], daysDone: number): Promise<void> {
  const state: RunState = { version: 1, scenario: world.model.scenario, only, daysDone };
  const tmp = join(dir, `${STATE_FILE}.partial`);
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, join(dir, STATE_FILE));
  const legacy: Record<string, { last_date: string; last_id: string }> = {};
  const prefix = { voice: 'CALL_', sms: 'SMS_', data: 'DATA_' } as const;
  for (const t of world.plan.types) {
    let last = 0;
    for (let d = 0; d < daysDone; d++) last += world.plan.perDay[t][d] ?? 0;
    legacy[t] = { last_date: isoDate(world.plan.startEpochDay + daysDone - 1), last_id: `${prefix[t]}${String(last).padStart(6, '0')}` };
  }
  await writeFile(join(dir, LEGACY_STATE_FILE), JSON.stringify(legacy, null, 2) + '\n');
}
