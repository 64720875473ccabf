import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Which Chromium (docs STACK.md §6):
//   CHROMIUM_PATH=/path -> that binary; CHROMIUM_PATH= (empty) -> Playwright's own download (`npx playwright install chromium`);
//   unset -> the system Chromium if present (Debian/Ubuntu package), else Playwright's own download.
const envPath = process.env.CHROMIUM_PATH;
const executablePath =
  envPath !== undefined ? envPath || undefined : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const PORT = Number(process.env.E2E_PORT ?? 4173);
const BASE = `http://127.0.0.1:${PORT}`;
// Build folder (E2E_DIST lets two test runs on one machine build and serve side by side).
const DIST = process.env.E2E_DIST ?? 'dist';

export default defineConfig({
  testDir: './tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1, // 2 cores: one browser at a time
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE,
    timezoneId: 'UTC',
    acceptDownloads: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          // Playwright already adds --headless, --no-sandbox, --disable-dev-shm-usage, ...; never add --headless here.
          args: [
            '--disable-gpu',
            '--disable-quic',
            '--disable-sync',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --outDir ${DIST} --emptyOutDir && npx vite preview --outDir ${DIST} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
