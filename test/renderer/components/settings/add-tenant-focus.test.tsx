import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, ok } from '@support/renderer/fake-api'

function renderSettings() {
  const api = createFakeApi({
    'identity:get-overview': () =>
      ok({
        tenants: [],
        storage: { mode: 'memory-only' as const, description: 'Kept in memory only.' },
        clouds: [],
        requiredPermissions: [],
        signInAvailable: true,
      }),
  })
  const stores = createStores(api)
  stores.ui.getState().navigate('settings')
  render(<AppRoot api={api} stores={stores} />)
  return api
}

describe('Settings › Add a customer tenant with a field to correct', () => {
  it('puts the keyboard on the first field to correct, and starts no sign-in', async () => {
    const api = renderSettings()
    const tenant = await screen.findByTestId('add-tenant-input')
    const client = screen.getByTestId('add-client-input')
    const button = screen.getByRole('button', { name: 'Add and sign in with the browser' })
    button.focus()
    fireEvent.click(button)
    expect(document.activeElement).toBe(tenant)
    expect(tenant.getAttribute('aria-invalid')).toBe('true')

    fireEvent.change(tenant, { target: { value: 'contoso.onmicrosoft.com' } })
    const code = screen.getByRole('button', { name: 'Add and sign in with a code' })
    code.focus()
    fireEvent.click(code)
    expect(document.activeElement).toBe(client)
    expect(api.callsTo('identity:start-sign-in')).toEqual([])
  })
})
