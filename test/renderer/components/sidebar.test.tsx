import { render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AppInfo } from '@shared/app-schemas'
import type { IdentityOverview } from '@shared/identity-schemas'
import type { Result } from '@shared/result'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, ok } from '@support/renderer/fake-api'

/** A promise the test settles when it wants: the app's info or the tenant overview arriving late. */
function later<T>() {
  let settle!: (value: T) => void
  const promise = new Promise<T>((resolve) => (settle = resolve))
  return { promise, settle }
}

const info = (kind: AppInfo['tenant']['kind']) =>
  ok({ version: '0.1.0', tenant: { id: 't1', displayName: 'Contoso Bench', kind }, transport: 'http' as const, timeZone: 'Europe/Berlin' })

const overview: IdentityOverview = {
  tenants: [
    {
      id: 'demo',
      displayName: 'Contoso (demo tenant)',
      domain: null,
      kind: 'embedded-mock',
      cloud: 'global',
      clientId: null,
      active: true,
      signIn: 'not-needed',
      username: null,
      signInReason: null,
      granted: [],
      access: [],
    },
  ],
  storage: { mode: 'memory-only', description: 'memory' },
  clouds: [],
  requiredPermissions: [],
  signInAvailable: true,
}

describe('the sidebar while the app starts', () => {
  it('shows no screen buttons until it knows them, and keeps the tenant block in place: nothing moves under a click', async () => {
    const appInfo = later<Result<AppInfo>>()
    const tenants = later<Result<IdentityOverview>>()
    const api = createFakeApi({ 'app:get-info': () => appInfo.promise, 'identity:get-overview': () => tenants.promise })
    render(<AppRoot api={api} stores={createStores(api)} />)
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    // Before: the tenant block says it is loading, and there are no buttons to miss.
    expect(within(nav).getByTestId('tenant-switcher').textContent).toContain('Loading tenant…')
    expect(within(nav).queryAllByRole('button')).toHaveLength(0)
    expect(nav.querySelector('ul')?.getAttribute('aria-busy')).toBe('true')

    appInfo.settle(info('embedded-mock'))
    // Every screen at once, the demo's Simulator included (nothing inserted later above Settings).
    await within(nav).findByRole('button', { name: 'Settings' })
    expect(
      within(nav)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([
      'Bench',
      expect.stringContaining('Devices'),
      'Changes',
      expect.stringContaining('Scan'),
      'Jobs',
      'Register devices',
      'Diagnostics',
      'Simulator',
      'Settings',
    ])
    tenants.settle(ok(overview))
    await waitFor(() => expect(within(nav).getByTestId('tenant-switcher').textContent).toContain('Contoso (demo tenant)'))
  })

  it('a customer tenant has no Simulator', async () => {
    const api = createFakeApi({ 'app:get-info': () => info('graph') })
    render(<AppRoot api={api} stores={createStores(api)} />)
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    await within(nav).findByRole('button', { name: 'Settings' })
    expect(within(nav).queryByRole('button', { name: 'Simulator' })).toBeNull()
  })

  it('an app whose info failed still offers every other screen', async () => {
    const api = createFakeApi({ 'app:get-info': () => ({ ok: false, error: { code: 'internal', message: 'no info' } }) })
    render(<AppRoot api={api} stores={createStores(api)} />)
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    await within(nav).findByRole('button', { name: 'Settings' })
    expect(within(nav).getAllByRole('button')).toHaveLength(8)
  })
})
