import { expect, test } from '@playwright/test'
import { rmSync } from 'node:fs'
import { startBuiltWebApp } from './web-app-fixture'

/**
 * Found by hand at 1024×768 during a first sync Intune never answers (MOCK_INTUNE_FAULTS=hang=always): the status bar
 * cut its items mid-word — "Contoso (dem…", "Never syn…", "0 devices in ca…". The tenant and the sync's state keep
 * their words; the less important items leave their last words out whole (full text on hover); nothing is cut.
 */
test('a hanging first sync: the status bar fits at 1024, 1366 and 1920, nothing cut mid-word', async ({ page }) => {
  test.setTimeout(120_000)
  const previous = process.env.MOCK_INTUNE_FAULTS
  process.env.MOCK_INTUNE_FAULTS = 'hang=always'
  const app = await startBuiltWebApp()
  if (previous === undefined) delete process.env.MOCK_INTUNE_FAULTS
  else process.env.MOCK_INTUNE_FAULTS = previous
  try {
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.goto(app.url)
    // The sync's try and its countdown appear once a request has had no answer for 10 s.
    await expect(page.getByTestId('status-syncing')).toContainText(/^Sync try 1 of 5, stops in \d:\d\d$/, { timeout: 40_000 })
    await expect(page.getByTestId('status-connection')).toContainText(/^Intune: no answer for \d:\d\d$/)
    const cut = () =>
      page
        .getByTestId('status-bar')
        .locator(':scope > *')
        .evaluateAll((items) => items.filter((item) => item.scrollWidth > item.clientWidth + 1).map((item) => item.textContent))
    const shown = (id: string) => page.getByTestId(id).evaluate((item) => (item as HTMLElement).innerText)
    expect(await cut()).toEqual([])
    expect(await shown('status-tenant')).toContain('Contoso (demo tenant)')
    // The less important words go whole at 1024; their full text is the title.
    expect(await shown('status-device-count')).toBe('0 devices')
    await expect(page.getByTestId('status-device-count')).toHaveAttribute('title', '0 devices in cache')
    expect(await shown('status-changes')).toBe('No changes waiting')
    for (const width of [1366, 1920]) {
      await page.setViewportSize({ width, height: 768 })
      expect(await cut()).toEqual([])
      expect(await shown('status-device-count')).toBe('0 devices in cache')
      expect(await shown('status-changes')).toBe('No changes waiting for Intune')
    }
  } finally {
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  }
})
