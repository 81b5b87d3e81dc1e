import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { buildCsp } from '@shared/csp'
import { createFakeElectron } from '@support/fake-electron'

const preload = 'out/preload/index.cjs'

/** Every `require(...)` call in a bundle, with its argument as written. */
const requiresIn = (code: string): string[] => [...code.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((match) => match[1]!.trim())

describe('Electron bundles (run `npm run build` first; npm test does)', () => {
  it('emits the main bundle and its database worker', () => {
    expect(existsSync('out/main/index.js'), 'out/main/index.js').toBe(true)
    expect(existsSync('out/main/db-worker.js'), 'out/main/db-worker.js').toBe(true)
  })

  it('emits the preload as one CommonJS file', () => {
    expect(existsSync(preload), preload).toBe(true)
    const code = readFileSync(preload, 'utf8')
    // A sandboxed preload cannot load ESM or split chunks (electron-vite #282, #423).
    expect(code).not.toMatch(/^\s*(import|export)\s/m)
  })

  it('requires nothing but electron from the sandboxed preload', () => {
    const found = requiresIn(readFileSync(preload, 'utf8'))
    expect(found.length).toBeGreaterThan(0)
    for (const argument of found) expect(argument, `preload requires ${argument}`).toMatch(/^(["'])electron\1$/)
  })

  it('exposes only window.api from the preload', () => {
    const code = readFileSync(preload, 'utf8')
    const exposures = [...code.matchAll(/exposeInMainWorld\(\s*(["'])([^"']+)\1/g)].map((match) => match[2])
    expect(exposures).toEqual(['api'])
  })
})

/**
 * Boots the real out/main/index.js under plain Node with test/support/fake-electron.ts standing in
 * for `electron` (hooked into Node's CJS loader, since the bundle require()s it natively). This is
 * what the unit tests cannot see: paths relative to the bundle's __dirname (renderer, preload,
 * db-worker.js), the embedded mock tenant, and a clean quit.
 */
describe('main bundle boots under a fake Electron', () => {
  it('serves the renderer, answers IPC from its window, and quits cleanly', async () => {
    const fake = createFakeElectron()
    const dataDir = mkdtempSync(join(tmpdir(), 'ab-bundle-'))
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown }
    const originalLoad = loader._load
    const listenersBefore = { rejection: process.listeners('unhandledRejection'), exception: process.listeners('uncaughtException') }
    const previousDataDir = process.env.AB_DATA_DIR
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? fake : originalLoad.call(this, request, ...rest)
    }
    process.env.AB_DATA_DIR = dataDir
    try {
      createRequire(import.meta.url)(resolve('out/main/index.js'))
      expect(fake.protocol.privileged).toHaveLength(1)
      fake.app.becomeReady()
      await vi.waitFor(() => expect(fake.BrowserWindow.instances.length + fake.app.exits.length).toBeGreaterThan(0), { timeout: 15_000 })
      expect(fake.dialog.errorBoxes).toEqual([])
      const win = fake.BrowserWindow.instances[0]!
      expect((win.options.webPreferences as Record<string, unknown>).preload).toBe(resolve('out/preload/index.cjs'))

      const serve = fake.protocol.handlers.get('app')!
      const page = await serve(new Request('app://bench/'))
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toBe(buildCsp())
      expect(await page.text()).toContain('<div id="root">')

      const fromWindow = { sender: win.webContents, senderFrame: { url: 'app://bench/', parent: null } }
      await expect(fake.ipcMain.invoke('app:get-info', fromWindow, {})).resolves.toMatchObject({ ok: true, value: { transport: 'ipc' } })
      // Let the start-up sync against the embedded mock finish: closing waits for a running sync.
      await vi.waitFor(
        async () => expect(await fake.ipcMain.invoke('sync:get-status', fromWindow, {})).toMatchObject({ ok: true, value: { running: false } }),
        { timeout: 30_000, interval: 200 },
      )

      fake.app.quit()
      await vi.waitFor(() => expect(fake.app.exits).toEqual([0]), { timeout: 15_000 })
      expect(existsSync(join(dataDir, 'autopilot-bench.lock'))).toBe(false)
    } finally {
      loader._load = originalLoad
      if (previousDataDir === undefined) delete process.env.AB_DATA_DIR
      else process.env.AB_DATA_DIR = previousDataDir
      for (const listener of process.listeners('unhandledRejection'))
        if (!listenersBefore.rejection.includes(listener)) process.off('unhandledRejection', listener)
      for (const listener of process.listeners('uncaughtException'))
        if (!listenersBefore.exception.includes(listener)) process.off('uncaughtException', listener)
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
