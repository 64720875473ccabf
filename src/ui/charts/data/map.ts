/**
 * Region boundaries → SVG paths with a planar lon/lat projection (x scaled by cos of the mid latitude,
 * y flipped), fitted into a box; plus the colour scale of the choropleth. No map library, no tiles.
 */
import type { FeatureCollection } from '../../../core/geo.ts';

type Ring = number[][];

export interface MapShape {
  /** Feature id (`properties.id`), matched to `region.geoId`. */
  id: string;
  name: string;
  /** SVG path data of every ring of every polygon. */
  d: string;
  /** Label anchor: area-weighted centroid of the largest polygon, projected. */
  cx: number;
  cy: number;
  /** Projected bounding box size. */
  w: number;
  h: number;
}

export interface ProjectedMap {
  width: number;
  height: number;
  shapes: MapShape[];
}

function polygonsOf(f: FeatureCollection['features'][number]): Ring[][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/** Signed area and centroid of a ring (shoelace, in the ring's own units). */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]! as [number, number];
    const [x1, y1] = ring[i]! as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const n = Math.max(1, ring.length);
    return { area: 0, x: ring.reduce((s, p) => s + p[0]!, 0) / n, y: ring.reduce((s, p) => s + p[1]!, 0) / n };
  }
  return { area: a / 2, x: cx / (3 * a), y: cy / (3 * a) };
}

/** Projects a feature collection into a `width` wide box (height follows the aspect ratio), with padding. */
export function projectBoundaries(fc: FeatureCollection, width: number, pad = 8): ProjectedMap {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const f of fc.features) {
    for (const poly of polygonsOf(f)) {
      for (const p of poly[0] ?? []) {
        minLon = Math.min(minLon, p[0]!);
        maxLon = Math.max(maxLon, p[0]!);
        minLat = Math.min(minLat, p[1]!);
        maxLat = Math.max(maxLat, p[1]!);
      }
    }
  }
  if (!Number.isFinite(minLon)) return { width, height: width / 2, shapes: [] };
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max(1e-9, (maxLon - minLon) * k);
  const spanY = Math.max(1e-9, maxLat - minLat);
  const scale = (width - 2 * pad) / spanX;
  const height = Math.round(spanY * scale + 2 * pad);
  const px = (lon: number) => pad + (lon - minLon) * k * scale;
  const py = (lat: number) => pad + (maxLat - lat) * scale;
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const shapes = fc.features.map((f) => {
    let d = '';
    let best = { area: -1, x: 0, y: 0 };
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const poly of polygonsOf(f)) {
      for (const p of poly[0] ?? []) {
        x0 = Math.min(x0, px(p[0]!));
        x1 = Math.max(x1, px(p[0]!));
        y0 = Math.min(y0, py(p[1]!));
        y1 = Math.max(y1, py(p[1]!));
      }
      for (const ring of poly) {
        if (ring.length < 3) continue;
        d += 'M' + ring.map((p) => `${r1(px(p[0]!))},${r1(py(p[1]!))}`).join('L') + 'Z';
      }
      const outer = poly[0];
      if (outer && outer.length >= 3) {
        const c = ringCentroid(outer);
        if (Math.abs(c.area) > best.area) best = { area: Math.abs(c.area), x: c.x, y: c.y };
      }
    }
    return { id: f.properties.id, name: f.properties.name, d, cx: r1(px(best.x)), cy: r1(py(best.y)), w: r1(x1 - x0), h: r1(y1 - y0) };
  });
  return { width, height, shapes };
}

/** Sequential palette of the choropleth (light → dark orange), colour-blind safe in lightness. */
export const MAP_PALETTE = ['#fff7ed', '#fed7aa', '#fdba74', '#fb923c', '#f97316', '#ea580c', '#c2410c', '#9a3412'] as const;
/** Fill of regions the profile does not simulate. */
export const MAP_NO_DATA = '#e2e8f0';

function hex(c: string): [number, number, number] {
  const n = parseInt(c.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Colour of `value` on a linear scale from 0 to `max`, interpolated over the palette. */
export function colorFor(value: number, max: number): string {
  const t = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const pos = t * (MAP_PALETTE.length - 1);
  const i = Math.min(MAP_PALETTE.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = hex(MAP_PALETTE[i]!);
  const b = hex(MAP_PALETTE[i + 1]!);
  const c = a.map((x, k) => Math.round(x + (b[k]! - x) * f));
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Text colour readable on a fill (dark on light fills, white on dark ones). */
export function labelColorOn(fill: string): string {
  const [r, g, b] = hex(fill);
  const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return lum > 0.55 ? '#1e293b' : '#ffffff';
}

/** A region of a profile without boundaries, as a bubble: its weighted town centroid and its towns, projected. */
export interface MapBubble {
  region: string;
  cx: number;
  cy: number;
  towns: { name: string; x: number; y: number }[];
}

/**
 * Projects the towns of regions (custom profiles carry no boundaries) with the same planar projection,
 * into a `width` wide box: one bubble per region at the weighted centroid of its towns.
 */
export function projectTowns(
  regions: readonly { name: string; towns: readonly { name: string; lat: number; lon: number; weight: number }[] }[],
  width: number,
  pad = 48,
  padX = 84,
): { width: number; height: number; bubbles: MapBubble[] } {
  const all = regions.flatMap((r) => r.towns);
  if (all.length === 0) return { width, height: width / 2, bubbles: [] };
  const minLon = Math.min(...all.map((t) => t.lon));
  const maxLon = Math.max(...all.map((t) => t.lon));
  const minLat = Math.min(...all.map((t) => t.lat));
  const maxLat = Math.max(...all.map((t) => t.lat));
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max(0.5, (maxLon - minLon) * k);
  const spanY = Math.max(0.5, maxLat - minLat);
  const scale = Math.min((width - 2 * padX) / spanX, (width * 0.8 - 2 * pad) / spanY);
  // At least 0.7 × as high as wide, the points centred both ways (bubbles and labels need room around them).
  const height = Math.round(Math.max(width * 0.7, spanY * scale + 2 * pad));
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const px = (lon: number) => Math.round((offX + (lon - minLon) * k * scale) * 10) / 10;
  const py = (lat: number) => Math.round((offY + (maxLat - lat) * scale) * 10) / 10;
  const bubbles = regions.map((r) => {
    const w = r.towns.reduce((a, t) => a + t.weight, 0) || 1;
    const lat = r.towns.reduce((a, t) => a + t.lat * t.weight, 0) / w;
    const lon = r.towns.reduce((a, t) => a + t.lon * t.weight, 0) / w;
    return { region: r.name, cx: px(lon), cy: py(lat), towns: r.towns.map((t) => ({ name: t.name, x: px(t.lon), y: py(t.lat) })) };
  });
  return { width, height, bubbles };
}

/** Where a bubble's label goes: below, above, right or left of it, the first spot not covering a placed label. */
export function placeLabels(
  items: readonly { cx: number; cy: number; r: number; text: string }[],
  width: number,
  charWidth = 6.4,
): { x: number; y: number; anchor: 'middle' | 'start' | 'end' }[] {
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const H = 13;
  return items.map(({ cx, cy, r, text }) => {
    const w = text.length * charWidth;
    const spots = [
      { x: cx, y: cy + r + 13, anchor: 'middle' as const, x0: cx - w / 2 },
      { x: cx, y: cy - r - 5, anchor: 'middle' as const, x0: cx - w / 2 },
      { x: cx + r + 4, y: cy + 4, anchor: 'start' as const, x0: cx + r + 4 },
      { x: cx - r - 4, y: cy + 4, anchor: 'end' as const, x0: cx - r - 4 - w },
    ];
    const free = (sp: (typeof spots)[number]) =>
      sp.x0 >= 0 && sp.x0 + w <= width && !boxes.some((b) => sp.x0 < b.x1 && sp.x0 + w > b.x0 && sp.y - H < b.y1 && sp.y > b.y0);
    const spot = spots.find(free) ?? spots[0]!;
    boxes.push({ x0: spot.x0, x1: spot.x0 + w, y0: spot.y - H, y1: spot.y });
    return { x: spot.x, y: spot.y, anchor: spot.anchor };
  });
}
