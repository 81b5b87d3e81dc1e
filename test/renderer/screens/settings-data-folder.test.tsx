import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { IdentityOverview } from '@shared/identity-schemas'
import { AppRoot } from '@renderer/root'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, ok } from '@support/renderer/fake-api'

const info = ok({
  version: '0.1.0',
  tenant: { id: 'demo', displayName: 'Contoso (demo tenant)', kind: 'embedded-mock' as const },
  transport: 'http' as const,
  timeZone: 'Europe/Berlin',
  dataDir: 'C:\\Users\\tech\\AppData\\Roaming\\Autopilot Bench',
})

const overview = (storage: IdentityOverview['storage']): IdentityOverview => ({
  tenants: [],
  storage,
  clouds: [],
  requiredPermissions: [],
  signInAvailable: true,
})

function renderSettings(storage: IdentityOverview['storage']) {
  const api = createFakeApi({ 'app:get-info': () => info, 'identity:get-overview': () => ok(overview(storage)) })
  const stores = createStores(api)
  stores.ui.getState().navigate('settings')
  render(<AppRoot api={api} stores={stores} />)
}

describe('Settings › Data folder says what is kept there and how to remove it', () => {
  it('the caches (serials, UPNs, queued changes), tenants.json, the logs, where the sign-in is, how it is protected and removed', async () => {
    renderSettings({
      mode: 'encrypted-file',
      description: 'Encrypted on this computer with Windows DPAPI (Electron safeStorage); nothing is stored in plain text.',
    })
    const contents = await screen.findByTestId('settings-data-contents')
    await waitFor(() => expect(contents.textContent).toContain('tokens-<tenant ID>.bin'))
    const text = contents.textContent ?? ''
    expect(text).toMatch(/serial numbers, assigned users’ UPNs/)
    expect(text).toMatch(/changes waiting for Intune/)
    expect(text).toMatch(/not encrypted/)
    expect(text).toMatch(/tenants\.json: .*No tokens\./)
    expect(text).toContain('Encrypted on this computer with Windows DPAPI')
    expect(text).toMatch(/logs\/app\.log/)
    // Only what is there: the demo tenant's file once a change reached it, the lock while the app runs.
    expect(text).toMatch(/demo-tenant\.json, once a change has reached the demo tenant/)
    expect(text).toMatch(/autopilot-bench\.lock while the app runs/)
    expect(text).toMatch(/To remove it all: .*delete this folder\./)
  })

  it('memory only: says no sign-in is written there', async () => {
    renderSettings({ mode: 'memory-only', description: 'Memory only.' })
    const contents = await screen.findByTestId('settings-data-contents')
    await waitFor(() => expect(contents.textContent).toContain('No sign-in is written here'))
    expect(contents.textContent).not.toContain('tokens-<tenant ID>.bin')
  })
})
