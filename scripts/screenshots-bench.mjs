// `npm run screenshots:bench`: the Bench and device-card screenshots of the bench readiness work
// (docs/screenshots/bench-*.png, including a 1366×768 laptop at 125 % with P's question open, device-card-reused.png) from the running app in Debian's Chromium,
// and how many bench rows fit a 1920×1080 and a 1366×768 window (printed as JSON). Run after `npm run build`.
import { mkdirSync } from 'node:fs'
import { openDeviceList, rpc as rpcAt, startRunningApp } from './lib-running-app.mjs'

const { url, browser, stop } = await startRunningApp('ab-bench-shots-')
const rpc = (channel, request) => rpcAt(url, channel, request)

const scenarios = [
  'reenroll-blocked',
  'virtual-machine',
  'self-deploying',
  'no-profile',
  'no-preprovisioning',
  'ready-win11',
  'ready-win10',
  'reenroll-automatic',
  'assigning',
  'fix-pending',
  'attention-required',
  'hybrid',
]
const counts = {}
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  await page.goto(url)
  await openDeviceList(page)
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Simulator/ })
    .click()
  const list = page.getByRole('navigation', { name: 'Simulated devices' })
  await list.getByRole('button').first().waitFor()
  const ids = []
  for (const name of scenarios) {
    const button = list.getByRole('button', { name: new RegExp(`${name} ·`) })
    if ((await button.count()) === 0) continue
    const serial = (await button.first().locator('.mono').textContent()).trim()
    const [device] = await rpc('devices:find-by-serial', { serialNumber: serial })
    if (device) ids.push(device.id)
  }
  // More devices of the day, so the compact rows show how many fit.
  const { items } = await rpc('devices:list-devices', { search: '', limit: 200 })
  for (const device of items) if (ids.length < 30 && !ids.includes(device.id) && device.model !== 'Virtual Machine') ids.push(device.id)
  await rpc('prefs:set-preference', { key: 'bench.network', value: 'wired' })
  for (const id of ids) {
    await rpc('devices:refresh-device', { id })
    await rpc('bench:add-device', { deviceId: id, jobId: null })
  }
  const at = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
  const tail = ids.slice(-4)
  await rpc('attempts:record-event', { deviceId: tail[0], event: { type: 'provision-pressed', at: at(14) } })
  await rpc('attempts:record-event', { deviceId: tail[1], event: { type: 'provision-pressed', at: at(40) } })
  await rpc('attempts:record-event', { deviceId: tail[1], event: { type: 'failed', at: at(33), code: '0x81039001' } })
  await rpc('attempts:record-event', { deviceId: tail[2], event: { type: 'provision-pressed', at: at(50) } })
  await rpc('attempts:record-event', { deviceId: tail[2], event: { type: 'succeeded', at: at(21) } })

  mkdirSync('docs/screenshots', { recursive: true })
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Bench/ })
    .click()
  await page.getByTestId('bench-rows').waitFor()
  await page.waitForTimeout(3500)
  const fits = async () =>
    page.evaluate(
      // Runs in the page: its globals, reached through globalThis.
      () =>
        [...globalThis.document.querySelectorAll('[data-testid="bench-rows"] tr')].filter((row) => row.getBoundingClientRect().bottom <= globalThis.innerHeight)
          .length,
    )
  counts['1920x1080'] = { rows: ids.length, visible: await fits() }
  await page.screenshot({ path: 'docs/screenshots/bench-readiness.png' })
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.waitForTimeout(500)
  counts['1366x768'] = { rows: ids.length, visible: await fits() }
  await page.screenshot({ path: 'docs/screenshots/bench-1366.png' })

  // The same laptop at 125 % display scale, P pressed on the selected (Blocked) device: its question over the bench.
  const scaled = await browser.newPage({ viewport: { width: 1093, height: 560 }, deviceScaleFactor: 1.25 })
  await scaled.goto(url)
  await scaled.getByTestId('bench-rows').waitFor()
  await scaled.waitForTimeout(2000)
  await scaled.getByRole('heading', { name: 'Bench', level: 1 }).click()
  await scaled.keyboard.press('p')
  await scaled.getByRole('alertdialog', { name: 'This device is not ready' }).waitFor()
  await scaled.waitForTimeout(300)
  await scaled.screenshot({ path: 'docs/screenshots/bench-laptop-125.png' })
  await scaled.keyboard.press('Escape')
  await scaled.close()

  await page.setViewportSize({ width: 1440, height: 900 })
  await page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') })
    .first()
    .click()
  await page.getByRole('button', { name: 'Open device card' }).click()
  await page.getByTestId('card-readiness').waitFor()
  await page.waitForTimeout(1500)
  await page.screenshot({ path: 'docs/screenshots/device-card-reused.png' })
  console.log(JSON.stringify({ benchRowsVisible: counts }))
} finally {
  await stop()
}
