/** Store-only ZIP with fixed timestamps, so the same files always give the same bytes. */
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

/**
 * A Date whose *local* fields read `isoDate` 12:00:00: ZIP stores local DOS time, so this gives the same
 * bytes in every time zone. Clamped to the DOS range 1980–2099.
 */
export function zipTimestamp(isoDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const y = m ? Number(m[1]) : 1980;
  if (!m || y < 1980 || y > 2099) return new Date(1980, 0, 1, 12, 0, 0);
  return new Date(y, Number(m[2]) - 1, Number(m[3]), 12, 0, 0);
}

/**
 * Zips files without compression (level 0) in the given order. fflate has no Zip64: keep the total
 * well below 4 GiB (fflate #81); large outputs will stream through client-zip instead.
 */
export function zipStore(entries: readonly ZipEntry[], mtime: Date): Uint8Array<ArrayBuffer> {
  const input: Zippable = {};
  for (const e of entries) input[e.name] = [e.bytes, { level: 0, mtime }];
  return zipSync(input, { level: 0, mtime });
}
