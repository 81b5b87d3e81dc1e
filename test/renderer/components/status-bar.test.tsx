import { describe, expect, it } from 'vitest'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { AppRoot } from '@renderer/root'
import { createFakeApi, ok } from '@support/renderer/fake-api'

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
