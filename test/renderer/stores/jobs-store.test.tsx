import { StrictMode } from 'react'
import { act, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiProvider } from '@renderer/api/api-context'
import { ScopeIdField } from '@renderer/components/diagnostics/scope-id-field'
import { JobsScreen } from '@renderer/screens/jobs-screen'
import { createStores, StoresProvider } from '@renderer/stores/stores-context'
import { createJobsStore } from '@renderer/stores/jobs-store'
import type { BenchJob } from '@shared/bench-schemas'
import { createFakeApi, deferred, ok } from '@support/renderer/fake-api'
import { job } from '@support/renderer/bench-fake'

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))

describe('jobs store', () => {
  it('reads the jobs once for the Jobs screen, the diagnostics job scope and the bench, and again on the jobs topic only', async () => {
    let jobs: BenchJob[] = [job('j1'), job('j2', { name: 'Old order', closedAt: '2026-11-20T10:00:00.000Z' })]
    const api = createFakeApi({ 'jobs:list-jobs': () => ok({ jobs }), 'bench:list-devices': () => ok({ devices: [] }) })
    const stores = createStores(api)
    render(
      <StrictMode>
        <ApiProvider api={api}>
          <StoresProvider api={api} stores={stores}>
            <JobsScreen />
            <ScopeIdField kind="job" value="" onChange={() => undefined} />
          </StoresProvider>
        </ApiProvider>
      </StrictMode>,
    )
    expect(await screen.findByRole('rowheader', { name: 'Order j1' })).toBeTruthy()
    // The diagnostics scope lists closed jobs too; the bench keeps the open ones.
    const scope = within(screen.getByTestId('diag-export-id'))
    expect(scope.getAllByRole('option').map((option) => option.textContent)).toEqual(['Choose a job…', 'Order j1 (PO-j1)', 'Old order (PO-j2) — closed'])
    expect(stores.bench.getState().jobs.map((item) => item.id)).toEqual(['j1'])
    expect(api.callsTo('jobs:list-jobs')).toEqual([{ includeClosed: true }])

    await act(async () => api.emit('data:changed', { topics: ['devices', 'outbox', 'preferences'] }))
    await flush()
    expect(api.callsTo('jobs:list-jobs')).toHaveLength(1)

    jobs = [...jobs, job('j3', { name: 'New order' })]
    await act(async () => api.emit('data:changed', { topics: ['jobs'] }))
    expect(await screen.findByRole('rowheader', { name: 'New order' })).toBeTruthy()
    expect(api.callsTo('jobs:list-jobs')).toHaveLength(2)
    expect(stores.bench.getState().jobs.map((item) => item.id)).toEqual(['j1', 'j3'])
    await act(async () => api.emit('data:changed', { topics: ['manifest'] }))
    await flush()
    expect(api.callsTo('jobs:list-jobs')).toHaveLength(3)
  })

  it('drops an answer a later read overtook, joins the read in flight, and stops following after the last detach', async () => {
    const first = deferred<ReturnType<typeof ok<{ jobs: BenchJob[] }>>>()
    let calls = 0
    const api = createFakeApi({ 'jobs:list-jobs': () => (++calls === 1 ? first.promise : ok({ jobs: [job('new')] })) })
    const store = createJobsStore(api)
    const detachA = store.getState().attach()
    const detachB = store.getState().attach()
    expect(api.listenerCount('data:changed')).toBe(1)
    const joined = store.getState().ensureLoaded()
    expect(calls).toBe(1)
    await store.getState().refresh()
    first.resolve(ok({ jobs: [job('stale')] }))
    await joined
    expect(store.getState().jobs?.map((item) => item.id)).toEqual(['new'])
    detachA()
    detachA() // idempotent: B still holds the subscription
    expect(api.listenerCount('data:changed')).toBe(1)
    detachB()
    expect(api.listenerCount('data:changed')).toBe(0)
    api.emit('data:changed', { topics: ['jobs'] })
    expect(calls).toBe(2)
  })

  it('keeps the last list when a re-read fails, and the bench shows that error; a closed active job stops being active', async () => {
    let jobs: BenchJob[] = [job('j1')]
    let fail = false
    const api = createFakeApi({
      'jobs:list-jobs': () => (fail ? { ok: false as const, error: { code: 'db-unavailable', message: 'busy' } } : ok({ jobs })),
      'bench:list-devices': () => ok({ devices: [] }),
      'prefs:get-preference': ({ key }) => ok({ value: key === 'bench.activeJobId' ? 'j1' : null }),
    })
    const stores = createStores(api)
    const detach = stores.bench.getState().attach()
    await flush()
    expect(stores.bench.getState().activeJobId).toBe('j1')
    fail = true
    await stores.jobs.getState().refresh()
    expect(stores.jobs.getState().jobs?.map((item) => item.id)).toEqual(['j1'])
    expect(stores.bench.getState().error).toEqual({ code: 'db-unavailable', message: 'busy' })
    fail = false
    jobs = [job('j1', { closedAt: '2026-11-24T10:00:00.000Z' })]
    await stores.jobs.getState().refresh()
    expect(stores.bench.getState()).toMatchObject({ jobs: [], activeJobId: null, error: null })
    detach()
  })
})
