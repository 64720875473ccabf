import { describe, expect, it } from 'vitest';
import { paceError, SimClock } from '../../../src/stream/clock.ts';

describe('SimClock', () => {
  it('maps event time to wall time at a speed factor', () => {
    const c = new SimClock({ mode: 'speed', speed: 3600 });
    c.start(1000, 50_000);
    expect(c.dueAt(0, 50_000)).toBe(1000);
    expect(c.dueAt(5, 50_000 + 3600)).toBe(2000); // one simulated hour = one second
    expect(c.simTime(1500)).toBe(50_000 + 1800);
  });

  it('paces by rate: N events take N / rate seconds whatever their times', () => {
    const c = new SimClock({ mode: 'rate', rate: 2000 });
    c.start(0, 0);
    expect(c.dueAt(0, 123)).toBe(0.5);
    expect(c.dueAt(19_999, 9e9)).toBe(10_000);
    expect(c.dueCount(10_000)).toBe(20_000);
    expect(c.simTime(5)).toBeNull();
  });

  it('at max speed every event is due at once', () => {
    const c = new SimClock({ mode: 'speed', speed: Infinity });
    c.start(0, 0);
    expect(c.dueAt(10, 1e9)).toBe(-Infinity);
  });

  it('pause freezes and resume continues without counting the pause', () => {
    const c = new SimClock({ mode: 'speed', speed: 60 });
    c.start(0, 0);
    c.pause(1000);
    expect(c.paused).toBe(true);
    expect(c.dueAt(0, 0)).toBe(Infinity);
    expect(c.simTime(5000)).toBe(60);
    c.resume(5000);
    expect(c.dueAt(0, 120)).toBe(6000); // 2 s of sim-to-wall + the 4 s pause
    const r = new SimClock({ mode: 'rate', rate: 10 });
    r.start(0, 0);
    r.pause(500);
    r.resume(1500);
    expect(r.dueAt(9, 0)).toBe(2000);
  });

  it('rebase changes the pace from the current position', () => {
    const c = new SimClock({ mode: 'speed', speed: 10 });
    c.start(0, 100);
    c.rebase(1000, 42, 110, { mode: 'rate', rate: 100 });
    expect(c.dueAt(42, 0)).toBe(1010);
    c.rebase(2000, 142, 500, { mode: 'speed', speed: 100 });
    expect(c.dueAt(142, 600)).toBe(3000);
  });

  it('validates paces', () => {
    expect(paceError({ mode: 'speed', speed: 1 })).toBeNull();
    expect(paceError({ mode: 'speed', speed: Infinity })).toBeNull();
    expect(paceError({ mode: 'speed', speed: 0.5 })).toMatch(/speed/);
    expect(paceError({ mode: 'speed', speed: 7200 })).toMatch(/speed/);
    expect(paceError({ mode: 'rate', rate: 0 })).toMatch(/rate/);
    expect(paceError({ mode: 'rate', rate: NaN })).toMatch(/rate/);
  });
});
