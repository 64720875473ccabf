import { describe, expect, it } from 'vitest';
import { BOUNDARIES } from '../../../src/core/geo.ts';
import { PROFILES } from '../../../src/core/index.ts';
import { colorFor, labelColorOn, MAP_PALETTE, placeLabels, projectBoundaries, projectTowns } from '../../../src/ui/charts/data/map.ts';

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

describe('bubble map of a profile without boundaries', () => {
  it('projects towns inside the box and places labels without overlap or clipping', () => {
    const regions = [
      { name: 'Dakar', towns: [{ name: 'a', lat: 14.7, lon: -17.4, weight: 1 }] },
      { name: 'Thiès', towns: [{ name: 'b', lat: 14.8, lon: -16.9, weight: 1 }] },
      { name: 'Tambacounda', towns: [{ name: 'c', lat: 13.8, lon: -13.7, weight: 1 }] },
    ];
    const m = projectTowns(regions, 460);
    for (const b of m.bubbles) {
      expect(b.cx).toBeGreaterThan(0);
      expect(b.cx).toBeLessThan(460);
      expect(b.cy).toBeGreaterThan(0);
      expect(b.cy).toBeLessThan(m.height);
    }
    const items = m.bubbles.map((b) => ({ cx: b.cx, cy: b.cy, r: 30, text: `${b.region} 33.3 %` }));
    const labels = placeLabels(items, 460);
    const boxes = labels.map((l, i) => {
      const w = items[i]!.text.length * 6.4;
      const x0 = l.anchor === 'middle' ? l.x - w / 2 : l.anchor === 'start' ? l.x : l.x - w;
      return { x0, x1: x0 + w, y0: l.y - 13, y1: l.y };
    });
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(0);
      expect(b.x1).toBeLessThanOrEqual(460);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0, `labels ${i} and ${j} overlap`).toBe(false);
      }
  });
});
