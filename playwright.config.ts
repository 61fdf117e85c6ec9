import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end tests against browser mode in Debian's Chromium (never `npx playwright install`).
 * test/e2e/global-setup.ts builds a fresh demo data dir (large volumes), starts `bin/guichet serve`
 * on a free port and publishes its URL in GUICHET_E2E_URL (workers inherit it). Set GUICHET_E2E_URL
 * yourself to run the specs against a server you started.
 * Retries are 0 on purpose: a flaky test is a bug to fix, not to hide.
 */
export const CHROMIUM_PATH = process.env.GUICHET_CHROMIUM ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  // Concurrent runs must not share this folder (each run empties it): GUICHET_E2E_OUTPUT=/tmp/x.
  outputDir: process.env.GUICHET_E2E_OUTPUT ?? 'test-results',
  fullyParallel: false,
  workers: Number(process.env.GUICHET_E2E_WORKERS ?? 2),
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.GUICHET_E2E_URL,
    headless: true,
    screenshot: 'only-on-failure',
    // Traces cost CPU on 2 cores; GUICHET_E2E_TRACE=1 keeps them for failed tests.
    trace: process.env.GUICHET_E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    locale: 'fr-FR',
    timezoneId: 'Africa/Casablanca',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1366, height: 800 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
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
    },
  ],
})
