/**
 * Where a run's files go: kept in memory for downloads (the default), written file by file to a folder on
 * disk, or streamed as one ZIP to a file on disk (File System Access API, Chromium). The choice does not
 * change the bytes, so it is not part of the scenario document or of the result's staleness key.
 */
import { create } from 'zustand';
import { diskSupport } from '../lib/fs-access.ts';
import type { OutputFormat } from './scenario-form.ts';

export type Destination = 'memory' | 'folder' | 'zip';
export const DESTINATIONS: readonly Destination[] = ['memory', 'folder', 'zip'];

/** Why a disk destination cannot be chosen (null: it can). */
export type Unavailable = 'noApi' | 'iceberg' | null;

export const useDestination = create<{ destination: Destination }>()(() => ({ destination: 'memory' }));

/** Chooses where the next run's files go. */
export function setDestination(destination: Destination): void {
  useDestination.setState({ destination });
}

/**
 * Whether a destination is available for a format in this browser. Iceberg tables are assembled in memory
 * by a worker (their metadata needs every data file), so they are downloads only.
 */
export function unavailable(destination: Destination, format: OutputFormat, support = diskSupport()): Unavailable {
  if (destination === 'memory') return null;
  if (!support[destination]) return 'noApi';
  return format === 'iceberg' ? 'iceberg' : null;
}

/** The destination a run will really use: the chosen one, or memory when it is not available. */
export function effectiveDestination(destination: Destination, format: OutputFormat, support = diskSupport()): Destination {
  return unavailable(destination, format, support) ? 'memory' : destination;
}
