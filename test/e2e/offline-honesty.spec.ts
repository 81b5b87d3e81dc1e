import { expect, test } from '@playwright/test'
import { rmSync } from 'node:fs'
import { startBuiltWebApp } from './web-app-fixture'

/**
 * Issue #15 items 3 and 7 in Chromium: the embedded demo tenant's Graph never answers
 * (MOCK_INTUNE_FAULTS=hang=always), the cache has never been synced. A scanned serial is "not known
 * yet", never "not registered — upload its hardware hash", and the status bar says Offline, not Online.
 */
test('never synced and Intune unreachable: a scan is "not known yet" and the status bar says Offline', async ({ page }) => {
  test.setTimeout(180_000)
  const previous = process.env.MOCK_INTUNE_FAULTS
  process.env.MOCK_INTUNE_FAULTS = 'hang=always:path=/beta/'
  const app = await startBuiltWebApp()
  if (previous === undefined) delete process.env.MOCK_INTUNE_FAULTS
  else process.env.MOCK_INTUNE_FAULTS = previous
  try {
    await page.goto(app.url)
    await expect(page.getByTestId('status-bar')).toBeVisible()
    await expect(page.getByTestId('status-connection')).not.toHaveText('Online')
    await page.keyboard.press('F2')
    const field = page.getByTestId('scan-input')
    await expect(field).toBeFocused()
    await field.pressSequentially('PF3ABCDE', { delay: 0 })
    await field.press('Enter')
    const result = page.locator('[data-testid="scan-result"][data-reason="unknown-not-synced"]')
    await expect(result).toContainText('Not known yet')
    await expect(page.getByTestId('scan-result')).not.toContainText('upload its hardware hash (or ask')
    // Nothing has reached Intune: never "Online".
    await expect(page.getByTestId('status-connection')).not.toContainText('Online')
    // A QR scan asks Intune for the device; it cannot answer, so the status bar says Offline.
    const qr = JSON.stringify({
      Version: '1.0.0',
      Id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11',
      ZtdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b',
      PKID: '',
      SerialNumber: 'PF3ABCDE',
      SequenceBlockNumber: 1,
      TotalBlocks: 1,
    })
    await page.keyboard.press('F2')
    await expect(field).toBeFocused()
    await field.fill(qr)
    await field.press('Enter')
    await expect(page.getByTestId('status-connection')).toContainText('Offline', { timeout: 90_000 })
  } finally {
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  }
})
