import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { act, renderHook, waitFor } from '@testing-library/react'
import { ApiProvider } from '@renderer/api/api-context'
import { createStores, StoresProvider } from '@renderer/stores/stores-context'
import { useAssignmentWait } from '@renderer/components/device-card/use-assignment-wait'
import type { DeviceCard } from '@shared/card-schemas'
import { benchExplanationInput, cardFixture } from '@support/renderer/card-fixture'
import { createFakeApi, device, idleStatus, ok, type FakeHandlers } from '@support/renderer/fake-api'

const sleep = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)))

function setup(cards: () => DeviceCard, options: { pollMs: number; maxMs: number }, since: number | null = Date.now(), more: FakeHandlers = {}) {
  const api = createFakeApi({ 'devices:refresh-device': () => ok({ device: device('5CG1'), source: 'online', notice: null }), ...more })
  const reload = () => Promise.resolve(cards())
  const stores = createStores(api)
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ApiProvider api={api}>
      <StoresProvider api={api} stores={stores}>
        {children}
      </StoresProvider>
    </ApiProvider>
  )
  const hook = renderHook(({ at }: { at: number | null }) => useAssignmentWait('id-5cg1', at, reload, options), { wrapper, initialProps: { at: since } })
  return { api, hook, stores }
}

const assigning = () => cardFixture({ device: { profileStatus: 'assigning', profileAssignedAt: null } })

describe('waiting for profile assignment', () => {
  it('does nothing until a change starts it', async () => {
    const { api, hook } = setup(assigning, { pollMs: 10, maxMs: 1_000 }, null)
    await sleep(40)
    expect(api.callsTo('devices:refresh-device')).toEqual([])
    expect(hook.result.current.phase).toBe('idle')
  })

  it('asks Intune again every poll while the profile is not assigned, showing the status it reads', async () => {
    const { api, hook } = setup(assigning, { pollMs: 10, maxMs: 5_000 })
    await waitFor(() => expect(api.callsTo('devices:refresh-device').length).toBeGreaterThanOrEqual(3))
    expect(hook.result.current).toMatchObject({ phase: 'waiting', status: 'assigning', assignedAt: null })
    hook.unmount()
    const calls = api.callsTo('devices:refresh-device').length
    await sleep(50)
    // Leaving the screen stops the polling.
    expect(api.callsTo('devices:refresh-device').length).toBe(calls)
  })

  it('known offline, it does not ask Intune (each ask waited out its timeout) but re-reads the cache, and asks at once when Intune is back', async () => {
    let reads = 0
    const { api, hook, stores } = setup(
      () => {
        reads++
        return assigning()
      },
      { pollMs: 10, maxMs: 5_000 },
      null,
      { 'sync:get-status': () => ok({ ...idleStatus, online: false }) },
    )
    await waitFor(() => expect(stores.sync.getState().status?.online).toBe(false))
    hook.rerender({ at: Date.now() })
    await waitFor(() => expect(reads).toBeGreaterThanOrEqual(3))
    expect(api.callsTo('devices:refresh-device')).toEqual([])
    expect(hook.result.current).toMatchObject({ phase: 'waiting', checking: false, status: 'assigning' })
    expect(hook.result.current.notice).toMatch(/offline .*checks again as soon as Intune answers/)
    act(() => stores.sync.setState({ status: { ...idleStatus, online: true } }))
    await waitFor(() => expect(api.callsTo('devices:refresh-device').length).toBeGreaterThanOrEqual(1))
    await waitFor(() => expect(hook.result.current.notice).toBeNull())
  })

  it('is not done while changes are still pending, even when Intune says Assigned', async () => {
    let card = cardFixture({ device: { pending: [{ field: 'groupTag', value: 'BENCH-B', state: 'sending' }] } })
    const { hook } = setup(() => card, { pollMs: 10, maxMs: 5_000 })
    await waitFor(() => expect(hook.result.current.pending).toBe(1))
    expect(hook.result.current.phase).toBe('waiting')
    card = cardFixture({ device: { groupTag: 'BENCH-B', profileAssignedAt: '2025-03-05T14:00:00.000Z' } })
    await waitFor(() => expect(hook.result.current.phase).toBe('assigned'))
    expect(hook.result.current.assignedAt).toBe('2025-03-05T14:00:00.000Z')
  })

  it('gives up after the time limit, and stop() ends it at once', async () => {
    const { api, hook } = setup(assigning, { pollMs: 10, maxMs: 60 })
    await waitFor(() => expect(hook.result.current.phase).toBe('gave-up'))
    const calls = api.callsTo('devices:refresh-device').length
    await sleep(40)
    expect(api.callsTo('devices:refresh-device').length).toBe(calls)

    const again = setup(assigning, { pollMs: 10, maxMs: 5_000 })
    await waitFor(() => expect(again.api.callsTo('devices:refresh-device').length).toBeGreaterThanOrEqual(1))
    act(() => again.hook.result.current.stop())
    const stoppedAt = again.api.callsTo('devices:refresh-device').length
    await sleep(50)
    expect(again.api.callsTo('devices:refresh-device').length).toBeLessThanOrEqual(stoppedAt + 1)
    expect(again.hook.result.current.phase).toBe('idle')
  })

  it('a group tag that brings no profile: done once Intune has the change and shows Not assigned, instead of waiting 15 minutes', async () => {
    // The core explains the tag Intune has: once it has NOPE, no group with a profile takes the device.
    const noProfile = { ...cardFixture().explanation, winner: null, steps: [], chain: 'group tag NOPE → no profile' }
    const withTag = (device: Partial<DeviceCard['device']>) =>
      cardFixture({
        explanationInput: { ...benchExplanationInput, device: { ...benchExplanationInput.device, groupTag: device.groupTag ?? 'BENCH-A' } },
        ...(device.groupTag === 'NOPE' ? { explanation: noProfile } : {}),
        device,
      })
    let card = withTag({ groupTag: 'BENCH-A', profileStatus: 'assigned', pending: [{ field: 'groupTag', value: 'NOPE', state: 'sending' }] })
    const { api, hook } = setup(() => card, { pollMs: 10, maxMs: 5_000 })
    await waitFor(() => expect(hook.result.current.pending).toBe(1))
    expect(hook.result.current.phase).toBe('waiting')
    // Delivered; Intune re-evaluates the groups (Assigning, the old profile still on the record)…
    card = withTag({ groupTag: 'NOPE', profileStatus: 'assigning', pending: [] })
    await waitFor(() => expect(hook.result.current.status).toBe('assigning'))
    expect(hook.result.current.phase).toBe('waiting')
    // …and ends Not assigned: nothing more is coming.
    card = withTag({ groupTag: 'NOPE', profileStatus: 'notAssigned', profileAssignedAt: null, pending: [] })
    await waitFor(() => expect(hook.result.current.phase).toBe('no-profile'))
    const calls = api.callsTo('devices:refresh-device').length
    await sleep(50)
    expect(api.callsTo('devices:refresh-device').length).toBe(calls)
  })

  it('Not assigned with a tag whose group brings a profile is still waited for (the assignment may yet come)', async () => {
    const card = cardFixture({ explanationInput: benchExplanationInput, device: { profileStatus: 'notAssigned', profileAssignedAt: null } })
    const { api, hook } = setup(() => card, { pollMs: 10, maxMs: 5_000 })
    await waitFor(() => expect(api.callsTo('devices:refresh-device').length).toBeGreaterThanOrEqual(3))
    expect(hook.result.current.phase).toBe('waiting')
  })
})
