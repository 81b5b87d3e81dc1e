import { rpc } from '@support/built-web-app'
import { seriousViolations } from './axe'
import { openApp } from './walkthrough-steps'
import { expect, test } from './web-app-fixture'

/** A hash the demo tenant reads as real hardware (base64 JSON with manufacturer and model, as the simulator makes them). */
const demoHash = (serial: string) => Buffer.from(JSON.stringify({ manufacturer: 'Dell Inc.', model: 'Latitude 7440', serial })).toString('base64')

/**
 * Registration in Chromium against the embedded demo tenant: a hash CSV (UTF-16, as PowerShell 5
 * writes it, with an Excel-mangled serial) is checked line by line, uploaded only after confirming,
 * the devices appear with a profile and join the active bench job; then one of them is re-used and
 * deregistered through the Recycle flow, its destructive step confirmed by typing the serial.
 */
test('import → devices appear → join the job; deregister a re-used device', async ({ page, webApp }) => {
  test.setTimeout(150_000)
  await openApp(page, webApp.url)
  const job = await rpc<{ id: string }>(webApp, 'jobs:save-job', { id: null, job: { name: 'Order REG' } })
  await rpc(webApp, 'prefs:set-preference', { key: 'bench.activeJobId', value: job.id })
  const tags = await rpc<{ tags: string[] }>(webApp, 'devices:list-group-tags', { prefix: 'BENCH-', limit: 1 })
  const tag = tags.tags[0]!

  const serials = ['E2EREG-0001', 'E2EREG-0002']
  const csv = [
    'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag',
    ...serials.map((s) => `${s},,${demoHash(s)},${tag}`),
    `1.23457E+11,,${demoHash('x')},${tag}`,
  ].join('\r\n')
  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  await sidebar.getByRole('button', { name: /^Register devices/ }).click()
  await page.getByTestId('register-input').setInputFiles({
    name: 'hashes.csv',
    mimeType: 'text/csv',
    buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]),
  })
  await expect(page.getByTestId('register-summary')).toHaveText('2 of 3 devices can be uploaded.')
  const refused = page.getByTestId('register-errors').getByRole('row').filter({ hasText: '1.23457E+11' })
  await expect(refused).toContainText('4')
  await expect(refused).toContainText('Notepad')
  await expect(page.getByTestId('register-repaired')).toContainText('UTF-16')
  await expect(page.getByText('The new devices join the bench job "Order REG".')).toBeVisible()
  expect(await seriousViolations(page), 'axe on the check report').toEqual([])

  await page.getByTestId('register-confirm').click()
  await expect(page.getByTestId('register-state')).toHaveAttribute('data-state', 'done', { timeout: 120_000 })
  for (const serial of serials) {
    const row = page.getByTestId('register-rows').locator(`tr[data-serial="${serial}"]`)
    await expect(row).toContainText('Registered')
    await expect(row).toContainText('profile status Assigned')
    await expect(row).toContainText('joined the job')
  }

  await sidebar.getByRole('button', { name: /^Bench/ }).click()
  for (const serial of serials) await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: serial }) })).toContainText('Order REG')

  // The first device comes back to be re-used elsewhere: it leaves the tenant.
  await sidebar.getByRole('button', { name: /^Register devices/ }).click()
  const recycle = page.getByTestId('recycle-panel')
  await recycle.getByTestId('recycle-serial').fill(serials[0]!)
  await recycle.getByRole('button', { name: 'Find' }).click()
  await expect(recycle.getByTestId('recycle-device')).toContainText(serials[0]!)
  await recycle.getByLabel('Leave the tenant (deregister)').check()
  // Just registered: no user and no Intune device record yet. Those steps say so rather than offer to run.
  await expect(recycle.getByTestId('recycle-skip-unassign-user')).toContainText('No user is assigned to this device')
  await expect(recycle.getByTestId('recycle-skip-delete-intune')).toContainText('No Intune device record')
  const remove = recycle.getByTestId('recycle-run-delete-autopilot')
  await expect(remove).toBeDisabled()
  await recycle.getByTestId('recycle-confirm-delete-autopilot').fill(serials[0]!.toLowerCase())
  await remove.click()
  await expect(recycle.getByTestId('recycle-result-delete-autopilot')).toContainText('was deleted')
  await recycle.getByTestId('recycle-run-check-gone').click()
  await expect(recycle.getByTestId('recycle-result-check-gone')).toContainText('no longer in Windows Autopilot devices')
  expect(await seriousViolations(page), 'axe on the upload results and the recycle flow').toEqual([])
})

test('an upload Intune keeps refusing: its long error wraps inside the Register screen at 1366 and 1024', async ({ page, webApp }) => {
  const error =
    'Batch 5 could not be sent yet: Intune answered 500 InternalServerError: {"_version":3,"Message":"An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7c9e6679-7425-40de-944b-e07fc1f45ad1 - Url: https://fef.msua06.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/importedWindowsAutopilotDeviceIdentities/import"}'
  const current = {
    id: 'imp-1',
    createdAt: '2026-12-07T09:00:00.000Z',
    confirmedAt: '2026-12-07T09:00:05.000Z',
    finishedAt: null,
    state: 'uploading',
    jobId: null,
    jobName: null,
    syncMessage: null,
    syncDueAt: null,
    message: error,
    counts: { total: 1, queued: 0, inProgress: 1, registered: 0, failed: 0, appeared: 0, withProfile: 0, joined: 0 },
    rows: [
      {
        seq: 1,
        file: 'a.csv',
        line: 2,
        serialNumber: 'QAF-0001',
        groupTag: '',
        assignedUser: '',
        batch: 5,
        status: 'submitting',
        importStatus: 'unknown',
        deviceId: null,
        errorCode: null,
        errorName: null,
        recordDeleted: false,
        appearedAt: null,
        profileStatus: null,
        joinedJob: false,
      },
    ],
  }
  await page.route('**/api/rpc/registration:get-status', (route) => route.fulfill({ json: { ok: true, value: { current, recent: [] } } }))
  await openApp(page, webApp.url)
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Register devices/ })
    .click()
  // The sentence first; Intune's long text under "Details for support", opened here to check it wraps too.
  await expect(page.getByTestId('register-message')).toHaveText('Batch 5 could not be sent yet. Intune had an internal error (HTTP 500).')
  await page.getByTestId('register-upload').getByText('Details for support').click()
  await expect(page.getByTestId('support-details')).toContainText('importedWindowsAutopilotDeviceIdentities/import')
  for (const width of [1366, 1024]) {
    await page.setViewportSize({ width, height: 768 })
    const sideways = await page.locator('.app__main').evaluate((main) => main.scrollWidth - main.clientWidth)
    expect(sideways, `at ${width}`).toBeLessThanOrEqual(0)
  }
})
