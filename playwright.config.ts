/**
 * Playwright: the real UI in Debian's Chromium (never a downloaded browser).
 *   ui       – browser mode against the fake engine (runs anywhere, fast)
 *   wine     – browser mode against `multiopen serve` running the real engine under Wine, with fixture apps
 *   electron – the packaged shell where the Electron binary exists (skipped, with the reason, elsewhere)
 */
import { defineConfig } from '@playwright/test';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    viewport: { width: 1400, height: 860 },
    launchOptions: { executablePath: process.env.MULTIOPEN_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'ui', testMatch: ['ui-fake.spec.ts', 'check.spec.ts', 'copies.spec.ts'] },
    { name: 'wine', testMatch: 'app-wine.spec.ts' },
    { name: 'electron', testMatch: 'electron.spec.ts' },
  ],
});
