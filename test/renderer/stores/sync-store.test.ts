import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSyncStore } from '@renderer/stores/sync-store'
import type { SyncProgress, SyncStatus } from '@shared/sync-schemas'
import { createFakeApi, idleStatus, ok } from '@support/renderer/fake-api'

const settle = () => vi.advanceTimersByTimeAsync(0)
const progress = (overrides: Partial<SyncProgress> = {}): SyncProgress => ({
  runId: 'run-1',
  phase: 'devices',
  pages: 1,
  devices: 100,
  expected: 1000,
  rowsPerSecond: 250,
  etaSeconds: null,
  waitingSeconds: null,
  message: 'Downloaded 100 devices',
  ...overrides,
})

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('sync store', () => {
  it('loads the status at attach and re-reads it when devices or sync runs change', async () => {
    let status: SyncStatus = { ...idleStatus, deviceCount: 5 }
    const api = createFakeApi({ 'sync:get-status': () => ok(status) })
    const store = createSyncStore(api)
    store.getState().attach()
    await settle()
    expect(store.getState().status?.deviceCount).toBe(5)
    status = { ...status, deviceCount: 9 }
    api.emit('data:changed', { topics: ['preferences'] })
    await settle()
    expect(store.getState().status?.deviceCount).toBe(5)
    api.emit('data:changed', { topics: ['devices', 'sync'] })
    await settle()
    expect(store.getState().status?.deviceCount).toBe(9)
  })

  it('starts a sync, follows progress events and records the outcome once', async () => {
    const api = createFakeApi({ 'sync:get-status': () => ok({ ...idleStatus, deviceCount: 1000 }) })
    const store = createSyncStore(api)
    store.getState().attach()
    await settle()

    const start = store.getState().startSync()
    expect(store.getState().starting).toBe(true)
    await start
    expect(store.getState()).toMatchObject({ running: true, starting: false, progress: { runId: 'run-1', devices: 0, expected: 1000 } })

    api.emit('sync:progress', progress())
    expect(store.getState().progress?.devices).toBe(100)
    api.emit('sync:progress', progress({ phase: 'done', devices: 1200, message: 'Synced 1200 devices' }))
    expect(store.getState()).toMatchObject({ running: false, lastOutcome: { runId: 'run-1', ok: true, devices: 1200 } })
    api.emit('sync:progress', progress({ phase: 'done', devices: 1200 }))
    expect(store.getState().lastOutcome?.devices).toBe(1200)
  })

  it('ignores a second press while running', async () => {
    const api = createFakeApi()
    const store = createSyncStore(api)
    store.getState().attach()
    await store.getState().startSync()
    await store.getState().startSync()
    expect(api.callsTo('sync:start-sync')).toHaveLength(1)
  })

  it('keeps the start error', async () => {
    const api = createFakeApi({ 'sync:start-sync': () => ({ ok: false, error: { code: 'offline', message: 'getaddrinfo ENOTFOUND' } }) })
    const store = createSyncStore(api)
    await store.getState().startSync()
    expect(store.getState()).toMatchObject({ running: false, starting: false, startError: { code: 'offline' } })
  })

  it('a failed phase ends the run as a failure', async () => {
    const api = createFakeApi()
    const store = createSyncStore(api)
    store.getState().attach()
    await store.getState().startSync()
    api.emit('sync:progress', progress({ phase: 'failed', message: 'Intune cannot be reached' }))
    expect(store.getState().lastOutcome).toMatchObject({ ok: false, message: 'Intune cannot be reached' })
  })

  it('cancels the running sync once and records the outcome as cancelled', async () => {
    const api = createFakeApi({ 'sync:cancel-sync': () => ok({ cancelled: true }) })
    const store = createSyncStore(api)
    store.getState().attach()
    await store.getState().cancelSync()
    expect(api.callsTo('sync:cancel-sync')).toHaveLength(0) // nothing running
    await store.getState().startSync()
    const cancel = store.getState().cancelSync()
    await store.getState().cancelSync()
    await cancel
    expect(api.callsTo('sync:cancel-sync')).toHaveLength(1)
    expect(store.getState().cancelling).toBe(true)
    api.emit('sync:progress', progress({ phase: 'failed', message: 'Sync cancelled — 100 devices kept; nothing was deleted.' }))
    expect(store.getState()).toMatchObject({ running: false, cancelling: false, lastOutcome: { ok: false, cancelled: true } })
  })

  it('keeps a cancel error and lets the run go on', async () => {
    const api = createFakeApi({ 'sync:cancel-sync': () => ({ ok: false, error: { code: 'db-unavailable', message: 'restarted' } }) })
    const store = createSyncStore(api)
    store.getState().attach()
    await store.getState().startSync()
    await store.getState().cancelSync()
    expect(store.getState()).toMatchObject({ running: true, cancelling: false, cancelError: { code: 'db-unavailable' } })
  })

  it('picks up a run started elsewhere from its progress events', async () => {
    const api = createFakeApi()
    const store = createSyncStore(api)
    store.getState().attach()
    await settle()
    api.emit('sync:progress', progress({ runId: 'other' }))
    expect(store.getState()).toMatchObject({ running: true, progress: { runId: 'other' } })
  })

  it('settles the run from polled status when its end event is lost', async () => {
    let status: SyncStatus = { ...idleStatus, running: true, progress: progress() }
    const api = createFakeApi({ 'sync:get-status': () => ok(status) })
    const store = createSyncStore(api, { pollMs: 1000 })
    store.getState().attach()
    await settle()
    expect(store.getState().running).toBe(true)
    status = { ...idleStatus, lastSuccessAt: '2025-03-05T13:05:00Z', deviceCount: 1200 }
    await vi.advanceTimersByTimeAsync(1000)
    expect(store.getState()).toMatchObject({ running: false, lastOutcome: { ok: true } })
    const polls = api.callsTo('sync:get-status').length
    await vi.advanceTimersByTimeAsync(5000)
    expect(api.callsTo('sync:get-status')).toHaveLength(polls) // polling stops when idle
  })

  it('does not resurrect a finished run from a stale status', async () => {
    const api = createFakeApi({ 'sync:get-status': () => ok({ ...idleStatus, running: true, progress: progress({ phase: 'devices' }) }) })
    const store = createSyncStore(api)
    store.getState().attach()
    await settle()
    api.emit('sync:progress', progress({ phase: 'done' }))
    await settle()
    expect(store.getState().running).toBe(false)
  })

  it('detach unsubscribes from events', async () => {
    const api = createFakeApi()
    const detach = createSyncStore(api).getState().attach()
    expect(api.listenerCount('sync:progress')).toBe(1)
    detach()
    expect(api.listenerCount('sync:progress')).toBe(0)
    expect(api.listenerCount('data:changed')).toBe(0)
  })
})
