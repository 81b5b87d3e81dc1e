import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportBundle } from '@core/diagnostics/export-bundle.worker'
import { setupBench } from '@support/bundle-fixture'
import { rpc as callApi } from '@support/built-web-app'
import { seriousViolations } from './axe'
import { openApp } from './walkthrough-steps'
import { expect, test } from './web-app-fixture'

/**
 * The diagnostics end-to-end check: a failed pre-provisioning attempt (0x80180014) recorded for a cached
 * device, exported as a bundle from the Diagnostics screen (a real browser download), then opened in
 * review mode, where the error and its explanation from the knowledge base are shown.
 */
test('a failed attempt is exported as a bundle, opened in review mode, and its error explained', async ({ page, webApp }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  await openApp(page, webApp.url)

  const rpc = <T>(channel: string, body: unknown) => callApi<T>(webApp, channel, body)
  const { items } = await rpc<{ items: Array<{ id: string; serialNumber: string }> }>('devices:list-devices', {
    search: '',
    limit: 1,
    after: null,
    position: null,
  })
  const device = items[0]!
  await rpc('bench:add-device', { deviceId: device.id, jobId: null })
  const now = Date.now()
  await rpc('attempts:record-event', { deviceId: device.id, event: { type: 'provision-pressed', at: new Date(now - 20 * 60_000).toISOString() } })
  await rpc('attempts:record-event', { deviceId: device.id, event: { type: 'failed', at: new Date(now - 5 * 60_000).toISOString(), code: '0x80180014' } })

  await page.getByRole('button', { name: 'Diagnostics' }).click()
  await expect(page.getByRole('heading', { name: 'Diagnostics', level: 1 })).toBeVisible()
  await page.getByRole('radio', { name: 'One device' }).check()
  await page.getByLabel('Serial number or device id').fill(device.serialNumber)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export bundle' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^autopilot-bench-diagnostics-device-.*\.zip$/)
  await expect(page.getByTestId('diag-export-done')).toContainText('1 device, 1 attempt')
  expect(await seriousViolations(page)).toEqual([])
  const path = await download.path()
  expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK')

  await page.getByTestId('diag-open-input').setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: readFileSync(path) })
  await expect(page.getByTestId('diag-review')).toHaveAttribute('data-kind', 'bundle')
  await expect(page.getByText('Read-only review', { exact: false })).toBeVisible()
  const errors = page.getByTestId('diag-errors')
  await expect(errors).toContainText('0x80180014')
  await expect(errors).toContainText('Enrollment blocked')
  await expect(errors).toContainText('Intune refused the MDM enrollment')
  await expect(errors).toContainText('Delete the Intune device record')
  await expect(page.getByTestId('diag-timeline')).toContainText('Provision pressed')
  await expect(page.getByTestId('diag-summary-qr')).toContainText(device.serialNumber)
  await expect(page.getByRole('img', { name: `Summary QR code for ${device.serialNumber}` })).toBeVisible()
  expect(await seriousViolations(page)).toEqual([])
  expect(violations).toEqual([])
})

/**
 * A small laptop (1024×768, found by hand): the review was wider than the window — "Close review" off
 * screen, the outbox's Last error column and long log lines cut. A bundle with long, unbroken values
 * (an error message, a Graph URL in the log) must fit the main area: nothing scrolls the page sideways.
 */
test('a bundle review fits a 1024×768 window: Close review in view, long cells wrap', async ({ page, webApp }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ab-e2e-diag-'))
  try {
    const { db, options } = setupBench(dir)
    const long = `https://graph.microsoft.com/beta/deviceManagement/windowsAutopilotDeviceIdentities/${'f'.repeat(36)}/assignUserToDevice?${'x'.repeat(160)}`
    db.prepare("UPDATE outbox SET state = 'failed', created_at = '2026-11-23T08:30:00.000Z', last_error = ?").run(
      JSON.stringify({ message: `Intune answered 400 for ${long}` }),
    )
    appendFileSync(
      join(options.logDir, 'app.log'),
      JSON.stringify({ level: 50, time: '2026-11-23T08:21:00.000Z', tenantId: 't', msg: `graph request failed ${long}`, url: long }) + '\n',
    )
    const zip = exportBundle(db, { ...options, scope: { kind: 'device', id: 'dev-1' }, redact: { serials: false, users: false } }).zip
    await page.setViewportSize({ width: 1024, height: 768 })
    await openApp(page, webApp.url)
    await page.getByRole('button', { name: 'Diagnostics' }).click()
    await page.getByTestId('diag-open-input').setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) })
    await expect(page.getByTestId('diag-review')).toHaveAttribute('data-kind', 'bundle')
    const main = page.locator('.app__main')
    expect(await main.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(1)
    const mainBox = (await main.boundingBox())!
    const right = mainBox.x + mainBox.width
    for (const target of [page.getByRole('button', { name: 'Close review' }), page.getByTestId('diag-review'), page.locator('.diag-log__line').last()]) {
      const box = (await target.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(right + 1)
    }
    const lastError = page.locator('td[data-col="error"]').first()
    await expect(lastError).toContainText('Intune answered 400')
    const cell = (await lastError.boundingBox())!
    expect(cell.x + cell.width).toBeLessThanOrEqual(right + 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the One attempt scope shows a 30-character serial number whole at 1366 and 1024', async ({ page, webApp }) => {
  const serial = 'WXYZ' + 'M'.repeat(22) + '1234' // 30 characters, wide capitals
  await openApp(page, webApp.url)
  await page.getByRole('button', { name: 'Diagnostics' }).click()
  await page.getByLabel('One attempt').check()
  const field = page.getByLabel('Serial number of the device')
  await field.fill(serial)
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 768 })
    // The whole value fits the field: nothing scrolled out of it.
    expect(await field.evaluate((input: HTMLInputElement) => input.scrollWidth - input.clientWidth), `at ${width}`).toBeLessThanOrEqual(0)
    await expect(page.getByRole('button', { name: 'Find attempts' })).toBeInViewport()
  }
})

test('an event log that could not be read: its "not read — why" wraps, the event logs table fits 1366 and 1024', async ({ page, webApp }) => {
  const real = readFileSync(join(__dirname, '../main/core/diagnostics/evtx/fixtures/security-short-selected.evtx'))
  await openApp(page, webApp.url)
  await page.getByRole('button', { name: 'Diagnostics' }).click()
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 768 })
    await page
      .getByTestId('diag-open-input')
      .setInputFiles({ name: 'third.evtx', mimeType: 'application/octet-stream', buffer: real.subarray(0, Math.floor(real.length / 3)) })
    await expect(page.getByRole('heading', { level: 2, name: 'third.evtx' })).toBeFocused()
    const table = page.getByTestId('diag-events').locator('.table-scroll').first()
    await expect(table.getByText(/^not read — no event could be read/)).toBeVisible()
    expect(await table.evaluate((element) => element.scrollWidth - element.clientWidth), `at ${width}`).toBeLessThanOrEqual(1)
    await page.getByRole('button', { name: 'Close review' }).click()
  }
})
