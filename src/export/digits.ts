/** Fast decimal digits of big identifiers (MSISDN, IMSI, IMEI: up to 15 digits) into a ByteWriter. */
import type { ByteWriter } from './bytes.ts';

/**
 * Writes a non-negative integer < 2^53 in decimal. Same text as ByteWriter.uint, but numbers ≥ 2^32 are
 * split in two 32-bit halves (high part and 8 low digits) instead of dividing a double digit by digit.
 */
export function writeDigits(o: ByteWriter, x: number): void {
  if (x < 4294967296) {
    o.uint(x);
    return;
  }
  const hi = Math.floor(x / 100_000_000);
  let lo = (x - hi * 100_000_000) >>> 0;
  o.uint(hi);
  o.ensure(8);
  const buf = o.buf;
  const end = o.pos + 8;
  for (let p = end - 1; p >= o.pos; p--) {
    const q = (lo / 10) >>> 0;
    buf[p] = 48 + (lo - q * 10);
    lo = q;
  }
  o.pos = end;
}
