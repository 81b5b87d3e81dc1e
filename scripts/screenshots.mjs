// `npm run screenshots`: takes the README's screenshots from the running app (browser mode, demo
// tenant) in Debian's Chromium. Run after `npm run build`.
import { mkdirSync } from 'node:fs'
import { openDeviceList, rpc, startRunningApp } from './lib-running-app.mjs'

const { url, browser, stop } = await startRunningApp('ab-shots-')
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 810 } })
  await page.goto(url)
  await openDeviceList(page)
  await page.getByRole('button', { name: 'Sync', exact: true }).waitFor({ state: 'visible' })
  await page.waitForTimeout(500)
  mkdirSync('docs/screenshots', { recursive: true })
  await page.screenshot({ path: 'docs/screenshots/devices.png' })
  await page.getByLabel('Search serial number, user, group tag, model').fill('lenovo')
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshots/devices-search.png' })
  await page.getByLabel('Search serial number, user, group tag, model').fill('')
  await shootScanFlow(page)
  await shootTechnicianFlow(page, url)
  console.log('wrote docs/screenshots/*.png')
} finally {
  await stop()
}

/** The OOBE simulator's Win×5 page with its QR code, then that QR text scanned (as a wedge scanner types it). */
async function shootScanFlow(page) {
  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  await sidebar.getByRole('button', { name: /^Simulator/ }).click()
  await page
    .getByRole('navigation', { name: 'Simulated devices' })
    .getByRole('button', { name: /ready-win11/ })
    .click()
  const pc = page.getByTestId('sim-screen')
  for (let step = 0; step < 5 && (await pc.getAttribute('data-screen')) !== 'preprovision'; step++) {
    const screen = await pc.getAttribute('data-screen')
    const button = screen === 'off' || screen === 'resealed' ? 'Power on' : screen === 'oobe' ? 'Press Windows key ×5' : 'Next'
    await pc.getByRole('button', { name: button }).click()
    await page.locator(`[data-testid="sim-screen"]:not([data-screen="${screen}"])`).waitFor()
  }
  const qr = pc.getByRole('img', { name: /QR code of device/ })
  await qr.waitFor()
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'docs/screenshots/simulator.png' })
  const payload = await qr.getAttribute('data-qr-text')
  await page.keyboard.press('F2')
  await page.getByTestId('scan-input').fill(payload)
  await page.getByTestId('scan-input').press('Enter')
  await page.locator('[data-testid="scan-source"][data-source="online"]').waitFor({ timeout: 20_000 })
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'docs/screenshots/scan.png' })
}

/** A bench in mid-morning: a job, devices provisioning, failed and resealed; then each screen. */
async function shootTechnicianFlow(page, url) {
  const { profiles } = await rpc(url, 'profiles:list-profiles', {})
  const profile =
    profiles.find((p) => p.displayName === 'UD-AAD-PreProv') ??
    profiles.find((p) => p.preprovisioningAllowed && p.deploymentMode === 'userDriven') ??
    profiles[0]
  const job = await rpc(url, 'jobs:save-job', {
    id: null,
    job: {
      name: 'Contoso — PO 4711 (Finance laptops)',
      purchaseOrder: 'PO-4711',
      expectedProfileId: profile?.id ?? null,
      groupTag: 'BENCH-LDN',
      deviceNameTemplate: 'FIN-%SERIAL%',
    },
  })
  await rpc(url, 'prefs:set-preference', { key: 'bench.activeJobId', value: job.id })
  let { items } = await rpc(url, 'devices:list-devices', { search: 'BENCH-LDN', limit: 6 })
  if (items.length < 4) ({ items } = await rpc(url, 'devices:list-devices', { search: '', limit: 6 }))
  const at = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
  const plans = [
    [
      { type: 'provision-pressed', at: at(52) },
      { type: 'succeeded', at: at(21) },
      { type: 'resealed', at: at(20) },
    ],
    [
      { type: 'provision-pressed', at: at(38) },
      { type: 'failed', at: at(31), code: '0x81039001' },
    ],
    [{ type: 'provision-pressed', at: at(14) }],
    [],
  ]
  for (const [index, device] of items.slice(0, plans.length).entries()) {
    await rpc(url, 'bench:add-device', { deviceId: device.id, jobId: job.id })
    for (const event of plans[index]) await rpc(url, 'attempts:record-event', { deviceId: device.id, event })
  }
  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  await sidebar.getByRole('button', { name: /^Bench/ }).click()
  await page.getByRole('heading', { name: 'Bench', level: 1 }).waitFor()
  await page.getByRole('row').filter({ hasText: items[1].serialNumber }).first().click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshots/bench.png' })

  await rpc(url, 'devices:refresh-device', { id: items[3].id })
  await sidebar.getByRole('button', { name: /^Devices/ }).click()
  await page.getByLabel('Search serial number, user, group tag, model').fill(items[3].serialNumber)
  await page.waitForTimeout(800)
  await page.getByRole('table').getByRole('row').nth(1).dblclick()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: 'docs/screenshots/device-card.png', fullPage: true })

  await sidebar.getByRole('button', { name: /^Jobs/ }).click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshots/jobs.png' })
  await sidebar.getByRole('button', { name: /^Diagnostics/ }).click()
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshots/diagnostics.png' })
}
