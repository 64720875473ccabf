/**
 * File System Access API helpers (Chromium: `showDirectoryPicker`, `showSaveFilePicker`, the Origin Private
 * File System): feature detection, the pickers, and writing a Blob to a path under a directory handle
 * under a temporary `.partial` name, renamed when complete (as the CLI does), so a file under its final
 * name is always whole.
 */

/** The pickers, where the browser has them (not in the DOM typings: Chromium-only API). */
interface PickerGlobal {
  showDirectoryPicker?: (options?: { id?: string; mode?: 'read' | 'readwrite'; startIn?: string }) => Promise<FileSystemDirectoryHandle>;
  showSaveFilePicker?: (options?: {
    id?: string;
    suggestedName?: string;
    types?: { description?: string; accept: Record<string, string[]> }[];
  }) => Promise<FileSystemFileHandle>;
}

/** `FileSystemHandle.move` (Chromium; not in the DOM typings). */
interface Movable {
  move?: (name: string) => Promise<void>;
}

/** Suffix of a file being written (the CLI's too). */
export const PARTIAL_SUFFIX = '.partial';

/** What this browser can do: write a folder of files, save one streamed file (the ZIP, through a scratch folder). */
export interface DiskSupport {
  folder: boolean;
  zip: boolean;
}

/** Feature detection of the File System Access API (secure context, Chromium desktop). */
export function diskSupport(g: object = globalThis): DiskSupport {
  const p = g as PickerGlobal & { navigator?: { storage?: { getDirectory?: unknown } }; isSecureContext?: boolean };
  if (p.isSecureContext === false) return { folder: false, zip: false };
  return {
    folder: typeof p.showDirectoryPicker === 'function',
    zip: typeof p.showSaveFilePicker === 'function' && typeof p.navigator?.storage?.getDirectory === 'function',
  };
}

/** Asks for a folder to write into (needs a user gesture; rejects with an AbortError when the person cancels). */
export function pickFolder(): Promise<FileSystemDirectoryHandle> {
  const pick = (globalThis as PickerGlobal).showDirectoryPicker;
  if (!pick) return Promise.reject(new Error('this browser cannot write to a folder'));
  return pick({ id: 'cdr-studio-output', mode: 'readwrite' });
}

/** Asks where to save the ZIP (needs a user gesture; AbortError on cancel). */
export function pickZipFile(suggestedName: string): Promise<FileSystemFileHandle> {
  const pick = (globalThis as PickerGlobal).showSaveFilePicker;
  if (!pick) return Promise.reject(new Error('this browser cannot save files to disk'));
  return pick({ id: 'cdr-studio-zip', suggestedName, types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }] });
}

/** True for the error of a picker the person closed. */
export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';

/** The directory of a `/`-separated relative path under `root` (created as needed) and the file name. */
export async function parentOf(root: FileSystemDirectoryHandle, path: string): Promise<{ dir: FileSystemDirectoryHandle; name: string }> {
  const parts = path.split('/');
  const name = parts.pop() ?? '';
  if (!name || parts.some((p) => !p || p === '.' || p === '..')) throw new Error(`bad output path ${JSON.stringify(path)}`);
  let dir = root;
  for (const p of parts) dir = await dir.getDirectoryHandle(p, { create: true });
  return { dir, name };
}

/** Removes an entry if it exists (files and, recursively, folders). */
export async function removeIfPresent(dir: FileSystemDirectoryHandle, name: string): Promise<void> {
  try {
    await dir.removeEntry(name, { recursive: true });
  } catch (e) {
    if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
  }
}

/**
 * Writes `data` to `path` under `root`: into `<name>.partial`, then renamed to `<name>` with
 * `FileSystemHandle.move` where the browser has it (else written in place: Chromium's writable commits
 * its swap file on close, so the final name still never holds half a file). Returns the bytes written.
 */
export async function writeFileAt(root: FileSystemDirectoryHandle, path: string, data: Blob): Promise<number> {
  const { dir, name } = await parentOf(root, path);
  const probe = await dir.getFileHandle(`${name}${PARTIAL_SUFFIX}`, { create: true });
  const movable = typeof (probe as Movable).move === 'function';
  const handle = movable ? probe : await dir.getFileHandle(name, { create: true });
  if (!movable) await removeIfPresent(dir, `${name}${PARTIAL_SUFFIX}`);
  const w = await handle.createWritable();
  try {
    await w.write(data);
    await w.close();
  } catch (e) {
    await w.abort().catch(() => undefined);
    throw e;
  }
  if (movable) {
    await removeIfPresent(dir, name);
    await (handle as Movable).move!(name);
  }
  return data.size;
}
