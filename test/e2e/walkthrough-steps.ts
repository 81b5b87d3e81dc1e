import type { Locator, Page } from '@playwright/test'
import { expect } from './web-app-fixture'

/**
 * Steps of the technician walk-through (technician-walkthrough.spec.ts), each as a technician does
 * it through the UI: the Simulator screen stands in for the PC on the bench, the wedge field for the
 * USB scanner, the Bench screen's keys for the attempt recorder.
 */

/** The mock runs at demo speed (an assignment settles in ~6 s, an ESP in ~10 s); these bound every wait. */
export const assignmentWaitMs = 60_000
export const provisioningWaitMs = 45_000

export const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Screens' })

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url)
  // The app opens on the Bench (home); the Devices screen is one click away.
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
}

/** Shows the simulated PC of `scenario` on the Simulator screen; returns its screen. */
export async function showPc(page: Page, scenario: string): Promise<Locator> {
  await sidebar(page)
    .getByRole('button', { name: /^Simulator/ })
    .click()
  const button = page.getByRole('navigation', { name: 'Simulated devices' }).getByRole('button', { name: new RegExp(scenario) })
  const serial = ((await button.locator('.mono').textContent()) ?? '').trim()
  await button.click()
  const pc = page.getByTestId('sim-screen')
  // Wait for this PC's screen, not the one shown before (its data-screen would be read by mistake).
  await expect(pc).toHaveAttribute('aria-label', new RegExp(`^${serial} `))
  return pc
}

/** Powers the PC on and presses Win×5 → the "Pre-provision with Windows Autopilot" page; returns the QR text. */
export async function bootToWin5(page: Page, scenario: string): Promise<{ pc: Locator; payload: string; serial: string }> {
  const pc = await showPc(page, scenario)
  for (let step = 0; step < 5 && (await pc.getAttribute('data-screen')) !== 'preprovision'; step++) {
    const screenName = await pc.getAttribute('data-screen')
    const button = screenName === 'off' || screenName === 'resealed' ? 'Power on' : screenName === 'oobe' ? 'Press Windows key ×5' : 'Next'
    await pc.getByRole('button', { name: button }).click()
    await expect(pc).not.toHaveAttribute('data-screen', screenName ?? '')
  }
  await expect(pc).toHaveAttribute('data-screen', 'preprovision')
  const payload = (await pc.getByRole('img', { name: /QR code of device/ }).getAttribute('data-qr-text'))!
  const { SerialNumber: serial } = JSON.parse(payload) as { SerialNumber: string }
  return { pc, payload, serial }
}

/** The USB wedge scanner types the QR text into the scan field (F2) and Enter. */
export async function scan(page: Page, payload: string, serial: string): Promise<void> {
  await page.keyboard.press('F2')
  const field = page.getByTestId('scan-input')
  await expect(field).toBeFocused()
  await field.pressSequentially(payload, { delay: 0 })
  await field.press('Enter')
  await expect(page.locator('[data-testid="scan-result"][data-status="found"]')).toContainText(serial)
}

/** The Bench screen with `serial`'s row selected; returns its row and attempt recorder. */
export async function benchRow(page: Page, serial: string): Promise<{ row: Locator; recorder: Locator }> {
  await sidebar(page)
    .getByRole('button', { name: /^Bench/ })
    .click()
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })
  await row.click()
  const recorder = page.getByRole('region', { name: `Attempt recorder — ${serial}` })
  await expect(recorder).toBeVisible()
  return { row, recorder }
}

/** A bench key (P, S, F, R) typed with focus outside any field, as the technician does. */
export async function benchKey(page: Page, key: 'p' | 's' | 'f' | 'r'): Promise<void> {
  await page.getByRole('heading', { name: 'Bench', level: 1 }).click()
  await page.keyboard.press(key)
  if (key !== 'p') return
  // P on a device that is not ready asks first; the walk provisions anyway (Enter), as its story needs.
  // Whichever question P asks first: not ready, Ready but the PC is off, or checks still running.
  const guard = page.getByRole('alertdialog', { name: /^(This device is not ready|Check before provisioning|Readiness is still being checked)$/ })
  const recorder = page.locator('.attempt-recorder')
  await expect
    .poll(async () => ((await guard.isVisible()) ? 'asked' : (await recorder.getAttribute('data-phase')) === 'provisioning' ? 'recorded' : 'waiting'), {
      timeout: 10_000,
    })
    .not.toBe('waiting')
  if (await guard.isVisible()) await page.keyboard.press('Enter')
}

/** The device card of `serial`, opened from the Bench. */
export async function openCard(page: Page, serial: string): Promise<void> {
  await benchRow(page, serial)
  await page.getByRole('button', { name: 'Open device card' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(serial)
}

export const readinessItem = (page: Page, id: string) => page.getByTestId('card-readiness').locator(`[data-item="${id}"]`)

/** Steers what the simulated PC's next attempt does ("Next attempt on this PC"). */
export async function steer(page: Page, scenario: string, choice: RegExp): Promise<Locator> {
  const pc = await showPc(page, scenario)
  const select = page.getByLabel('Next attempt on this PC')
  const option = (await select.locator('option').allTextContents()).find((text) => choice.test(text))
  await select.selectOption({ label: option! })
  await expect(select.locator('option:checked')).toHaveText(choice)
  return pc
}

/** Waits on the Simulator screen for the PC's failure screen; returns the code it shows. */
export async function waitForPcFailure(page: Page, scenario: string, code: string): Promise<void> {
  const pc = await showPc(page, scenario)
  await expect(pc).toHaveAttribute('data-screen', 'failed', { timeout: provisioningWaitMs })
  await expect(pc.getByRole('alert')).toContainText(code)
}

export async function waitForPcSuccess(page: Page, scenario: string): Promise<void> {
  const pc = await showPc(page, scenario)
  await expect(pc).toHaveAttribute('data-screen', 'success', { timeout: provisioningWaitMs })
}

/** F on the Bench: the code field is pre-filled with what the simulated PC shows; Enter saves it. */
export async function recordFailure(page: Page, recorder: Locator, code: string): Promise<void> {
  await benchKey(page, 'f')
  const field = page.getByRole('combobox', { name: 'Error code shown on the device' })
  await expect(field).toBeFocused()
  await expect(field).toHaveValue(code)
  await field.press('Enter')
  await expect(recorder.getByRole('region', { name: 'What the error means' })).toContainText(code)
}
