import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import type { ScreenId } from '@renderer/stores/ui-store'
import { createScanCapture } from '@renderer/scan/scan-capture'
import { ScanDepsProvider, type ScanDeps } from '@renderer/scan/scan-deps'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { attemptReducer, createAttempt } from '@shared/domain/attempt'
import { createFakeApi, device, idleStatus, ok, outboxItem, type FakeHandlers } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'
import { cardFixture } from '@support/renderer/card-fixture'
import { renderCard } from '@support/renderer/render-card'
import { createKeyboard } from '@support/renderer/keyboard'

/** PF3CCC is in the cache (not yet at the bench); PF3AAA and PF3BBB are at the bench. */
const scanned = device('PF3CCC')
/** A device whose QR is scanned (its ZtdId is a GUID). */
const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const qrDevice = device('PF3QQQ', { id: ztdId })
const byId = (id: string) => [scanned, qrDevice].find((item) => item.id === id) ?? null
const lookups: FakeHandlers = {
  'devices:find-by-serial': ({ serialNumber }) => ok(serialNumber.toUpperCase() === 'PF3CCC' ? [scanned] : []),
  'devices:get-device': ({ id }) => ok(byId(id)),
  'devices:refresh-device': ({ id }) => ok({ device: byId(id), source: 'online' as const, notice: null }),
}
/** The Scan screen without a camera (its explanations and field are what these tests look at). */
const noCamera: ScanDeps = {
  media: null,
  createDecoder: () => ({
    ready: new Promise(() => {}),
    decodeBitmap: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
    decodePixels: async () => ({ ms: 0, width: 0, height: 0, symbol: null }),
    dispose() {},
  }),
  beep() {},
  grab: async () => null,
}

function renderApp(start: ScreenId = 'bench', more: FakeHandlers = {}) {
  const bench = benchHandlers([benchDevice('PF3AAA'), benchDevice('PF3BBB')], [job('j1')])
  const api = createFakeApi({
    ...bench,
    ...lookups,
    ...more,
    'bench:remove-device': bench['bench:remove-device']!,
    // A synced cache: an unknown serial is then "not registered as of the last sync".
    'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2026-11-23T08:00:00.000Z' }),
  })
  const stores = createStores(api)
  stores.ui.getState().navigate(start)
  const visited: ScreenId[] = []
  stores.ui.subscribe((state, previous) => {
    if (state.screen !== previous.screen) visited.push(state.screen)
  })
  render(
    <ScanDepsProvider deps={noCamera}>
      <AppRoot api={api} stores={stores} />
    </ScanDepsProvider>,
  )
  return { api, stores, visited }
}

const rows = () => screen.getAllByRole('row').slice(1)
const selectedSerial = () =>
  rows()
    .find((row) => row.getAttribute('aria-selected') === 'true')
    ?.querySelector('th')
    ?.textContent?.replace('▶', '')
    .trim()
const recorder = () => screen.getByRole('region', { name: /Attempt recorder/ })

/** The Bench with PF3BBB picked by ↑/↓, the focus on the rows (as after a click). */
async function benchWithSecondRowSelected() {
  const app = renderApp()
  const body = await screen.findByTestId('bench-rows')
  await screen.findByRole('region', { name: /Attempt recorder/ })
  body.focus()
  fireEvent.keyDown(body, { key: 'ArrowDown' })
  expect(selectedSerial()).toBe('PF3BBB')
  return { ...app, body }
}

/** The scan landed: the Bench, PF3CCC added (with the active job's id or none) and selected. */
async function expectLandedOnScannedDevice(app: ReturnType<typeof renderApp>) {
  await waitFor(() => expect(selectedSerial()).toBe('PF3CCC'))
  expect(app.stores.ui.getState().screen).toBe('bench')
  expect(recorder().textContent).toContain('PF3CCC')
  expect(app.api.callsTo('devices:find-by-serial')).toEqual([{ serialNumber: 'PF3CCC' }])
  expect(app.api.callsTo('bench:add-device').map((call) => call.deviceId)).toEqual([scanned.id])
  // No device card opened on the way (the defect opened the previously selected device's card).
  expect(app.visited).not.toContain('device')
}

describe('Scan capture: a USB scan from anywhere lands on the Bench on the scanned device', () => {
  it('with a Bench row selected and focused: Enter does not open that row; the scanned device is selected', async () => {
    const app = await benchWithSecondRowSelected()
    createKeyboard().scan('PF3CCC')
    await expectLandedOnScannedDevice(app)
    expect(app.stores.ui.getState().deviceId).toBeNull()
  })

  it('the same with a Tab terminator', async () => {
    const app = await benchWithSecondRowSelected()
    const keys = createKeyboard()
    keys.scan('PF3CCC', null)
    expect(keys.press('Tab', 4)).toBe(false)
    await expectLandedOnScannedDevice(app)
  })

  it('with the focus in a text field: no character stays in it, and the scan lands on the Bench', async () => {
    const app = renderApp('devices')
    const search = await screen.findByRole('searchbox')
    search.focus()
    const keys = createKeyboard()
    keys.type('ab', null)
    keys.scan('PF3CCC')
    expect((search as HTMLInputElement).value).toBe('ab')
    await expectLandedOnScannedDevice(app)
    expect(app.stores.devices.getState().search).toBe('ab')
  })

  it('with the focus on a button: the button is not pressed by the scanner’s Enter', async () => {
    const app = await benchWithSecondRowSelected()
    const remove = screen.getByRole('button', { name: 'Remove from bench' })
    remove.focus()
    createKeyboard().scan('PF3CCC')
    await expectLandedOnScannedDevice(app)
    expect(app.api.callsTo('bench:remove-device')).toEqual([])
  })

  it('a QR payload typed by the scanner (with Shift for capitals and punctuation) lands the same way', async () => {
    const app = await benchWithSecondRowSelected()
    const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3QQQ' })
    const keys = createKeyboard()
    for (const key of payload) {
      if (/[A-Z{}":]/.test(key)) keys.press('Shift', 2)
      keys.press(key, 2)
    }
    keys.press('Enter', 2)
    await waitFor(() =>
      expect(
        rows()
          .find((row) => row.getAttribute('aria-selected') === 'true')
          ?.getAttribute('data-device-id'),
      ).toBe(ztdId),
    )
    expect(app.stores.ui.getState().screen).toBe('bench')
    expect(app.visited).not.toContain('device')
    expect(app.api.callsTo('devices:get-device')).toContainEqual({ id: ztdId })
  })

  it('in the device card’s group-tag editor: the tag being edited is not changed or saved by the scanner’s Enter', async () => {
    const bench = benchHandlers([benchDevice('PF3AAA')], [])
    const { api, stores } = renderCard(cardFixture(), { ...bench, ...lookups, 'changes:queue-change': () => ok({ item: outboxItem(1) }) })
    const input = await screen.findByLabelText<HTMLInputElement>('Group tag')
    input.focus()
    input.setSelectionRange(input.value.length, input.value.length)
    const keys = createKeyboard()
    keys.type('-2', null)
    expect(input.value).toBe('BENCH-A-2')
    keys.scan('PF3CCC')
    expect(input.value).toBe('BENCH-A-2')
    await waitFor(() => expect(stores.ui.getState().screen).toBe('bench'))
    await waitFor(() => expect(selectedSerial()).toBe('PF3CCC'))
    expect(api.callsTo('changes:queue-change')).toEqual([])
  })

  it('an unknown code is explained on the Scan screen, and nothing is typed or opened', async () => {
    const app = await benchWithSecondRowSelected()
    createKeyboard().scan('ZZ9ZZZ')
    await screen.findByRole('heading', { name: 'Scan', level: 1 })
    await waitFor(() => expect(screen.getByTestId('scan-result').getAttribute('data-reason')).toBe('unknown-serial'))
    expect(app.visited).toEqual(['scan'])
  })

  it('a person typing the same characters slowly is left alone: the field gets them, Enter does what it did', async () => {
    const app = renderApp('devices')
    const search = await screen.findByRole('searchbox')
    search.focus()
    const keys = createKeyboard()
    keys.type('PF3CCC', null)
    expect((search as HTMLInputElement).value).toBe('PF3CCC')
    // The search box's own Enter (it opens the top hit, also once a search still on its way comes), not a scan.
    keys.press('Enter', 120)
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(app.stores.ui.getState().screen).toBe('devices')
  })

  it('a person on the Bench rows: digits then Enter open the selected row’s card, as before', async () => {
    const app = await benchWithSecondRowSelected()
    createKeyboard().type('123456')
    expect(app.stores.ui.getState().screen).toBe('device')
    expect(app.stores.ui.getState().deviceId).toBe('id-pf3bbb')
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
  })

  it('a person’s quick pair of keys is not a burst (fewer than five fast keys)', async () => {
    const app = renderApp('devices')
    const search = await screen.findByRole('searchbox')
    search.focus()
    const keys = createKeyboard()
    keys.press('t', 150)
    keys.press('h', 25)
    keys.press('e', 30)
    keys.press('Enter', 30)
    expect((search as HTMLInputElement).value).toBe('the')
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
  })

  it('a scanner that pauses mid-code (a wireless scanner, a loaded machine) still lands as one scan', async () => {
    const app = renderApp('devices')
    const search = await screen.findByRole('searchbox')
    search.focus()
    const keys = createKeyboard()
    keys.type('ab', null)
    for (const [index, key] of [...'PF3CC'].entries()) keys.press(key, index === 0 ? 500 : 4)
    // A radio hiccup of 110 ms, then the rest of the code and Enter.
    keys.press('C', 110)
    expect(keys.press('Enter', 4)).toBe(false)
    expect((search as HTMLInputElement).value).toBe('ab')
    await expectLandedOnScannedDevice(app)
  })

  it('a fast typist’s rolled pairs, close together, are still a person’s: the field gets them and Enter is the field’s', async () => {
    const app = renderApp('devices')
    const search = await screen.findByRole('searchbox')
    search.focus()
    const keys = createKeyboard()
    const gaps = [150, 25, 100, 30, 95, 28, 110, 30]
    for (const [index, key] of [...'pf3cccab'].entries()) keys.press(key, gaps[index]!)
    keys.press('Enter', 90)
    expect((search as HTMLInputElement).value).toBe('pf3cccab')
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(app.stores.ui.getState().screen).toBe('devices')
  })

  it('the Bench letters P, S, F, R inside a burst record nothing', async () => {
    const app = await benchWithSecondRowSelected()
    app.api.handlers['devices:find-by-serial'] = () => ok([device('PSFR3X')])
    ;(document.activeElement as HTMLElement).blur()
    createKeyboard().scan('PSFR3X')
    await waitFor(() => expect(selectedSerial()).toBe('PSFR3X'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(app.api.callsTo('attempts:record-event')).toEqual([])
  })

  it('while the failure code field is open (after F), a scan is held: the failure being recorded stays, timed at F', async () => {
    // A walk: P, the PC fails, F (the field pre-filled), then the next device scanned before Enter: the selection moved, the
    // failure was gone without a word, the first device stayed "Provisioning" and the failure was later timed at the re-entry.
    const pressedAt = new Date(Date.now() - 60_000).toISOString()
    let state = createAttempt({ id: 'a1', serialNumber: 'PF3AAA', createdAt: pressedAt })
    const started = attemptReducer(state, { type: 'provision-pressed', at: pressedAt })
    if (!started.ok) throw new Error(started.error.message)
    state = started.state
    const app = renderApp('bench', {
      ...benchHandlers([
        benchDevice('PF3AAA', { stage: 'provisioning', attemptCount: 1, attempt: { attemptNumber: 1, deviceId: 'id-pf3aaa', jobId: null, state } }),
      ]),
    })
    const body = await screen.findByTestId('bench-rows')
    await screen.findByRole('region', { name: /Attempt recorder/ })
    body.focus()
    const fPressed = Date.now()
    fireEvent.keyDown(body, { key: 'f' })
    const field = await screen.findByRole<HTMLInputElement>('combobox', { name: /Error code/ })
    await waitFor(() => expect(document.activeElement).toBe(field))
    fireEvent.change(field, { target: { value: '0x80180014' } })
    createKeyboard().scan('PF3CCC')
    await waitFor(() =>
      expect(screen.getByTestId('status-key-notice').textContent).toContain(
        'Scan not used: save or cancel the failure for PF3AAA first (Enter saves, Esc cancels), then scan again.',
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(app.api.callsTo('bench:add-device')).toEqual([])
    expect(selectedSerial()).toBe('PF3AAA')
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: /Error code/ }).value).toBe('0x80180014')
    // With the focus elsewhere on the Bench (a row clicked), the open field still holds the scan.
    body.focus()
    createKeyboard().scan('PF3CCC')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(selectedSerial()).toBe('PF3AAA')
    const again = screen.getByRole<HTMLInputElement>('combobox', { name: /Error code/ })
    fireEvent.keyDown(again, { key: 'Enter' })
    await waitFor(() => expect(app.api.callsTo('attempts:record-event').map((call) => call.event.type)).toEqual(['failed']))
    const failed = app.api.callsTo('attempts:record-event')[0]!.event
    expect(failed).toMatchObject({ type: 'failed', code: '0x80180014' })
    expect(Date.parse(failed.at) - fPressed).toBeLessThan(1000)
    // Saved: the next scan lands again.
    createKeyboard().scan('PF3CCC')
    await waitFor(() => expect(selectedSerial()).toBe('PF3CCC'))
  })

  it('the Scan screen’s own field still takes a burst typed into it', async () => {
    const app = renderApp('scan')
    const field = await screen.findByTestId('scan-input')
    await waitFor(() => expect(document.activeElement).toBe(field))
    createKeyboard().scan('PF3CCC', null)
    expect((field as HTMLInputElement).value).toBe('PF3CCC')
    fireEvent.submit(field.closest('form')!)
    await waitFor(() => expect(screen.getByTestId('scan-result').getAttribute('data-status')).toBe('found'))
    expect(app.stores.bench.getState().selectedDeviceId).toBe(scanned.id)
  })
})

describe('Scan capture: outside the bench flow, a scan is the text of the field it was typed in', () => {
  const qrOf = (serialNumber: string) => buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber })

  it('a new job being filled in keeps every value: the scan goes into the field, the window stays, nothing joins the bench', async () => {
    const app = renderApp('jobs')
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const name = await screen.findByLabelText<HTMLInputElement>('Name')
    fireEvent.change(name, { target: { value: 'Contoso PO 4711' } })
    const po = screen.getByLabelText<HTMLInputElement>('Purchase order')
    po.focus()
    const keys = createKeyboard()
    keys.type('PO-', null)
    fireEvent.change(po, { target: { value: 'PO-' } })
    po.setSelectionRange(3, 3)
    keys.scan('PF3CCC')
    await waitFor(() => expect(po.value).toBe('PO-PF3CCC'))
    expect(name.value).toBe('Contoso PO 4711')
    expect(app.stores.ui.getState().screen).toBe('jobs')
    expect(app.visited).toEqual([])
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(app.api.callsTo('bench:add-device')).toEqual([])
    // The scanner's Enter did not save the half-filled form.
    expect(app.api.callsTo('jobs:save-job')).toEqual([])
  })

  it('with the focus on a dropdown of the form, the scan is not used and the form stays; the status bar says why', async () => {
    const app = renderApp('jobs')
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const name = await screen.findByLabelText<HTMLInputElement>('Name')
    fireEvent.change(name, { target: { value: 'Contoso PO 4711' } })
    screen.getByLabelText<HTMLSelectElement>('Expected deployment profile').focus()
    createKeyboard().scan('PF3CCC')
    await waitFor(() => expect(screen.getByTestId('status-key-notice').textContent).toMatch(/^Scan not used: this form is not saved yet/))
    expect(app.stores.ui.getState().screen).toBe('jobs')
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('Contoso PO 4711')
    expect(app.api.callsTo('devices:find-by-serial')).toEqual([])
    expect(app.api.callsTo('bench:add-device')).toEqual([])
  })

  it('a scanner that ends with Tab moves on to the next field, so two scans fill two fields', async () => {
    renderApp('jobs')
    fireEvent.click(await screen.findByRole('button', { name: 'New job' }))
    const name = await screen.findByLabelText<HTMLInputElement>('Name')
    const po = screen.getByLabelText<HTMLInputElement>('Purchase order')
    name.focus()
    const keys = createKeyboard()
    keys.scan('ABCDE12', 'Tab')
    await waitFor(() => expect(document.activeElement).toBe(po))
    keys.scan('PO998877', 'Tab')
    await waitFor(() => expect(po.value).toBe('PO998877'))
    expect(name.value).toBe('ABCDE12')
  })

  it('a field that asks for a serial gets the serial of a scanned Win×5 code, and the scanner’s Enter finds it', async () => {
    const app = renderApp('register', { 'registration:get-status': () => ok({ current: null, recent: [] }) })
    const find = await screen.findByTestId<HTMLInputElement>('recycle-serial')
    find.focus()
    const keys = createKeyboard()
    for (const key of qrOf('PF3CCC')) {
      if (/[A-Z{}":]/.test(key)) keys.press('Shift', 2)
      keys.press(key, 2)
    }
    keys.press('Enter', 2)
    await waitFor(() => expect(find.value).toBe('PF3CCC'))
    await waitFor(() => expect(app.api.callsTo('devices:find-by-serial')).toEqual([{ serialNumber: 'PF3CCC' }]))
    expect(await screen.findByTestId('recycle-device')).toBeTruthy()
    expect(app.stores.ui.getState().screen).toBe('register')
    expect(app.api.callsTo('bench:add-device')).toEqual([])
  })
  it('the Diagnostics serial field: the scanner’s Enter exports, as a typed Enter there does (it kept the serial and did nothing)', async () => {
    const app = renderApp('diagnostics', { 'diagnostics:export-bundle': () => new Promise(() => undefined) })
    const field = await screen.findByLabelText<HTMLInputElement>('Serial number or device id')
    field.focus()
    createKeyboard().scan('PF3CCC')
    await waitFor(() => expect(field.value).toBe('PF3CCC'))
    await waitFor(() => expect(app.api.callsTo('diagnostics:export-bundle')).toHaveLength(1))
    expect(app.api.callsTo('diagnostics:export-bundle')[0]!.scope).toEqual({ kind: 'device', id: 'PF3CCC' })
    expect(app.stores.ui.getState().screen).toBe('diagnostics')
    expect(app.api.callsTo('bench:add-device')).toEqual([])
  })
})

describe('createScanCapture', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const dispatch = (target: HTMLElement, key: string, at: number, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
    Object.defineProperty(event, 'timeStamp', { value: at })
    target.dispatchEvent(event)
    return event
  }

  /** A focused text field, and keys typed into it at given times: what no listener prevented goes in, as the browser does. */
  function focusedField() {
    const field = document.createElement('input')
    document.body.append(field)
    field.focus()
    const type = (key: string, at: number) => {
      if (!dispatch(field, key, at).defaultPrevented && key.length === 1) field.value += key
    }
    return { field, type }
  }

  function setup() {
    const onScan = vi.fn()
    const capture = createScanCapture({ onScan })
    const listener = (event: KeyboardEvent) => capture.handleKeyDown(event)
    window.addEventListener('keydown', listener, true)
    return { onScan, capture, detach: () => window.removeEventListener('keydown', listener, true) }
  }

  it('IME composition and auto-repeat never form a burst', () => {
    const { onScan, detach } = setup()
    let at = 1000
    for (const key of 'abcdef') dispatch(document.body, key, (at += 3), { isComposing: true })
    dispatch(document.body, 'Enter', (at += 3))
    for (const key of 'aaaaaa') dispatch(document.body, key, (at += 3), { repeat: key !== 'a' || at > 1030 })
    dispatch(document.body, 'Enter', (at += 3))
    expect(onScan).not.toHaveBeenCalled()
    detach()
  })

  it('a scanner that pauses in its first keys: the fast keys before the pause are taken back out of the field into the scan', () => {
    const { onScan, detach } = setup()
    const { field, type } = focusedField()
    type('P', 1000)
    type('F', 1004)
    expect(field.value).toBe('PF')
    let at = 1100
    for (const key of '3CCC12') type(key, (at += 4))
    type('Enter', at + 4)
    expect(onScan).toHaveBeenCalledTimes(1)
    expect(onScan.mock.calls[0]![0]).toBe('PF3CCC12')
    expect(field.value).toBe('')
    detach()
  })

  it('the keys cut short are still taken back after the quiet timer has ended their run (a pause of 120–150 ms)', () => {
    vi.useFakeTimers()
    try {
      const { onScan, detach } = setup()
      const { field, type } = focusedField()
      type('P', 1000)
      type('F', 1004)
      // The run's quiet timer (3 × 40 ms) fires before the scanner goes on, 139 ms after its last key.
      vi.advanceTimersByTime(130)
      let at = 1143
      for (const key of '3CCC12') type(key, (at += 4))
      type('Enter', at + 4)
      expect(onScan.mock.calls.map((call) => call[0] as string)).toEqual(['PF3CCC12'])
      expect(field.value).toBe('')
      detach()
    } finally {
      vi.useRealTimers()
    }
  })

  it('one key a person typed just before a scan stays theirs: it is not taken into the scan', () => {
    const { onScan, detach } = setup()
    const { field, type } = focusedField()
    type('x', 1000)
    let at = 1100
    for (const key of 'PF3CCC') type(key, (at += 4))
    type('Enter', at + 4)
    expect(onScan.mock.calls.map((call) => call[0] as string)).toEqual(['PF3CCC'])
    expect(field.value).toBe('x')
    detach()
  })

  it('a burst too slow at its end (Enter a person pressed later) is not a scan', () => {
    const { onScan, detach } = setup()
    let at = 1000
    for (const key of 'PF3CCC') dispatch(document.body, key, (at += 3))
    const enter = dispatch(document.body, 'Enter', at + 200)
    expect(enter.defaultPrevented).toBe(false)
    expect(onScan).not.toHaveBeenCalled()
    detach()
  })

  it('a select keeps its type-ahead for a person, and a scanner does not change it', async () => {
    const { onScan, detach } = setup()
    document.body.innerHTML = '<select><option value="a">Alpha</option><option value="o">Order 7</option><option value="p">PF job</option></select>'
    const select = document.querySelector('select')!
    const changed = vi.fn()
    select.addEventListener('change', changed)
    let at = 1000
    for (const key of 'PF3CCC') expect(dispatch(select, key, (at += 3)).defaultPrevented).toBe(true)
    dispatch(select, 'Enter', (at += 3))
    expect(onScan).toHaveBeenCalledWith('PF3CCC', { field: null, target: select, terminator: 'Enter' })
    expect(select.value).toBe('a')
    dispatch(select, 'o', (at += 500))
    await waitFor(() => expect(select.value).toBe('o'))
    expect(changed).toHaveBeenCalledTimes(1)
    detach()
  })

  it('a select finds what a person types letter by letter (not only its first letter), and a letter typed again steps on', async () => {
    const { onScan, detach } = setup()
    document.body.innerHTML =
      '<select><option value="a">Alpha</option><option value="pilot">UD-AAD-Pilot</option><option value="pre">UD-AAD-PreProv</option><option value="ud">UD-Shared</option></select>'
    const select = document.querySelector('select')!
    let at = 1000
    for (const key of 'UD-AAD-Pre') dispatch(select, key, (at += 150))
    await waitFor(() => expect(select.value).toBe('pre'))
    // A pause, then one letter again and again: the options starting with it, one after another.
    dispatch(select, 'u', (at += 2_000))
    await waitFor(() => expect(select.value).toBe('ud'))
    dispatch(select, 'u', (at += 150))
    await waitFor(() => expect(select.value).toBe('pilot'))
    expect(onScan).not.toHaveBeenCalled()
    detach()
  })

  it.each([
    ['as it was', '', 'xPF3CCC'],
    // A script's value skips maxLength, which typing keeps: kept here too (500 characters in the 200-character search).
    ['to its maxLength, as typing would', ' maxlength="5"', 'xPF3C'],
  ])('a fast run without Enter/Tab is given back to the field it was typed in, %s', async (_how, attributes, expected) => {
    const { onScan, detach } = setup()
    document.body.innerHTML = `<input value="x"${attributes}>`
    const input = document.querySelector('input')!
    input.setSelectionRange(1, 1)
    let at = 1000
    for (const key of 'PF3CCC') {
      const event = dispatch(input, key, (at += 3))
      if (!event.defaultPrevented) {
        input.value = input.value + key
        input.setSelectionRange(input.value.length, input.value.length)
      }
    }
    expect(input.value).toBe('x')
    await waitFor(() => expect(input.value).toBe(expected))
    expect(onScan).not.toHaveBeenCalled()
    detach()
  })
})
