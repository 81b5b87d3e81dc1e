/**
 * `npm run bench:ui-sync -- --devices N [--page-latency-ms L] [--samples K]`: is the app usable while a
 * first sync runs? (issue 19: "the UI stays interactive"). Run after `npm run build`.
 *
 * The standalone mock Intune API serves N devices (every request L ms late, as a distant Graph), and the
 * browser-mode app runs in this process against it, on a fresh data folder, so its first sync starts at
 * launch as it does for a technician opening the app on a new tenant. Debian's Chromium (the e2e
 * layer's) opens the Devices screen and, for as long as the sync runs, does what a technician does at
 * the bench, in turn:
 * - search: types a serial into the search box (30 ms a key, as a quick typist; a USB scanner is
 *   faster) and waits until the list's answer for that text is painted
 *   (`searchMs`, from the last key, timed in the page; it includes the list's 150 ms debounce), and
 *   the list request's own time on the loopback transport (`listRequestMs`: the core and database
 *   worker answering while they write);
 * - jump: End, then Home, in the list, until every visible row is drawn (`jumpMs`);
 * - scan: F2 and a Windows QR payload of a device already in the cache, until its card shows
 *   (`scanMs`, and the app's own "shown in N ms" from the cache, `scanFromCacheMs`).
 * `indexedAsItLoaded`: whether the first load indexed each page as Graph set the pace, or all at its end.
 * After the sync, the same probes `--samples` times again on the idle app (`idle`), for a ratio in the
 * same run. In the page: long tasks (> 50 ms), the Event Timing API's slowest interaction
 * (`maxEventMs`: key or click to the next paint) and the longest gap between animation frames. (The
 * core's event loop is bench:sync's to measure: here Playwright's client shares this process.) Prints JSON.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import config from '../playwright.config'
import { startWebApp } from '../src/web/start-web-app'
import { buildWindowsQrPayload } from '../src/qr/payload/windows-payload'
import { rpc } from '../test/support/built-web-app'
import { startStandaloneMock } from './support/standalone-mock'
import { bundleDbWorker } from './support/worker-bundle'
import { argValue, percentile, round } from './support/stats'

const devices = argValue('devices', 100_000)
const pageLatencyMs = process.argv.includes('--page-latency-ms') ? argValue('page-latency-ms', 1) : 0
const samples = argValue('samples', 12)
const token = 'bench-token-0123456789'
const searchLabel = 'Search serial number, user, group tag, model'

interface Listed {
  items: { id: string; serialNumber: string }[]
  total: number
}

/** What the page records (installed before the app's own scripts). */
const pageProbes = () => {
  const ui = {
    longTasks: [] as number[],
    events: [] as number[],
    maxFrameGap: 0,
    frameGapsOver50: 0,
    lastKeyAt: 0,
    /** When the list's request for a search (its first page) left and when its answer was in, by search text. */
    answered: new Map<string, { sentAt: number; at: number }>(),
  }
  ;(window as unknown as { __ui: typeof ui }).__ui = ui
  // The field's input event, not keydown: Playwright types some characters without a keydown.
  addEventListener('input', (event) => (ui.lastKeyAt = event.timeStamp), { capture: true })
  const fetchAsTheAppDoes = window.fetch.bind(window)
  window.fetch = async (input, init) => {
    const sentAt = performance.now()
    const response = await fetchAsTheAppDoes(input, init)
    if (String(input).includes('/api/rpc/devices:list-devices') && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { search?: string; position?: number }
      if (!body.position)
        void response
          .clone()
          .text()
          .then(() => ui.answered.set(body.search ?? '', { sentAt, at: performance.now() }))
    }
    return response
  }
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => ui.longTasks.push(entry.duration))).observe({ type: 'longtask', buffered: true })
  // durationThreshold is Event Timing's own option (not in TypeScript's DOM types for observe()).
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => ui.events.push(entry.duration))).observe({
    type: 'event',
    buffered: true,
    durationThreshold: 16,
  } as PerformanceObserverInit)
  let last = performance.now()
  const tick = (now: number) => {
    const gap = now - last
    last = now
    ui.maxFrameGap = Math.max(ui.maxFrameGap, gap)
    if (gap > 50) ui.frameGapsOver50++
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

/** The page's records since the last call, and a fresh start. */
async function takePageRecords(page: Page) {
  return page.evaluate(() => {
    const ui = (window as unknown as { __ui: { longTasks: number[]; events: number[]; maxFrameGap: number; frameGapsOver50: number } }).__ui
    const taken = { longTasks: [...ui.longTasks], events: [...ui.events], maxFrameGap: ui.maxFrameGap, frameGapsOver50: ui.frameGapsOver50 }
    ui.longTasks.length = 0
    ui.events.length = 0
    ui.maxFrameGap = 0
    ui.frameGapsOver50 = 0
    return taken
  })
}

interface Probes {
  searchMs: number[]
  listRequestMs: number[]
  searchFound: number
  /** Searches that missed their device while the list said the search was behind the download. */
  searchSaidBehind: number
  jumpMs: number[]
  /** Jumps whose rows were still placeholders a minute later. */
  jumpsNotDrawn: number
  scanMs: number[]
  scanFromCacheMs: number[]
}
const emptyProbes = (): Probes => ({
  searchMs: [],
  listRequestMs: [],
  searchFound: 0,
  searchSaidBehind: 0,
  jumpMs: [],
  jumpsNotDrawn: 0,
  scanMs: [],
  scanFromCacheMs: [],
})

async function openDevices(page: Page) {
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Devices/ })
    .click()
  await page.getByRole('heading', { name: 'Autopilot devices' }).waitFor()
}

/** A device the cache holds now, somewhere in the serial order. */
async function someDevice(app: { origin: string; token: string }, i: number) {
  const { total } = await rpc<Listed>(app, 'devices:list-devices', { limit: 1 })
  if (total === 0) return null
  const position = Math.floor((((i * 7919) % 1000) / 1000) * total)
  return (await rpc<Listed>(app, 'devices:list-devices', { limit: 1, position })).items[0] ?? null
}

async function searchProbe(page: Page, app: { origin: string; token: string }, i: number, into: Probes) {
  const device = await someDevice(app, i)
  if (!device) return page.waitForTimeout(100) // nothing cached yet
  // A whole serial, as a scanner types it: the trigram index once the load has built it (a first load
  // bound by SQLite builds it at the end, so until then the list answers "no match").
  const query = device.serialNumber
  const box = page.getByLabel(searchLabel)
  await box.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.type(query, { delay: 30 })
  // In the page: from the last key to the first frame after the list's answer for this text, and
  // whether the device's row was drawn within three frames of that answer.
  const shown = await page.evaluate(
    ({ id, query }) =>
      new Promise<{ ms: number; found: boolean; requestMs: number }>((resolve) => {
        const ui = (window as unknown as { __ui: { lastKeyAt: number; answered: Map<string, { sentAt: number; at: number }> } }).__ui
        let framesSinceAnswer = 0
        let firstFrame = 0
        const check = (now: number) => {
          const answer = ui.answered.get(query)
          if (answer !== undefined) {
            if (framesSinceAnswer++ === 0) firstFrame = now
            const found = document.querySelector(`tr[data-device-id="${id}"]`) !== null
            if (found || framesSinceAnswer >= 3) {
              ui.answered.delete(query)
              return resolve({ ms: (found ? now : firstFrame) - ui.lastKeyAt, found, requestMs: answer.at - answer.sentAt })
            }
          }
          requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      }),
    { id: device.id, query },
  )
  into.searchMs.push(shown.ms)
  into.listRequestMs.push(shown.requestMs)
  if (shown.found) into.searchFound++
  else if (await page.getByTestId('devices-search-behind').isVisible()) into.searchSaidBehind++
  // Back to the whole list for the jumps.
  await box.click()
  await page.keyboard.press('Control+A')
  await page.keyboard.press('Backspace')
  await page.locator('[data-testid="devices-count"]').waitFor()
}

async function jumpProbe(page: Page, into: Probes) {
  const list = page.getByTestId('devices-scroller')
  await list.focus()
  for (const key of ['End', 'Home']) {
    const started = performance.now()
    await page.keyboard.press(key)
    // Every visible row drawn (no "Loading…" placeholders), checked at each frame; a minute without counts as such.
    const drawn = await page
      .waitForFunction(
        () => {
          const scroller = document.querySelector('[data-testid="devices-scroller"]')
          if (!scroller) return false
          const box = scroller.getBoundingClientRect()
          return ![...document.querySelectorAll('.devices-table__placeholder')].some((row) => {
            const r = row.getBoundingClientRect()
            return r.bottom > box.top && r.top < box.bottom
          })
        },
        undefined,
        { polling: 'raf', timeout: 60_000 },
      )
      .then(
        () => true,
        () => false,
      )
    if (drawn) into.jumpMs.push(performance.now() - started)
    else into.jumpsNotDrawn++
  }
}

async function scanProbe(page: Page, app: { origin: string; token: string }, i: number, into: Probes) {
  const device = await someDevice(app, i + 500)
  if (!device) return
  const started = performance.now()
  await page.keyboard.press('F2')
  const field = page.getByTestId('scan-input')
  await field.fill(buildWindowsQrPayload({ id: randomUUID(), ztdId: device.id, serialNumber: device.serialNumber }))
  await field.press('Enter')
  await page.locator(`[data-testid="scan-result"][data-status="found"][data-device-id="${device.id}"]`).waitFor({ timeout: 60_000 })
  into.scanMs.push(performance.now() - started)
  const shown = (await page.getByTestId('scan-source').textContent()) ?? ''
  const ms = Number(/shown in (\d+) ms/.exec(shown)?.[1] ?? NaN)
  if (Number.isFinite(ms)) into.scanFromCacheMs.push(ms)
  await openDevices(page)
}

const summary = (values: number[]) =>
  values.length === 0
    ? null
    : { n: values.length, p50: round(percentile(values, 50), 1), p95: round(percentile(values, 95), 1), max: round(Math.max(...values), 1) }

function report(probes: Probes, records: Awaited<ReturnType<typeof takePageRecords>>) {
  return {
    searchMs: summary(probes.searchMs),
    searchFound: `${probes.searchFound} of ${probes.searchMs.length}`,
    searchSaidBehind: probes.searchSaidBehind,
    listRequestMs: summary(probes.listRequestMs),
    jumpMs: summary(probes.jumpMs),
    jumpsNotDrawnInAMinute: probes.jumpsNotDrawn,
    scanMs: summary(probes.scanMs),
    scanFromCacheMs: summary(probes.scanFromCacheMs),
    longTasks: records.longTasks.length,
    maxLongTaskMs: round(Math.max(0, ...records.longTasks), 1),
    maxEventMs: round(Math.max(0, ...records.events), 1),
    maxFrameGapMs: round(records.maxFrameGap, 1),
    frameGapsOver50: records.frameGapsOver50,
  }
}

async function main() {
  if (!existsSync('out/renderer/index.html')) throw new Error('out/renderer is missing: run `npm run build` first.')
  const faults = pageLatencyMs > 0 ? `latency=always:ms=${Math.round(pageLatencyMs)}` : ''
  const mock = await startStandaloneMock(['--devices', String(devices), '--seed', '7', '--token', token, '--throttle', 'off', '--faults', faults])
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-bench-ui-sync-'))
  const browser = await chromium.launch(config.use?.launchOptions)
  try {
    const started = performance.now()
    const web = await startWebApp({
      dataDir,
      port: 0,
      staticDir: 'out/renderer',
      workerPath: await bundleDbWorker(),
      appVersion: 'bench',
      tenant: { id: 'bench', displayName: 'Bench', kind: 'graph', graphBaseUrl: `${mock.url}/beta`, getToken: async () => token, close: async () => undefined },
    })
    const app = { origin: new URL(web.url).origin, token: new URL(web.url).hash.replace('#token=', '') }
    // startWebApp starts the first sync without waiting for it; idle() means something once it runs.
    while (!(await web.core.sync.status()).running) await new Promise((resolve) => setTimeout(resolve, 5))
    let syncedAt = 0
    const synced = web.core.sync.idle().then(() => (syncedAt = performance.now()))
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.addInitScript(pageProbes)
    await page.goto(web.url)
    await page.getByRole('heading', { name: 'Bench', level: 1 }).waitFor()
    await openDevices(page)
    // Loading the app (its scripts, the first render) is its own long task: reported apart.
    const launchRecords = await takePageRecords(page)

    const during = emptyProbes()
    for (let i = 0; syncedAt === 0; i++) {
      await searchProbe(page, app, i, during)
      if (syncedAt === 0) await jumpProbe(page, during)
      if (syncedAt === 0) await scanProbe(page, app, i, during)
    }
    await synced
    const duringRecords = await takePageRecords(page)
    const status = await web.core.sync.status()
    if (status.lastError) throw new Error(`sync failed: ${status.lastError.message}`)
    const pages = Math.ceil(devices / 1000)
    // How the first load indexed (the sync's 'sync complete' line): page by page as Graph set the pace, or all at its end.
    const completed = readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"sync complete"'))
      .map((line) => JSON.parse(line) as { indexedAsItLoaded?: boolean })
      .at(0)

    const idle = emptyProbes()
    for (let i = 0; i < samples; i++) {
      await searchProbe(page, app, 1000 + i, idle)
      await jumpProbe(page, idle)
      await scanProbe(page, app, 1000 + i, idle)
    }
    const idleRecords = await takePageRecords(page)
    await web.close()
    const seconds = (syncedAt - started) / 1000
    console.log(
      JSON.stringify(
        {
          devices,
          pages,
          pageLatencyMs,
          syncSeconds: round(seconds, 2),
          ratioToLatencyFloor: pageLatencyMs > 0 ? round(seconds / ((pages * pageLatencyMs) / 1000), 3) : null,
          indexedAsItLoaded: completed?.indexedAsItLoaded ?? null,
          launch: { longTasks: launchRecords.longTasks.length, maxLongTaskMs: round(Math.max(0, ...launchRecords.longTasks), 1) },
          duringSync: report(during, duringRecords),
          idle: report(idle, idleRecords),
          note: 'searchMs includes the list’s 150 ms debounce; the browser, the app and the mock share the machine’s cores',
        },
        null,
        2,
      ),
    )
  } finally {
    await browser.close()
    await mock.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
