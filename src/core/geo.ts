import maliGeo from './profiles/geo/mali-regions.json';
import guineaGeo from './profiles/geo/guinea-regions.json';

type Ring = number[][];
interface Feature {
  id?: string | number;
  properties: { id: string; name: string; name_ascii: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** Region boundaries shipped with the built-in profiles (see geo/README-*.md for licences). */
export const BOUNDARIES: Readonly<Record<string, FeatureCollection>> = {
  'mali-omea': maliGeo as unknown as FeatureCollection,
  guinea: guineaGeo as unknown as FeatureCollection,
};

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lon: number, lat: number, poly: Ring[]): boolean {
  if (!poly[0] || !inRing(lon, lat, poly[0])) return false;
  for (let k = 1; k < poly.length; k++) if (inRing(lon, lat, poly[k]!)) return false;
  return true;
}

/** Whether (lat, lon) lies inside the feature (holes excluded). */
export function featureContains(f: Feature, lat: number, lon: number): boolean {
  const g = f.geometry;
  if (g.type === 'Polygon') return inPolygon(lon, lat, g.coordinates);
  return g.coordinates.some((p) => inPolygon(lon, lat, p));
}

/** The boundary feature of a region of a profile, if the profile ships boundaries. */
export function regionFeature(profileId: string, geoId: string | undefined): Feature | undefined {
  if (!geoId) return undefined;
  return BOUNDARIES[profileId]?.features.find((f) => f.properties.id === geoId);
}
