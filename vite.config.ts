/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { cspPlugin } from './build/csp-plugin.ts';

export default defineConfig({
  base: './',
  // CSP meta + integrity in the build, CSP header on `vite preview` (build/csp-plugin.ts; CDR_CSP_CONNECT narrows connect-src).
  plugins: [react(), tailwindcss(), cspPlugin({ connect: process.env.CDR_CSP_CONNECT })],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['parquet-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
