/**
 * Memory discipline of Explore: the bytes the page would hold to query a run, and whether it may. DuckDB-Wasm
 * keeps its tables in the tab's memory (a 32-bit WebAssembly heap: 4 GiB at most, and the tab also holds
 * the run), so a run too big is refused before anything loads, with the advice to query a sample or the
 * Parquet files outside the browser.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * Bytes per CDR row while loaded: DuckDB's in-memory table (measured: ~177 B/row over the legacy columns of
 * the three services) plus the Arrow stream in transit (~84 B/row) while a table is inserted.
 */
export const EXPLORE_BYTES_PER_ROW = 260;
/** Bytes per reference row (cells, subscribers): ~72 B of Arrow, ~150 B once in DuckDB. */
export const EXPLORE_BYTES_PER_REFERENCE_ROW = 220;
/** Most bytes Explore loads, whatever the device: well under the 4 GiB wasm heap, beside the run itself. */
export const EXPLORE_MAX_BYTES = 1.5 * GiB;
/** Share of the device's memory (navigator.deviceMemory, GiB, capped at 8 by browsers) Explore may take. */
export const EXPLORE_DEVICE_SHARE = 0.25;
/** Rows of a query result the page reads at most (the rest is cancelled): a result is for looking at, not for export of millions. */
export const MAX_RESULT_ROWS = 100_000;

export interface LoadEstimate {
  rows: number;
  referenceRows: number;
  bytes: number;
}

/** The bytes to load a run's tables. */
export function estimateLoad(cdrRows: number, referenceRows: number): LoadEstimate {
  return {
    rows: cdrRows,
    referenceRows,
    bytes: cdrRows * EXPLORE_BYTES_PER_ROW + referenceRows * EXPLORE_BYTES_PER_REFERENCE_ROW,
  };
}

/** What the browser tells of its memory (all optional: most browsers tell nothing). */
export interface DeviceMemory {
  /** GiB (navigator.deviceMemory). */
  deviceMemoryGiB?: number;
  /** performance.memory.jsHeapSizeLimit (Chromium), bytes. */
  jsHeapSizeLimit?: number;
}

/** The limit on this device: EXPLORE_MAX_BYTES, lowered to a share of a small device's memory. */
export function loadLimit(device: DeviceMemory = {}): number {
  let limit = EXPLORE_MAX_BYTES;
  if (device.deviceMemoryGiB && device.deviceMemoryGiB > 0) limit = Math.min(limit, device.deviceMemoryGiB * GiB * EXPLORE_DEVICE_SHARE);
  // The JS heap also holds the run and the results; never plan on more than half of it.
  if (device.jsHeapSizeLimit && device.jsHeapSizeLimit > 0) limit = Math.min(limit, device.jsHeapSizeLimit / 2);
  return limit;
}

export type LoadVerdict = { ok: true; bytes: number; limit: number } | { ok: false; bytes: number; limit: number; maxRows: number };

/** May the page load this run? When not, the most CDR rows it could load (for the advice). */
export function checkLoad(estimate: LoadEstimate, device: DeviceMemory = {}): LoadVerdict {
  const limit = loadLimit(device);
  if (estimate.bytes <= limit) return { ok: true, bytes: estimate.bytes, limit };
  const maxRows = Math.max(0, Math.floor((limit - estimate.referenceRows * EXPLORE_BYTES_PER_REFERENCE_ROW) / EXPLORE_BYTES_PER_ROW));
  return { ok: false, bytes: estimate.bytes, limit, maxRows };
}

/** The browser's memory facts (none in Node or in browsers that do not tell). */
export function deviceMemory(): DeviceMemory {
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
  const perf = globalThis.performance as (Performance & { memory?: { jsHeapSizeLimit?: number } }) | undefined;
  return {
    ...(nav?.deviceMemory ? { deviceMemoryGiB: nav.deviceMemory } : {}),
    ...(perf?.memory?.jsHeapSizeLimit ? { jsHeapSizeLimit: perf.memory.jsHeapSizeLimit } : {}),
  };
}
