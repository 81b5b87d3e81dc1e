/**
 * `npm run bench:scan` (after `npm run build`): scan → device card from the local cache, measured by
 * the app itself. Starts the built browser-mode app on a fresh data folder (embedded demo tenant,
 * synced at start), opens it in Debian's Chromium, and "scans" devices spread over the tenant the
 * way a USB wedge scanner or a paste does: the exact Windows QR text into the scan field, then Enter.
 * For each scan it reads the card's "shown in N ms" — the scan store's time from Enter to the cached
 * device in the card (the online refresh by id follows and is not part of it). Prints JSON.
 * Target: ≤ 50 ms (docs/benchmarks.md). Options: --scans N (60), --warmup N (5).
 */
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { chromium } from '@playwright/test'
import config from '../playwright.config'
import { buildWindowsQrPayload } from '../src/qr/payload/windows-payload'
import { rpc, startBuiltWebApp } from '../test/support/built-web-app'
import { argValue, percentile, round } from './support/stats'

interface Listed {
  items: { id: string; serialNumber: string }[]
  total: number
}

async function main(): Promise<void> {
  const scans = argValue('scans', 60)
  const warmup = argValue('warmup', 5)
  const app = await startBuiltWebApp()
  // The e2e suite's Chromium and flags (playwright.config.ts fails loudly when Chromium is missing).
  const browser = await chromium.launch(config.use?.launchOptions)
  try {
    const page = await browser.newPage()
    await page.goto(app.url)
    // The app opens on the Bench (F2 scans from any screen).
    await page.getByRole('heading', { name: 'Bench', level: 1 }).waitFor()
    await page
      .getByTestId('status-bar')
      .filter({ hasText: /2,?000/ })
      .waitFor({ timeout: 60_000 })
    // Devices spread over the whole serial order (the cache lookup is by id, so order barely matters).
    const { total } = await rpc<Listed>(app, 'devices:list-devices', { limit: 1 })
    const devices: Listed['items'] = []
    for (let i = 0; i < warmup + scans; i++) {
      const position = Math.floor(((i + 0.5) * total) / (warmup + scans))
      devices.push(...(await rpc<Listed>(app, 'devices:list-devices', { limit: 1, position })).items)
    }
    const times: number[] = []
    for (const [index, device] of devices.entries()) {
      await page.keyboard.press('F2')
      const field = page.getByTestId('scan-input')
      await field.fill(buildWindowsQrPayload({ id: randomUUID(), ztdId: device.id, serialNumber: device.serialNumber }))
      await field.press('Enter')
      await page.locator(`[data-testid="scan-result"][data-status="found"][data-device-id="${device.id}"]`).waitFor()
      const shown = (await page.getByTestId('scan-source').textContent()) ?? ''
      const ms = Number(/shown in (\d+) ms/.exec(shown)?.[1] ?? NaN)
      if (!Number.isFinite(ms)) throw new Error(`scan ${index}: the card did not come from the cache first ("${shown}")`)
      if (index >= warmup) times.push(ms)
      // Let the online refresh finish, so the next scan starts from the same state.
      await page.getByTestId('scan-source').and(page.locator('[data-source="online"]')).waitFor()
    }
    console.log(
      JSON.stringify(
        {
          scans: times.length,
          scanToCardFromCacheMs: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: Math.max(...times) },
          target: { p95Ms: 50 },
          note: 'whole-millisecond timings as the app shows them; browser mode (loopback HTTP transport) in Chromium',
        },
        null,
        2,
      ),
    )
  } finally {
    await browser.close()
    await app.stop()
    rmSync(app.dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
