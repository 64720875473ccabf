import type { ForeignDestination, Operator } from './profiles/types.ts';

/** Size of an operator's number space (all its prefixes). */
export function operatorSpace(op: Operator, nationalLength: number): number {
  let n = 0;
  for (const p of op.prefixes) n += 10 ** (nationalLength - p.length);
  return n;
}

/** A compiled operator numbering block list: index -> full MSISDN (country code included) as a number. */
export class NumberBlock {
  private readonly starts: number[] = [];
  private readonly bases: number[] = [];
  readonly size: number;

  constructor(op: Operator, countryCode: string, nationalLength: number) {
    const cc = Number(countryCode) * 10 ** nationalLength;
    let at = 0;
    for (const p of op.prefixes) {
      const restLen = nationalLength - p.length;
      this.starts.push(at);
      this.bases.push(cc + Number(p) * 10 ** restLen);
      at += 10 ** restLen;
    }
    this.size = at;
  }

  /** MSISDN of the index-th number of the block (0 ≤ index < size). */
  msisdn(index: number): number {
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k]! > index) k--;
    return this.bases[k]! + (index - this.starts[k]!);
  }
}

/** A foreign MSISDN for a destination from a uniform number u in [0,1). */
export function foreignMsisdn(dest: ForeignDestination, u: number): number {
  const L = dest.nationalLength;
  const lo = 10 ** (L - 1);
  return Number(dest.countryCode) * 10 ** L + lo + Math.floor(u * 9 * lo);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** An affine bijection i -> (a*i + b) mod n with a coprime to n and a*i exact in doubles. */
export class AffinePermutation {
  private readonly a: number;
  private readonly b: number;
  constructor(
    readonly n: number,
    h1: number,
    h2: number,
  ) {
    let a = (h1 % Math.max(1, Math.min(n, 1 << 20))) | 1;
    while (n > 1 && gcd(a, n) !== 1) a += 2;
    this.a = n > 1 ? a % n || 1 : 1;
    this.b = n > 0 ? h2 % n : 0;
  }
  /** Image of i in [0, n). */
  at(i: number): number {
    return (this.a * i + this.b) % this.n;
  }
}

/** Luhn check digit of a number's decimal digits. */
export function luhnDigit(body: number): number {
  let sum = 0;
  let double = true;
  let x = body;
  while (x > 0) {
    let d = x % 10;
    x = Math.floor(x / 10);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}
