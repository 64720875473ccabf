/**
 * Region weight sliders that always add up to 100 %: weights are whole tenths of a percent (sum 1000),
 * and moving one region spreads the difference over the others in proportion to their weights.
 */

/** Total of a weight vector in tenths of a percent. */
export const WEIGHT_TOTAL = 1000;

/** Rounds non-negative reals to integers with the given total (largest remainder, ties to the lowest index). */
export function roundToTotal(values: readonly number[], total: number): number[] {
  const sum = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (values.length === 0) return [];
  if (!(sum > 0)) return evenSplit(values.length, total);
  const exact = values.map((v) => (Math.max(0, v) * total) / sum);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) out[order[k]!.i]! += 1;
  return out;
}

/** `total` split as evenly as possible over `n` slots. */
export function evenSplit(n: number, total: number): number[] {
  if (n <= 0) return [];
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

/** Profile weights (any scale) as tenths of a percent summing to 1000. */
export function normaliseWeights(weights: readonly number[]): number[] {
  return roundToTotal(weights, WEIGHT_TOTAL);
}

/**
 * Sets region `index` to `value` tenths (clamped to 0..1000) and rescales every other region in
 * proportion to its current weight so that the sum stays 1000. When the others are all 0 they share
 * the rest equally.
 */
export function setRegionWeight(weights: readonly number[], index: number, value: number): number[] {
  const n = weights.length;
  if (index < 0 || index >= n) return [...weights];
  if (n === 1) return [WEIGHT_TOTAL];
  const v = Math.round(Math.min(WEIGHT_TOTAL, Math.max(0, value)));
  const rest = WEIGHT_TOTAL - v;
  const others = weights.map((w, i) => (i === index ? 0 : Math.max(0, w)));
  const othersSum = others.reduce((a, b) => a + b, 0);
  const spread = othersSum > 0 ? others : others.map((_, i) => (i === index ? 0 : 1));
  const scaled = roundToTotal(spread, rest);
  scaled[index] = v;
  return scaled;
}

/** True when the weights equal the profile defaults (so the scenario needs no `regionWeights`). */
export function sameWeights(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Tenths of a percent → a percent value for the scenario (e.g. 275 → 27.5). */
export const tenthsToPercent = (t: number): number => Math.round(t) / 10;
