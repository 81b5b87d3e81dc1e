import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { BenchDevice } from '@shared/bench-schemas'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'
import { cardFixture, notReadyCardFixture } from '@support/renderer/card-fixture'

const notReady = notReadyCardFixture()

/** A card's first read: nothing fails, the licence and Entra checks it started are still running ("unconfirmed"). */
const stillChecking = () => {
  const ready = cardFixture()
  const checkingItem = (id: string, title: string) => ({
    id,
    status: 'unknown' as const,
    title,
    reason: 'Checking now…',
    fix: null,
    checking: true as const,
    citation: { section: '§3.1', pages: ['pre-provision-requirements'] },
  })
  return cardFixture({
    readiness: {
      ...ready.readiness,
      verdict: 'unconfirmed',
      items: [...ready.readiness.items, checkingItem('user', 'Assigned user licensed for Intune'), checkingItem('entra-object', 'Entra device object exists')],
      counts: { ok: 1, warn: 0, fail: 0, unknown: 2 },
    },
  })
}

function renderBench(devices: BenchDevice[], extra: FakeHandlers = {}) {
  const bench = benchHandlers(devices, [job('j1', { manifestRows: 3 })])
  const api = createFakeApi({
    ...bench,
    'devices:get-device-card': () => ok(cardFixture()),
    ...extra,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores, bench }
}

const press = (key: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(document.body, { key, ...init })
const recorded = (api: ReturnType<typeof createFakeApi>) => api.callsTo('attempts:record-event').map((call) => call.event.type)
const recorderReady = () => screen.findByRole('region', { name: /Attempt recorder/ })

describe('attempts you can correct (bench)', () => {
  it('P on a device that is not ready asks first: Esc cancels and records nothing; Enter provisions anyway', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')], { 'devices:get-device-card': () => ok(notReady) })
    await recorderReady()
    press('p')
    const guard = await screen.findByRole('alertdialog', { name: 'This device is not ready' })
    expect(guard.textContent).toContain('No deployment profile assigned — Wait for the profile assignment.')
    press('Escape')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toEqual([])
    press('p')
    await screen.findByRole('alertdialog')
    press('Enter')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
  })

  it('P on a ready row whose card was never read waits for the online checks it starts, then provisions without asking', async () => {
    let reads = 0
    const { api } = renderBench([benchDevice('PF3AAA')], { 'devices:get-device-card': () => ok(++reads === 1 ? stillChecking() : cardFixture()) })
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']), { timeout: 3000 })
    expect(screen.queryByRole('alertdialog')).toBeNull()
  })

  it('P while the checks are still running after the wait names them, never an empty "not ready" list', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')], { 'devices:get-device-card': () => ok(stillChecking()) })
    await recorderReady()
    press('p')
    const guard = await screen.findByRole('alertdialog', { name: 'Readiness is still being checked' }, { timeout: 4000 })
    expect(guard.textContent).toContain('Still checking: licence, Microsoft Entra device.')
    expect(recorded(api)).toEqual([])
    press('Enter')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
  })

  it('P on a resealed device (back at the bench) asks first, even when it is ready; Enter starts attempt 2', async () => {
    const { api, bench } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    for (const key of ['p', 's', 'r']) {
      press(key)
      await waitFor(() => expect(recorded(api).length).toBe(['p', 's', 'r'].indexOf(key) + 1))
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    expect(recorded(api)).toEqual(['provision-pressed', 'succeeded', 'resealed'])
    press('p')
    // Ready by readiness, so not "not ready" over a ✓ Ready row: the reseal is what asks.
    const guard = await screen.findByRole('alertdialog', { name: 'Check before provisioning' })
    expect(guard.textContent).toContain('Readiness is ✓ Ready, but:')
    expect(guard.textContent).toContain('Already resealed (attempt 1)')
    expect(guard.textContent).toContain('Only if it was reset and shows the Win×5 screen again')
    press('Escape')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toHaveLength(3)
    press('p')
    await screen.findByRole('alertdialog')
    press('Enter')
    await waitFor(() => expect(recorded(api)).toHaveLength(4))
    expect(bench.devices()[0]!.attempt).toMatchObject({ attemptNumber: 2, state: { phase: 'provisioning' } })
  })

  it('P on a device resealed for another job (no attempt in this one) asks first and names that job', async () => {
    const resealedBefore = { jobId: 'j0', jobName: 'Contoso PO 4711', attemptNumber: 1, resealedAt: '2026-11-23T08:30:00.000Z' }
    const { api } = renderBench([benchDevice('PF3AAA', { jobId: 'j1', resealedBefore })])
    await recorderReady()
    press('p')
    const guard = await screen.findByRole('alertdialog', { name: 'Check before provisioning' })
    expect(guard.textContent).toContain('Already resealed for Contoso PO 4711 (attempt 1)')
    expect(guard.textContent).toContain('Only if it was reset and shows the Win×5 screen again')
    press('Escape')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toEqual([])
  })

  it('R after a technician flow that ran with another user than the manifest’s asks first: Esc records nothing, Reseal anyway records', async () => {
    // A walk resealed ("Box it and ship it") a device provisioned while the manifest user's assignment still waited to reach Intune.
    const { api } = renderBench([benchDevice('PF3AAA', { jobId: 'j1' })])
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    await new Promise((resolve) => setTimeout(resolve, 150))
    // As the core records it at P/S: Intune had felix, the manifest names ben, whose assignment waited.
    api.handlers['attempts:record-event'] = (() => {
      const record = api.handlers['attempts:record-event']!
      return (args: Parameters<typeof record>[0]) =>
        record({
          ...args,
          event: { ...args.event, userMismatch: { inIntune: 'felix.tanaka@contoso.com', manifest: 'ben.brown@contoso.com', waiting: true } },
        } as Parameters<typeof record>[0])
    })()
    press('s')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'succeeded']))
    await new Promise((resolve) => setTimeout(resolve, 150))
    press('r')
    const question = await screen.findByTestId('reseal-user-question')
    expect(question.textContent).toContain("Reseal with another user's pre-provisioning?")
    expect(question.textContent).toContain(
      "This attempt ran while Intune had 'felix.tanaka@contoso.com' assigned, not the manifest's 'ben.brown@contoso.com' (its assignment was still waiting to reach Intune).",
    )
    expect(question.textContent).toContain('does not say what a user assigned after pre-provisioning changes')
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Reseal anyway'))
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('reseal-user-question')).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toEqual(['provision-pressed', 'succeeded'])
    press('r')
    fireEvent.click(within(await screen.findByTestId('reseal-user-question')).getByRole('button', { name: 'Reseal anyway' }))
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'succeeded', 'resealed']))
  })

  it('R after a device provisioned anyway with no assignment waiting (P already asked) does not ask again', async () => {
    const { api } = renderBench([benchDevice('PF3AAA', { jobId: 'j1' })])
    await recorderReady()
    const record = api.handlers['attempts:record-event']!
    api.handlers['attempts:record-event'] = (args: Parameters<typeof record>[0]) =>
      record({ ...args, event: { ...args.event, userMismatch: { inIntune: '', manifest: 'ben.brown@contoso.com', waiting: false } } } as Parameters<
        typeof record
      >[0])
    for (const key of ['p', 's', 'r']) {
      press(key)
      await waitFor(() => expect(recorded(api).length).toBe(['p', 's', 'r'].indexOf(key) + 1))
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    expect(screen.queryByTestId('reseal-user-question')).toBeNull()
  })

  it("P's question takes the focus and gives it back; Enter on its Cancel button (reached with Tab) cancels", async () => {
    const { api } = renderBench([benchDevice('PF3AAA')], { 'devices:get-device-card': () => ok(notReady) })
    await recorderReady()
    const row = within(screen.getByTestId('bench-rows')).getAllByRole('row')[0]!
    row.focus()
    expect(document.activeElement).toBe(row)
    fireEvent.keyDown(row, { key: 'p' })
    const guard = await screen.findByRole('alertdialog', { name: 'This device is not ready' })
    await waitFor(() => expect(document.activeElement).toBe(guard))
    fireEvent.keyDown(guard, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(document.activeElement).toBe(row)
    await new Promise((resolve) => setTimeout(resolve, 100))
    fireEvent.keyDown(row, { key: 'p' })
    const again = await screen.findByRole('alertdialog')
    const cancel = within(again).getByRole('button', { name: /Cancel/ })
    cancel.focus()
    fireEvent.keyDown(cancel, { key: 'Enter' })
    fireEvent.click(cancel) // what Chromium does with Enter on a focused button (jsdom does not)
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toEqual([])
    expect(document.activeElement).toBe(row)
  })

  it('a stray P is offered for undo: Esc takes it back (the core is asked), and Ctrl+Z takes back the next one', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    expect((await screen.findByTestId('undo-offer')).textContent).toContain('Recorded: Provision pressed.')
    press('Escape')
    await waitFor(() => expect(api.callsTo('attempts:undo-last-event')).toEqual([{ deviceId: 'id-pf3aaa', eventId: 1 }]))
    expect((await screen.findByText('Undone: Provision pressed.')).getAttribute('role')).toBe('status')
    await waitFor(() => expect(screen.getAllByRole('row')[1]?.textContent).not.toContain('Provisioning'))
    // A person's next key comes later than a scanner's (keys within 60 ms of the last are a burst, never a shortcut).
    await new Promise((resolve) => setTimeout(resolve, 100))
    press('p')
    await waitFor(() => expect(recorded(api)).toHaveLength(2))
    press('z', { ctrlKey: true })
    await waitFor(() => expect(api.callsTo('attempts:undo-last-event')).toHaveLength(2))
  })

  it('keys and undos reach the core in the order pressed: Ctrl+Z while S is being saved takes back S, and a quick second Ctrl+Z takes back P', async () => {
    const bench = benchHandlers([benchDevice('PF3AAA')])
    const slowRecord: FakeHandlers['attempts:record-event'] = async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      return bench['attempts:record-event']!(request)
    }
    const { api } = renderBench([benchDevice('PF3AAA')], { ...bench, 'attempts:record-event': slowRecord })
    await recorderReady()
    press('p')
    await waitFor(async () => expect(screen.getAllByRole('row')[1]?.textContent).toContain('Provisioning'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    press('s')
    // After the bench's 90 ms wait for a second key, while the core is still saving S.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(recorded(api)).toEqual(['provision-pressed', 'succeeded'])
    press('z', { ctrlKey: true })
    press('z', { ctrlKey: true })
    await waitFor(() =>
      expect(api.callsTo('attempts:undo-last-event')).toEqual([
        { deviceId: 'id-pf3aaa', eventId: 2 },
        { deviceId: 'id-pf3aaa', eventId: 1 },
      ]),
    )
    expect(await screen.findByText('Undone: Provision pressed.')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    await waitFor(() => expect(screen.getAllByRole('row')[1]?.textContent).not.toContain('Provisioning'))
  })

  it('offers no Undo for what another station or Intune recorded, and Esc or Ctrl+Z never takes it back', async () => {
    const { api, bench } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    await screen.findByTestId('undo-offer')
    await new Promise((resolve) => setTimeout(resolve, 100))
    press('s')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'succeeded']))
    expect((await screen.findByTestId('undo-offer')).textContent).toContain('Recorded: Success screen.')
    // A sync sees the device enrolled: the core records Intune's confirmation, and the bench is read again.
    bench.recordElsewhere('id-pf3aaa', { type: 'enrollment-confirmed', at: new Date().toISOString(), managedDeviceId: 'md-1' })
    await act(async () => api.emit('data:changed', { topics: ['attempts', 'bench'] }))
    await waitFor(() => expect(screen.queryByTestId('undo-offer')).toBeNull())
    press('Escape')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(api.callsTo('attempts:undo-last-event')).toEqual([])
    // Ctrl+Z names this window's S; the core says what came after it, and nothing is undone.
    press('z', { ctrlKey: true })
    expect((await screen.findByRole('alert')).textContent).toContain('"Enrollment confirmed in Intune" was recorded on this device after that key')
    expect(api.callsTo('attempts:undo-last-event')).toEqual([{ deviceId: 'id-pf3aaa', eventId: 2 }])
    expect(bench.devices()[0]?.attempt?.state.enrollmentConfirmedAt).not.toBeNull()
  })

  it('a key from another station on the shown device is not offered, and Ctrl+Z here has nothing of its own to take back', async () => {
    const started = benchDevice('PF3AAA')
    const { api, bench } = renderBench([started])
    await recorderReady()
    bench.recordElsewhere('id-pf3aaa', { type: 'provision-pressed', at: new Date().toISOString() })
    await act(async () => api.emit('data:changed', { topics: ['attempts', 'bench'] }))
    await waitFor(() => expect(screen.getAllByRole('row')[1]?.textContent).toContain('Provisioning'))
    expect(screen.queryByTestId('undo-offer')).toBeNull()
    press('z', { ctrlKey: true })
    expect((await screen.findByRole('alert')).textContent).toContain('No key pressed in this window is left to undo on this device')
    expect(api.callsTo('attempts:undo-last-event')).toEqual([])
    // This window's own S on that attempt is offered, and the answer about the earlier Ctrl+Z goes.
    await new Promise((resolve) => setTimeout(resolve, 100))
    press('s')
    expect((await screen.findByTestId('undo-offer')).textContent).toContain('Recorded: Success screen.')
    expect(screen.queryByRole('alert')).toBeNull()
    press('Escape')
    await waitFor(() => expect(api.callsTo('attempts:undo-last-event')).toEqual([{ deviceId: 'id-pf3aaa', eventId: 2 }]))
  })

  it('voids an attempt with a reason', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')], { 'attempts:void-attempt': () => ok({ device: null }) })
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    fireEvent.click(await screen.findByRole('button', { name: 'Void this attempt…' }))
    fireEvent.change(screen.getByLabelText('Why is this attempt void?'), { target: { value: 'Pressed on the wrong laptop' } })
    fireEvent.click(screen.getByRole('button', { name: 'Void attempt' }))
    await waitFor(() =>
      expect(api.callsTo('attempts:void-attempt')).toEqual([{ deviceId: 'id-pf3aaa', attemptNumber: 1, reason: 'Pressed on the wrong laptop' }]),
    )
  })

  it('flags a device the job manifest does not list, in the row and beside the recorder', async () => {
    renderBench([benchDevice('PF3AAA', { jobId: 'j1', manifest: 'not-listed' }), benchDevice('PF3BBB', { jobId: 'j1', manifest: 'listed' })])
    await recorderReady()
    expect((await screen.findByTestId('manifest-flag')).textContent).toContain('Not on the manifest of Order j1')
    const rows = within(screen.getByTestId('bench-rows')).getAllByRole('row')
    expect(rows[0]?.textContent).toContain('Not on manifest')
    expect(rows[1]?.textContent).not.toContain('Not on manifest')
  })
})
