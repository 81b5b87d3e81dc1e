import { describe, expect, it } from 'vitest'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { createFakeApi, emptySummary, idleStatus, ok } from '@support/renderer/fake-api'

const info = (dataDirWarning?: string) =>
  ok({
    version: '0.1.0',
    tenant: { id: 't1', displayName: 'Contoso Bench', kind: 'embedded-mock' as const },
    transport: 'http' as const,
    timeZone: 'Europe/Berlin',
    ...(dataDirWarning ? { dataDirWarning } : {}),
  })

describe('status bar: a data folder the core could not make private', () => {
  it('says so, with the reason on hover', async () => {
    const reason = 'The data folder /srv/ab is readable by other users and could not be made private (not its owner).'
    render(<AppRoot api={createFakeApi({ 'app:get-info': () => info(reason) })} />)
    const warning = await screen.findByTestId('status-data-dir')
    expect(warning.textContent).toContain('Data folder readable by other users')
    expect(warning.getAttribute('title')).toBe(reason)
  })

  it('shows nothing when the folder is private', async () => {
    render(<AppRoot api={createFakeApi({ 'app:get-info': () => info() })} />)
    await screen.findByText('Contoso Bench')
    expect(screen.queryByTestId('status-data-dir')).toBeNull()
  })
})

describe('status bar: the database on this PC', () => {
  it('shows nothing, then the notice once the check after start reports damage (data:changed database)', async () => {
    const notice = {
      kind: 'damaged' as const,
      text: 'The device cache on this PC is damaged. Restart Autopilot Bench to rebuild it from Intune; your queued changes and bench records are kept.',
    }
    let damaged = false
    const api = createFakeApi({ 'app:get-info': () => (damaged ? ok({ ...info().value, databaseNotice: notice }) : info()) })
    render(<AppRoot api={api} />)
    await screen.findByText('Contoso Bench')
    expect(screen.queryByTestId('status-database')).toBeNull()
    damaged = true
    act(() => api.emit('data:changed', { topics: ['database'] }))
    const shown = await screen.findByTestId('status-database')
    expect(shown.textContent).toBe('Database damaged — restart to repair')
    const link = within(shown).getByRole('button')
    expect(link.getAttribute('title')).toBe(notice.text)
    // The link opens Settings, where the notice comes first, in full.
    fireEvent.click(link)
    const section = await screen.findByTestId('settings-database-notice')
    expect(section.textContent).toContain(notice.text)
    expect(within(section).getByRole('heading').textContent).toBe('The database on this PC is damaged')
  })
})

describe('status bar: offline, on one line', () => {
  const offlineStatus = { ...idleStatus, lastSuccessAt: '2025-03-05T08:00:00.000Z', deviceCount: 2000, online: false }

  it('says the time of the data once (in "Offline — showing data from …"), with each item whole on hover, and the changes count', async () => {
    render(
      <AppRoot
        api={createFakeApi({
          'app:get-info': () => info(),
          'sync:get-status': () => ok(offlineStatus),
          'changes:get-summary': () => ok({ ...emptySummary, pending: 3 }),
        })}
      />,
    )
    const connection = await screen.findByTestId('status-connection')
    await screen.findByText(/^Offline — showing data from .*2025/)
    // "Last sync <the same time>" beside it made the bar two lines at 1366 px.
    expect(screen.queryByTestId('status-last-sync')).toBeNull()
    expect(screen.getByTestId('status-bar').textContent?.match(/Mar 5, 2025|5 Mar 2025/g)).toHaveLength(1)
    // Cut short on a narrow window (styles.css), each item keeps its full words as its title.
    expect(connection.getAttribute('title')).toBe(connection.textContent)
    expect(screen.getByTestId('status-tenant').getAttribute('title')).toBe('Contoso Bench')
    expect(screen.getByTestId('status-device-count').getAttribute('title')).toBe('2,000 devices in cache')
    // What the technician must not lose: the queued changes, as a link that never gives way.
    const changes = await screen.findByTestId('status-changes')
    expect(changes.textContent).toBe('3 changes waiting for Intune')
    expect(changes.className).toContain('status-bar__item--keep')
  })

  it('a sync of today reads as its time alone (a 1024 window cut "Dec 7, 2026, 2:4…"), the whole date on hover', async () => {
    const minutesAgo = new Date(Date.now() - 5 * 60_000)
    // Just after midnight (in the app's zone, Europe/Berlin) the five minutes may be yesterday's: the whole date is right then.
    const berlinDay = (date: Date) => date.toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' })
    const today = berlinDay(minutesAgo) === berlinDay(new Date())
    render(
      <AppRoot
        api={createFakeApi({
          'app:get-info': () => info(),
          'sync:get-status': () => ok({ ...offlineStatus, online: true, lastSuccessAt: minutesAgo.toISOString() }),
        })}
      />,
    )
    const lastSync = await screen.findByTestId('status-last-sync')
    const year = String(minutesAgo.getFullYear())
    if (today) expect(lastSync.textContent).not.toContain(year)
    expect(lastSync.textContent).toMatch(/^Last sync \d{1,2}:\d{2}/)
    expect(lastSync.getAttribute('title')).toContain(year)
  })

  it('still says when the last sync was while online', async () => {
    render(<AppRoot api={createFakeApi({ 'app:get-info': () => info(), 'sync:get-status': () => ok({ ...offlineStatus, online: true }) })} />)
    expect((await screen.findByTestId('status-last-sync')).textContent).toMatch(/^Last sync .*2025/)
  })
})
