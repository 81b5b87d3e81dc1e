import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDevicesStore } from '../../../src/renderer/src/stores/devices-store'
import type { ListDevicesResponse } from '../../../src/shared/device-schemas'
import type { Result } from '../../../src/shared/result'
import { createFakeApi, deferred, device, ok } from '../support/fake-api'

const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('devices store', () => {
  it('restores the saved search at attach and queries with it', async () => {
    const api = createFakeApi({
      'prefs:get-preference': () => ok({ value: 'HP' }),
      'devices:list-devices': () => ok({ items: [device('S1')], total: 1, next: null }),
    })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    expect(api.callsTo('prefs:get-preference')).toEqual([{ key: 'devices.search' }])
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: 'HP', limit: 100, after: null }])
    expect(store.getState()).toMatchObject({ search: 'HP', query: 'HP', total: 1, loaded: true, loading: false, error: null })
    expect(store.getState().items.map((d) => d.serialNumber)).toEqual(['S1'])
  })

  it('debounces typing (~150 ms) and persists the search it queried', async () => {
    const api = createFakeApi()
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    api.calls.length = 0

    store.getState().setSearch('a')
    await vi.advanceTimersByTimeAsync(100)
    store.getState().setSearch('ab')
    await vi.advanceTimersByTimeAsync(100)
    store.getState().setSearch('abc')
    expect(store.getState().search).toBe('abc')
    await vi.advanceTimersByTimeAsync(149)
    expect(api.callsTo('devices:list-devices')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: 'abc', limit: 100, after: null }])
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'devices.search', value: 'abc' }])
  })

  it('never lets a slow answer for an old search overwrite the current one', async () => {
    const slow = deferred<Result<ListDevicesResponse>>()
    const api = createFakeApi({
      'devices:list-devices': (request) =>
        request.search === 'old' ? slow.promise : ok({ items: [device('NEW1')], total: 1, next: null }),
    })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    store.getState().setSearch('old')
    await vi.advanceTimersByTimeAsync(150)
    store.getState().setSearch('new')
    await vi.advanceTimersByTimeAsync(150)
    slow.resolve(ok({ items: [device('OLD1')], total: 1, next: null }))
    await settle()
    expect(store.getState().query).toBe('new')
    expect(store.getState().items.map((d) => d.serialNumber)).toEqual(['NEW1'])
  })

  it('does not clobber what the technician typed while the saved search was loading', async () => {
    const saved = deferred<Result<{ value: string | number | boolean | null }>>()
    const api = createFakeApi({ 'prefs:get-preference': () => saved.promise })
    const store = createDevicesStore(api)
    store.getState().attach()
    store.getState().setSearch('typed')
    saved.resolve(ok({ value: 'saved' }))
    await vi.advanceTimersByTimeAsync(200)
    expect(store.getState().search).toBe('typed')
    expect(api.callsTo('devices:list-devices').map((r) => r.search)).toEqual(['typed'])
  })

  it('loadMore asks for the page after the keyset cursor and appends it', async () => {
    const cursor = { serialNumber: 'S2', id: 'id-s2' }
    const api = createFakeApi({
      'devices:list-devices': (request) =>
        request.after
          ? ok({ items: [device('S3')], total: 3, next: null })
          : ok({ items: [device('S1'), device('S2')], total: 3, next: cursor }),
    })
    const store = createDevicesStore(api, { pageSize: 2 })
    store.getState().attach()
    await settle()
    expect(store.getState().next).toEqual(cursor)
    await store.getState().loadMore()
    expect(api.callsTo('devices:list-devices')[1]).toEqual({ search: '', limit: 2, after: cursor })
    expect(store.getState().items.map((d) => d.serialNumber)).toEqual(['S1', 'S2', 'S3'])
    expect(store.getState().next).toBeNull()
    await store.getState().loadMore() // nothing more: no call
    expect(api.callsTo('devices:list-devices')).toHaveLength(2)
  })

  it('re-queries on db:changed for devices (keeping the rows on screen), not for other tables', async () => {
    let generation = 1
    const api = createFakeApi({
      'devices:list-devices': (request) =>
        ok({ items: request.after ? [device('S3')] : [device(`S1-v${generation}`), device('S2')], total: 3, next: request.after ? null : { serialNumber: 'S2', id: 'id-s2' } }),
    })
    const store = createDevicesStore(api, { pageSize: 2 })
    store.getState().attach()
    await settle()
    await store.getState().loadMore()
    api.calls.length = 0

    api.emit('db:changed', { tables: ['preferences'] })
    await settle()
    expect(api.callsTo('devices:list-devices')).toEqual([])

    generation = 2
    api.emit('db:changed', { tables: ['devices', 'sync_runs'] })
    await settle()
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: '', limit: 3, after: null }])
    expect(store.getState().items[0]?.serialNumber).toBe('S1-v2')
  })

  it('keeps the error code and message when the list fails', async () => {
    const api = createFakeApi({ 'devices:list-devices': () => ({ ok: false, error: { code: 'db-unavailable', message: 'worker restarted' } }) })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    expect(store.getState()).toMatchObject({ loading: false, error: { code: 'db-unavailable', message: 'worker restarted' } })
  })

  it('detach unsubscribes and cancels a pending search (but still saves it)', async () => {
    const api = createFakeApi()
    const store = createDevicesStore(api)
    const detach = store.getState().attach()
    await settle()
    expect(api.listenerCount('db:changed')).toBe(1)
    store.getState().setSearch('late')
    detach()
    expect(api.listenerCount('db:changed')).toBe(0)
    await vi.advanceTimersByTimeAsync(500)
    expect(api.callsTo('devices:list-devices').map((r) => r.search)).toEqual([''])
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'devices.search', value: 'late' }])
  })
})
