import { rmSync } from 'node:fs'
import { test as base } from '@playwright/test'
import { startBuiltWebApp, type RunningWebApp } from '@support/built-web-app'

export { startBuiltWebApp, type RunningWebApp }

export const test = base.extend<{ webApp: RunningWebApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument
  webApp: async ({}, use) => {
    const app = await startBuiltWebApp()
    await use(app)
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  },
})
export { expect } from '@playwright/test'
