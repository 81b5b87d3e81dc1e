import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDevicesStore } from '@renderer/stores/devices-store'
import type { ListDevicesRequest, ListDevicesResponse } from '@shared/device-schemas'
import type { Result } from '@shared/result'
import { createFakeApi, deferred, device, ok } from '@support/renderer/fake-api'

const settle = () => vi.advanceTimersByTimeAsync(0)

/** A tenant of `total` devices S0000000…: any window answered from the position. */
function windowOf(total: number, tag = '') {
  return (request: ListDevicesRequest): Result<ListDevicesResponse> => {
    const from = request.position ?? 0
    const count = Math.max(0, Math.min(request.limit ?? 100, total - from))
    const items = Array.from({ length: count }, (_, i) => device(`S${String(from + i).padStart(7, '0')}${tag}`))
    return ok({ items, total, totalCapped: false, next: null })
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('devices store', () => {
  it('restores the saved search at attach and asks for the first window with it', async () => {
    const api = createFakeApi({
      'prefs:get-preference': () => ok({ value: 'HP' }),
      'devices:list-devices': () => ok({ items: [device('S1')], total: 1, totalCapped: false, next: null }),
    })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    expect(api.callsTo('prefs:get-preference')).toEqual([{ key: 'devices.search' }])
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: 'HP', limit: 100, position: 0 }])
    expect(store.getState()).toMatchObject({ search: 'HP', query: 'HP', total: 1, loaded: true, loading: false, error: null })
    expect(store.getState().rowAt(0)?.serialNumber).toBe('S1')
    expect(store.getState().rowAt(1)).toBeUndefined()
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
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: 'abc', limit: 100, position: 0 }])
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'devices.search', value: 'abc' }])
  })

  it('never lets a slow answer for an old search overwrite the current one', async () => {
    const slow = deferred<Result<ListDevicesResponse>>()
    const api = createFakeApi({
      'devices:list-devices': (request) =>
        request.search === 'old' ? slow.promise : ok({ items: [device('NEW1')], total: 1, totalCapped: false, next: null }),
    })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    store.getState().setSearch('old')
    await vi.advanceTimersByTimeAsync(150)
    store.getState().setSearch('new')
    await vi.advanceTimersByTimeAsync(150)
    slow.resolve(ok({ items: [device('OLD1')], total: 7, totalCapped: false, next: null }))
    await settle()
    expect(store.getState().query).toBe('new')
    expect(store.getState().total).toBe(1)
    expect(store.getState().rowAt(0)?.serialNumber).toBe('NEW1')
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

  it('fetches the window at any position, coalescing range changes while scrolling', async () => {
    const api = createFakeApi({ 'devices:list-devices': windowOf(1_000_000) })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    expect(store.getState().total).toBe(1_000_000)
    api.calls.length = 0

    // A jump after a quiet moment is asked for at once.
    store.getState().setRange({ start: 10_000, end: 10_030 })
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: '', limit: 100, position: 10_000 }])
    await settle()
    expect(store.getState().rowAt(10_000)?.serialNumber).toBe('S0010000')
    api.calls.length = 0

    // A drag across the scrollbar: many ranges within the coalescing time, one round of requests.
    store.getState().setRange({ start: 150_000, end: 150_030 })
    await vi.advanceTimersByTimeAsync(10)
    store.getState().setRange({ start: 250_000, end: 250_030 })
    await vi.advanceTimersByTimeAsync(10)
    store.getState().setRange({ start: 499_990, end: 500_030 })
    expect(api.callsTo('devices:list-devices')).toEqual([])
    expect(store.getState().rowAt(500_000)).toBeUndefined() // a placeholder meanwhile
    await vi.advanceTimersByTimeAsync(40)
    // The range straddles two pages of 100: both in one request, and nothing for the ranges scrolled past.
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: '', limit: 200, position: 499_900 }])
    expect(store.getState().rowAt(500_000)?.serialNumber).toBe('S0500000')
    expect(store.getState().rowAt(499_990)?.serialNumber).toBe('S0499990')

    // Cached: going back costs nothing.
    store.getState().setRange({ start: 0, end: 30 })
    store.getState().setRange({ start: 499_990, end: 500_030 })
    await vi.advanceTimersByTimeAsync(200)
    expect(api.callsTo('devices:list-devices')).toHaveLength(1)
  })

  it('still fetches during a continuous scroll (max wait), not only when it stops', async () => {
    const api = createFakeApi({ 'devices:list-devices': windowOf(1_000_000) })
    const store = createDevicesStore(api, { fetchDelayMs: 40, fetchMaxWaitMs: 150 })
    store.getState().attach()
    await settle()
    api.calls.length = 0
    for (let step = 1; step <= 20; step++) {
      store.getState().setRange({ start: step * 1000, end: step * 1000 + 30 })
      await vi.advanceTimersByTimeAsync(20)
    }
    const calls = api.callsTo('devices:list-devices').length
    expect(calls).toBeGreaterThan(0)
    expect(calls).toBeLessThan(8)
  })

  /**
   * A store showing rows 500,000–500,030 of a 1M list, whose first request for that page is held until
   * `held` settles; every later request is answered at once by `answer`.
   */
  async function withHeldPage(answer: (request: ListDevicesRequest) => Result<ListDevicesResponse>) {
    const held = deferred<Result<ListDevicesResponse>>()
    let hold = false
    const api = createFakeApi({
      'devices:list-devices': (request) => (hold && request.position === 500_000 ? held.promise : answer(request)),
    })
    const store = createDevicesStore(api, { refreshDelayMs: 10 })
    store.getState().attach()
    await settle()
    hold = true
    store.getState().setRange({ start: 500_000, end: 500_030 })
    await vi.advanceTimersByTimeAsync(40)
    hold = false
    return { api, store, held }
  }
  /** The positions of the list requests made after the first `asked`. */
  const positionsAskedAfter = (api: ReturnType<typeof createFakeApi>, asked: number) =>
    api
      .callsTo('devices:list-devices')
      .slice(asked)
      .map((call) => call.position)

  it('shows a window answer read before the list changed, reads it again, and never asks twice for a page at once', async () => {
    let tag = ''
    const { api, store, held } = await withHeldPage((request) => windowOf(1_000_000, tag)(request))
    expect(api.callsTo('devices:list-devices').at(-1)?.position).toBe(500_000)
    const asked = api.callsTo('devices:list-devices').length

    // The list changes, again and again (a sync), while that answer is on its way: no second request
    // for the page meanwhile (a slow answer would otherwise pile requests up in the worker).
    tag = '-v2'
    for (let i = 0; i < 5; i++) {
      api.emit('data:changed', { topics: ['devices'] })
      await vi.advanceTimersByTimeAsync(20)
    }
    expect(api.callsTo('devices:list-devices')).toHaveLength(asked)
    expect(store.getState().rowAt(500_000)).toBeUndefined()
    // The outdated answer is drawn rather than a placeholder, and the page is read again at once.
    const drawn: string[] = []
    store.subscribe((state) => drawn.push(state.rowAt(500_000)?.serialNumber ?? 'placeholder'))
    held.resolve(windowOf(1_000_000, '-old')({ search: '', limit: 100, position: 500_000 }))
    await vi.advanceTimersByTimeAsync(40)
    expect(drawn).toEqual(['S0500000-old', 'S0500000-v2'])
    expect(positionsAskedAfter(api, asked)).toEqual([500_000])
    expect(store.getState().rowAt(500_000)?.serialNumber).toBe('S0500000-v2')
  })

  it('asks again for a page whose request failed after the list changed, instead of leaving it a placeholder', async () => {
    const { api, store, held } = await withHeldPage(windowOf(1_000_000, '-v2'))
    api.emit('data:changed', { topics: ['devices'] })
    await vi.advanceTimersByTimeAsync(20)
    const asked = api.callsTo('devices:list-devices').length
    held.resolve({ ok: false, error: { code: 'db-unavailable', message: 'worker restarted' } })
    await vi.advanceTimersByTimeAsync(40)
    expect(positionsAskedAfter(api, asked)).toEqual([500_000])
    expect(store.getState().rowAt(500_000)?.serialNumber).toBe('S0500000-v2')
    expect(store.getState().error).toBeNull()
  })

  it('never lets an outdated answer replace the total a newer one gave', async () => {
    let total = 1_000_000
    const held = deferred<Result<ListDevicesResponse>>()
    let hold = false
    const api = createFakeApi({
      'devices:list-devices': (request) => (hold && request.position === 0 ? held.promise : windowOf(total)(request)),
    })
    const store = createDevicesStore(api, { refreshDelayMs: 10 })
    store.getState().attach()
    await settle()
    // The list changes: the re-read of the first window is held…
    hold = true
    total = 1_000_500
    api.emit('data:changed', { topics: ['devices'] })
    await vi.advanceTimersByTimeAsync(20)
    // …the list changes again, and a window further on is read after that, with the newer total.
    hold = false
    api.emit('data:changed', { topics: ['devices'] })
    await vi.advanceTimersByTimeAsync(20)
    store.getState().setRange({ start: 700_000, end: 700_030 })
    await vi.advanceTimersByTimeAsync(50)
    expect(store.getState().total).toBe(1_000_500)
    // The held answer (read before, with the older total) comes last: its rows are drawn, its total is not.
    held.resolve(windowOf(1_000_000, '-old')({ search: '', limit: 100, position: 0 }))
    await settle()
    expect(store.getState().rowAt(0)?.serialNumber).toBe('S0000000-old')
    expect(store.getState().total).toBe(1_000_500)
  })

  it('refreshes only the visible window on data:changed for devices or outbox, coalescing bursts', async () => {
    let tag = ''
    const api = createFakeApi({ 'devices:list-devices': (request) => windowOf(1_000_000, tag)(request) })
    const store = createDevicesStore(api, { refreshDelayMs: 100 })
    store.getState().attach()
    await settle()
    store.getState().setRange({ start: 700_010, end: 700_040 })
    await vi.advanceTimersByTimeAsync(50)
    store.getState().setRange({ start: 10, end: 40 })
    await vi.advanceTimersByTimeAsync(50)
    api.calls.length = 0

    api.emit('data:changed', { topics: ['preferences'] })
    await vi.advanceTimersByTimeAsync(200)
    expect(api.callsTo('devices:list-devices')).toEqual([])

    tag = '-v2'
    for (let i = 0; i < 5; i++) api.emit('data:changed', { topics: ['devices', 'sync'] })
    await vi.advanceTimersByTimeAsync(100)
    expect(api.callsTo('devices:list-devices')).toEqual([{ search: '', limit: 100, position: 0 }])
    expect(store.getState().rowAt(10)?.serialNumber).toBe('S0000010-v2')

    api.emit('data:changed', { topics: ['outbox', 'devices'] })
    await vi.advanceTimersByTimeAsync(100)
    expect(api.callsTo('devices:list-devices')).toHaveLength(2)

    // The window scrolled past earlier is kept but outdated: shown, and read again when visible.
    expect(store.getState().rowAt(700_010)?.serialNumber).toBe('S0700010')
    store.getState().setRange({ start: 700_010, end: 700_040 })
    await vi.advanceTimersByTimeAsync(50)
    expect(store.getState().rowAt(700_010)?.serialNumber).toBe('S0700010-v2')
  })

  it('a new search starts at the top and asks the view to scroll there', async () => {
    const api = createFakeApi({ 'devices:list-devices': windowOf(1_000_000) })
    const store = createDevicesStore(api)
    store.getState().attach()
    await settle()
    store.getState().setRange({ start: 900_000, end: 900_030 })
    await vi.advanceTimersByTimeAsync(50)
    const resets = store.getState().resetCount
    store.getState().setSearch('S09')
    await vi.advanceTimersByTimeAsync(150)
    expect(store.getState().resetCount).toBe(resets + 1)
    expect(store.getState().range.start).toBe(0)
    expect(api.callsTo('devices:list-devices').at(-1)).toEqual({ search: 'S09', limit: 100, position: 0 })
  })

  it('learns the new total of an empty list on refresh', async () => {
    let total = 0
    const api = createFakeApi({ 'devices:list-devices': (request) => windowOf(total)(request) })
    const store = createDevicesStore(api, { refreshDelayMs: 10 })
    store.getState().attach()
    await settle()
    expect(store.getState()).toMatchObject({ loaded: true, total: 0 })
    total = 2000
    api.emit('data:changed', { topics: ['devices'] })
    await vi.advanceTimersByTimeAsync(10)
    expect(store.getState().total).toBe(2000)
  })

  it('keeps only a bounded number of pages', async () => {
    const api = createFakeApi({ 'devices:list-devices': windowOf(1_000_000) })
    const store = createDevicesStore(api, { maxCachedPages: 4 })
    store.getState().attach()
    await settle()
    for (const start of [100_000, 200_000, 300_000, 400_000, 500_000, 600_000]) {
      store.getState().setRange({ start, end: start + 30 })
      await vi.advanceTimersByTimeAsync(50)
    }
    expect(store.getState().rowAt(600_000)).toBeDefined()
    expect(store.getState().rowAt(100_000)).toBeUndefined()
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
    expect(api.listenerCount('data:changed')).toBe(1)
    store.getState().setSearch('late')
    detach()
    expect(api.listenerCount('data:changed')).toBe(0)
    await vi.advanceTimersByTimeAsync(500)
    expect(api.callsTo('devices:list-devices').map((r) => r.search)).toEqual([''])
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'devices.search', value: 'late' }])
  })
})
