import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createCore, type CoreOptions } from '@core/create-core'
import { startApp } from '@main/shell/start-app'
import { createFakeElectron, type FakeBrowserWindow } from '@support/fake-electron'
import { useTempDirs, workerPath } from '@support/temp-dir'

const tempDir = useTempDirs()

describe('startApp with the real core (fake Electron, unreachable tenant)', () => {
  it('answers IPC from the window through the real handlers and closes cleanly on quit', async () => {
    const dataDir = tempDir('ab-shell-')
    const fake = createFakeElectron()
    const server = { url: 'http://127.0.0.1:9', token: 'embedded-mock-token-0001', close: vi.fn(async () => undefined) }
    const started = startApp({
      electron: fake as never,
      startMockIntune: async () => server,
      mainDir: '/app/out/main',
      env: { AB_DATA_DIR: dataDir },
      processLike: { on: vi.fn() },
      // The app's worker is out/main/db-worker.js; tests use the copy global setup bundled. The
      // start-up sync is skipped: against a refusing tenant it retries for ~5 s, and closing waits
      // for it (start-app.test.ts checks that the sync is started).
      createCore: async (options: CoreOptions) => {
        expect(options.workerPath).toBe('/app/out/main/db-worker.js')
        const core = await createCore({ ...options, workerPath: workerPath() })
        core.sync.start = async () => ({ runId: 'skipped' })
        return core
      },
    })
    fake.app.becomeReady()
    const running = await started
    expect(running).not.toBeNull()
    const win = fake.BrowserWindow.instances[0] as FakeBrowserWindow
    const fromWindow = { sender: win.webContents, senderFrame: { url: 'app://bench/', parent: null } }

    await expect(fake.ipcMain.invoke('app:get-info', fromWindow, {})).resolves.toMatchObject({
      ok: true,
      value: { transport: 'ipc', version: '0.0.0-test', tenant: { kind: 'embedded-mock' } },
    })
    await expect(fake.ipcMain.invoke('devices:list-devices', fromWindow, { bogus: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(existsSync(join(dataDir, 'autopilot-bench.lock'))).toBe(true)

    fake.app.quit()
    await vi.waitFor(() => expect(fake.app.exits).toEqual([0]), { timeout: 10_000 })
    expect(server.close).toHaveBeenCalledTimes(1)
    expect(existsSync(join(dataDir, 'autopilot-bench.lock'))).toBe(false)
  })
})
