import { StrictMode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { errorText } from '@shared/error-codes'
import type { SyncProgress } from '@shared/sync-schemas'
import { createFakeApi, device, idleStatus, ok, type FakeHandlers } from '@support/renderer/fake-api'

function renderApp(overrides: FakeHandlers = {}) {
  const api = createFakeApi(overrides)
  const view = render(<AppRoot api={api} />)
  return { api, ...view }
}

const searchBox = () => screen.getByLabelText('Search serial number, user, group tag, model')

/** A running sync's progress report, with what a test changes. */
const progress = (overrides: Partial<SyncProgress>): SyncProgress => ({
  runId: 'run-1',
  phase: 'devices',
  pages: 1,
  devices: 0,
  expected: 0,
  rowsPerSecond: 0,
  etaSeconds: null,
  waitingSeconds: null,
  message: '',
  ...overrides,
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('devices screen', () => {
  it('renders the heading, the table and its rows', async () => {
    renderApp({
      'devices:list-devices': () =>
        ok({
          items: [device('5CG1234ABC', { profileStatus: 'fixPending' }), device('PF3XYZ', { groupTag: '', profileStatus: 'notAssigned' })],
          total: 2,
          totalCapped: false,
          next: null,
        }),
    })
    expect(screen.getByRole('heading', { name: 'Autopilot devices' })).toBeTruthy()
    const table = await screen.findByRole('table')
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent)
    expect(headers).toEqual(['Serial number', 'Manufacturer', 'Model', 'Group tag', 'Assigned user', 'Device name', 'Profile status'])
    // The box stops where the list's request would be refused (a 300-character paste is cut, not an error).
    expect((searchBox() as HTMLInputElement).maxLength).toBe(200)
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    // The whole serial on hover where a narrow window cuts it (a virtual machine's runs to 30-odd characters).
    expect(within(rows[0]!).getByText('5CG1234ABC').getAttribute('title')).toBe('5CG1234ABC')
    expect(within(rows[0]!).getByText('Fix pending')).toBeTruthy()
    expect(within(rows[1]!).getByText('Not assigned')).toBeTruthy()
    expect(screen.getByText('Showing 2 of 2 devices')).toBeTruthy()
    expect(screen.getByTestId('devices-range').textContent).toBe('rows 1–2')
  })

  it('counts the matches of a search out of every device in the cache', async () => {
    renderApp({
      'sync:get-status': () => ok({ ...idleStatus, deviceCount: 2000 }),
      'prefs:get-preference': () => ok({ value: '5CG' }),
      'devices:list-devices': () => ok({ items: [device('5CG1'), device('5CG2'), device('5CG3')], total: 3, totalCapped: false, next: null }),
    })
    expect(await screen.findByText('Showing 3 of 2,000 devices')).toBeTruthy()
  })

  it('shows the empty-cache state', async () => {
    renderApp()
    expect(await screen.findByText('No devices in the cache yet — press Sync to download them from Intune.')).toBeTruthy()
    expect(screen.queryByRole('table')).toBeNull()
  })

  it('while a first sync runs, the empty list says the devices are on their way, not to press the disabled Sync', async () => {
    const running = { ...idleStatus, running: true, progress: progress({ pages: 0 }) }
    renderApp({ 'sync:get-status': () => ok(running) })
    expect(await screen.findByText('Downloading devices from Intune — they appear here as they arrive.')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Sync' }).hasAttribute('disabled')).toBe(true)
    expect(screen.queryByText(/press Sync/)).toBeNull()
  })

  it('shows the no-match state for a search, debounced, and saves the search', async () => {
    const { api } = renderApp({
      'devices:list-devices': (request) =>
        request.search ? ok({ items: [], total: 0, totalCapped: false, next: null }) : ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }),
    })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: 'zzz' } })
    expect((searchBox() as HTMLInputElement).value).toBe('zzz')
    expect(await screen.findByText('No devices match “zzz”.')).toBeTruthy()
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'devices.search', value: 'zzz' }])
  })

  it('Enter pressed while the search is still on its way opens its top hit when it comes', async () => {
    let answer: (() => void) | null = null
    const { api } = renderApp({
      'devices:list-devices': (request) =>
        request.search
          ? new Promise((resolve) => {
              answer = () => resolve(ok({ items: [device((request.search ?? '').toUpperCase())], total: 1, totalCapped: false, next: null }))
            })
          : ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }),
      'devices:get-device-card': () => new Promise(() => {}),
    })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: '18TRN' } })
    fireEvent.keyDown(searchBox(), { key: 'Enter' })
    await waitFor(() => expect(answer).not.toBeNull())
    answer!()
    await waitFor(() => expect(api.callsTo('devices:get-device-card')).toEqual([{ id: 'id-18trn', jobId: null }]))
  })

  it('a one- or two-character search says it looks at the start of serial numbers only', async () => {
    renderApp({
      'devices:list-devices': (request) =>
        request.search === 'a'
          ? ok({ items: [], total: 0, totalCapped: false, next: null })
          : ok({ items: [device('PF1')], total: 1, totalCapped: false, next: null }),
    })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: 'a' } })
    expect((await screen.findByTestId('devices-empty')).textContent).toMatch(/^No serial number starts with “a”\. .*type 3 or more to search users/)
    fireEvent.change(searchBox(), { target: { value: 'PF' } })
    await waitFor(() => expect(screen.getByTestId('devices-count').textContent).toContain('type 3 or more to search users'))
    fireEvent.change(searchBox(), { target: { value: 'PF1' } })
    await waitFor(() => expect(screen.getByTestId('devices-count').textContent).not.toContain('type 3 or more'))
  })

  const listBehind =
    (isBehind: () => boolean): FakeHandlers['devices:list-devices'] =>
    (request) =>
      request.search
        ? ok({ items: [], total: 0, totalCapped: false, next: null, ...(isBehind() ? { searchBehind: true } : {}) })
        : ok({ items: [device('A1')], total: 1, totalCapped: false, next: null, ...(isBehind() ? { searchBehind: true } : {}) })

  it('says a search cannot see a first download’s devices yet, instead of only “no match”, and stops once it can', async () => {
    let behind = true
    renderApp({
      'sync:get-status': () =>
        ok({
          ...idleStatus,
          running: true,
          progress: {
            runId: 'run-1',
            phase: 'devices',
            pages: 3,
            devices: 3000,
            expected: 0,
            rowsPerSecond: 900,
            etaSeconds: null,
            waitingSeconds: null,
            message: '',
          },
        }),
      'devices:list-devices': listBehind(() => behind),
    })
    await screen.findByRole('table')
    // The whole list is complete while it downloads: nothing to say there.
    expect(screen.queryByTestId('devices-search-behind')).toBeNull()
    fireEvent.change(searchBox(), { target: { value: '5CG1234' } })
    const note = await screen.findByTestId('devices-search-behind')
    expect(note.getAttribute('role')).toBe('status')
    expect(note.textContent).toBe(
      'The first download is still running: search finds its devices once it has finished, so matches may be missing until then. To find a device now, scan its QR code (F2).',
    )
    expect(screen.getByText('No devices match “5CG1234”.')).toBeTruthy()
    behind = false
    fireEvent.change(searchBox(), { target: { value: '5CG12345' } })
    // Still downloading, now searchable: the device may not have arrived yet.
    expect(await screen.findByText(/^No devices match “5CG12345”\. The first download from Intune is still running/)).toBeTruthy()
    expect(screen.queryByTestId('devices-search-behind')).toBeNull()
  })

  it('says what to do when the first download stopped before search took in its devices (no sync running)', async () => {
    renderApp({ 'devices:list-devices': listBehind(() => true) })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: '5CG1234' } })
    const note = await screen.findByTestId('devices-search-behind')
    expect(note.textContent).toBe(
      'The first download stopped before search could take in all its devices, so matches may be missing. Press Sync to finish it. To find a device now, scan its QR code (F2).',
    )
  })

  it('restores the saved search into the box, and says so (it hides devices) with a way to clear it', async () => {
    const { api } = renderApp({ 'prefs:get-preference': () => ok({ value: 'BENCH-A' }) })
    await waitFor(() => expect((searchBox() as HTMLInputElement).value).toBe('BENCH-A'))
    // A walk: a search typed the day before came back filled in, hiding devices without a word.
    const kept = await screen.findByTestId('devices-search-restored')
    expect(kept.textContent).toContain('Search kept from your last session: “BENCH-A”. Only matching devices are shown.')
    fireEvent.click(within(kept).getByRole('button', { name: 'Clear search' }))
    expect((searchBox() as HTMLInputElement).value).toBe('')
    expect(screen.queryByTestId('devices-search-restored')).toBeNull()
    await waitFor(() => expect(api.callsTo('prefs:set-preference').at(-1)).toEqual({ key: 'devices.search', value: '' }))
  })

  it('a search typed in this session is not called "kept from your last session"', async () => {
    const { api } = renderApp({ 'devices:list-devices': () => ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }) })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: 'zzz' } })
    await waitFor(() => expect(api.callsTo('devices:list-devices').some((call) => call.search === 'zzz')).toBe(true))
    expect(screen.queryByTestId('devices-search-restored')).toBeNull()
  })

  it('no match during the first download says more devices are still arriving', async () => {
    renderApp({
      'sync:get-status': () => ok({ ...idleStatus, running: true, progress: progress({ pages: 2, devices: 200 }) }),
      'devices:list-devices': (request) =>
        request.search ? ok({ items: [], total: 0, totalCapped: false, next: null }) : ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }),
    })
    await screen.findByRole('table')
    fireEvent.change(searchBox(), { target: { value: 'hp' } })
    const empty = await screen.findByTestId('devices-empty')
    expect(empty.textContent).toMatch(/^No serial number starts with “hp”\./)
    expect(empty.textContent).toContain('The first download from Intune is still running: more devices are still arriving, so it may be among them.')
  })

  it('shows the catalogued error text with the message as detail, and retries', async () => {
    let fail = true
    renderApp({
      'devices:list-devices': () =>
        fail
          ? { ok: false, error: { code: 'db-unavailable', message: 'worker exited with code 70' } }
          : ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }),
    })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(errorText['db-unavailable'])
    expect(alert.textContent).toContain('worker exited with code 70')
    fail = false
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('table')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('Ctrl+K focuses the search box, and the shortcut is shown', async () => {
    renderApp()
    await screen.findByText(/No devices in the cache yet/)
    expect(document.activeElement).not.toBe(searchBox())
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    expect(document.activeElement).toBe(searchBox())
    expect(screen.getAllByText('Ctrl+K').length).toBeGreaterThan(0)
  })

  it('the sidebar entry is a keyboard-reachable button marked as the current page', async () => {
    renderApp()
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    // The entries appear once the app's info is known (no layout shift under a click).
    const entry = await within(nav).findByRole('button', { name: 'Devices' })
    expect(entry.getAttribute('aria-current')).toBe('page')
  })
})

describe('sync on the devices screen', () => {
  it('disables Sync while running and shows progress from events, then announces completion', async () => {
    const { api } = renderApp()
    const button = await screen.findByRole('button', { name: 'Sync' })
    expect(screen.queryByRole('progressbar')).toBeNull()
    fireEvent.click(button)
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sync' }).disabled).toBe(true))
    expect(api.callsTo('sync:start-sync')).toHaveLength(1)

    // No estimate yet (empty cache): an indeterminate bar.
    act(() => api.emit('sync:progress', progress({ devices: 250, rowsPerSecond: 1250 })))
    const bar = screen.getByRole<HTMLProgressElement>('progressbar', { name: 'Sync progress' })
    expect(bar.hasAttribute('value')).toBe(false)
    const panel = screen.getByTestId('sync-progress')
    expect(panel.textContent).toContain('Downloading devices')
    expect(panel.textContent).toContain('250 devices downloaded')
    expect(panel.textContent).toContain('1,250 devices/s')

    act(() => api.emit('sync:progress', progress({ phase: 'done', devices: 1500, message: 'Synced 1500 devices' })))
    expect(screen.queryByRole('progressbar')).toBeNull()
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Sync' }).disabled).toBe(false)
    expect(screen.getByTestId('sync-announcer').textContent).toBe('Sync complete: 1,500 devices downloaded.')
    expect(screen.getByTestId('sync-announcer').getAttribute('aria-live')).toBe('polite')
  })

  it('uses the cached count as the estimate for a determinate bar', async () => {
    const { api } = renderApp({ 'sync:get-status': () => ok({ ...idleStatus, deviceCount: 1000 }) })
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy())
    act(() => api.emit('sync:progress', progress({ devices: 400, expected: 1000 })))
    const bar = screen.getByRole<HTMLProgressElement>('progressbar')
    expect(bar.getAttribute('max')).toBe('1000')
    expect(bar.getAttribute('value')).toBe('400')
    expect(screen.getByTestId('sync-progress').textContent).toContain('400 of about 1,000 devices')
  })

  it('shows why a sync could not start', async () => {
    renderApp({ 'sync:start-sync': () => ({ ok: false, error: { code: 'conflict', message: 'another sync' } }) })
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sync could not start.')
    expect(alert.textContent).toContain(errorText.conflict)
  })

  it('re-queries the list when the sync changed the devices table', async () => {
    let total = 0
    const { api } = renderApp({
      'devices:list-devices': () => ok({ items: Array.from({ length: total }, (_, i) => device(`S${i}`)), total, totalCapped: false, next: null }),
    })
    await screen.findByText(/No devices in the cache yet/)
    total = 2
    act(() => api.emit('data:changed', { topics: ['devices', 'sync'] }))
    expect(await screen.findByText('Showing 2 of 2 devices')).toBeTruthy()
  })
})

describe('status bar', () => {
  it('says "1 device", never "1 devices", in the status bar and over the list', async () => {
    renderApp({
      'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2025-03-05T23:30:00.000Z', deviceCount: 1, online: true }),
      'devices:list-devices': () => ok({ items: [device('A1')], total: 1, totalCapped: false, next: null }),
    })
    await waitFor(() => expect(screen.getByTestId('status-bar').textContent).toContain('1 device in cache'))
    expect(await screen.findByText(/^Showing 1 of 1 device$/)).toBeTruthy()
  })

  it('shows tenant, last sync time in the app time zone, and the device count', async () => {
    renderApp({ 'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2025-03-05T23:30:00.000Z', deviceCount: 12345, online: true }) })
    const bar = screen.getByTestId('status-bar')
    await waitFor(() => expect(bar.textContent).toContain('Contoso Bench'))
    await waitFor(() => expect(bar.textContent).toContain('12,345 devices in cache'))
    expect(within(bar).getByTestId('status-connection').textContent).toBe('Online')
    // Europe/Berlin (from app:get-info): 23:30 UTC is 00:30 the next day.
    expect(within(bar).getByTestId('status-last-sync').textContent).toMatch(/Mar 6, 2025|6 Mar 2025/)
  })

  it('shows offline with the age of the data when the last sync could not reach Intune', async () => {
    renderApp({
      'sync:get-status': () =>
        ok({
          ...idleStatus,
          lastSuccessAt: '2025-03-05T08:00:00.000Z',
          lastError: { code: 'offline', message: 'ENOTFOUND', at: '2025-03-06T09:00:00.000Z' },
          deviceCount: 3,
        }),
    })
    const connection = screen.getByTestId('status-connection')
    await waitFor(() => expect(connection.textContent).toMatch(/^Offline — showing data from .*2025/))
  })
})

describe('last sync failure', () => {
  it('explains a failed last sync on the devices screen without an assertive alert', async () => {
    renderApp({ 'sync:get-status': () => ok({ ...idleStatus, lastError: { code: 'throttled', message: 'HTTP 429', at: '2025-03-05T08:00:00.000Z' } }) })
    expect(await screen.findByText('The last sync did not finish.')).toBeTruthy()
    // The sync has ended and nothing restarts it: the words say to press Sync again, not that the app retries.
    const text = screen.getByText(/press Sync again in a minute/)
    expect(text.textContent).not.toMatch(/retries on its own/)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('status-connection').textContent).toBe('Last sync failed')
  })

  it('a sync Intune did not answer says it was Intune, not "the operation", with and without a cache', async () => {
    const timeout = { code: 'timeout', message: 'Intune did not answer within 30 s.', at: '2025-03-05T08:00:00.000Z' }
    let status = { ...idleStatus, online: false, lastError: timeout }
    const { api } = renderApp({ 'sync:get-status': () => ok(status) })
    expect(await screen.findByText(/Intune did not answer in time, so no devices have been downloaded yet/)).toBeTruthy()
    expect(screen.queryByText(/The operation took too long/)).toBeNull()
    status = { ...status, deviceCount: 12, lastSuccessAt: '2025-03-04T08:00:00.000Z' }
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    expect(await screen.findByText(/Intune did not answer the sync in time, so it stopped. The devices already in the cache stay usable/)).toBeTruthy()
  })

  it('a first sync that could not reach Intune does not speak of cached data when there is none', async () => {
    const offline = { code: 'offline', message: 'connect ECONNREFUSED 127.0.0.1:443', at: '2025-03-05T08:00:00.000Z' }
    let status = { ...idleStatus, online: false, lastError: offline }
    const { api } = renderApp({ 'sync:get-status': () => ok(status) })
    expect(await screen.findByText('The last sync did not finish.')).toBeTruthy()
    expect(screen.getByText(/no devices have been downloaded yet/)).toBeTruthy()
    expect(screen.queryByText(/Cached data is still shown/)).toBeNull()

    // With devices in the cache, the catalogue's words are true again.
    status = { ...status, deviceCount: 12, lastSuccessAt: '2025-03-04T08:00:00.000Z' }
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    expect(await screen.findByText(errorText.offline)).toBeTruthy()
  })
})

describe('lifecycle', () => {
  it('leaves exactly one subscription per store under StrictMode, and none after unmount', async () => {
    const api = createFakeApi()
    const view = render(
      <StrictMode>
        <AppRoot api={api} />
      </StrictMode>,
    )
    await screen.findByText(/No devices in the cache yet/)
    expect(api.listenerCount('data:changed')).toBe(8) // app + devices + sync + change summary + bench + jobs + identity + simulator
    expect(api.listenerCount('identity:sign-in')).toBe(1)
    expect(api.listenerCount('sync:progress')).toBe(1)
    view.unmount()
    expect(api.listenerCount('data:changed')).toBe(0)
    expect(api.listenerCount('sync:progress')).toBe(0)
  })
})

describe('devices screen: the search belongs to its tenant', () => {
  const infoOf = (id: string, displayName: string) =>
    ok({ version: '0.1.0', tenant: { id, displayName, kind: 'graph' as const }, transport: 'http' as const, timeZone: 'Europe/Berlin' })

  it('after a switch to a tenant with an empty cache: no search carried over, "No devices in the cache yet"', async () => {
    let active = 'fabrikam'
    const saved: Record<string, string | null> = { fabrikam: '0033-3069', contoso: null }
    const api = createFakeApi({
      'app:get-info': () => (active === 'fabrikam' ? infoOf('fabrikam', 'Fabrikam') : infoOf('contoso', 'Contoso')),
      'prefs:get-preference': () => ok({ value: saved[active] ?? null }),
      'sync:get-status': () => ok({ ...idleStatus, deviceCount: active === 'fabrikam' ? 2 : 0 }),
      'devices:list-devices': ({ search }) =>
        ok(
          active === 'fabrikam' && search === '0033-3069'
            ? { items: [device('0033-3069')], total: 1, totalCapped: false, next: null }
            : { items: [], total: 0, totalCapped: false, next: null },
        ),
    })
    render(<AppRoot api={api} />)
    await waitFor(() => expect((searchBox() as HTMLInputElement).value).toBe('0033-3069'))

    active = 'contoso'
    act(() => api.emit('data:changed', { topics: ['identity', 'devices', 'sync', 'preferences', 'outbox'] }))
    await waitFor(() => expect((searchBox() as HTMLInputElement).value).toBe(''))
    expect(await screen.findByText('No devices in the cache yet — press Sync to download them from Intune.')).toBeTruthy()
    expect(screen.queryByText(/No devices match/)).toBeNull()
  })
})
