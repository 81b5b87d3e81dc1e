import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cardReloadDelayMs, createDeviceCardStore } from '@renderer/stores/device-card-store'
import type { DeviceCard } from '@shared/card-schemas'
import type { Result } from '@shared/result'
import { cardFixture } from '@support/renderer/card-fixture'
import { createFakeApi, deferred, ok } from '@support/renderer/fake-api'

const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('device card store', () => {
  it('reads after attach, coalesces a burst on its topics into one re-read, ignores other topics, stops after detach', async () => {
    const api = createFakeApi({ 'devices:get-device-card': () => ok(cardFixture()) })
    const store = createDeviceCardStore(api, 'id-5cg1')
    expect(store.getState().status).toBe('loading')
    const detach = store.getState().attach()
    await settle()
    expect(store.getState()).toMatchObject({ status: 'loaded', error: null })
    expect(api.callsTo('devices:get-device-card')).toEqual([{ id: 'id-5cg1', jobId: null }])
    for (let i = 0; i < 5; i++) api.emit('data:changed', { topics: ['devices', 'sync'] })
    api.emit('data:changed', { topics: ['outbox'] })
    await vi.advanceTimersByTimeAsync(cardReloadDelayMs)
    expect(api.callsTo('devices:get-device-card')).toHaveLength(2)
    api.emit('data:changed', { topics: ['sync', 'preferences', 'connectivity', 'attempts'] })
    await vi.advanceTimersByTimeAsync(cardReloadDelayMs * 2)
    expect(api.callsTo('devices:get-device-card')).toHaveLength(2)
    api.emit('data:changed', { topics: ['jobs'] })
    detach()
    await vi.advanceTimersByTimeAsync(cardReloadDelayMs * 2)
    expect(api.callsTo('devices:get-device-card')).toHaveLength(2)
    expect(api.listenerCount('data:changed')).toBe(0)
  })

  it('shows only the newest answer, keeps the card on a failed re-read, and re-reads for another job without blanking', async () => {
    const slow = deferred<Result<DeviceCard | null>>()
    const answers: Array<() => Result<DeviceCard | null> | Promise<Result<DeviceCard | null>>> = [
      () => ok(cardFixture({ device: { displayName: 'FIRST' } })),
      () => slow.promise,
      () => ok(cardFixture({ device: { displayName: 'NEWEST' } })),
      () => ({ ok: false, error: { code: 'db-unavailable', message: 'busy' } }),
    ]
    const api = createFakeApi({ 'devices:get-device-card': () => answers.shift()!() })
    const store = createDeviceCardStore(api, 'id-5cg1')
    store.getState().attach()
    await settle()
    const overtaken = store.getState().reload()
    await store.getState().reload()
    slow.resolve(ok(cardFixture({ device: { displayName: 'STALE' } })))
    await overtaken
    expect(store.getState().card?.device.displayName).toBe('NEWEST')
    await store.getState().reload()
    expect(store.getState()).toMatchObject({ status: 'loaded', error: { code: 'db-unavailable' } })
    expect(store.getState().card?.device.displayName).toBe('NEWEST')

    api.handlers['devices:get-device-card'] = () => ok(cardFixture({ device: { displayName: 'FOR-J1' } }))
    store.getState().setJob('j1')
    expect(store.getState()).toMatchObject({ status: 'loaded', jobId: 'j1' })
    await settle()
    expect(api.callsTo('devices:get-device-card').at(-1)).toEqual({ id: 'id-5cg1', jobId: 'j1' })
    expect(store.getState().card?.device.displayName).toBe('FOR-J1')
    store.getState().setJob('j1') // the same job: no read
    expect(api.callsTo('devices:get-device-card')).toHaveLength(5)
  })

  it('a first read that fails is the error state; an answer after detach is never shown', async () => {
    const held = deferred<Result<DeviceCard | null>>()
    const api = createFakeApi({ 'devices:get-device-card': () => ({ ok: false, error: { code: 'db-unavailable', message: 'busy' } }) })
    const store = createDeviceCardStore(api, 'id-5cg1')
    const detach = store.getState().attach()
    await settle()
    expect(store.getState()).toMatchObject({ status: 'error', card: null, error: { code: 'db-unavailable' } })
    api.handlers['devices:get-device-card'] = () => held.promise
    const late = store.getState().reload()
    detach()
    held.resolve(ok(cardFixture()))
    await late
    expect(store.getState().status).toBe('error')
  })
})
