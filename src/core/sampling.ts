import type { Rng } from './rng.ts';

/** Walker/Vose alias table: O(1) weighted choice with one random number. */
export class AliasTable {
  readonly n: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasTable needs at least one weight');
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] ?? 0;
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`AliasTable weight ${i} is not a finite non-negative number`);
      sum += w;
    }
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    if (sum <= 0) {
      // All zero: uniform choice keeps sampling defined.
      this.prob.fill(1);
      for (let i = 0; i < n; i++) this.alias[i] = i;
      return;
    }
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] ?? 0) * n) / sum;
      if (scaled[i]! < 1) small.push(i);
      else large.push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) small.push(l);
      else large.push(l);
    }
    for (const l of large) {
      this.prob[l] = 1;
      this.alias[l] = l;
    }
    for (const s of small) {
      this.prob[s] = 1;
      this.alias[s] = s;
    }
  }

  /** Draws an index with probability proportional to its weight. */
  sample(rng: Rng): number {
    return this.pick(rng.float());
  }

  /** Draws an index from a uniform number u in [0, 1). */
  pick(u: number): number {
    const x = u * this.n;
    const i = x | 0;
    return x - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

/**
 * Splits an integer total over weights so that the parts are integers summing exactly to the
 * total, each within 1 of its exact share (Hamilton's largest-remainder method, ties by index).
 */
export function apportion(total: number, weights: ArrayLike<number>): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] ?? 0;
  if (!(sum > 0)) {
    // No weight at all: spread evenly.
    const base = Math.floor(total / n);
    for (let i = 0; i < n; i++) out[i] = base + (i < total - base * n ? 1 : 0);
    return out;
  }
  const rem: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (weights[i] ?? 0)) / sum;
    const f = Math.floor(exact);
    out[i] = f;
    given += f;
    rem.push({ i, r: exact - f });
  }
  rem.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; given < total; k++, given++) out[rem[k % n]!.i]! += 1;
  return out;
}

/** Zipf weights 1/(rank+1)^s for k ranks. */
export function zipfWeights(k: number, s: number): number[] {
  const w: number[] = [];
  for (let j = 0; j < k; j++) w.push(1 / Math.pow(j + 1, s));
  return w;
}

/** Clamps x into [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
