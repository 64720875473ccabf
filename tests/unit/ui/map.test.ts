import { describe, expect, it } from 'vitest';
import { BOUNDARIES } from '../../../src/core/geo.ts';
import { PROFILES } from '../../../src/core/index.ts';
import { colorFor, labelColorOn, MAP_PALETTE, projectBoundaries } from '../../../src/ui/charts/data/map.ts';

describe('region map projection', () => {
  it('projects every Mali feature into the box, north up, with Koulikoro as a 9th feature outside the profile', () => {
    const map = projectBoundaries(BOUNDARIES['mali-omea']!, 400, 10);
    expect(map.shapes).toHaveLength(9);
    const ids = new Set(PROFILES['mali-omea']!.regions.map((r) => r.geoId));
    expect(map.shapes.filter((s) => !ids.has(s.id)).map((s) => s.id)).toEqual(['koulikoro']);
    for (const s of map.shapes) {
      expect(s.d.startsWith('M')).toBe(true);
      const nums = s.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      for (let i = 0; i < nums.length; i += 2) {
        expect(nums[i]!).toBeGreaterThanOrEqual(9.9);
        expect(nums[i]!).toBeLessThanOrEqual(390.1);
        expect(nums[i + 1]!).toBeGreaterThanOrEqual(9.9);
        expect(nums[i + 1]!).toBeLessThanOrEqual(map.height - 9.9);
      }
    }
    const kidal = map.shapes.find((s) => s.id === 'kidal')!;
    const sikasso = map.shapes.find((s) => s.id === 'sikasso')!;
    expect(kidal.cy).toBeLessThan(sikasso.cy); // Kidal is north of Sikasso
    expect(kidal.cx).toBeGreaterThan(sikasso.cx); // and east of it
  });

  it('matches every Guinea region of the profile to a feature', () => {
    const map = projectBoundaries(BOUNDARIES.guinea!, 300);
    const ids = new Set(map.shapes.map((s) => s.id));
    for (const r of PROFILES.guinea!.regions) expect(ids.has(r.geoId!)).toBe(true);
  });

  it('colours from the lightest to the darkest palette entry, with readable labels', () => {
    expect(colorFor(0, 10)).toBe(MAP_PALETTE[0]);
    expect(colorFor(10, 10)).toBe(MAP_PALETTE.at(-1));
    expect(colorFor(5, 0)).toBe(MAP_PALETTE[0]);
    expect(labelColorOn(MAP_PALETTE[0])).toBe('#1e293b');
    expect(labelColorOn(MAP_PALETTE.at(-1)!)).toBe('#ffffff');
  });
});
