/**
 * The memory guard: an in-memory download keeps every file (and the ZIP) in the tab, so a run whose
 * estimated output is larger than a named limit is refused before it starts, with the disk destinations
 * offered instead (src/state/destination.ts). Runs written to disk have no such limit.
 */

/** Largest estimated output an in-memory download may have, on a device with ≥ 8 GB (or unknown) memory. */
export const IN_MEMORY_LIMIT_BYTES = 1_500_000_000;

/** Share of the device's memory (navigator.deviceMemory, GB) an in-memory download may take on small devices. */
export const DEVICE_MEMORY_SHARE = 0.25;

/**
 * The in-memory limit on this device: IN_MEMORY_LIMIT_BYTES, lowered to a quarter of the memory the browser
 * reports (`navigator.deviceMemory`: 0.25 … 8 GB, rounded) when that is smaller.
 */
export function inMemoryLimitBytes(deviceMemoryGb: number | undefined = deviceMemory()): number {
  if (deviceMemoryGb === undefined || !Number.isFinite(deviceMemoryGb) || deviceMemoryGb <= 0) return IN_MEMORY_LIMIT_BYTES;
  return Math.min(IN_MEMORY_LIMIT_BYTES, Math.round(deviceMemoryGb * 1e9 * DEVICE_MEMORY_SHARE));
}

/** navigator.deviceMemory where the browser reports it (Chromium), else undefined. */
export function deviceMemory(nav: unknown = globalThis.navigator): number | undefined {
  const v = (nav as { deviceMemory?: unknown } | undefined)?.deviceMemory;
  return typeof v === 'number' ? v : undefined;
}

/** The guard's verdict on a run: allowed, or refused (with the figures the message names). */
export interface MemoryVerdict {
  ok: boolean;
  estimateBytes: number;
  limitBytes: number;
}

/**
 * Checks a run before it starts. Only in-memory downloads are limited; `inMemory` is false for runs written
 * to disk (a folder, or a ZIP streamed to a file).
 */
export function checkMemory(estimateBytes: number, inMemory: boolean, limitBytes: number = inMemoryLimitBytes()): MemoryVerdict {
  const estimate = Math.max(0, Math.round(estimateBytes));
  return { ok: !inMemory || estimate <= limitBytes, estimateBytes: estimate, limitBytes };
}
