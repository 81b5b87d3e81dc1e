import { describe, expect, it, vi } from 'vitest'
import { registerIpc } from '@core/ipc/register-ipc'
import { AppFailure } from '@core/app-error'
import { channelNames } from '@shared/channels'
import { fakeHandlers, fakeIpcMain, recordingLog } from '@support/ipc-fixtures'

const appWindow = { id: 'main-window-contents' }
const trustedEvent = { sender: appWindow, senderFrame: { url: 'app://bench/', parent: null } }
const onlyAppWindow = (event: { sender: unknown; senderFrame?: { url?: string } | null }) =>
  event.sender === appWindow && event.senderFrame?.url === 'app://bench/'

function setup(overrides: Parameters<typeof fakeHandlers>[0] = {}, timeoutMs?: number) {
  const ipc = fakeIpcMain()
  const handlers = fakeHandlers(overrides)
  const log = recordingLog()
  const unregister = registerIpc(ipc, handlers, { isTrustedSender: onlyAppWindow, log, timeoutMs })
  return { ipc, handlers, log, unregister }
}

describe('registerIpc', () => {
  it('registers exactly the contract channels', () => {
    const { ipc } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual([...channelNames].sort())
  })

  it('answers a trusted request with the handler value in an envelope', async () => {
    const { ipc, handlers } = setup()
    await expect(ipc.invoke('sync:start-sync', trustedEvent, {})).resolves.toEqual({ ok: true, value: { runId: 'run-1' } })
    expect(handlers['sync:start-sync']).toHaveBeenCalledTimes(1)
    expect(handlers['sync:start-sync'].mock.calls[0]?.[0]).toEqual({})
  })

  it('passes the validated payload to the handler', async () => {
    const { ipc, handlers } = setup()
    await ipc.invoke('prefs:get-preference', trustedEvent, { key: 'ui.timeZone' })
    expect(handlers['prefs:get-preference'].mock.calls[0]?.[0]).toEqual({ key: 'ui.timeZone' })
  })

  it('refuses a foreign sender without calling the handler', async () => {
    const { ipc, handlers, log } = setup()
    const result = await ipc.invoke('sync:start-sync', { sender: { id: 'other' }, senderFrame: { url: 'app://bench/' } }, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(handlers['sync:start-sync']).not.toHaveBeenCalled()
    expect(log.lines.some((line) => line.level === 'warn' && /untrusted sender/.test(line.msg))).toBe(true)
  })

  it('refuses a foreign frame URL in our own window', async () => {
    const { ipc, handlers } = setup()
    const result = await ipc.invoke('app:get-info', { sender: appWindow, senderFrame: { url: 'https://evil.example/' } }, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(handlers['app:get-info']).not.toHaveBeenCalled()
  })

  it('treats a throwing sender check as untrusted', async () => {
    const ipc = fakeIpcMain()
    const handlers = fakeHandlers()
    registerIpc(ipc, handlers, {
      isTrustedSender: () => {
        throw new Error('frame disposed')
      },
      log: recordingLog(),
    })
    await expect(ipc.invoke('app:get-info', trustedEvent, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(handlers['app:get-info']).not.toHaveBeenCalled()
  })

  it.each([
    ['wrong type', { key: 42 }],
    ['unknown key', { key: 'not.a.pref' }],
    ['extra field', { key: 'ui.timeZone', extra: true }],
    ['not an object', 'ui.timeZone'],
    ['prototype pollution attempt', JSON.parse('{"key":"ui.timeZone","__proto__":{"polluted":true}}')],
  ])('answers invalid for a bad payload (%s) without calling the handler', async (_label, payload) => {
    const { ipc, handlers } = setup()
    const result = await ipc.invoke('prefs:get-preference', trustedEvent, payload)
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(handlers['prefs:get-preference']).not.toHaveBeenCalled()
  })

  it('wraps a thrown error into an internal envelope', async () => {
    const { ipc } = setup({
      'sync:get-status': async () => {
        throw new Error('boom')
      },
    })
    await expect(ipc.invoke('sync:get-status', trustedEvent, {})).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'boom' } })
  })

  it('keeps the code of an AppFailure', async () => {
    const { ipc } = setup({
      'sync:start-sync': async () => {
        throw new AppFailure('busy', 'already syncing')
      },
    })
    await expect(ipc.invoke('sync:start-sync', trustedEvent, {})).resolves.toEqual({ ok: false, error: { code: 'busy', message: 'already syncing' } })
  })

  it('answers timeout when a handler hangs', async () => {
    const { ipc } = setup({ 'sync:get-status': () => new Promise(() => undefined) }, 30)
    await expect(ipc.invoke('sync:get-status', trustedEvent, {})).resolves.toMatchObject({ ok: false, error: { code: 'timeout' } })
  })

  it('answers internal when a handler returns something outside the contract', async () => {
    const { ipc } = setup({ 'sync:start-sync': async () => ({ runId: 42 }) })
    await expect(ipc.invoke('sync:start-sync', trustedEvent, {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('can be registered again (stale handlers are removed first) and unregistered', () => {
    const ipc = fakeIpcMain()
    const options = { isTrustedSender: onlyAppWindow, log: recordingLog() }
    registerIpc(ipc, fakeHandlers(), options)
    const unregister = registerIpc(ipc, fakeHandlers(), options)
    expect(ipc.handlers.size).toBe(channelNames.length)
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('never rejects: the renderer always gets an envelope', async () => {
    const { ipc } = setup({ 'app:get-info': vi.fn(() => Promise.reject('not even an Error')) })
    await expect(ipc.invoke('app:get-info', trustedEvent, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
