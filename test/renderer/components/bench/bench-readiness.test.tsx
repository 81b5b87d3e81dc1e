import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { BenchDevice } from '@shared/bench-schemas'
import { attemptReducer, createAttempt, type AttemptEvent, type AttemptState } from '@shared/domain/attempt'
import { cardFixture } from '@support/renderer/card-fixture'
import { createFakeApi, ok } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'

vi.mock('@renderer/components/bench/outcome-sound', () => ({ playOutcomeSound: vi.fn() }))
const { playOutcomeSound } = await import('@renderer/components/bench/outcome-sound')

function attemptWith(events: AttemptEvent[], serial: string): AttemptState {
  let state = createAttempt({ id: 'a1', serialNumber: serial, createdAt: '2020-01-01T00:00:00.000Z' })
  for (const event of events) {
    const result = attemptReducer(state, event)
    if (!result.ok) throw new Error(result.error.message)
    state = result.state
  }
  return state
}

const badge = (level: NonNullable<BenchDevice['readiness']>['level'], next: string, title: string | null = null): BenchDevice['readiness'] => ({
  level,
  next,
  ruleId: null,
  title,
})

function renderBench(devices: BenchDevice[], prefs: Record<string, unknown> = {}) {
  const bench = benchHandlers(devices, [job('j1')])
  const saved = new Map<string, unknown>(Object.entries(prefs))
  const api = createFakeApi({
    ...bench,
    // P asks the device card's readiness first (a ready device provisions without a question).
    'devices:get-device-card': () => ok(cardFixture()),
    'prefs:get-preference': ({ key }) => ok({ value: (saved.get(key) ?? null) as never }),
    'prefs:set-preference': ({ key, value }) => {
      saved.set(key, value)
      return ok({})
    },
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores, bench, saved }
}

const rowOf = async (serial: string) => (await screen.findByRole('rowheader', { name: new RegExp(serial) })).closest('tr') as HTMLElement

describe('Bench rows show readiness (issue #15 item 8)', () => {
  it('a virtual machine, a self-deploying profile, a device with no profile, a re-used Fujitsu and an unchecked device each show their own badge and next action, not "Scanned / Check readiness"', async () => {
    renderBench([
      benchDevice('VM0001', { model: 'Virtual Machine', readiness: badge('blocked', 'Use a physical device.', 'Not a virtual machine') }),
      benchDevice('SD0001', { readiness: badge('blocked', 'Give the device a user-driven profile with "Allow pre-provisioned deployment" = Yes') }),
      benchDevice('NP0001', { readiness: badge('blocked', 'Give the device a user-driven profile that allows pre-provisioning') }),
      benchDevice('FJ0001', {
        readiness: badge('blocked', 'Before pressing Provision: Unblock device (Intune › Windows Autopilot devices), or delete the Intune device record.'),
      }),
      benchDevice('UK0001', { readiness: badge('unknown', 'Look the device up in Entra (online).') }),
      benchDevice('OK0001', { stage: 'ready', readiness: badge('ready', 'Press Provision (Next) on the device, then P here.') }),
      benchDevice('NR0001', { readiness: badge('not-ready', "Set the group tag to 'BENCH-A'") }),
    ])
    const vm = await rowOf('VM0001')
    expect(within(vm).getByTestId('bench-row-status').textContent).toBe('⊘ Blocked')
    expect(within(vm).getByTestId('bench-row-status').querySelector('[title]')?.getAttribute('title')).toBe('Not a virtual machine')
    expect(within(vm).getByTestId('bench-row-next').textContent).toBe('Use a physical device.')
    for (const row of [vm, await rowOf('SD0001'), await rowOf('NP0001'), await rowOf('FJ0001')]) {
      expect(row.textContent).not.toContain('Scanned')
      expect(row.textContent).not.toContain('Check readiness')
    }
    expect((await rowOf('FJ0001')).textContent).toContain('Before pressing Provision: Unblock device')
    expect(within(await rowOf('UK0001')).getByTestId('bench-row-status').textContent).toBe('? Not checked')
    expect(within(await rowOf('OK0001')).getByTestId('bench-row-status').textContent).toBe('✓ Ready')
    expect(within(await rowOf('NR0001')).getByTestId('bench-row-status').textContent).toBe('! Not ready')
    // Colour only repeats the word.
    expect(within(vm).getByTestId('bench-row-status').querySelector('.readiness-badge--blocked')).not.toBeNull()
  })

  it('cells a narrow column clips carry their full text as a tooltip: the job (closed), the stage', async () => {
    const closed = job('j9', { name: 'Contoso PO 4711', closedAt: '2026-11-24T08:00:00.000Z' })
    const api = createFakeApi({ ...benchHandlers([benchDevice('PF3AAA', { jobId: 'j9', stage: 'succeeded' })], [closed]) })
    const stores = createStores(api)
    stores.ui.getState().navigate('bench')
    render(<AppRoot api={api} stores={stores} />)
    const row = await rowOf('PF3AAA')
    await waitFor(() => expect(within(row).getByText('Contoso PO 4711 (closed)').getAttribute('title')).toBe('Contoso PO 4711 (closed)'))
    const stage = within(row).getByTestId('bench-row-status').firstElementChild!
    expect(stage.getAttribute('title')).toBe(stage.textContent.replace(/^\S+\s/, ''))
  })

  it('a device the cache no longer holds (deleted in Intune) says so and what to do, not "Scanned / Check readiness"', async () => {
    renderBench([benchDevice('GONE01', { model: '', manufacturer: '', readiness: null, inCache: false }), benchDevice('HERE01', { readiness: null })])
    const gone = await rowOf('GONE01')
    expect(within(gone).getByTestId('bench-row-status').textContent).toBe('⊘ Not cached')
    expect(within(gone).getByTestId('bench-row-status').querySelector('[title]')?.getAttribute('title')).toBe('Not in the local cache: scan it again or sync.')
    expect(within(gone).getByTestId('bench-row-next').textContent).toBe('Scan it again or sync; if Intune deleted it, register it again')
    // A row whose badge is simply not worked out yet still shows its stage.
    expect(within(await rowOf('HERE01')).getByTestId('bench-row-status').textContent).toBe('◌ Scanned')
    // Deleted by this app's Recycle: said so, with the one way back.
    cleanup()
    renderBench([benchDevice('GONE02', { readiness: null, inCache: false, deletedHereAt: '2026-11-24T08:00:00.000Z' })])
    expect(within(await rowOf('GONE02')).getByTestId('bench-row-next').textContent).toBe(
      'Its Autopilot record was deleted here (Register devices › Recycle): register its hardware hash to use it again',
    )
  })

  it('after 0x80180005 and "Fix the deployment profile" the next step is the profile fix, not "Press Provision again"', async () => {
    const state = attemptWith(
      [
        { type: 'provision-pressed', at: '2026-11-23T09:00:00.000Z' },
        { type: 'failed', at: '2026-11-23T09:01:00.000Z', code: '0x80180005' },
        { type: 'next-action', at: '2026-11-23T09:02:00.000Z', action: 'fix-profile' },
      ],
      'PP0001',
    )
    expect(state.phase).toBe('closed')
    renderBench([
      benchDevice('PP0001', { stage: 'failed', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pp0001', jobId: null, state }, readiness: null }),
    ])
    const next = within(await rowOf('PP0001')).getByTestId('bench-row-next').textContent ?? ''
    expect(next).not.toMatch(/Press Provision \/ Next again/)
    expect(next).toMatch(/set 'Allow pre-provisioned deployment' to Yes.*wait for Profile status Assigned with that profile, then reset the device and retry/)
  })

  it('an unready device whose attempt closed shows its readiness fix first', async () => {
    const state = attemptWith(
      [
        { type: 'provision-pressed', at: '2026-11-23T09:00:00.000Z' },
        { type: 'failed', at: '2026-11-23T09:01:00.000Z', code: '0x81039001' },
        { type: 'next-action', at: '2026-11-23T09:02:00.000Z', action: 'retry' },
      ],
      'PP0002',
    )
    renderBench([
      benchDevice('PP0002', {
        stage: 'failed',
        attempt: { attemptNumber: 1, deviceId: 'id-pp0002', jobId: null, state },
        readiness: badge('blocked', 'Set "Allow pre-provisioned deployment" to Yes in \'UD\''),
      }),
    ])
    expect(within(await rowOf('PP0002')).getByTestId('bench-row-next').textContent).toMatch(/^Set "Allow pre-provisioned deployment" to Yes/)
  })
})

describe('Bench settings and the outcome cue (issue #15 items 2 and 6)', () => {
  it('remembers the bench network', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')])
    const select = await screen.findByLabelText<HTMLSelectElement>('Bench network')
    fireEvent.change(select, { target: { value: 'wifi' } })
    await waitFor(() => expect(api.callsTo('prefs:set-preference')).toContainEqual({ key: 'bench.network', value: 'wifi' }))
  })

  it('flashes the row and plays a sound on success', async () => {
    vi.mocked(playOutcomeSound).mockClear()
    renderBench([benchDevice('PF3AAA', { stage: 'ready', readiness: badge('ready', 'Press Provision') })])
    const row = await rowOf('PF3AAA')
    expect(row.getAttribute('data-flash')).toBeNull()
    fireEvent.keyDown(document.body, { key: 'p' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Provisioning'))
    fireEvent.keyDown(document.body, { key: 's' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).getAttribute('data-flash')).toBe('success'))
    expect(playOutcomeSound).toHaveBeenCalledWith('success')
  })

  it('the flash ends after 2.4 s even when the bench is read again meanwhile (as it is after every key)', async () => {
    vi.mocked(playOutcomeSound).mockClear()
    const { api } = renderBench([benchDevice('PF3AAA', { stage: 'ready', readiness: badge('ready', 'Press Provision') })])
    await rowOf('PF3AAA')
    fireEvent.keyDown(document.body, { key: 'p' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Provisioning'))
    await new Promise((resolve) => setTimeout(resolve, 100))
    fireEvent.keyDown(document.body, { key: 's' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).getAttribute('data-flash')).toBe('success'))
    const reads = api.callsTo('bench:list-devices').length
    await act(async () => api.emit('data:changed', { topics: ['attempts', 'bench'] }))
    await waitFor(() => expect(api.callsTo('bench:list-devices').length).toBeGreaterThan(reads))
    await waitFor(async () => expect((await rowOf('PF3AAA')).getAttribute('data-flash')).toBeNull(), { timeout: 4000 })
  })

  it('an undo is not an outcome: taking back R leaves the row Succeeded again without a second cue', async () => {
    vi.mocked(playOutcomeSound).mockClear()
    renderBench([benchDevice('PF3AAA', { stage: 'ready', readiness: badge('ready', 'Press Provision') })])
    await rowOf('PF3AAA')
    const pause = () => new Promise((resolve) => setTimeout(resolve, 100)) // a person's keys, not a scanner's burst
    fireEvent.keyDown(document.body, { key: 'p' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Provisioning'))
    await pause()
    fireEvent.keyDown(document.body, { key: 's' })
    await waitFor(() => expect(playOutcomeSound).toHaveBeenCalledTimes(1))
    await pause()
    fireEvent.keyDown(document.body, { key: 'r' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Resealed'))
    await pause()
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true })
    await screen.findByText('Undone: Resealed.')
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Succeeded'))
    await pause()
    expect(playOutcomeSound).toHaveBeenCalledTimes(1)
  })

  it('muted: no sound and no flash', async () => {
    vi.mocked(playOutcomeSound).mockClear()
    renderBench([benchDevice('PF3AAA', { stage: 'ready', readiness: badge('ready', 'Press Provision') })], { 'bench.cueMuted': true })
    await screen.findByRole('checkbox', { name: /Sound and flash/ })
    await waitFor(() => expect(screen.getByRole<HTMLInputElement>('checkbox', { name: /Sound and flash/ }).checked).toBe(false))
    fireEvent.keyDown(document.body, { key: 'p' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Provisioning'))
    fireEvent.keyDown(document.body, { key: 'f' })
    await screen.findByRole('combobox', { name: 'Error code shown on the device' })
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Error code shown on the device' }), { key: 'Enter' })
    await waitFor(async () => expect((await rowOf('PF3AAA')).textContent).toContain('Failed'))
    expect((await rowOf('PF3AAA')).getAttribute('data-flash')).toBeNull()
    expect(playOutcomeSound).not.toHaveBeenCalled()
  })
})
