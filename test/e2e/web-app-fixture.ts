import { rmSync } from 'node:fs'
import { test as base } from '@playwright/test'
import { startBuiltWebApp, type RunningWebApp } from '@support/built-web-app'

export { startBuiltWebApp, type RunningWebApp }

export const test = base.extend<{ webApp: RunningWebApp }>({
  // Takes `page` so the page outlives the server's stop: torn down the other way round, a request the app
  // still made after the last assertion (a card re-read once its online checks end) met a spec's
  // `page.route` handler whose `route.fetch()` found the server gone, and failed a test that had passed.
  webApp: async ({ page }, use) => {
    const app = await startBuiltWebApp()
    await use(app)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  },
})
export { expect } from '@playwright/test'
