import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createDateFormatter } from '@renderer/format-date'
import type { BenchDevice } from '@shared/bench-schemas'
import { createAttempt, attemptReducer, type AttemptEvent, type AttemptState } from '@shared/domain/attempt'
import { simDeviceViewSchema } from '@shared/simulator-schemas'
import { createFakeApi, device, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { cardFixture } from '@support/renderer/card-fixture'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'
import { createKeyboard } from '@support/renderer/keyboard'

function attemptWith(events: AttemptEvent[], serial = 'PF3AAA'): AttemptState {
  let state = createAttempt({ id: 'a1', serialNumber: serial, createdAt: '2020-01-01T00:00:00.000Z' })
  for (const event of events) {
    const result = attemptReducer(state, event)
    if (!result.ok) throw new Error(result.error.message)
    state = result.state
  }
  return state
}

/** What the simulated PC answers a press with (the schema fills in the rest). */
const simView = (key: string, screenName: string) =>
  simDeviceViewSchema.parse({ device: { id: key, serialNumber: 'PF3AAA' }, power: screenName === 'off' ? 'off' : 'on', screen: screenName, actions: [] })

function renderBench(devices: BenchDevice[], extra: FakeHandlers = {}, kind: 'embedded-mock' | 'graph' = 'graph') {
  const bench = benchHandlers(devices, [job('j1')])
  const api = createFakeApi({
    ...bench,
    'app:get-info': () => ok({ version: '0.1.0', tenant: { id: 't', displayName: 'Contoso', kind }, transport: 'http' as const, timeZone: 'Europe/Berlin' }),
    // Ready devices: P records at once (a device that is not ready asks first, attempt-corrections.test.tsx).
    'devices:get-device-card': () => ok(cardFixture()),
    ...extra,
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('bench')
  render(<AppRoot api={api} stores={stores} />)
  return { api, stores, bench }
}

const press = (key: string) => fireEvent.keyDown(document.body, { key })
const recorded = (api: ReturnType<typeof createFakeApi>) => api.callsTo('attempts:record-event').map((call) => call.event.type)
const recorder = () => screen.getByRole('region', { name: /Attempt recorder/ })
/** The recorder (and its keys) is there once the bench has loaded and a row is selected. */
const recorderReady = () => screen.findByRole('region', { name: /Attempt recorder/ })

describe('Bench screen', () => {
  it('lists every device with its stage as icon and text and the elapsed time since Provision, ticking', async () => {
    const pressedAt = new Date(Date.now() - 125_000).toISOString()
    const provisioning = benchDevice('PF3AAA', {
      stage: 'provisioning',
      jobId: 'j1',
      attemptCount: 1,
      attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: 'j1', state: attemptWith([{ type: 'provision-pressed', at: pressedAt }]) },
    })
    const failed = benchDevice('PF3BBB', {
      stage: 'failed',
      attemptCount: 1,
      attempt: {
        attemptNumber: 1,
        deviceId: 'id-pf3bbb',
        jobId: null,
        state: attemptWith(
          [
            { type: 'provision-pressed', at: '2026-11-23T09:00:00.000Z' },
            { type: 'failed', at: '2026-11-23T09:04:07.000Z', code: '0x80180014' },
          ],
          'PF3BBB',
        ),
      },
    })
    renderBench([provisioning, failed, benchDevice('PF3CCC')])
    const rows = await screen.findAllByRole('row')
    expect(rows).toHaveLength(4)
    const [, first, second, third] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement]
    expect(first.textContent).toContain('Order j1')
    expect(within(first).getByText(/Provisioning/).textContent).toContain('⟳')
    expect(first.querySelector('.elapsed')?.textContent).toMatch(/^2:0[5-7]$/)
    expect(first.querySelector('.elapsed')?.getAttribute('data-ticking')).toBe('true')
    // A failure freezes the time at the failure screen: 4:07 after Provision.
    expect(second.textContent).toContain('✕ Failed')
    expect(second.querySelector('.elapsed')?.textContent).toBe('4:07')
    expect(first.textContent).toContain('Watch the device: S or F')
    expect(second.textContent).toContain('Choose the next step')
    expect(third.textContent).toContain('Scanned')
    expect(third.querySelector('.elapsed')?.textContent).toBe('—')
    const before = first.querySelector('.elapsed')?.textContent
    await waitFor(() => expect(first.querySelector('.elapsed')?.textContent).not.toBe(before), { timeout: 2500 })
  })

  it('names every column in full, with the short forms narrow windows show beside them; a device with no job shows a dash', async () => {
    renderBench([benchDevice('PF3AAA', { jobId: null })])
    const headers = await screen.findAllByRole('columnheader')
    expect(headers.map((header) => header.getAttribute('aria-label') ?? header.textContent)).toEqual([
      'Serial number',
      'Model',
      'Job',
      'Readiness / stage',
      'Elapsed',
      'Attempts',
      'Next',
    ])
    // bench-table.css swaps which of the two is displayed below 1500 px; the full one stays the tooltip.
    const elapsed = screen.getByRole('columnheader', { name: 'Elapsed' })
    expect(elapsed.getAttribute('title')).toBe('Elapsed')
    expect(elapsed.querySelector('.bench-table__header-full')?.textContent).toBe('Elapsed')
    expect(elapsed.querySelector('.bench-table__header-short')?.textContent).toBe('Time')
    expect(screen.getByRole('columnheader', { name: 'Attempts' }).querySelector('.bench-table__header-short')?.textContent).toBe('Tries')
    const row = (await screen.findByRole('rowheader', { name: /PF3AAA/ })).closest('tr') as HTMLElement
    expect(within(row).getAllByRole('cell')[1]?.textContent).toBe('—')
  })

  it('a row names its job, also once the job is closed (not "—", which reads as no job)', async () => {
    renderBench([benchDevice('PF3AAA', { jobId: 'j1' }), benchDevice('PF3BBB', { jobId: 'j9' })], {
      'jobs:list-jobs': () => ok({ jobs: [job('j1'), job('j9', { name: 'Fabrikam PO 12', closedAt: '2026-11-24T17:00:00.000Z' })] }),
    })
    const job9 = (await screen.findByRole('rowheader', { name: /PF3BBB/ })).closest('tr') as HTMLElement
    await waitFor(() => expect(within(job9).getAllByRole('cell')[1]?.textContent).toBe('Fabrikam PO 12 (closed)'))
    const job1 = screen.getByRole('rowheader', { name: /PF3AAA/ }).closest('tr') as HTMLElement
    expect(within(job1).getAllByRole('cell')[1]?.textContent).toBe('Order j1')
  })

  it('selects rows with the arrow keys and opens the device card with Enter', async () => {
    const { stores } = renderBench([benchDevice('PF3AAA'), benchDevice('PF3BBB')])
    const body = await screen.findByTestId('bench-rows')
    expect(recorder().textContent).toContain('PF3AAA')
    fireEvent.keyDown(body, { key: 'ArrowDown' })
    expect(screen.getAllByRole('row')[2]?.getAttribute('aria-selected')).toBe('true')
    expect(recorder().textContent).toContain('PF3BBB')
    fireEvent.keyDown(body, { key: 'Enter' })
    expect(stores.ui.getState().screen).toBe('device')
    expect(stores.ui.getState().deviceId).toBe('id-pf3bbb')
  })

  it('opens on the device scanned last, wherever it was scanned', async () => {
    const { stores } = renderBench([benchDevice('PF3AAA'), benchDevice('PF3BBB')])
    await recorderReady()
    expect(recorder().textContent).toContain('PF3AAA')
    await stores.bench.getState().addDevice('id-pf3bbb', 'scan-1')
    await waitFor(() => expect(recorder().textContent).toContain('PF3BBB'))
    expect(screen.getAllByRole('row')[2]?.getAttribute('aria-selected')).toBe('true')
  })

  it('removes the selected device from the bench', async () => {
    const { api } = renderBench([benchDevice('PF3AAA'), benchDevice('PF3BBB')])
    await recorderReady()
    fireEvent.click(screen.getByRole('button', { name: 'Remove from bench' }))
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2))
    expect(api.callsTo('bench:remove-device')).toEqual([{ deviceId: 'id-pf3aaa' }])
    expect(recorder().textContent).toContain('PF3BBB')
  })

  it('"Remove from bench" says what it removed, offers Undo with the focus on it, and selects the neighbouring row: a second Enter removes nothing more', async () => {
    const rows = ['PF3AAA', 'PF3BBB', 'PF3CCC'].map((serial, i) => benchDevice(serial, { addedAt: `2026-11-23T09:0${i}:00.000Z` }))
    const { api, stores } = renderBench(rows)
    await recorderReady()
    stores.bench.getState().select('id-pf3ccc')
    await waitFor(() => expect(recorder().textContent).toContain('PF3CCC'))
    const keyboard = createKeyboard()
    screen.getByRole('button', { name: 'Remove from bench' }).focus()
    keyboard.press('Enter', 500)
    const notice = await screen.findByTestId('removal-notice')
    expect(notice.textContent).toContain('Removed PF3CCC from the bench.')
    const undo = within(notice).getByRole('button', { name: 'Undo: put PF3CCC back on the bench' })
    await waitFor(() => expect(document.activeElement).toBe(undo))
    // The last row went: the one before it is selected, not the first.
    await waitFor(() => expect(recorder().textContent).toContain('PF3BBB'))
    expect(screen.getAllByRole('row')[2]?.getAttribute('aria-selected')).toBe('true')
    // The second Enter of a double press lands on Undo: PF3CCC comes back, nothing else is removed.
    keyboard.press('Enter', 300)
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4))
    expect(api.callsTo('bench:remove-device')).toEqual([{ deviceId: 'id-pf3ccc' }])
    expect(api.callsTo('bench:restore-device')).toHaveLength(1)
    await waitFor(() => expect(recorder().textContent).toContain('PF3CCC'))
    expect(screen.getByTestId('removal-notice').textContent).toContain('Put PF3CCC back on the bench')
    expect(screen.getAllByRole('row').map((row) => row.getAttribute('data-device-id'))).toEqual([null, 'id-pf3aaa', 'id-pf3bbb', 'id-pf3ccc'])
    expect(document.activeElement).toBe(screen.getByTestId('bench-rows'))
  })

  it('"Removed … Undo" goes once the technician moves on — the next scan, another screen — and the focus on Undo goes to the rows, never taken from elsewhere', async () => {
    const rows = ['PF3AAA', 'PF3BBB', 'PF3CCC'].map((serial, i) => benchDevice(serial, { addedAt: `2026-11-23T09:0${i}:00.000Z` }))
    const { stores } = renderBench(rows)
    await recorderReady()
    const remove = async (deviceId: string) => {
      stores.bench.getState().select(deviceId)
      fireEvent.click(screen.getByRole('button', { name: 'Remove from bench' }))
      const notice = await screen.findByTestId('removal-notice')
      await waitFor(() => expect(document.activeElement?.closest('[data-testid="removal-notice"]')).toBe(notice))
    }
    // The next scan, with the focus on Undo: the notice goes and the focus goes to the rows (the scanned device selected).
    await remove('id-pf3aaa')
    await stores.bench.getState().addDevice('id-pf3bbb', 'scan-1')
    await waitFor(() => expect(screen.queryByTestId('removal-notice')).toBeNull())
    expect(document.activeElement).toBe(screen.getByTestId('bench-rows'))
    await waitFor(() => expect(recorder().textContent).toContain('PF3BBB'))

    // The next scan with the focus elsewhere (the job picker): the notice goes, the focus stays where it is.
    await remove('id-pf3bbb')
    const picker = screen.getByLabelText('Active job')
    picker.focus()
    await stores.bench.getState().addDevice('id-pf3ccc', 'scan-2')
    await waitFor(() => expect(screen.queryByTestId('removal-notice')).toBeNull())
    expect(document.activeElement).toBe(picker)

    // Another screen and back: the notice is gone, and does not take the focus again.
    await remove('id-pf3ccc')
    fireEvent.click(screen.getByRole('button', { name: /^Devices/ }))
    await screen.findByRole('heading', { name: 'Autopilot devices' })
    fireEvent.click(screen.getByRole('button', { name: /^Bench/ }))
    await screen.findByRole('heading', { name: 'Bench', level: 1 })
    expect(screen.queryByTestId('removal-notice')).toBeNull()
    expect(document.activeElement?.textContent).not.toMatch(/^Undo/)
  })

  it('"Removed … Undo" goes when another device’s card is opened', async () => {
    const rows = ['PF3AAA', 'PF3BBB'].map((serial, i) => benchDevice(serial, { addedAt: `2026-11-23T09:0${i}:00.000Z` }))
    const { stores } = renderBench(rows)
    await recorderReady()
    fireEvent.click(screen.getByRole('button', { name: 'Remove from bench' }))
    await screen.findByTestId('removal-notice')
    stores.ui.getState().openDevice('id-pf3bbb')
    await waitFor(() => expect(stores.bench.getState().removal).toBeNull())
    stores.ui.getState().leaveDevice()
    await recorderReady()
    expect(screen.queryByTestId('removal-notice')).toBeNull()
  })

  it('selects the next row after removing one in the middle', async () => {
    const rows = ['PF3AAA', 'PF3BBB', 'PF3CCC'].map((serial, i) => benchDevice(serial, { addedAt: `2026-11-23T09:0${i}:00.000Z` }))
    const { stores } = renderBench(rows)
    await recorderReady()
    stores.bench.getState().select('id-pf3bbb')
    await waitFor(() => expect(recorder().textContent).toContain('PF3BBB'))
    fireEvent.click(screen.getByRole('button', { name: 'Remove from bench' }))
    await waitFor(() => expect(recorder().textContent).toContain('PF3CCC'))
  })

  it('says what Ctrl+E does in the key legend: the active job’s hand-over CSV, else Diagnostics', async () => {
    const { stores } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    expect(document.getElementById('bench-keys')?.textContent).toContain('Ctrl+E Diagnostics (no active job)')
    await stores.bench.getState().setActiveJob('j1')
    await waitFor(() => expect(document.getElementById('bench-keys')?.textContent).toContain('Ctrl+E hand-over CSV of the active job'))
    expect(document.getElementById('bench-keys')?.textContent).not.toContain('Ctrl+E export')
  })

  it('a row waiting on Intune says when Intune was last asked, and is re-read from Intune while the Bench is open', async () => {
    const waiting = benchDevice('PF3AAA', {
      checkedAt: new Date(Date.now() - 120_000).toISOString(),
      readiness: {
        level: 'not-ready',
        next: 'Wait for profile assignment: Profile status = Assigned and Date assigned set.',
        ruleId: 'profile-assigned',
        title: 'Profile assigned',
      },
    })
    const { api } = renderBench([waiting, benchDevice('PF3BBB', { checkedAt: new Date().toISOString() })], {
      'devices:refresh-device': () => ok({ device: null, source: 'online', notice: null }),
    })
    await recorderReady()
    await waitFor(() => expect(api.callsTo('devices:refresh-device')).toEqual([{ id: 'id-pf3aaa' }]))
    const row = screen.getAllByRole('row')[1]!
    await waitFor(() => expect(within(row).getByTestId('bench-row-checked').textContent).toMatch(/^checked \d/))
    expect(within(row).getByTestId('bench-row-next').getAttribute('title')).toMatch(/^Wait for profile assignment.*\(checked \d/)
    // A row that waits on nothing says nothing of it.
    expect(within(screen.getAllByRole('row')[2]!).queryByTestId('bench-row-checked')).toBeNull()
  })

  it('shows an empty state that says how to get a device onto the bench', async () => {
    renderBench([])
    expect((await screen.findByText(/No device at the bench yet/)).textContent).toContain('F2')
  })
})

describe('Attempt recorder', () => {
  it('P → F → code with autocomplete → Enter: the failure is explained and its next steps offered; delete calls Intune', async () => {
    const { api } = renderBench([benchDevice('PF3AAA', { manufacturer: 'Contoso' })], {
      'devices:run-online-action': ({ action }) => ok({ action: action, done: true, message: 'Intune device record deleted.', autopilotSync: null }),
    })
    await recorderReady()
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    await waitFor(() => expect(screen.getAllByRole('row')[1]?.textContent).toContain('Provisioning'))
    press('f')
    const field = await screen.findByRole('combobox', { name: /Error code/ })
    await waitFor(() => expect(document.activeElement).toBe(field))
    fireEvent.change(field, { target: { value: '8018001' } })
    expect(screen.getByRole('listbox').textContent).toContain('0x80180014')
    fireEvent.change(field, { target: { value: '0x80180014' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'failed']))
    expect(api.callsTo('attempts:record-event')[1]?.event).toMatchObject({ type: 'failed', code: '0x80180014' })
    const explanation = await screen.findByRole('region', { name: 'What the error means' })
    expect(explanation.textContent).toContain('one-time limit')
    expect(explanation.textContent).toContain('Likely cause')
    // The source names Microsoft Learn pages, as links; never a repository file.
    expect(explanation.querySelector('cite a')?.getAttribute('href')).toMatch(/^https:\/\/learn\.microsoft\.com\/autopilot\/troubleshooting-faq/)
    expect(explanation.textContent).not.toMatch(/\.md\b|docs\/reference/)
    const actions = screen.getByRole('region', { name: 'Next step' })
    const labels = within(actions)
      .getAllByRole('button')
      .map((button) => button.textContent)
    expect(labels).toEqual(['Delete the Intune device record (recommended)', 'Unblock device', 'Set the device aside'])
    expect(actions.textContent).toContain('Online only')
    fireEvent.click(within(actions).getByRole('button', { name: /Delete the Intune device record/ }))
    // It cannot be undone: nothing is called before the technician confirms.
    expect(api.callsTo('devices:run-online-action')).toEqual([])
    fireEvent.click(await within(actions).findByRole('button', { name: 'Delete record' }))
    await waitFor(() => expect(api.callsTo('devices:run-online-action')).toEqual([{ action: 'delete-intune-record', deviceId: 'id-pf3aaa' }]))
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'failed', 'next-action']))
    expect(recorder().textContent).toContain('Intune device record deleted.')
  })

  it('Unblock on a device in Fix pending is refused with the reason before Intune is called', async () => {
    const failedState = attemptWith([
      { type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() },
      { type: 'failed', at: new Date(Date.now() - 1000).toISOString(), code: '0x80180014' },
    ])
    const { api } = renderBench(
      [benchDevice('PF3AAA', { stage: 'failed', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: failedState } })],
      {
        'devices:get-device': () => ok(device('PF3AAA', { profileStatus: 'fixPending' })),
        'devices:run-online-action': ({ action }) => ok({ action, done: true, message: 'done', autopilotSync: null }),
      },
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Unblock device' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Fix pending')
    expect(api.callsTo('devices:run-online-action')).toEqual([])
    expect(recorded(api)).toEqual([])
  })

  it('an unknown code is said to be unknown, and every next step is offered with the Reset caveats', async () => {
    const { api } = renderBench([
      benchDevice('PF3AAA', {
        stage: 'provisioning',
        attemptCount: 1,
        attempt: {
          attemptNumber: 1,
          deviceId: 'id-pf3aaa',
          jobId: null,
          state: attemptWith([{ type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() }]),
        },
      }),
    ])
    await recorderReady()
    // F from the Bench rows, where the keyboard lives.
    const rows = screen.getByTestId('bench-rows')
    rows.focus()
    fireEvent.keyDown(rows, { key: 'f' })
    const field = await screen.findByRole('combobox', { name: /Error code/ })
    fireEvent.change(field, { target: { value: '0x12345678' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    // The code is saved and its field gone: the keyboard is back on the rows, not on <body>.
    await waitFor(() => expect(document.activeElement).toBe(rows))
    const explanation = await screen.findByRole('region', { name: 'What the error means' })
    expect(explanation.getAttribute('data-lookup')).toBe('unknown')
    expect(explanation.textContent).toContain('not in the knowledge base')
    const actions = screen.getByRole('region', { name: 'Next step' })
    expect(within(actions).getAllByRole('button')).toHaveLength(7)
    expect(actions.textContent).toContain('Ctrl+Shift+D')
    expect(actions.textContent).toContain('View diagnostics')
    expect(actions.textContent).toContain('Reset can make TPM attestation fail')
    expect(api.callsTo('attempts:record-event')[0]?.event).toMatchObject({ type: 'failed', code: '0x12345678' })
  })

  it('Reset (on the device) keeps the keyboard: its button goes with the step list and the Bench rows take the focus, so ↓ still moves', async () => {
    const failedAt = new Date(Date.now() - 30_000).toISOString()
    const failedAttempt = attemptWith([
      { type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() },
      { type: 'failed', at: failedAt, code: '0x81039001' },
    ])
    const { api, stores } = renderBench([
      benchDevice('PF3AAA', { stage: 'failed', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: failedAttempt } }),
      benchDevice('PF3BBB'),
    ])
    await recorderReady()
    const reset = within(screen.getByRole('region', { name: 'Next step' })).getByRole('button', { name: /^Reset/ })
    reset.focus()
    fireEvent.click(reset)
    await waitFor(() => expect(recorded(api)).toEqual(['next-action']))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Next step' })).toBeNull())
    const rows = screen.getByTestId('bench-rows')
    await waitFor(() => expect(document.activeElement).toBe(rows))
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' })
    await waitFor(() => expect(stores.bench.getState().selectedDeviceId).toBe('id-pf3bbb'))
  })

  it('a wrong code can be corrected: the explanation follows the corrected code', async () => {
    const failedState = attemptWith([
      { type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() },
      { type: 'failed', at: new Date(Date.now() - 1000).toISOString(), code: '0x80180005' },
    ])
    const { api } = renderBench([
      benchDevice('PF3AAA', { stage: 'failed', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: failedState } }),
    ])
    expect((await screen.findByRole('region', { name: 'What the error means' })).textContent).toContain('0x80180005')
    expect(screen.getByRole('button', { name: /Fix the deployment profile \(recommended\)/ })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Correct the code' }))
    const field = await screen.findByRole('combobox', { name: /Error code/ })
    expect((field as HTMLInputElement).value).toBe('0x80180005')
    fireEvent.change(field, { target: { value: '0x801C03F3' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    await waitFor(() => expect(screen.getByRole('region', { name: 'What the error means' }).textContent).toContain('0x801C03F3'))
    expect(api.callsTo('attempts:record-event')[0]?.event).toMatchObject({ type: 'code-entered', code: '0x801C03F3' })
    expect(screen.getByRole('button', { name: /Deregister and register again \(recommended\)/ })).toBeTruthy()
  })

  it('demo tenant: P on a ready device whose simulated PC is switched off asks first, and Esc records nothing', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')], { 'simulator:get-device': ({ key }) => ok(simView(key, 'off')) }, 'embedded-mock')
    await recorderReady()
    await screen.findByLabelText(/Also press it on the simulated PC/)
    press('p')
    const guard = await screen.findByRole('alertdialog', { name: 'Check before provisioning' })
    expect(guard.textContent).toContain('Readiness is ✓ Ready, but:')
    expect(guard.textContent).toContain('The simulated PC is switched off')
    press('Escape')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(api.callsTo('attempts:record-event')).toEqual([])
  })

  it('demo tenant: P while the simulated PC shows "What would you like to do?" presses nothing there, and says why', async () => {
    const { api } = renderBench(
      [benchDevice('PF3AAA')],
      { 'simulator:get-device': ({ key }) => ok({ ...simView(key, 'whatToDo'), actions: ['next', 'back'] }) },
      'embedded-mock',
    )
    await recorderReady()
    await screen.findByLabelText(/Also press it on the simulated PC/)
    press('p')
    const refused = await screen.findByText(/did not take the press/)
    expect(refused.textContent).toContain('it shows its “What would you like to do?” screen, not the pre-provisioning screen')
    // Its Next only leads to the pre-provisioning screen: pressing it started the clock with nothing provisioning.
    expect(api.callsTo('simulator:press')).toEqual([])
    expect(recorded(api)).toEqual(['provision-pressed'])
  })

  it('demo tenant: F pre-fills the code the simulated PC shows', async () => {
    const view = simDeviceViewSchema.parse({
      device: { id: 'id-pf3aaa', serialNumber: 'PF3AAA' },
      power: 'on',
      screen: 'failure',
      actions: ['retry', 'reset'],
      attempt: {
        number: 1,
        elapsedSeconds: 300,
        endsAt: '2026-11-23T09:05:00Z',
        phase: 'devicePreparation',
        steps: [],
        error: {
          code: '0x81039001',
          name: 'E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED',
          message: 'TPM attestation failed',
          step: 'Securing your hardware',
        },
      },
    })
    renderBench(
      [
        benchDevice('PF3AAA', {
          stage: 'provisioning',
          attemptCount: 1,
          attempt: {
            attemptNumber: 1,
            deviceId: 'id-pf3aaa',
            jobId: null,
            state: attemptWith([{ type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() }]),
          },
        }),
      ],
      { 'simulator:get-device': () => ok(view) },
      'embedded-mock',
    )
    await recorderReady()
    await screen.findByLabelText(/Also press it on the simulated PC/)
    press('f')
    const field = await screen.findByRole('combobox', { name: /Error code/ })
    expect((field as HTMLInputElement).value).toBe('0x81039001')
  })

  it('Esc in the code field cancels: nothing is recorded', async () => {
    const { api } = renderBench([
      benchDevice('PF3AAA', {
        stage: 'provisioning',
        attemptCount: 1,
        attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: attemptWith([{ type: 'provision-pressed', at: new Date().toISOString() }]) },
      }),
    ])
    await recorderReady()
    press('f')
    const field = await screen.findByRole('combobox', { name: /Error code/ })
    fireEvent.keyDown(field, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('combobox', { name: /Error code/ })).toBeNull())
    expect(recorded(api)).toEqual([])
  })

  it('S shows the reseal checklist and the user-flow window; R records Resealed (and presses Reseal on the simulated PC)', async () => {
    const { api } = renderBench(
      [
        benchDevice('PF3AAA', {
          stage: 'provisioning',
          attemptCount: 1,
          attempt: {
            attemptNumber: 1,
            deviceId: 'id-pf3aaa',
            jobId: null,
            state: attemptWith([{ type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() }]),
          },
        }),
      ],
      {
        'simulator:press': ({ key }) => ok(simView(key, 'off')),
      },
      'embedded-mock',
    )
    await screen.findByTestId('bench-rows')
    expect(await screen.findByLabelText(/Also press it on the simulated PC/)).toBeTruthy()
    press('s')
    const checklist = await screen.findByRole('region', { name: 'Reseal checklist' })
    expect(checklist.textContent).toContain('Select Reseal on the success screen: it shuts the device down.')
    const successAt = api.callsTo('attempts:record-event')[0]?.event.at as string
    const dates = createDateFormatter('Europe/Berlin')
    expect(screen.getByTestId('user-flow-earliest').textContent).toBe(dates.dateTime(new Date(Date.parse(successAt) + 90 * 60_000)))
    const deadline = new Date(successAt)
    deadline.setUTCMonth(deadline.getUTCMonth() + 6)
    expect(screen.getByTestId('user-flow-deadline').textContent?.slice(0, 6)).toBe(dates.dateTime(deadline).slice(0, 6))
    press('r')
    await waitFor(() => expect(recorded(api)).toEqual(['succeeded', 'resealed']))
    await waitFor(() => expect(api.callsTo('simulator:press')).toEqual([{ key: 'id-pf3aaa', action: 'reseal' }]))
    await waitFor(() => expect(screen.getAllByRole('row')[1]?.textContent).toContain('Resealed'))
  })

  it('R before the simulated PC shows its success screen says so in words, and Ctrl+Z takes that notice back with the key', async () => {
    const succeeded = attemptWith([
      { type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() },
      { type: 'succeeded', at: new Date(Date.now() - 1000).toISOString() },
    ])
    renderBench(
      [benchDevice('PF3AAA', { stage: 'succeeded', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: succeeded } })],
      {
        'simulator:press': () => ({
          ok: false,
          error: { code: 'conflict', message: "'reseal' is not available on the 'provisioning' screen (available: power-off)." },
        }),
        'simulator:get-device': ({ key }) => ok({ ...simView(key, 'provisioning'), actions: ['power-off'] }),
      },
      'embedded-mock',
    )
    await screen.findByLabelText(/Also press it on the simulated PC/)
    press('r')
    const refused = await screen.findByText(/did not take the press/)
    expect(refused.textContent).toContain('it shows its “Provisioning” screen, which has no Reseal button.')
    expect(refused.textContent).not.toMatch(/'reseal'|available:/)
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true })
    await screen.findByText(/Undone: Resealed/)
    await waitFor(() => expect(screen.queryByText(/did not take the press/)).toBeNull())
  })

  it('Retry after 0x81039001 (recommended) closes the attempt, presses Retry on the simulated PC and starts attempt 2', async () => {
    const failedState = attemptWith([
      { type: 'provision-pressed', at: new Date(Date.now() - 60_000).toISOString() },
      { type: 'failed', at: new Date(Date.now() - 1000).toISOString(), code: '0x81039001' },
    ])
    const { api } = renderBench(
      [benchDevice('PF3AAA', { stage: 'failed', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state: failedState } })],
      {
        'simulator:press': ({ key }) => ok(simView(key, 'provisioning')),
      },
      'embedded-mock',
    )
    const retry = await screen.findByRole('button', { name: 'Retry (on the device) (recommended)' })
    fireEvent.click(retry)
    await waitFor(() => expect(recorded(api)).toEqual(['next-action', 'provision-pressed']))
    expect(api.callsTo('simulator:press')).toEqual([{ key: 'id-pf3aaa', action: 'retry' }])
    await waitFor(() => expect(recorder().textContent).toContain('Attempt 2'))
    expect(recorder().getAttribute('data-phase')).toBe('provisioning')
  })

  it('a key that does nothing in this phase says so and what the phase needs (S before P, P twice), and records nothing', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    press('s')
    const note = await screen.findByTestId('key-not-now')
    expect(note.textContent).toBe(
      'ℹ S does nothing now, nothing was recorded. Not started. When you press Provision (Windows 10) or Next (Windows 11) on the device, press P.',
    )
    expect(recorded(api)).toEqual([])
    press('p')
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    // The phase moved on: the note about the old phase is gone.
    await waitFor(() => expect(screen.queryByTestId('key-not-now')).toBeNull())
    press('p')
    await waitFor(() => expect(screen.getByTestId('key-not-now').textContent).toContain('P does nothing now, nothing was recorded. Provisioning.'))
    press('r')
    await waitFor(() => expect(screen.getByTestId('key-not-now').textContent).toContain('R does nothing now'))
    expect(recorded(api)).toEqual(['provision-pressed'])
  })

  it('a letter pressed while the window was busy still acts: keys are timed by when they were pressed, not when handled', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    const keyboard = createKeyboard()
    // ↓, then P 150 ms later, both handled at once after a busy moment: not a scanner's burst.
    keyboard.press('ArrowDown', 500)
    keyboard.press('p', 150)
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed']))
    // A key pressed well after the letter, handled before the letter's wait is over: the letter still stands.
    keyboard.press('s', 2_000)
    keyboard.press('x', 200)
    await waitFor(() => expect(recorded(api)).toEqual(['provision-pressed', 'succeeded']))
    // A scanner, timed the same way, still records nothing.
    keyboard.scan('PF3XK2', null)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(recorded(api)).toEqual(['provision-pressed', 'succeeded'])
  })

  it('a scanner burst typed on the bench (PF3…) records nothing', async () => {
    const { api } = renderBench([benchDevice('PF3AAA')])
    await recorderReady()
    for (const key of ['P', 'F', '3', 'X', 'K', '2']) press(key)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(recorded(api)).toEqual([])
    // Nor does it say a key did nothing: the burst is not keys at all.
    expect(screen.queryByTestId('key-not-now')).toBeNull()
  })
})
