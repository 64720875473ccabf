import { isoDate } from '../core/calendar.ts';

let hms: Uint8Array | null = null;

/** 86,400 × "HH:MM:SS" as bytes, built once. */
export function hmsTable(): Uint8Array {
  if (hms) return hms;
  const t = new Uint8Array(86_400 * 8);
  for (let s = 0; s < 86_400; s++) {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const x = s % 60;
    const o = s * 8;
    t[o] = 48 + Math.floor(h / 10);
    t[o + 1] = 48 + (h % 10);
    t[o + 2] = 58;
    t[o + 3] = 48 + Math.floor(m / 10);
    t[o + 4] = 48 + (m % 10);
    t[o + 5] = 58;
    t[o + 6] = 48 + Math.floor(x / 10);
    t[o + 7] = 48 + (x % 10);
  }
  hms = t;
  return t;
}

/** Formats local epoch seconds as YYYY-MM-DDTHH:MM:SS bytes into a 19-byte slot. */
export class TimestampFormatter {
  private readonly table = hmsTable();
  private day = NaN;
  private prefix = new Uint8Array(11);

  constructor(private readonly offsetSeconds: number) {}

  /** Writes the local timestamp of UTC epoch second `utc` at buf[pos..pos+19). */
  write(buf: Uint8Array, pos: number, utc: number): void {
    const local = utc + this.offsetSeconds;
    const day = Math.floor(local / 86_400);
    if (day !== this.day) {
      this.day = day;
      const s = isoDate(day) + 'T';
      for (let i = 0; i < 11; i++) this.prefix[i] = s.charCodeAt(i);
    }
    buf.set(this.prefix, pos);
    const o = (local - day * 86_400) * 8;
    const t = this.table;
    for (let i = 0; i < 8; i++) buf[pos + 11 + i] = t[o + i]!;
  }
}
