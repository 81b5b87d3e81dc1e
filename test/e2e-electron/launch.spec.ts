import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { buildCsp } from '@shared/csp'

/**
 * Launches the real built app in Electron. Only where the Electron binary exists: detected from the
 * files its installer leaves, never with require('electron'), which would start a download and
 * throw under plain Node (docs/architecture.md, "Only the shell imports Electron"). On Linux CI wrap the run in `xvfb-run`.
 */
const electronDir = resolve('node_modules/electron')
const hasElectronBinary = existsSync(join(electronDir, 'path.txt')) && existsSync(join(electronDir, 'dist'))
const mainEntry = resolve('out/main/index.js')

type PageWindow = { api?: Record<string, unknown>; require?: unknown; process?: unknown; module?: unknown }

test.describe('Electron shell', () => {
  test.skip(!hasElectronBinary, 'Electron binary not installed (node_modules/electron/path.txt missing) — run npm start on a machine that can download it')

  test('starts on a temp data folder, shows the devices, and gives the page only window.api', async () => {
    expect(existsSync(mainEntry), 'out/main/index.js is missing: run `npm run build` first').toBe(true)
    const dataDir = mkdtempSync(join(tmpdir(), 'ab-electron-'))
    // Keep DISPLAY and friends (playwright #11705); never leak ELECTRON_RUN_AS_NODE (it boots Electron as Node).
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value
    env.AB_DATA_DIR = dataDir
    // Chromium refuses to start as root with its OS sandbox on (CI containers); the renderer's
    // `sandbox: true` JavaScript environment is unaffected by this switch.
    const args = process.getuid?.() === 0 ? ['--no-sandbox', mainEntry] : [mainEntry]
    const app = await electron.launch({ args, env, timeout: 60_000 })
    try {
      const page = await app.firstWindow()
      await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible({ timeout: 30_000 })
      expect(page.url()).toMatch(/^app:\/\/bench\//)

      const surface = await page.evaluate(() => {
        const w = window as unknown as PageWindow
        return { api: Object.keys(w.api ?? {}).sort(), require: typeof w.require, process: typeof w.process, module: typeof w.module }
      })
      expect(surface).toEqual({ api: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined' })

      const info = await page.evaluate(() => (window as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('app:get-info', {}))
      expect(info).toMatchObject({ ok: true, value: { transport: 'ipc', tenant: { kind: 'embedded-mock' } } })

      // The protocol handler puts the CSP on every response, not only in a <meta> tag.
      const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'))
      expect(csp).toBe(buildCsp())

      // Navigation away from the app is cancelled by the shell.
      await page.evaluate(() => void (window.location.href = 'https://example.invalid/'))
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^app:\/\/bench\//)

      // The start-up sync against the embedded mock tenant fills the table.
      await expect.poll(() => page.getByRole('table').getByRole('row').count(), { timeout: 30_000 }).toBeGreaterThan(1)
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
