/**
 * Counter-based random streams: every (seed, chunk, stream) triple gets its own independent
 * generator, so any worker can produce any chunk and the output never depends on scheduling.
 */

/** Mixes a 32-bit integer (lowbias32 by Chris Wellons): a strong, cheap avalanche. */
export function mix32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes a list of integers (each taken modulo 2^32, plus the high word for big safe integers). */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = mix32(h ^ lo) + 0x632be5ab;
    if (hi !== 0) h = mix32(h ^ hi ^ 0x5bd1e995);
    h = mix32(h);
  }
  return h >>> 0;
}

/** Two-argument hash for hot loops (no rest array). */
export function hash2(a: number, b: number): number {
  return mix32((mix32(a ^ 0x85ebca6b) + Math.imul(b, 0x9e3779b9)) ^ 0xc2b2ae35);
}

/** Three-argument hash for hot loops. */
export function hash3(a: number, b: number, c: number): number {
  return mix32(hash2(a, b) ^ Math.imul(c ^ 0x27d4eb2f, 0x165667b1));
}

/** Uniform float in [0, 1) from a 32-bit hash. */
export function unit(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** Stable 32-bit id of a stream name, so adding a stream never reshuffles the others. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** sfc32: a small, fast, statistically strong 32-bit generator (PractRand-clean to 2^40+). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed32: number) {
    // SplitMix-style expansion of one 32-bit seed into four state words.
    let s = seed32 >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Standard normal deviate (Box–Muller, caching the second value). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.float();
    if (u < 1e-300) u = 1e-300;
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * v;
    this.spare = r * Math.sin(th);
    this.hasSpare = true;
    return r * Math.cos(th);
  }

  /** Lognormal deviate exp(mu + sigma * N(0,1)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }
}

/** The generator for one concern of one chunk: independent of every other (chunk, stream). */
export function chunkRng(seed: number, chunk: number, stream: string): Rng {
  return new Rng(hashInts(seed, chunk, streamId(stream)));
}
