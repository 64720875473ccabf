/** A growable byte buffer with fast ASCII number formatting (no string concatenation). */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a non-negative integer < 2^53 in decimal. */
  uint(n: number): void {
    this.ensure(17);
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    let len = 0;
    for (let x = n; x >= 1; x = Math.floor(x / 10)) len++;
    let p = this.pos + len;
    this.pos = p;
    let x = n;
    if (x < 4294967296) {
      let y = x >>> 0;
      while (y >= 10) {
        const q = (y / 10) >>> 0;
        this.buf[--p] = 48 + (y - q * 10);
        y = q;
      }
      this.buf[p - 1] = 48 + y;
      return;
    }
    while (x >= 1) {
      const q = Math.floor(x / 10);
      this.buf[--p] = 48 + (x - q * 10);
      x = q;
    }
  }

  /** Writes a signed integer. */
  int(n: number): void {
    if (n < 0) {
      this.byte(45);
      this.uint(-n);
    } else this.uint(n);
  }

  /** Writes a non-negative integer left-padded with zeros to at least `width` digits. */
  padded(n: number, width: number): void {
    let len = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) len++;
    this.ensure(width + 17);
    for (let k = len; k < width; k++) this.buf[this.pos++] = 48;
    this.uint(n);
  }

  /** Writes hundredths as a decimal with exactly two decimals (1234 -> 12.34). */
  cents(c: number): void {
    if (c < 0) {
      this.byte(45);
      c = -c;
    }
    const units = Math.floor(c / 100);
    const frac = c - units * 100;
    this.uint(units);
    this.ensure(3);
    this.buf[this.pos++] = 46;
    this.buf[this.pos++] = 48 + ((frac / 10) | 0);
    this.buf[this.pos++] = 48 + (frac % 10);
  }

  /** The bytes written so far (a copy trimmed to length). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

const enc = new TextEncoder();

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => enc.encode(s);
