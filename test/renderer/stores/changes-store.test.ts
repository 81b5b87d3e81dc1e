import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChangesStore } from '@renderer/stores/changes-store'
import { createChangeSummaryStore, notInIntune } from '@renderer/stores/change-summary-store'
import type { OutboxItem } from '@shared/change-schemas'
import type { Result } from '@shared/result'
import { createFakeApi, deferred, emptySummary, ok, outboxItem } from '@support/renderer/fake-api'

const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('changes store', () => {
  it('maps each action to its channel with the item id, marks it busy meanwhile, and re-reads the list', async () => {
    const held = deferred<Result<{ item: OutboxItem | null }>>()
    const api = createFakeApi({
      'changes:list-changes': () => ok([outboxItem(1, { state: 'failed' })]),
      'changes:retry-change': () => held.promise,
      'changes:discard-change': () => ok({ item: null }),
      'changes:resolve-conflict': () => ok({ item: null }),
    })
    const store = createChangesStore(api)
    store.getState().attach()
    await settle()
    const lists = api.callsTo('changes:list-changes').length

    const retry = store.getState().act(1, 'retry')
    expect(store.getState().busy[1]).toBe(true)
    expect(await store.getState().act(1, 'retry')).toBe(false) // a second press while busy does nothing
    held.resolve(ok({ item: null }))
    expect(await retry).toBe(true)
    expect(store.getState().busy[1]).toBeUndefined()
    expect(api.callsTo('changes:list-changes').length).toBe(lists + 1)

    await store.getState().act(2, 'discard')
    await store.getState().act(3, 'keep-mine')
    await store.getState().act(4, 'take-intune')
    expect(api.callsTo('changes:retry-change')).toEqual([{ id: 1 }])
    expect(api.callsTo('changes:discard-change')).toEqual([{ id: 2 }])
    expect(api.callsTo('changes:resolve-conflict')).toEqual([
      { id: 3, choice: 'keep-mine' },
      { id: 4, choice: 'take-intune' },
    ])
  })

  it('keeps a refused action’s error next to the item until its next action', async () => {
    let refuse = true
    const api = createFakeApi({
      'changes:retry-change': () => (refuse ? { ok: false, error: { code: 'conflict', message: 'cannot' } } : ok({ item: null })),
    })
    const store = createChangesStore(api)
    expect(await store.getState().act(5, 'retry')).toBe(false)
    expect(store.getState().actionErrors[5]).toEqual({ code: 'conflict', message: 'cannot' })
    refuse = false
    await store.getState().act(5, 'retry')
    expect(store.getState().actionErrors[5]).toBeUndefined()
  })

  it('coalesces outbox change bursts into one re-read, ignores other topics, and stops after detach', async () => {
    const api = createFakeApi()
    const store = createChangesStore(api, { reloadDelayMs: 50 })
    const detach = store.getState().attach()
    await settle()
    api.calls.length = 0
    api.emit('data:changed', { topics: ['devices'] })
    for (let i = 0; i < 5; i++) api.emit('data:changed', { topics: ['outbox', 'devices'] })
    await vi.advanceTimersByTimeAsync(50)
    expect(api.callsTo('changes:list-changes')).toEqual([{ deviceId: null, includeFinished: false }])
    detach()
    api.emit('data:changed', { topics: ['outbox'] })
    await vi.advanceTimersByTimeAsync(100)
    expect(api.callsTo('changes:list-changes')).toHaveLength(1)
    expect(api.listenerCount('data:changed')).toBe(0)
  })
})

describe('change summary store', () => {
  it('loads the counts and re-reads them when the outbox changes', async () => {
    let summary = { ...emptySummary, pending: 1 }
    const api = createFakeApi({ 'changes:get-summary': () => ok(summary) })
    const store = createChangeSummaryStore(api)
    store.getState().attach()
    await settle()
    expect(notInIntune(store.getState().summary)).toBe(1)
    summary = { ...emptySummary, pending: 2, failed: 1, conflicts: 3 }
    api.emit('data:changed', { topics: ['devices'] })
    await settle()
    expect(notInIntune(store.getState().summary)).toBe(1)
    api.emit('data:changed', { topics: ['outbox'] })
    await settle()
    expect(notInIntune(store.getState().summary)).toBe(6)
  })
})
