/**
 * Build of `npm run bench:browser`: the app (index.html) plus the bench hook page (bench/browser/index.html),
 * into its own folder (dist-bench by default), so a bench never touches dist/ or a test run's build.
 */
import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vite';
import base from '../vite.config.ts';

const root = resolve(import.meta.dirname, '..');

export default mergeConfig(
  base,
  defineConfig({
    root,
    build: { rollupOptions: { input: { main: resolve(root, 'index.html'), bench: resolve(root, 'bench/browser/index.html') } } },
    // Cross-origin isolation (the app loads nothing from other origins), so that the bench may also read
    // performance.measureUserAgentSpecificMemory(), which counts the page and its workers.
    preview: { headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } },
  }),
);
