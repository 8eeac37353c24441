import { defineConfig } from '@playwright/test';

/**
 * The browser tier of `npm test` (scripts/test.sh runs it after Jest): Debian's Chromium
 * (never a downloaded browser), Italian locale, Rome's time zone, against the real stack
 * the global setup starts.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.browser-spec.ts',
  globalSetup: require.resolve('./global-setup'),
  // One stack, two cores: tests run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Hang guards for a stack shared with other engineers' test runs, not performance targets; a
  // notice may queue behind an annual call's PEC to every municipality.
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: '../../.data/browser-results',
  use: {
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // --lang: the browser's own controls (a date field's format) follow it, not the page's locale.
      args: ['--no-sandbox', '--lang=it-IT'],
    },
  },
});
