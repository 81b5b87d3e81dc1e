import { describe, expect, it, vi } from 'vitest'
import { createPreferencesStore } from '@renderer/stores/preferences-store'
import { createDeviceActionsStore } from '@renderer/stores/device-actions-store'
import { createDiagnosticsStore } from '@renderer/stores/diagnostics-store'
import { createFakeApi, deferred, device, ok } from '@support/renderer/fake-api'

describe('preferences store', () => {
  it('reads a key once for every consumer, a value set meanwhile wins, and a failed save keeps the shown value', async () => {
    const held = deferred<ReturnType<typeof ok<{ value: string | number | boolean | null }>>>()
    const api = createFakeApi({
      'prefs:get-preference': () => held.promise,
      'prefs:set-preference': () => ({ ok: false, error: { code: 'db-unavailable', message: 'busy' } }),
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const store = createPreferencesStore(api)
    const a = store.getState().load('scan.sound')
    const b = store.getState().load('scan.sound')
    expect(api.callsTo('prefs:get-preference')).toEqual([{ key: 'scan.sound' }])
    expect('scan.sound' in store.getState().values).toBe(false)
    store.getState().save('scan.sound', false)
    held.resolve(ok({ value: true }))
    await Promise.all([a, b])
    expect(store.getState().values['scan.sound']).toBe(false)
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not save scan.sound')))
    expect(store.getState().values['scan.sound']).toBe(false)
    await store.getState().load('scan.sound')
    expect(api.callsTo('prefs:get-preference')).toHaveLength(1)
    warn.mockRestore()
  })
})

describe('device actions store', () => {
  it('keeps the Autopilot sync state from a read and from an online action, newest first', async () => {
    const read = deferred<ReturnType<typeof ok<{ lastManualSyncTriggerAt: string | null; nextAllowedAt: string | null; syncStatus: null }>>>()
    const fromAction = { lastManualSyncTriggerAt: '2026-11-24T10:00:00.000Z', nextAllowedAt: '2026-11-24T10:10:00.000Z', syncStatus: null }
    const api = createFakeApi({
      'autopilot:get-sync-state': () => read.promise,
      'devices:run-online-action': () => ok({ action: 'autopilot-sync' as const, done: true, message: 'Sync requested.', autopilotSync: fromAction }),
    })
    const store = createDeviceActionsStore(api)
    const loading = store.getState().loadSyncState()
    const result = await store.getState().runOnlineAction({ action: 'autopilot-sync', deviceId: null })
    expect(result.ok).toBe(true)
    read.resolve(ok({ lastManualSyncTriggerAt: null, nextAllowedAt: null, syncStatus: null }))
    await loading
    // The read was overtaken by the action's answer: the countdown is the action's.
    expect(store.getState().syncState).toEqual(fromAction)
  })
})

describe('diagnostics store', () => {
  it('follows export progress only while attached, and finds the attempts of a device by serial', async () => {
    const api = createFakeApi({
      'devices:find-by-serial': ({ serialNumber }) => ok(serialNumber === 'PF3' ? [device('PF3')] : []),
      'attempts:list-attempts': () => ok({ attempts: [] }),
    })
    const store = createDiagnosticsStore(api)
    const detach = store.getState().attach()
    api.emit('diagnostics:progress', { step: 'reading', done: 1, total: 3 })
    expect(store.getState().progress).toMatchObject({ done: 1 })
    detach()
    expect(api.listenerCount('diagnostics:progress')).toBe(0)
    expect(await store.getState().findAttempts(' PF3 ')).toEqual({ device: device('PF3'), attempts: [] })
    expect(api.callsTo('devices:find-by-serial')).toEqual([{ serialNumber: 'PF3' }])
    expect(await store.getState().findAttempts('nope')).toBeNull()
  })
})
