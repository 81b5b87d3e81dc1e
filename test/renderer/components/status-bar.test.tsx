import { describe, expect, it } from 'vitest'
import { render, screen } from '@testing-library/react'
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
