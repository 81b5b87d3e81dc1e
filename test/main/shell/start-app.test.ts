import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { setAsideLogMessage } from '@core/demo-tenant-state'
import type { Core, CoreOptions } from '@core/create-core'
import { DataDirBusyError } from '@core/db/data-dir-lock'
import { createEventBus } from '@core/event-bus'
import { startApp, type StartAppDeps } from '@main/shell/start-app'
import { channelNames } from '@shared/channels'
import { createFakeElectron, type FakeBrowserWindow } from '@support/fake-electron'
import { fakeHandlers, recordingLog } from '@support/ipc-fixtures'

const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function fakeCore() {
  const log = recordingLog()
  return {
    bus: createEventBus(),
    log: { ...log, addSecret: () => undefined, withCorrelation: () => log },
    close: vi.fn(async () => undefined),
    sync: { start: vi.fn(async () => ({ runId: 'r1' })) },
  }
}

function setup(overrides: Partial<StartAppDeps> = {}, env: NodeJS.ProcessEnv = {}) {
  const fake = createFakeElectron()
  const core = fakeCore()
  const server = { url: 'http://127.0.0.1:5555', token: 'mock-token', close: vi.fn(async () => undefined) }
  const createCore = vi.fn(async (_options: CoreOptions) => core as unknown as Core)
  const handlers = fakeHandlers()
  const processLike = { on: vi.fn() }
  const deps: StartAppDeps = {
    electron: fake as never,
    startMockIntune: vi.fn(async () => server),
    mainDir: '/app/out/main',
    env,
    processLike,
    createCore,
    createHandlers: () => handlers,
    ...overrides,
  }
  const started = startApp(deps)
  return { fake, core, server, createCore, handlers, processLike, started, deps }
}

async function ready(overrides: Partial<StartAppDeps> = {}, env: NodeJS.ProcessEnv = {}) {
  const ctx = setup(overrides, env)
  ctx.fake.app.becomeReady()
  const running = await ctx.started
  const win = ctx.fake.BrowserWindow.instances[0] as FakeBrowserWindow
  return { ...ctx, running, win }
}

describe('startApp', () => {
  it('registers the privileged scheme before ready, and nothing else yet', () => {
    const { fake, processLike } = setup()
    expect(fake.protocol.privileged).toHaveLength(1)
    expect(fake.protocol.handlers.size).toBe(0)
    expect(fake.BrowserWindow.instances).toHaveLength(0)
    expect(processLike.on.mock.calls.map(([name]) => name).sort()).toEqual(['uncaughtException', 'unhandledRejection'])
  })

  it('quits at once when another instance holds the lock', async () => {
    const fake = createFakeElectron()
    fake.app.singleInstance = false
    const startMockIntune = vi.fn()
    await expect(startApp({ electron: fake as never, startMockIntune, mainDir: '/x', env: {}, processLike: { on: vi.fn() } })).resolves.toBeNull()
    expect(fake.app.quits).toBe(1)
    expect(startMockIntune).not.toHaveBeenCalled()
    expect(fake.protocol.privileged).toHaveLength(0)
  })

  it('points userData and the core at AB_DATA_DIR', async () => {
    const { fake, createCore } = await ready({}, { AB_DATA_DIR: '/tmp/ab-e2e-1' })
    expect(fake.app.getPath('userData')).toBe('/tmp/ab-e2e-1')
    expect(createCore.mock.calls[0]?.[0].dataDir).toBe('/tmp/ab-e2e-1')
  })

  it('starts the core on the embedded mock tenant with the bundled worker', async () => {
    const { createCore, core } = await ready()
    const options = createCore.mock.calls[0]![0]
    expect(options).toMatchObject({ dataDir: '/fake/userData', workerPath: '/app/out/main/db-worker.js', appVersion: '0.0.0-test', transport: 'ipc' })
    expect(options.tenant.kind).toBe('embedded-mock')
    expect(options.tenant.graphBaseUrl).toBe('http://127.0.0.1:5555/beta')
    expect(core.sync.start).toHaveBeenCalledTimes(1)
  })

  it('gives the embedded mock a random token made for this launch, and the core the same one', async () => {
    const tokens: string[] = []
    for (let launch = 0; launch < 2; launch++) {
      const { createCore, deps } = await ready()
      const given = vi.mocked(deps.startMockIntune).mock.calls[0]![0]
      expect(given.port).toBe(0)
      expect(given.token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits, base64url
      const tenantToken = await createCore.mock.calls[0]![0].tenant.getToken()
      expect(tenantToken).toBe(given.token)
      expect(tenantToken).not.toBe('mock-token') // not whatever the server object carries
      tokens.push(tenantToken)
    }
    expect(tokens[0]).not.toBe(tokens[1])
  })

  it("keeps the demo tenant's state in the data folder; a file the mock refuses is moved aside, logged, and the mock starts fresh", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ab-shell-demo-'))
    try {
      const stateFile = join(dataDir, 'demo-tenant.json')
      writeFileSync(stateFile, '{"damaged')
      const server = { url: 'http://127.0.0.1:5555', token: 'mock-token', close: vi.fn(async () => undefined) }
      const startMockIntune = vi.fn(async ({ stateFile: file }: { stateFile?: string }) => {
        // As the mock's thread reports it: only the error's name and message cross.
        if (file && existsSync(file)) throw Object.assign(new Error(`state file ${file} is not readable JSON`), { name: 'StateFileError' })
        return server
      })
      const { core, createCore } = await ready({ startMockIntune }, { AB_DATA_DIR: dataDir })
      expect(startMockIntune.mock.calls.map(([options]) => options.stateFile)).toEqual([stateFile, stateFile])
      expect(createCore).toHaveBeenCalledTimes(1)
      const aside = readdirSync(dataDir).filter((name) => name.startsWith('demo-tenant.unreadable-'))
      expect(aside).toHaveLength(1)
      expect(readFileSync(join(dataDir, aside[0]!), 'utf8')).toBe('{"damaged')
      const line = core.log.lines.find((entry) => entry.msg === setAsideLogMessage)
      expect(line?.level).toBe('warn')
      expect(JSON.stringify(line?.fields)).toContain(aside[0])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it("logs the demo tenant's mock failing after start (its thread's onError)", async () => {
    const { core, deps } = await ready()
    const given = vi.mocked(deps.startMockIntune).mock.calls[0]![0]
    given.onError(new Error('the mock thread ran out of memory'))
    const line = core.log.lines.find((entry) => entry.msg === "the demo tenant's mock Intune stopped")
    expect(line?.level).toBe('error')
    expect(JSON.stringify(line?.fields)).toContain('the mock thread ran out of memory')
  })

  it('serves out/renderer over app:// and guards the session', async () => {
    const { fake } = await ready()
    expect(fake.protocol.handlers.has('app')).toBe(true)
    const ses = fake.session.defaultSession
    await expect(ses.request('geolocation', { requestingUrl: 'app://bench/' })).resolves.toBe(false)
    await expect(ses.request('media', { mediaTypes: ['video'], requestingUrl: 'app://bench/' })).resolves.toBe(true)
  })

  it('opens one guarded window with the preload next to the main bundle', async () => {
    const { win, fake } = await ready()
    expect(fake.BrowserWindow.instances).toHaveLength(1)
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBe('/app/out/preload/index.cjs')
    expect(win.webContents.windowOpenHandler).toBeTypeOf('function')
  })

  it('registers IPC for every channel and trusts only the window on the app origin', async () => {
    const { fake, win, handlers } = await ready()
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort())
    const fromWindow = { sender: win.webContents, senderFrame: { url: 'app://bench/', parent: null } }
    await expect(fake.ipcMain.invoke('sync:start-sync', fromWindow, {})).resolves.toEqual({ ok: true, value: { runId: 'run-1' } })
    const fromElsewhere = { sender: {}, senderFrame: { url: 'app://bench/', parent: null } }
    await expect(fake.ipcMain.invoke('sync:start-sync', fromElsewhere, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const wrongPage = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } }
    await expect(fake.ipcMain.invoke('sync:start-sync', wrongPage, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(handlers['sync:start-sync']).toHaveBeenCalledTimes(1)
  })

  it('stops trusting a window once it closed', async () => {
    const { fake, win } = await ready()
    const fromWindow = { sender: win.webContents, senderFrame: { url: 'app://bench/', parent: null } }
    win.close()
    await expect(fake.ipcMain.invoke('app:get-info', fromWindow, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('forwards core events to the window until it closes', async () => {
    const { core, win } = await ready()
    core.bus.emit('data:changed', { topics: ['devices'] })
    expect(win.webContents.sent).toEqual([{ channel: 'data:changed', payload: { topics: ['devices'] } }])
    win.close()
    core.bus.emit('data:changed', { topics: ['devices'] })
    expect(win.webContents.sent).toHaveLength(1)
    expect(core.bus.size).toBe(0)
  })

  it('closes the core once when the last window closes, then exits', async () => {
    const { fake, core, win } = await ready()
    win.close()
    fake.app.emit('window-all-closed')
    await flush()
    expect(fake.app.quits).toBe(1)
    expect(core.close).toHaveBeenCalledTimes(1)
    expect(fake.app.exits).toEqual([0])
  })

  it('focuses the existing window for a second instance', async () => {
    const { fake, win } = await ready()
    win.minimized = true
    fake.app.emit('second-instance')
    expect(win.minimized).toBe(false)
    expect(win.focused).toBe(1)
    expect(fake.BrowserWindow.instances).toHaveLength(1)
  })

  it('explains a busy data folder and exits without a window', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const busy = new DataDirBusyError('/data', 4242)
    const { fake, server, running } = await ready({ createCore: vi.fn(async () => Promise.reject(busy)) })
    expect(running).toBeNull()
    expect(fake.dialog.errorBoxes).toEqual([{ title: 'Autopilot Bench is already running', content: busy.message }])
    expect(fake.app.exits).toEqual([1])
    expect(server.close).toHaveBeenCalledTimes(1)
    expect(fake.BrowserWindow.instances).toHaveLength(0)
    expect(fake.ipcMain.handlers.size).toBe(0)
    expect(consoleError).toHaveBeenCalled() // no file log exists yet: the console is all there is
    consoleError.mockRestore()
  })

  it('explains any other start-up failure', async () => {
    vi.spyOn(console, 'error').mockImplementationOnce(() => undefined)
    const { fake, running } = await ready({ startMockIntune: vi.fn(async () => Promise.reject(new Error('EADDRINUSE'))) })
    expect(running).toBeNull()
    expect(fake.dialog.errorBoxes).toEqual([{ title: 'Autopilot Bench could not start', content: 'EADDRINUSE' }])
    expect(fake.app.exits).toEqual([1])
  })
})
