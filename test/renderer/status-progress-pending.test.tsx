import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { formatEta } from '@renderer/format-duration'
import type { SyncProgress, SyncStatus } from '@shared/sync-schemas'
import type { OutboxSummary } from '@shared/change-schemas'
import { createFakeApi, device, emptySummary, idleStatus, ok, type FakeHandlers } from '@support/renderer/fake-api'

function renderApp(overrides: FakeHandlers = {}) {
  const api = createFakeApi(overrides)
  render(<AppRoot api={api} />)
  return { api }
}

const progress = (overrides: Partial<SyncProgress>): SyncProgress => ({
  runId: 'run-1',
  phase: 'devices',
  pages: 4,
  devices: 40_000,
  expected: 100_000,
  rowsPerSecond: 500,
  etaSeconds: null,
  waitingSeconds: null,
  message: '',
  ...overrides,
})

describe('pending values in the device list', () => {
  const pendingDevices = [
    device('P1', { groupTag: 'BENCH-A', pending: [{ field: 'groupTag', value: 'BENCH-B', state: 'pending' }] }),
    device('P2', {
      userPrincipalName: 'old@contoso.com',
      pending: [
        { field: 'userPrincipalName', value: '', state: 'sending' },
        { field: 'addressableUserName', value: '', state: 'sending' },
      ],
    }),
    device('P3', { displayName: 'DESKTOP-9', pending: [{ field: 'displayName', value: 'BENCH-003', state: 'failed' }] }),
    device('P4', { groupTag: 'SALES', pending: [{ field: 'groupTag', value: 'BENCH-B', state: 'conflict' }] }),
    device('P5', { pending: [{ field: 'addressableUserName', value: 'Ann', state: 'verifying' }] }),
    device('P6'),
  ]

  const row = (serial: string) => within(screen.getByText(serial).closest('tr')!)
  /** The marker (with its tooltip) around a visible word. */
  const marker = (serial: string, word: string) => row(serial).getByText(word).closest<HTMLElement>('[data-pending-state]')!

  it('shows the new value with a worded marker whose tooltip says what Intune still shows', async () => {
    renderApp({ 'devices:list-devices': () => ok({ items: pendingDevices, total: pendingDevices.length, totalCapped: false, next: null }) })
    await screen.findByText('P1')

    // Waiting: the new value in place of Intune's, "Pending", tooltip with the old value.
    expect(row('P1').getByText('BENCH-B')).toBeTruthy()
    expect(row('P1').queryByText('BENCH-A')).toBeNull()
    expect(marker('P1', 'Pending').getAttribute('title')).toBe('Intune shows: BENCH-A')
    expect(marker('P1', 'Pending').textContent).toContain('Intune shows: BENCH-A') // also for screen readers

    // Unassigning: the cell is empty-but-pending, Intune still has the user.
    expect(marker('P2', 'Pending').getAttribute('title')).toBe('Intune shows: old@contoso.com')
    expect(row('P2').queryByText('old@contoso.com')).toBeNull()

    // Failed and conflict read differently from waiting (word + style), not by colour alone.
    const failed = marker('P3', 'Not sent')
    expect(failed.getAttribute('title')).toMatch(/^Intune shows: DESKTOP-9/)
    expect(failed.className).toContain('pending-marker--failed')
    const conflict = marker('P4', 'Conflict')
    expect(conflict.getAttribute('title')).toMatch(/^Intune shows: SALES/)
    expect(conflict.className).toContain('pending-marker--conflict')

    // A user friendly name has no column: its marker rides in the Assigned user cell.
    expect(row('P5').getByText('p5@contoso.com')).toBeTruthy()
    expect(marker('P5', 'Pending').getAttribute('title')).toBe('User friendly name → Ann')

    expect(row('P6').queryByText('Pending')).toBeNull()
  })

  it('re-reads the visible rows when the outbox changes', async () => {
    let pending = false
    const { api } = renderApp({
      'devices:list-devices': () =>
        ok({
          items: [device('Q1', { pending: pending ? [{ field: 'groupTag', value: 'NEW', state: 'pending' }] : [] })],
          total: 1,
          totalCapped: false,
          next: null,
        }),
    })
    await screen.findByText('Q1')
    pending = true
    act(() => api.emit('data:changed', { topics: ['outbox', 'devices'] }))
    expect(await screen.findByText('NEW')).toBeTruthy()
  })
})

describe('status bar', () => {
  const status = (overrides: Partial<SyncStatus>): SyncStatus => ({ ...idleStatus, lastSuccessAt: '2025-03-05T09:42:00.000Z', deviceCount: 10, ...overrides })

  it('counts changes waiting for Intune, failed and conflicts, and links to the Changes screen', async () => {
    let summary: OutboxSummary = { ...emptySummary, pending: 3 }
    const { api } = renderApp({ 'changes:get-summary': () => ok(summary) })
    const item = await screen.findByTestId('status-changes')
    await waitFor(() => expect(item.textContent).toBe('3 changes waiting for Intune'))

    summary = { ...emptySummary, pending: 1, failed: 1, conflicts: 2 }
    act(() => api.emit('data:changed', { topics: ['outbox', 'devices'] }))
    await waitFor(() => expect(item.textContent).toBe('1 change waiting for Intune · 1 change failed · 2 conflicts to resolve'))

    summary = emptySummary
    act(() => api.emit('data:changed', { topics: ['outbox'] }))
    await waitFor(() => expect(item.textContent).toBe('No changes waiting for Intune'))

    fireEvent.click(within(item).getByRole('button'))
    const heading = await screen.findByRole('heading', { name: 'Changes', level: 1 })
    // The keyboard starts on the screen it opened, not on <body> back at the top.
    await waitFor(() => expect(document.activeElement).toBe(heading))
  })

  it('says online or offline in words, with the age of the data when offline', async () => {
    let current = status({ online: true })
    const { api } = renderApp({ 'sync:get-status': () => ok(current) })
    const connection = screen.getByTestId('status-connection')
    await waitFor(() => expect(connection.textContent).toBe('Online'))

    current = status({ online: false })
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    // Europe/Berlin (from app:get-info): 09:42 UTC is 10:42.
    await waitFor(() => expect(connection.textContent).toMatch(/^Offline — showing data from .*10:42/))

    current = status({ online: false, lastSuccessAt: null })
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    await waitFor(() => expect(connection.textContent).toBe('Offline — no data downloaded yet'))

    current = status({ online: null })
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    await waitFor(() => expect(connection.textContent).toBe('Connection not checked yet'))
  })

  it('says the last sync failed, in a warning tone, even though Intune answered, until a sync succeeds', async () => {
    const throttled = { code: 'throttled', message: 'Intune answered 429', at: '2025-03-05T10:00:00.000Z' }
    let current = status({ online: true, lastSuccessAt: null, lastError: throttled })
    const { api } = renderApp({ 'sync:get-status': () => ok(current) })
    const connection = screen.getByTestId('status-connection')
    await waitFor(() => expect(connection.textContent).toBe('Online — last sync failed'))
    expect(connection.className).toContain('status-bar__connection--warning')

    // A cancelled sync is the technician's own doing, not a fault: Intune answering reads as online.
    current = status({ online: true, lastError: { ...throttled, code: 'cancelled' } })
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    await waitFor(() => expect(connection.textContent).toBe('Online'))

    current = status({ online: true, lastError: null })
    act(() => api.emit('data:changed', { topics: ['connectivity'] }))
    await waitFor(() => expect(connection.textContent).toBe('Online'))
    expect(connection.className).toContain('status-bar__connection--ok')
  })
})

describe('sync progress', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows phase, devices, rate and the time left', async () => {
    const { api } = renderApp({ 'sync:get-status': () => ok({ ...idleStatus, deviceCount: 100_000 }) })
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy())
    act(() => api.emit('sync:progress', progress({ etaSeconds: 120 })))
    const panel = screen.getByTestId('sync-progress')
    expect(panel.textContent).toContain('Downloading devices')
    expect(panel.textContent).toContain('40,000 of about 100,000 devices')
    expect(panel.textContent).toContain('500 devices/s')
    expect(screen.getByTestId('sync-eta').textContent).toBe('about 2 min left')
    expect(screen.queryByTestId('sync-waiting')).toBeNull()
  })

  it('shows the throttling message prominently while the sync waits, then goes back to the ETA', async () => {
    const { api } = renderApp()
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy())
    act(() => api.emit('sync:progress', progress({ etaSeconds: 90, waitingSeconds: 12, message: 'Throttled by Intune — retrying in 12 s' })))
    const waiting = screen.getByTestId('sync-waiting')
    // No devices/s while nothing arrives (the core sends none then; an older one's stale number is not shown either).
    expect(screen.queryByTestId('sync-rate')).toBeNull()
    act(() => api.emit('sync:progress', progress({ rowsPerSecond: null, waitingSeconds: 11, message: 'Throttled by Intune — retrying in 12 s' })))
    expect(screen.getByTestId('sync-progress').textContent).not.toMatch(/devices\/s/)
    expect(waiting.textContent).toBe('Throttled by Intune — retrying in 12 s')
    // The status bar does not say "Online" meanwhile: Intune did not answer as asked.
    expect(screen.getByTestId('status-connection').textContent).toBe('Waiting for Intune')
    expect(screen.getByTestId('status-connection').getAttribute('title')).toBe('Throttled by Intune — retrying in 12 s')
    // Nor "Syncing… 40,000 devices", which read as stuck for good while Intune hung: the sync says it waits.
    expect(screen.getByTestId('status-syncing').textContent).toBe('Sync waiting — 40,000 devices so far')
    expect(screen.getByTestId('status-syncing').getAttribute('title')).toBe('Throttled by Intune — retrying in 12 s')
    expect(waiting.getAttribute('role')).toBe('status')
    expect(screen.queryByTestId('sync-eta')).toBeNull()

    act(() => api.emit('sync:progress', progress({ etaSeconds: 90, message: 'Downloaded 40000 devices' })))
    expect(screen.queryByTestId('sync-waiting')).toBeNull()
    expect(screen.getByTestId('sync-eta').textContent).toBe('about 2 min left')
    expect(screen.getByTestId('sync-rate').textContent).toBe('500 devices/s')
    expect(screen.getByTestId('status-connection').textContent).not.toBe('Waiting for Intune')
    expect(screen.getByTestId('status-syncing').textContent).toBe('Syncing… 40,000 devices')
  })

  it('browser mode, the app server stopped mid-sync: the status bar no longer says the sync is running (it cannot end on screen), and says so again once the server answers', async () => {
    const { setLocalServerGone } = await import('@renderer/api/local-server-status')
    const { api } = renderApp()
    act(() => api.emit('sync:progress', progress({ message: 'Downloaded 40000 devices' })))
    expect(screen.getByTestId('status-syncing').textContent).toBe('Syncing… 40,000 devices')
    act(() => setLocalServerGone(true))
    try {
      expect(screen.getByTestId('status-connection').textContent).toBe('App server stopped')
      expect(screen.queryByTestId('status-syncing')).toBeNull()
    } finally {
      act(() => setLocalServerGone(false))
    }
    expect(screen.getByTestId('status-syncing').textContent).toBe('Syncing… 40,000 devices')
  })

  it('while Intune does not answer, says for how long, which try of how many and when the sync gives up, counting down every second', async () => {
    const { api } = renderApp()
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy())
    // The clock is the test's from here: the countdown ticks only when the test moves time on, so a loaded
    // machine cannot make it read a second off, and every second it says is checked exactly.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const at = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString()
    const wait = {
      kind: 'no-answer',
      reason: 'Intune is not answering',
      silentSince: at(-42),
      attempt: 2,
      attempts: 5,
      until: at(18),
      givesUpAt: at(108),
    } as const
    const message = 'Intune is not answering — waiting up to 30 s, then trying again'
    act(() => api.emit('sync:progress', progress({ rowsPerSecond: null, waitingSeconds: 18, message, wait: { ...wait, lastTryBecause: null } })))
    // The clocks' first reading (at once, not a second later).
    act(() => {
      vi.advanceTimersByTime(0)
    })
    const waiting = screen.getByTestId('sync-waiting')
    expect(within(waiting).getByRole('status').textContent).toBe('Intune is not answering the sync — try 2 of 5.')
    const clock = screen.getByTestId('sync-wait-clock')
    expect(clock.textContent).toMatch(
      /^No answer from Intune for 0:42\. This try stops waiting in 0:18, then the next one starts\. If Intune stays silent, the sync stops in 1:48 \(at .+\)\.$/,
    )
    expect(waiting.textContent).toContain('The devices already in the cache stay usable meanwhile. Cancel sync stops it now')
    expect(screen.getByRole('button', { name: 'Cancel sync' })).toBeTruthy()
    const connection = screen.getByTestId('status-connection')
    expect(connection.textContent).toBe('Intune: no answer for 0:42')
    expect(screen.getByTestId('status-syncing').textContent).toBe('Sync try 2 of 5, stops in 1:48')
    // No new progress event comes for 30 s while a try waits: the clocks tick by themselves, once a second.
    act(() => {
      vi.advanceTimersByTime(999)
    })
    expect(clock.textContent).toContain('No answer from Intune for 0:42. This try stops waiting in 0:18')
    act(() => {
      vi.advanceTimersByTime(1)
    })
    expect(clock.textContent).toContain('No answer from Intune for 0:43. This try stops waiting in 0:17')
    expect(clock.textContent).toContain('the sync stops in 1:47')
    expect(connection.textContent).toBe('Intune: no answer for 0:43')
    expect(screen.getByTestId('status-syncing').textContent).toBe('Sync try 2 of 5, stops in 1:47')
    // The headline (a live region) is not re-said every second.
    expect(within(waiting).getByRole('status').textContent).toBe('Intune is not answering the sync — try 2 of 5.')

    // The app knows Intune is unreachable (other requests unanswered too): this try is the last, and says why.
    act(() =>
      api.emit(
        'sync:progress',
        progress({ rowsPerSecond: null, waitingSeconds: 17, message, wait: { ...wait, givesUpAt: wait.until, lastTryBecause: 'others-unanswered' } }),
      ),
    )
    expect(within(screen.getByTestId('sync-waiting')).getByRole('status').textContent).toBe(
      'Intune is not answering the sync — last try (2 of 5): other requests got no answer either, so more tries would not help.',
    )
    expect(screen.getByTestId('sync-wait-clock').textContent).toBe('No answer from Intune for 0:43. The sync stops in 0:17 if this try gets no answer.')
    expect(screen.getByTestId('status-syncing').textContent).toBe('Sync try 2 of 5, stops in 0:17')
    act(() => {
      vi.advanceTimersByTime(5_000)
    })
    expect(screen.getByTestId('sync-wait-clock').textContent).toBe('No answer from Intune for 0:48. The sync stops in 0:12 if this try gets no answer.')
    expect(screen.getByTestId('status-syncing').textContent).toBe('Sync try 2 of 5, stops in 0:12')
  })

  it('Cancel sync is a keyboard-reachable button while a sync runs; a cancelled run reads as kept, not failed', async () => {
    let current: SyncStatus = { ...idleStatus, deviceCount: 100_000 }
    const { api } = renderApp({
      'sync:get-status': () => ok(current),
      'sync:cancel-sync': () => ok({ cancelled: true }),
    })
    expect(screen.queryByRole('button', { name: 'Cancel sync' })).toBeNull()
    fireEvent.click(await screen.findByRole('button', { name: 'Sync' }))
    const cancel = await screen.findByRole('button', { name: 'Cancel sync' })
    expect(cancel.tagName).toBe('BUTTON')
    expect(cancel.getAttribute('tabindex')).not.toBe('-1')
    cancel.focus()
    expect(document.activeElement).toBe(cancel)
    fireEvent.click(cancel)
    await waitFor(() => expect(api.callsTo('sync:cancel-sync')).toHaveLength(1))
    expect(await screen.findByRole('button', { name: 'Cancelling…' })).toHaveProperty('disabled', true)

    const message = 'Sync cancelled — 100000 devices kept; nothing was deleted.'
    current = { ...current, lastError: { code: 'cancelled', message, at: '2025-03-05T09:42:00.000Z' } }
    act(() => api.emit('sync:progress', progress({ phase: 'failed', message })))
    await waitFor(() => expect(screen.getByTestId('sync-cancelled').textContent).toBe(message))
    expect(screen.queryByRole('button', { name: /Cancel/ })).toBeNull()
    expect(screen.queryByText('The last sync did not finish.')).toBeNull()
    expect(screen.getByTestId('sync-announcer').textContent).toBe(message)
  })

  it('always shows the last successful sync', async () => {
    renderApp({ 'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2025-03-05T09:42:00.000Z' }) })
    await waitFor(() => expect(screen.getByTestId('sync-last-success').textContent).toMatch(/^Last successful sync: .*10:42/))
  })

  it('Settings › Sync shows the same control: the last successful sync, and Sync starts one', async () => {
    const { api } = renderApp({ 'sync:get-status': () => ok({ ...idleStatus, lastSuccessAt: '2025-03-05T09:42:00.000Z' }) })
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }))
    const section = within(await screen.findByRole('region', { name: 'Sync' }))
    await waitFor(() => expect(section.getByTestId('sync-last-success').textContent).toMatch(/^Last successful sync: .*10:42/))
    fireEvent.click(section.getByRole('button', { name: 'Sync' }))
    await waitFor(() => expect(api.callsTo('sync:start-sync')).toHaveLength(1))
  })

  it('Settings › Cameras and sounds turns the Bench outcome cue off through the Bench’s own preference', async () => {
    const { api } = renderApp({ 'prefs:set-preference': () => ok({}) })
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }))
    const cue = await screen.findByRole('checkbox', { name: 'Sound and flash on the Bench when an attempt succeeds or fails' })
    expect((cue as HTMLInputElement).checked).toBe(true)
    fireEvent.click(cue)
    await waitFor(() => expect(api.callsTo('prefs:set-preference')).toContainEqual({ key: 'bench.cueMuted', value: true }))
  })

  it('words the estimate at every scale', () => {
    expect(formatEta(20)).toBe('less than a minute left')
    expect(formatEta(61)).toBe('about 1 min left')
    expect(formatEta(120)).toBe('about 2 min left')
    expect(formatEta(3600)).toBe('about 1 h left')
    expect(formatEta(5400)).toBe('about 1 h 30 min left')
  })
})
