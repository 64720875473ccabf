import { describe, expect, it } from 'vitest';
import {
  CHUNK_RECORDS,
  SERVICES,
  buildPlan,
  parseScenario,
  resolveModel,
  weekdayOf,
  type Plan,
  type ScenarioInput,
} from '../../../src/core/index.ts';
import { recordsPerSubDay } from '../../../src/core/plan.ts';
import type { ServiceType } from '../../../src/core/profiles/types.ts';

const plan = (input: ScenarioInput, only?: readonly ServiceType[]): Plan => buildPlan(resolveModel(parseScenario(input), only));
const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

/** Structural checks every plan must pass. */
function checkPlan(p: Plan): void {
  const next = { voice: 1, sms: 1, data: 1 };
  for (const [i, c] of p.chunks.entries()) {
    expect(c.index).toBe(i);
    for (const s of SERVICES) {
      // Ids are contiguous from 1 per type, in chunk order.
      expect(c.idStart[s]).toBe(next[s]);
      next[s] += c.records[s];
      if (!p.types.includes(s)) expect(c.records[s]).toBe(0);
    }
    // Paired kinds add up to the chunk's records exactly.
    expect(2 * c.voice.pairs + c.voice.offNet + c.voice.international + c.voice.inbound).toBe(c.records.voice);
    expect(2 * c.sms.pairs + c.sms.offNet + c.sms.international + c.sms.inbound).toBe(c.records.sms);
    expect(c.hourStartUtc).toBe((p.startEpochDay + c.day) * 86_400 + c.hour * 3600);
  }
  for (const s of SERVICES) {
    expect(p.totals[s]).toBe(next[s] - 1);
    expect(sum(p.perDay[s])).toBe(p.totals[s]);
    expect(sum(p.perHour[s])).toBe(p.totals[s]);
    for (let d = 0; d < p.days; d++) expect(sum(p.perHour[s].slice(d * 24, d * 24 + 24))).toBe(p.perDay[s][d]);
  }
  expect(p.total).toBe(p.totals.voice + p.totals.sms + p.totals.data);
  // The parts of each hour partition [0, 3600) in order and carry the hour's records.
  const byHour = new Map<number, typeof p.chunks>();
  for (const c of p.chunks) {
    const k = c.day * 24 + c.hour;
    byHour.set(k, [...(byHour.get(k) ?? []), c]);
  }
  expect(byHour.size).toBe(p.days * 24);
  for (const [k, parts] of byHour) {
    let from = 0;
    parts.forEach((c, j) => {
      expect(c.part).toBe(j);
      expect(c.parts).toBe(parts.length);
      expect(c.fromSecond).toBe(from);
      expect(c.toSecond).toBeGreaterThan(c.fromSecond);
      from = c.toSecond;
    });
    expect(from).toBe(3600);
    for (const s of SERVICES) expect(sum(parts.map((c) => c.records[s]))).toBe(p.perHour[s][k]);
  }
}

describe('plan totals', () => {
  it('activity mode: totals are the sum of the chunks and follow subscribers × rate × weekday', () => {
    const input = { population: { subscribers: 50_000 }, period: { days: 7 } };
    const p = plan(input);
    checkPlan(p);
    const m = resolveModel(parseScenario(input));
    for (const s of SERVICES) {
      const rate = recordsPerSubDay(m.profile, s);
      p.perDay[s].forEach((n, d) => {
        const wd = weekdayOf(p.startEpochDay + d);
        const adj = s === 'voice' && wd === 4 ? (100 - 0.2 * 5.5) / 100 : 1; // Friday prayer dip 13–14 h
        expect(Math.abs(n - 50_000 * rate * m.profile.time[s].weekday[wd]! * adj)).toBeLessThanOrEqual(0.5 + 1e-6);
      });
    }
    // 2025-10-01 is a Wednesday; the weekend lowers voice and raises data.
    expect(weekdayOf(p.startEpochDay)).toBe(2);
    expect(p.perDay.voice[3]).toBeLessThan(p.perDay.voice[0]!); // Saturday
    expect(p.perDay.voice[4]).toBeLessThan(p.perDay.voice[3]!); // Sunday
    expect(p.perDay.data[4]).toBeGreaterThan(p.perDay.data[3]!);
    expect(p.perDay.data[3]).toBeGreaterThan(p.perDay.data[0]!);
    expect(p.perDay.sms[4]).toBe(p.perDay.sms[0]);
  });

  it('exact mode: recordsPerDay × days per type', () => {
    const p = plan({
      population: { subscribers: 1000 },
      period: { days: 3 },
      volume: { mode: 'exact', recordsPerDay: { voice: 10_001, sms: 4_999, data: 7 } },
    });
    checkPlan(p);
    expect(p.totals).toEqual({ voice: 30_003, sms: 14_997, data: 21 });
    expect(p.perDay.voice).toEqual([10_001, 10_001, 10_001]);
    const def = plan({ population: { subscribers: 1000 }, period: { days: 10 }, volume: { mode: 'exact' } });
    expect(def.totals).toEqual({ voice: 100_000, sms: 50_000, data: 30_000 });
  });

  it('exact mode with only some types selected keeps the others at 0', () => {
    const p = plan({ population: { subscribers: 1000 }, period: { days: 2 }, volume: { mode: 'exact' } }, ['sms']);
    checkPlan(p);
    expect(p.totals).toEqual({ voice: 0, sms: 10_000, data: 0 });
  });

  for (const [rows, only] of [
    [1, undefined],
    [999_983, undefined],
    [12_345, ['voice']],
    [7, ['sms']],
    [100_001, ['voice', 'data']],
  ] as [number, ServiceType[] | undefined][]) {
    it(`rows mode: exactly ${rows} rows across ${only?.join('+') ?? 'all types'}`, () => {
      const p = plan({ population: { subscribers: 20_000 }, period: { days: 3 }, volume: { mode: 'rows', rows } }, only);
      checkPlan(p);
      expect(p.total).toBe(rows);
      for (const s of SERVICES) if (only && !only.includes(s)) expect(p.totals[s]).toBe(0);
    });
  }

  it('rows mode: a disabled service gets no rows', () => {
    const p = plan({
      population: { subscribers: 20_000 },
      period: { days: 2 },
      volume: { mode: 'rows', rows: 50_000 },
      services: { data: { enabled: false } },
    });
    checkPlan(p);
    expect(p.total).toBe(50_000);
    expect(p.totals.data).toBe(0);
  });

  it('rows mode: the rows stay in the selected types even when their expected activity is 0 (regression)', () => {
    // Voice has no expected activity: the 100 rows used to be spread over sms and data, which are not generated.
    const p = plan(
      {
        population: { subscribers: 1000 },
        period: { days: 2 },
        volume: { mode: 'rows', rows: 100 },
        services: { voice: { mocPerSubDay: 0 } },
      },
      ['voice'],
    );
    checkPlan(p);
    expect(p.totals).toEqual({ voice: 100, sms: 0, data: 0 });
  });

  it('activity mode: MT/A2P SMS survive an MO rate of 0 (regression: no SMS at all were planned)', () => {
    const p = plan({ population: { subscribers: 10_000 }, period: { days: 1 }, services: { sms: { moPerSubDay: 0 } } });
    checkPlan(p);
    // 0.7 MT per subscriber-day, 3 % of SIMs inactive; all of them terminating-only records.
    expect(Math.abs(p.totals.sms - 10_000 * 0.97 * 0.7)).toBeLessThanOrEqual(1);
    expect(p.chunks.every((c) => c.sms.pairs === 0 && c.sms.offNet === 0 && c.sms.international === 0)).toBe(true);
    expect(
      plan({ population: { subscribers: 10_000 }, period: { days: 1 }, services: { sms: { moPerSubDay: 0, mtPerSubDay: 0 } } }).totals.sms,
    ).toBe(0);
  });

  it('a tiny (denormal) MO rate neither crashes the plan nor changes the MT volume (regression: RangeError)', () => {
    for (const moPerSubDay of [5e-324, 1e-300, 1e-12]) {
      const p = plan({ population: { subscribers: 10_000 }, period: { days: 1 }, services: { sms: { moPerSubDay } } });
      checkPlan(p);
      expect(Math.abs(p.totals.sms - 10_000 * 0.97 * 0.7)).toBeLessThanOrEqual(1);
    }
  });

  it('rows mode splits by expected activity: voice gets more rows than data', () => {
    const p = plan({ population: { subscribers: 20_000 }, period: { days: 7 }, volume: { mode: 'rows', rows: 1_000_000 } });
    expect(p.totals.voice).toBeGreaterThan(p.totals.data);
    expect(p.totals.data).toBeGreaterThan(p.totals.sms);
  });
});

describe('chunks', () => {
  it('split busy hours into parts of at most CHUNK_RECORDS records that partition the hour', () => {
    const p = plan({ population: { subscribers: 2_000_000 }, period: { days: 2 } });
    checkPlan(p);
    expect(p.chunks.some((c) => c.parts > 1)).toBe(true);
    expect(p.chunks.some((c) => c.parts === 1)).toBe(true);
    for (const c of p.chunks) expect(c.records.voice + c.records.sms + c.records.data).toBeLessThanOrEqual(CHUNK_RECORDS + 3);
  });

  it('planned hour-of-day counts follow the curve to within one record', () => {
    const input = { population: { subscribers: 30_000 }, period: { days: 2 } };
    const p = plan(input);
    const m = resolveModel(parseScenario(input));
    for (const s of SERVICES) {
      const curve = m.profile.time[s].hourly;
      const total = sum(curve);
      for (let d = 0; d < p.days; d++) {
        for (let h = 0; h < 24; h++) expect(Math.abs(p.perHour[s][d * 24 + h]! - (p.perDay[s][d]! * curve[h]!) / total)).toBeLessThan(1);
      }
    }
  });

  it('do not depend on which services are enabled or selected (regression: voice chunks moved when SMS was disabled)', () => {
    const base = { population: { subscribers: 1_500_000 }, period: { days: 1 } };
    const all = plan(base);
    const noSms = plan({ ...base, services: { sms: { enabled: false } } });
    const onlyVoice = plan(base, ['voice']);
    expect(all.chunks.some((c) => c.parts > 1)).toBe(true);
    const shape = (p: Plan) =>
      p.chunks.map(
        (c) =>
          `${c.day}/${c.hour}/${c.part}/${c.parts}/${c.fromSecond}-${c.toSecond}:${c.records.voice}:${c.idStart.voice}:${JSON.stringify(c.voice)}`,
      );
    expect(shape(noSms)).toEqual(shape(all));
    expect(shape(onlyVoice)).toEqual(shape(all));
    expect(noSms.totals.voice).toBe(all.totals.voice);
    expect(noSms.totals.sms).toBe(0);
  });

  it('start on the local midnight of the start date and cover the whole period', () => {
    const p = plan({ population: { subscribers: 1000 }, period: { start: '2024-12-30', days: 3 } });
    expect(p.chunks[0]!.hourStartUtc).toBe(Date.UTC(2024, 11, 30) / 1000);
    expect(p.chunks.at(-1)!.hourStartUtc).toBe(Date.UTC(2025, 0, 1, 23) / 1000);
    expect(p.days).toBe(3);
  });
});
