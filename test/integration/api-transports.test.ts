import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '@shared/api'
import type { EventName } from '@shared/channels'
import { createCore, type Core } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { registerIpc } from '@core/ipc/register-ipc'
import { createTrustedSenderCheck } from '@core/ipc/trusted-sender'
import type { SenderEvent } from '@core/ipc/ipc-types'
import { createBridge } from '@preload/bridge'
import { createIpcApi } from '@renderer/api/ipc-api'
import { createHttpApi } from '@renderer/api/http-api'
import { startWebApp } from '@web/start-web-app'
import { embeddedMockTenant } from '@core/tenant'
import { startMockIntune } from '@mock-intune'
import { workerPath } from '@support/temp-dir'

interface Harness {
  api: Api
  core: Core
  close(): Promise<void>
}

const tempDirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ab-api-'))
  tempDirs.push(dir)
  return dir
}
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const mockTenant = async () => embeddedMockTenant(await startMockIntune({ port: 0, seed: 5, devices: 120 }))

/** Electron IPC without Electron: the real adapter, sender check, preload bridge and renderer Api, joined by fakes of ipcMain/ipcRenderer/webContents. */
async function ipcHarness(): Promise<Harness> {
  const core = await createCore({ dataDir: tempDir(), tenant: await mockTenant(), workerPath: workerPath(), appVersion: 'suite', transport: 'ipc' })
  const webContents = { id: 1 }
  const rendererSide = new EventEmitter()
  const mainHandlers = new Map<string, (event: SenderEvent, payload: unknown) => Promise<unknown>>()
  registerIpc({ handle: (channel, fn) => void mainHandlers.set(channel, fn) }, createHandlers(core), {
    isTrustedSender: createTrustedSenderCheck(() => [webContents]),
    log: core.log,
  })
  const unsubscribe = core.bus.subscribe((name, payload) => rendererSide.emit(name, { sender: webContents }, payload))
  const event: SenderEvent = { sender: webContents, senderFrame: { url: 'app://bench/index.html', parent: null } }
  const ipcRenderer = {
    invoke: (channel: string, payload: unknown) => mainHandlers.get(channel)!(event, payload),
    on: (name: string, listener: (...args: unknown[]) => void) => rendererSide.on(name, listener),
    removeListener: (name: string, listener: (...args: unknown[]) => void) => rendererSide.removeListener(name, listener),
  }
  const api = createIpcApi(createBridge(ipcRenderer as never)) satisfies Api
  return { api, core, close: async () => (unsubscribe(), await core.close()) }
}

/** Browser mode: the real loopback server and the renderer's HTTP Api over real fetch. */
async function httpHarness(): Promise<Harness> {
  const staticDir = tempDir()
  const app = await startWebApp({ dataDir: tempDir(), port: 0, staticDir, workerPath: workerPath(), appVersion: 'suite', tenant: await mockTenant() })
  const api = createHttpApi({ baseUrl: app.origin, token: app.token }) satisfies Api
  return { api, core: app.core, close: app.close }
}

function nextEvent<E extends EventName>(api: Api, name: E, match: (payload: unknown) => boolean) {
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event`)), 10_000)
    const off = api.on(name, (payload) => {
      if (!match(payload)) return
      clearTimeout(timer)
      off()
      resolve(payload)
    })
  })
}

/** One contract suite, run over both transports: the renderer cannot tell them apart. */
for (const [transport, start] of [
  ['ipc', ipcHarness],
  ['http', httpHarness],
] as const) {
  describe(`Api over ${transport}`, () => {
    let h: Harness
    beforeAll(async () => {
      h = await start()
      await h.core.sync.idle()
      const status = await h.api.invoke('sync:get-status', {})
      if (!status.ok || status.value.deviceCount === 0) {
        await h.api.invoke('sync:start-sync', {})
        await h.core.sync.idle()
      }
    })
    afterAll(() => h?.close())

    it('reports app info with the transport in use', async () => {
      expect(await h.api.invoke('app:get-info', {})).toMatchObject({ ok: true, value: { transport, tenant: { kind: 'embedded-mock' } } })
    })

    it('lists the synced devices with keyset paging and search', async () => {
      const first = await h.api.invoke('devices:list-devices', { limit: 50 })
      if (!first.ok) throw new Error(first.error.message)
      expect(first.value.total).toBe(120)
      expect(first.value.items).toHaveLength(50)
      const second = await h.api.invoke('devices:list-devices', { limit: 50, after: first.value.next })
      if (!second.ok) throw new Error(second.error.message)
      expect(second.value.items[0]!.serialNumber > first.value.items[49]!.serialNumber).toBe(true)
      const serial = first.value.items[3]!.serialNumber
      const found = await h.api.invoke('devices:list-devices', { search: serial })
      expect(found.ok && found.value.items.map((d) => d.serialNumber)).toContain(serial)
    })

    it('answers bad payloads and unknown channels with `invalid` envelopes', async () => {
      expect(await h.api.invoke('devices:get-device', { id: 42 } as never)).toMatchObject({ ok: false, error: { code: 'invalid' } })
      expect(await h.api.invoke('devices:drop-all' as never, {} as never)).toMatchObject({ ok: false, error: { code: 'invalid' } })
    })

    it('delivers events and really unsubscribes', async () => {
      let calls = 0
      const off = h.api.on('data:changed', () => void calls++)
      const changed = nextEvent(h.api, 'data:changed', (p) => (p as { topics: string[] }).topics.includes('preferences'))
      await new Promise((resolve) => setTimeout(resolve, 100)) // the HTTP stream connects lazily
      expect(await h.api.invoke('prefs:set-preference', { key: 'devices.search', value: transport })).toEqual({ ok: true, value: {} })
      await changed
      expect(calls).toBeGreaterThan(0)
      off()
      const before = calls
      await h.api.invoke('prefs:set-preference', { key: 'devices.search', value: 'again' })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(calls).toBe(before)
      expect(await h.api.invoke('prefs:get-preference', { key: 'devices.search' })).toEqual({ ok: true, value: { value: 'again' } })
    })

    it('streams sync progress to the end', async () => {
      const done = nextEvent(h.api, 'sync:progress', (p) => (p as { phase: string }).phase === 'done')
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await h.api.invoke('sync:start-sync', {})).toMatchObject({ ok: true })
      expect(await done).toMatchObject({ phase: 'done', devices: 120 })
    })
  })
}
