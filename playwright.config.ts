import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * E2E in Debian's Chromium (no browser download is possible here) over the browser transport.
 * Two cores: one worker. A missing Chromium fails loudly instead of skipping the suite.
 */
export const chromiumPath = process.env.AB_CHROMIUM ?? '/usr/bin/chromium'
if (!existsSync(chromiumPath)) {
  throw new Error(`Chromium not found at ${chromiumPath}. Install it: apt-get install -y chromium (or set AB_CHROMIUM).`)
}

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'e2e-electron/**/*.spec.ts'],
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    trace: 'off',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
    },
  },
})
