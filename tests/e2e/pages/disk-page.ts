/**
 * Disk output in tests: the File System Access pickers stubbed to hand out real Origin Private File System
 * handles (same API, same code path as a folder or file the person picks), and read-back helpers that list,
 * hash and fetch what the page wrote.
 */
import type { Locator, Page } from '@playwright/test';

/** OPFS folders the stubbed pickers return (the folder, and the folder holding saved ZIPs). */
export const PICKED_FOLDER = 'picked-folder';
export const PICKED_ZIPS = 'picked-zips';

/** A written file: path under the picked folder, size and SHA-256 (hex), computed in the page. */
export interface WrittenFile {
  path: string;
  size: number;
  sha256: string;
}

/** Makes showDirectoryPicker / showSaveFilePicker return OPFS handles (before any page script runs). */
export async function stubPickers(page: Page): Promise<void> {
  await page.addInitScript(
    ({ folder, zips }) => {
      const w = window as unknown as Record<string, unknown>;
      const opfs = () => navigator.storage.getDirectory();
      w.__pickerCalls = 0;
      w.showDirectoryPicker = async () => {
        (w.__pickerCalls as number)++;
        return (await opfs()).getDirectoryHandle(folder, { create: true });
      };
      w.showSaveFilePicker = async (o?: { suggestedName?: string }) => {
        (w.__pickerCalls as number)++;
        const dir = await (await opfs()).getDirectoryHandle(zips, { create: true });
        return dir.getFileHandle(o?.suggestedName ?? 'dataset.zip', { create: true });
      };
    },
    { folder: PICKED_FOLDER, zips: PICKED_ZIPS },
  );
}

/** Removes the pickers (a browser without the File System Access API). */
export async function withoutPickers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w.showDirectoryPicker;
    delete w.showSaveFilePicker;
    Object.defineProperty(window, 'showDirectoryPicker', { value: undefined, configurable: true });
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true });
  });
}

/** Empties the OPFS (left-overs of an earlier test in the same profile). */
export async function clearOpfs(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
      await root.removeEntry(name, { recursive: true });
  });
}

/** Every file under an OPFS folder, with its size and SHA-256, sorted by path. */
export async function readTree(page: Page, folder: string): Promise<WrittenFile[]> {
  return page.evaluate(async (folder) => {
    const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
    const out: { path: string; size: number; sha256: string }[] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, h] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (h.kind === 'directory') await walk(h as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else {
          const file = await (h as FileSystemFileHandle).getFile();
          out.push({
            path: `${prefix}${name}`,
            size: file.size,
            sha256: hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())),
          });
        }
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(folder), '');
    return out.sort((a, b) => (a.path < b.path ? -1 : 1));
  }, folder);
}

/** The bytes of one OPFS file, brought to Node. */
export async function readBytes(page: Page, folder: string, path: string): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ({ folder, path }) => {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
      const parts = path.split('/');
      const name = parts.pop()!;
      for (const p of parts) dir = await dir.getDirectoryHandle(p);
      const bytes = new Uint8Array(await (await (await dir.getFileHandle(name)).getFile()).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    },
    { folder, path },
  );
  return Buffer.from(b64, 'base64');
}

/** The destination radios of the Configure column. */
export function destinationRadio(page: Page, name: 'Download (in memory)' | 'Write to a folder on disk' | 'Save ZIP to disk'): Locator {
  return page.getByRole('radio', { name, exact: true });
}
