import { seriousViolations } from './axe'
import { bootToWin5, openApp, scan, showPc } from './walkthrough-steps'
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
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Bench/ })
    .click()
  await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })).toContainText('Resealed')

  // The hand-over report counts it.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: /^Jobs/ }).click()
  await page.getByRole('button', { name: 'Hand-over report: Order E2E' }).click()
  const report = page.getByTestId('handover-report')
  await expect(report.getByTestId('handover-totals')).toHaveText('Resealed 1 · Failed 0 · Pending 0 · Not seen 0')
  await expect(report.getByRole('rowheader', { name: serial }).locator('..')).toContainText('0x81039001')
})

test('demo tenant: P also presses Next on the simulated PC, which starts provisioning', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const serial = await scanSimulatedPc(page)
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Bench/ })
    .click()
  const recorder = page.getByRole('region', { name: `Attempt recorder — ${serial}` })
  await expect(recorder.getByLabel(/Also press it on the simulated PC/)).toBeChecked()
  await page.keyboard.press('p')
  await expect(recorder).toHaveAttribute('data-phase', 'provisioning')
  await expect(recorder.getByRole('alert')).toHaveCount(0)
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Simulator/ })
    .click()
  await page
    .getByRole('navigation', { name: 'Simulated devices' })
    .getByRole('button', { name: /ready-win11/ })
    .click()
  await expect(page.getByTestId('sim-screen')).not.toHaveAttribute('data-screen', 'preprovision')
})

/**
 * The walk's blocker: a USB scan on the Bench opened the previously selected device. Now a
 * keyboard-wedge burst (Playwright types 5 ms per key, then Enter) is taken whatever has focus — the
 * selected row, the "Open device card" button, the device search field (which keeps only what the
 * person typed) — and lands on the scanned device at the Bench.
 */
test('a USB scan on the Bench lands on the scanned device, never on the selected one', async ({ page, webApp }) => {
  await openApp(page, webApp.url)
  const first = await scanSimulatedPc(page)
  // A second device of the tenant (in the cache, not yet at the bench): its serial from its Win×5 QR,
  // once the Simulator shows that PC rather than the first one.
  await showPc(page, 'no-preprovisioning')
  await expect(page.getByTestId('sim-screen')).not.toHaveAttribute('aria-label', new RegExp(`^${first} `))
  const { serial: second } = await bootToWin5(page, 'no-preprovisioning')
  expect(second).not.toBe(first)

  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Bench/ })
    .click()
  const rowOf = (serial: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })
  await rowOf(first).click()
  await expect(page.getByTestId('bench-rows')).toBeFocused()
  await expect(rowOf(first)).toHaveAttribute('aria-selected', 'true')

  // Focus on the selected row: the scanner's Enter does not open its card.
  await page.keyboard.type(second, { delay: 5 })
  await page.keyboard.press('Enter')
  await expect(rowOf(second)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('region', { name: `Attempt recorder — ${second}` })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await expect(rowOf(first)).toHaveAttribute('aria-selected', 'false')

  // Focus on "Open device card" (of the device now selected): the scanner's Enter does not press it.
  await page.getByRole('button', { name: 'Open device card' }).focus()
  await page.keyboard.type(first, { delay: 5 })
  await page.keyboard.press('Enter')
  await expect(rowOf(first)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('region', { name: `Attempt recorder — ${first}` })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  // Focus in a text field (the device search, Ctrl+K): no character stays in it.
  await page.keyboard.press('Control+k')
  const search = page.getByRole('searchbox')
  await expect(search).toBeFocused()
  await search.pressSequentially('x', { delay: 0 })
  await page.waitForTimeout(100)
  await page.keyboard.type(second, { delay: 5 })
  await page.keyboard.press('Enter')
  await expect(rowOf(second)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Devices/ })
    .click()
  await expect(page.getByRole('searchbox')).toHaveValue('x')

  // A person's Enter on the rows still opens the selected device's card.
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Bench/ })
    .click()
  await rowOf(first).click()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(first)
})

/**
 * Cells that clip (found in a hands-on walk at 1366×768): the "⊘ Not cached" badge ran past its column,
 * and a closed job's "Contoso PO 4711 (closed)" read "Cont…" with no way to see the rest. The bench's
 * answers are shaped here (a device the cache no longer holds, under a closed job) so only the table is
 * under test: every badge fits its cell, and every clipped cell carries its full text as a tooltip.
 */
test('at 1366 and 1024 the bench badge fits its column and clipped cells show their full text on hover', async ({ page, webApp }) => {
  const closedJob = {
    id: 'j-closed',
    name: 'Contoso PO 4711',
    purchaseOrder: '4711',
    tenantId: 't',
    expectedProfileId: null,
    expectedProfileName: null,
    groupTag: '',
    deviceNameTemplate: '',
    createdAt: '2026-11-23T08:00:00.000Z',
    closedAt: '2026-11-24T08:00:00.000Z',
    manifestRows: 0,
  }
  const gone = {
    deviceId: '0b8a6c7e-0000-4000-8000-000000000001',
    serialNumber: '015093327592',
    manufacturer: 'Microsoft Corporation',
    model: 'Surface Laptop 5',
    jobId: closedJob.id,
    stage: 'scanned',
    addedAt: '2026-11-23T09:00:00.000Z',
    stageSince: '2026-11-23T09:00:00.000Z',
    attempt: null,
    attemptCount: 0,
    readiness: null,
    inCache: false,
    manifest: null,
  }
  await page.route('**/api/rpc/bench:list-devices', (route) => route.fulfill({ json: { ok: true, value: { devices: [gone] } } }))
  await page.route('**/api/rpc/jobs:list-jobs', (route) => route.fulfill({ json: { ok: true, value: { jobs: [closedJob] } } }))
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size)
    await page.goto(webApp.url)
    await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: gone.serialNumber }) })
    const status = row.getByTestId('bench-row-status')
    await expect(status).toHaveText('⊘ Not cached')
    const [cell, badge] = await status.evaluate((td) => [td.getBoundingClientRect().right, td.firstElementChild!.getBoundingClientRect().right])
    expect(badge, `badge inside its cell at ${size.width}`).toBeLessThanOrEqual(cell + 0.5)
    // Whole: nothing of the cell runs past it (its ellipsis was the stray ")." beside the badge), nor of the badge's words.
    expect(await status.evaluate((td) => td.scrollWidth <= td.clientWidth + 1), `status cell at ${size.width}`).toBe(true)
    expect(await status.evaluate((td) => td.firstElementChild!.scrollWidth <= td.firstElementChild!.clientWidth + 1), `badge words at ${size.width}`).toBe(true)
    // The job cell clips a closed job's name: its tooltip says it in full.
    const job = row.locator('td').filter({ hasText: /Cont/ })
    await expect(job).toHaveAttribute('title', 'Contoso PO 4711 (closed)')
    for (const clipped of await row.locator('td, th').all()) {
      const cut = await clipped.evaluate((element) => element.scrollWidth > element.clientWidth + 1)
      if (cut) expect(await clipped.getAttribute('title'), `a clipped cell without a tooltip at ${size.width}`).toBeTruthy()
    }
  }
})
