import { defineConfig } from '@playwright/test';

/**
 * The browser smoke test: Debian's Chromium (no browser download) against
 * the production build of the portal, started by globalSetup.
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  // One portal, one browser: the specs run in file order, and the last one
  // stops the server.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['json']],
  outputDir: '../.paved/e2e/results',
  use: {
    baseURL: `http://localhost:${process.env.PAVED_E2E_PORT ?? 7077}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
