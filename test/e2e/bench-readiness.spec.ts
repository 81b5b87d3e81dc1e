import type { Page } from '@playwright/test'
import { openApp, sidebar } from './walkthrough-steps'
import { expect, test } from './web-app-fixture'

/** The serial of the demo tenant's device for `scenario` (Simulator screen list). */
async function serialOf(page: Page, scenario: string): Promise<string> {
  await sidebar(page)
    .getByRole('button', { name: /^Simulator/ })
    .click()
  const button = page.getByRole('navigation', { name: 'Simulated devices' }).getByRole('button', { name: new RegExp(scenario) })
  return (await button.locator('.mono').textContent())!.trim()
}

/** A USB wedge scanner types a serial (box label) into the scan field and Enter; the device is found. */
async function scanSerial(page: Page, serial: string): Promise<void> {
  await page.keyboard.press('F2')
  const field = page.getByTestId('scan-input')
  await expect(field).toBeFocused()
  await field.pressSequentially(serial, { delay: 0 })
  await field.press('Enter')
  await expect(page.locator('[data-testid="scan-result"][data-status="found"]')).toContainText(serial)
}

const row = (page: Page, serial: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })

/**
 * Issue #15 items 2, 8 and 9 in Chromium against the embedded demo tenant: a re-used device of an OEM
 * without automatic re-enrollment, a virtual machine and a profile that can't pre-provision read
 * Blocked with their one next action before Provision; a ready device reads Ready; changing a group
 * tag a dynamic group uses asks first, naming the group and profile.
 */
test('bench readiness badges and the group-tag confirmation', async ({ page, webApp }) => {
  test.setTimeout(120_000)
  await openApp(page, webApp.url)
  const serials = {
    reused: await serialOf(page, 'reenroll-blocked'),
    vm: await serialOf(page, 'virtual-machine'),
    selfDeploying: await serialOf(page, 'self-deploying'),
    ready: await serialOf(page, 'ready-win11'),
  }
  for (const serial of Object.values(serials)) await scanSerial(page, serial)

  await sidebar(page)
    .getByRole('button', { name: /^Bench/ })
    .click()
  const status = (serial: string) => row(page, serial).getByTestId('bench-row-status')
  const next = (serial: string) => row(page, serial).getByTestId('bench-row-next')

  await expect(status(serials.reused)).toHaveText('⊘ Blocked')
  await expect(next(serials.reused)).toContainText(/^Before pressing Provision: (Unblock device|delete the Intune device record)/)
  await expect(status(serials.vm)).toHaveText('⊘ Blocked')
  await expect(next(serials.vm)).toHaveText('Use a physical device.')
  await expect(status(serials.selfDeploying)).toHaveText('⊘ Blocked')
  await expect(next(serials.selfDeploying)).toContainText('user-driven profile with "Allow pre-provisioned deployment" = Yes')
  await expect(status(serials.ready)).toHaveText('✓ Ready')
  await expect(next(serials.ready)).toContainText('Press Provision')
  for (const serial of Object.values(serials)) await expect(row(page, serial)).not.toContainText('Check readiness')

  // The device card says the same, with the re-used device's reason.
  await row(page, serials.reused).click()
  await page.getByRole('button', { name: 'Open device card' }).click()
  const reuse = page.getByTestId('card-readiness').locator('[data-item="re-enrollment"]')
  await expect(reuse).toHaveAttribute('data-status', 'fail')
  await expect(reuse).toContainText('0x80180014')

  // Group tag: changing a tag a dynamic group uses asks first; Esc keeps it.
  const input = page.getByLabel('Group tag', { exact: true })
  const before = await input.inputValue()
  expect(before).not.toBe('')
  await input.fill('')
  await input.press('Enter')
  const dialog = page.getByRole('alertdialog', { name: 'Confirm before saving' })
  await expect(dialog).toContainText(`Clearing the group tag '${before}' takes the device out of`)
  await expect(dialog).toContainText('loses its deployment profile')
  await input.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('card-pending')).toHaveCount(0)
})
