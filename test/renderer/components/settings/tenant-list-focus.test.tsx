import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { IdentityOverview, TenantSummary } from '@shared/identity-schemas'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, ok } from '@support/renderer/fake-api'

const CONTOSO = '11111111-1111-1111-1111-111111111111'

const demo: TenantSummary = {
  id: 'demo',
  displayName: 'Contoso (demo tenant)',
  domain: null,
  kind: 'embedded-mock',
  cloud: 'demo',
  clientId: null,
  active: true,
  signIn: 'not-needed',
  username: null,
  signInReason: null,
  granted: [],
  access: [],
}
const contoso: TenantSummary = {
  ...demo,
  id: CONTOSO,
  displayName: 'Contoso Ltd.',
  domain: 'contoso.onmicrosoft.com',
  kind: 'graph',
  cloud: 'global',
  clientId: '22222222-2222-2222-2222-222222222222',
  active: false,
  signIn: 'signed-in',
  username: 'tech@contoso.com',
}

/** Settings (or any screen) over a fake core that switches and signs out as the real one does: answers, then says "identity changed". */
function renderWithTenants(screenName: 'settings' | 'devices', switchAnswered: Promise<void> = Promise.resolve()) {
  let state = { active: 'demo', contosoSignIn: 'signed-in' as TenantSummary['signIn'] }
  const overview = (): IdentityOverview => ({
    tenants: [
      { ...demo, active: state.active === 'demo' },
      { ...contoso, active: state.active === CONTOSO, signIn: state.contosoSignIn },
    ],
    storage: { mode: 'memory-only', description: 'memory' },
    clouds: [],
    requiredPermissions: [],
    signInAvailable: true,
  })
  const api = createFakeApi({
    'identity:get-overview': () => ok(overview()),
    'identity:switch-tenant': async ({ tenantId }) => {
      await switchAnswered
      state = { ...state, active: tenantId }
      setTimeout(() => act(() => api.emit('data:changed', { topics: ['identity'] })), 0)
      return ok({ active: tenantId })
    },
    'identity:sign-out': () => {
      state = { ...state, contosoSignIn: 'signed-out' }
      setTimeout(() => act(() => api.emit('data:changed', { topics: ['identity'] })), 0)
      return ok({})
    },
  })
  const stores = createStores(api)
  stores.ui.getState().navigate(screenName)
  render(<AppRoot api={api} stores={stores} />)
  return api
}

describe('focus after a tenant action never falls to <body>', () => {
  it('"Switch to this tenant": focus goes to that tenant, now active', async () => {
    renderWithTenants('settings')
    const row = await screen.findByTestId(`tenant-${CONTOSO}`)
    const button = within(row).getByRole('button', { name: 'Switch to this tenant' })
    button.focus()
    fireEvent.click(button)
    await waitFor(() => expect(row.getAttribute('data-active')).toBe('true'))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId(`tenant-${CONTOSO}`)))
  })

  it('"Sign out": focus goes to the tenant\'s Sign in button', async () => {
    renderWithTenants('settings')
    const row = await screen.findByTestId(`tenant-${CONTOSO}`)
    const signOut = within(row).getByRole('button', { name: 'Sign out' })
    signOut.focus()
    fireEvent.click(signOut)
    await waitFor(() => expect(document.activeElement).toBe(within(screen.getByTestId(`tenant-${CONTOSO}`)).getByRole('button', { name: 'Sign in' })))
  })

  it("the sidebar's Active tenant list: focus stays on the list after the switch", async () => {
    let answer!: () => void
    renderWithTenants('devices', new Promise<void>((resolve) => (answer = resolve)))
    const select = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Active tenant' })
    select.focus()
    fireEvent.change(select, { target: { value: CONTOSO } })
    // Disabled while it switches: Chromium then moves focus to <body> (happy-dom does not, so the test does).
    await waitFor(() => expect(select.disabled).toBe(true))
    const away = document.body.appendChild(document.createElement('button'))
    away.focus()
    away.remove()
    expect(document.activeElement).toBe(document.body)
    answer()
    await waitFor(() => expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Active tenant' }).value).toBe(CONTOSO))
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Active tenant' })))
  })
})
