import { seriousViolations } from './axe'
import { bootToWin5, openApp, scan } from './walkthrough-steps'
import type { Page } from '@playwright/test'
import { expect, test } from './web-app-fixture'

/** Boots the simulated ready-win11 PC to its Win×5 page and scans its QR as a USB wedge scanner types it; returns the serial. */
async function scanSimulatedPc(page: Page): Promise<string> {
  const { payload, serial } = await bootToWin5(page, 'ready-win11')
  await scan(page, payload, serial)
  return serial
}

/**
 * The bench in Chromium against the embedded mock: a job made on the Jobs screen and set active, a
 * simulated PC's QR scanned (USB wedge) → the device is at the bench with that job; the attempt
 * recorded by keyboard (P, F + code, Retry, S, R); the bench survives a reload; the hand-over report
 * counts it; axe finds nothing serious with the recorder open.
 */
test('scan → bench with the active job, attempt recorded by keyboard, hand-over report', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const sidebar = page.getByRole('navigation', { name: 'Screens' })

  // A job, set active.
  await sidebar.getByRole('button', { name: /^Jobs/ }).click()
  await page.getByRole('button', { name: 'New job' }).click()
  const form = page.getByRole('form', { name: 'New job' })
  await form.getByLabel('Name', { exact: true }).fill('Order E2E')
  await form.getByLabel('Device name template').fill('E2E-%RAND:4%')
  await expect(page.getByTestId('template-check')).toContainText('Preview: E2E-####')
  await form.getByLabel('Name', { exact: true }).press('Enter')
  await page.getByRole('button', { name: 'Set as active job: Order E2E' }).click()
  await expect(page.getByRole('rowheader', { name: 'Order E2E' }).locator('..')).toContainText('Active job')

  const serial = await scanSimulatedPc(page)

  // At the bench with the job.
  await sidebar.getByRole('button', { name: /^Bench/ }).click()
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })
  await expect(row).toContainText('Order E2E')
  await row.click()
  const recorder = page.getByRole('region', { name: `Attempt recorder — ${serial}` })
  await expect(recorder).toBeVisible()
  // Record only: the simulated PC is left alone so the declared outcome is the test's own.
  await recorder.getByLabel(/Also press it on the simulated PC/).uncheck()
  await page.getByRole('heading', { name: 'Bench', level: 1 }).click()

  await page.keyboard.press('p')
  await expect(row).toContainText('Provisioning')
  await page.waitForTimeout(1200)
  await expect(row.locator('.elapsed')).not.toHaveText('0:00')
  await page.keyboard.press('f')
  const code = page.getByRole('combobox', { name: 'Error code shown on the device' })
  await expect(code).toBeFocused()
  await code.fill('8103900')
  await code.press('ArrowDown')
  await code.press('Enter')
  await expect(recorder.getByRole('region', { name: 'What the error means' })).toContainText('0x81039001')
  expect(await seriousViolations(page)).toEqual([])
  await recorder.getByRole('button', { name: 'Retry (on the device) (recommended)' }).click()
  await expect(recorder).toContainText('Attempt 2')
  await expect(row).toContainText('Provisioning')

  await page.getByRole('heading', { name: 'Bench', level: 1 }).click()
  await page.keyboard.press('s')
  await expect(recorder.getByRole('region', { name: 'Reseal checklist' })).toBeVisible()
  await page.keyboard.press('r')
  await expect(row).toContainText('Resealed')

  // A new window load (the token leaves the URL once read, so open the app's URL again): everything comes from the core.
  await page.goto('about:blank')
  await page.goto(webApp.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Bench/ }).click()
  await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })).toContainText('Resealed')

  // The hand-over report counts it.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Jobs/ }).click()
  await page.getByRole('button', { name: 'Hand-over report: Order E2E' }).click()
  const report = page.getByTestId('handover-report')
  await expect(report.getByTestId('handover-totals')).toHaveText('Resealed 1 · Failed 0 · Pending 0')
  await expect(report.getByRole('rowheader', { name: serial }).locator('..')).toContainText('0x81039001')
})

test('demo tenant: P also presses Next on the simulated PC, which starts provisioning', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const serial = await scanSimulatedPc(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Bench/ }).click()
  const recorder = page.getByRole('region', { name: `Attempt recorder — ${serial}` })
  await expect(recorder.getByLabel(/Also press it on the simulated PC/)).toBeChecked()
  await page.keyboard.press('p')
  await expect(recorder).toHaveAttribute('data-phase', 'provisioning')
  await expect(recorder.getByRole('alert')).toHaveCount(0)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Simulator/ }).click()
  await page.getByRole('navigation', { name: 'Simulated devices' }).getByRole('button', { name: /ready-win11/ }).click()
  await expect(page.getByTestId('sim-screen')).not.toHaveAttribute('data-screen', 'preprovision')
})
