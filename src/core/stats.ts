/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Probability bounds of the activity classes: finer in the heavy tail. */
export const ACTIVITY_CLASS_BOUNDS = [
  0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99,
  0.995, 0.998, 0.999, 0.9997, 1,
];

/**
 * Activity multipliers of a lognormal with mean 1: the conditional mean of each class between
 * consecutive probability bounds, so the classes together keep the mean exactly 1.
 */
export function activityClassMeans(sigma: number): { probs: number[]; means: number[] } {
  const probs: number[] = [];
  const means: number[] = [];
  for (let k = 0; k + 1 < ACTIVITY_CLASS_BOUNDS.length; k++) {
    const pa = ACTIVITY_CLASS_BOUNDS[k]!;
    const pb = ACTIVITY_CLASS_BOUNDS[k + 1]!;
    const a = normalQuantile(pa);
    const b = normalQuantile(pb);
    const p = pb - pa;
    probs.push(p);
    if (sigma === 0) means.push(1);
    else means.push((normalCdf(b - sigma) - normalCdf(a - sigma)) / p);
  }
  // Normalise away the CDF approximation error so the mean is exactly 1.
  const m = probs.reduce((s, p, i) => s + p * means[i]!, 0);
  return { probs, means: means.map((x) => x / m) };
}
