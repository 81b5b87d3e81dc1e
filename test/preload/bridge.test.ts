import { describe, expect, it, vi } from 'vitest'
import { createBridge } from '@preload/bridge'
import { channelNames, eventNames } from '@shared/channels'
import { FakeIpcRenderer } from '@support/fake-electron'

function setup() {
  const ipc = new FakeIpcRenderer()
  return { ipc, bridge: createBridge(ipc as never) }
}

describe('preload bridge: invoke', () => {
  it.each(channelNames)('forwards the contract channel %s to ipcRenderer.invoke', async (channel) => {
    const { ipc, bridge } = setup()
    ipc.invokeResult = async () => ({ ok: true, value: 'v' })
    await expect(bridge.invoke(channel, { a: 1 })).resolves.toEqual({ ok: true, value: 'v' })
    expect(ipc.invoked).toEqual([{ channel, args: [{ a: 1 }] }])
  })

  it.each([
    'app:shutdown',
    'data:changed', // an event name, not a channel
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'APP:GET-INFO',
    ' app:get-info',
    '',
    42,
    null,
    undefined,
    { toString: () => 'app:get-info' },
  ])('refuses channel %j with an invalid envelope and no IPC', async (channel) => {
    const { ipc, bridge } = setup()
    await expect(bridge.invoke(channel as string, {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(ipc.invoked).toEqual([])
  })

  it('turns a rejected invoke (no handler in main) into an internal envelope', async () => {
    const { ipc, bridge } = setup()
    ipc.invokeResult = () => Promise.reject(new Error("No handler registered for 'app:get-info'"))
    await expect(bridge.invoke('app:get-info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: "No handler registered for 'app:get-info'" },
    })
  })
})

describe('preload bridge: on', () => {
  it.each(eventNames)('delivers %s payloads without the IpcRendererEvent', (event) => {
    const { ipc, bridge } = setup()
    const listener = vi.fn()
    bridge.on(event, listener)
    ipc.emitFromMain(event, { hello: 1 })
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([{ hello: 1 }]) // exactly one argument: no event, no sender
  })

  it('really unsubscribes', () => {
    const { ipc, bridge } = setup()
    const listener = vi.fn()
    const off = bridge.on('sync:progress', listener)
    expect(ipc.listenerCount('sync:progress')).toBe(1)
    off()
    expect(ipc.listenerCount('sync:progress')).toBe(0)
    ipc.emitFromMain('sync:progress', { runId: 'r' })
    expect(listener).not.toHaveBeenCalled()
    off() // idempotent
    expect(ipc.listenerCount('sync:progress')).toBe(0)
  })

  it('unsubscribes only its own subscription when a listener is added twice', () => {
    const { ipc, bridge } = setup()
    const listener = vi.fn()
    const offFirst = bridge.on('data:changed', listener)
    bridge.on('data:changed', listener)
    offFirst()
    ipc.emitFromMain('data:changed', { topics: [] })
    expect(listener).toHaveBeenCalledTimes(1)
  })

  it.each(['app:get-info', 'ipc-message', '__proto__', 'constructor', 'DB:CHANGED', '', 7, null])('refuses event %j', (event) => {
    const { ipc, bridge } = setup()
    expect(() => bridge.on(event as string, () => undefined)).toThrow(/Unknown event/)
    expect(ipc.eventNames()).toEqual([])
  })

  it('refuses a listener that is not a function', () => {
    const { ipc, bridge } = setup()
    expect(() => bridge.on('data:changed', 'alert(1)' as never)).toThrow(TypeError)
    expect(ipc.eventNames()).toEqual([])
  })
})

describe('preload bridge: synchronous failures', () => {
  it('turns a synchronous throw from ipcRenderer.invoke (uncloneable request) into an envelope', async () => {
    const { ipc, bridge } = setup()
    ipc.invokeResult = () => {
      throw new Error('An object could not be cloned.')
    }
    await expect(bridge.invoke('app:get-info', { fn: () => 1 })).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
