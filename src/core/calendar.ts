/** Calendar arithmetic on explicit dates only (no clock, no Intl): days since 1970-01-01 UTC. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD into days since the epoch, or null when it is not a real date. */
export function parseIsoDate(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1971 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

/** Day of week of an epoch day, Monday = 0 … Sunday = 6. */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Civil date (y, m, d) of an epoch day. */
export function civilOf(epochDay: number): { y: number; m: number; d: number } {
  const dt = new Date(epochDay * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const p2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** YYYYMMDD of an epoch day (file names). */
export function compactDate(epochDay: number): string {
  const { y, m, d } = civilOf(epochDay);
  return `${y}${p2(m)}${p2(d)}`;
}

/** YYYY-MM-DD of an epoch day. */
export function isoDate(epochDay: number): string {
  const { y, m, d } = civilOf(epochDay);
  return `${y}-${p2(m)}-${p2(d)}`;
}
