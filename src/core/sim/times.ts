import type { Rng } from '../rng.ts';

/**
 * Draws n uniform seconds in [from, to) and returns them with the order that sorts them
 * (a stable counting sort: arrivals are Poisson, i.e. uniform given the count).
 */
export function drawSortedSeconds(rng: Rng, n: number, from: number, to: number): { seconds: Int32Array; order: Int32Array } {
  const len = Math.max(1, to - from);
  const seconds = new Int32Array(n);
  const counts = new Int32Array(len + 1);
  for (let i = 0; i < n; i++) {
    const s = (rng.float() * len) | 0;
    seconds[i] = from + s;
    counts[s + 1]! += 1;
  }
  for (let k = 0; k < len; k++) counts[k + 1]! += counts[k]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[counts[seconds[i]! - from]!++] = i;
  return { seconds, order };
}
