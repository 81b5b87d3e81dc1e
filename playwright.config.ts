import { defineConfig } from '@playwright/test'
import { locateChromium } from './scripts/chromium.cjs'

/**
 * E2E in a system Chromium (Debian's here: no browser download is possible) over the browser transport.
 * Two cores: one worker. A missing Chromium fails loudly instead of skipping the suite; `npm test`
 * fetches one first (scripts/chromium.cjs), `npm run test:e2e` alone only looks.
 */
const located = locateChromium()
if (!located) {
  throw new Error(
    "No Chromium found (AB_CHROMIUM, the system paths, Playwright's download). Run npm test, which fetches one, or install it: apt-get install -y chromium (or set AB_CHROMIUM).",
  )
}
export const chromiumPath = located.path

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
