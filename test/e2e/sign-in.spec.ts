import { rmSync } from 'node:fs'
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test'
import { startEntraMock, type EntraMock } from '@mock-intune/entra/start-entra-mock'
import type { EntraOptions } from '@mock-intune/entra/entra-options'
import { startBuiltWebApp, type RunningWebApp } from '@support/built-web-app'

/**
 * Customer tenants in Chromium: the app (browser mode) signs in to the mock's second tenant with auth
 * code + PKCE through the mock's sign-in page in a new tab, syncs it, switches tenants, signs out.
 * The browser tab trusts the mock's own CA (ignoreHTTPSErrors: it plays the technician's browser); the
 * app itself trusts it only through AB_EXTRA_CA_FILE and never relaxes its TLS checks.
 */
interface MockSetup {
  devices: number
  /** Devices per Graph page (the mock's default: 1000). */
  pageSize?: number
  faults?: string
  entra?: EntraOptions
}

const test = base.extend<{ mockSetup: MockSetup; entra: EntraMock; webApp: RunningWebApp }>({
  mockSetup: [{ devices: 40 }, { option: true }],
  entra: async ({ mockSetup }, use) => {
    const { devices, pageSize, faults, entra = {} } = mockSetup
    const mock = await startEntraMock({ devices, throttle: 'off', seed: 11, ...(faults ? { faults } : {}), ...(pageSize ? { pageSize } : {}) }, entra)
    await use(mock)
    await mock.close()
  },
  webApp: async ({ entra }, use) => {
    process.env.AB_TEST_CLOUD = JSON.stringify({ authority: entra.idpOrigin, graph: entra.graphUrl })
    process.env.AB_EXTRA_CA_FILE = entra.caPath
    const app = await startBuiltWebApp()
    delete process.env.AB_TEST_CLOUD
    delete process.env.AB_EXTRA_CA_FILE
    await use(app)
    await app.stop()
    // The customer tenant's cache and tenants.json were left in the temp folder after every run.
    rmSync(app.dataDir, { recursive: true, force: true })
  },
})
test.use({ ignoreHTTPSErrors: true })

/** Settings › add a tenant (domain or id) and sign in as `login` on the mock's sign-in page, which opens in a new tab. */
async function addTenantWithBrowserSignIn(
  { page, context, entra, webApp }: { page: Page; context: BrowserContext; entra: EntraMock; webApp: RunningWebApp },
  tenant: string,
  login: string,
) {
  await page.goto(webApp.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByTestId('add-tenant-input').fill(tenant)
  await page.getByTestId('add-client-input').fill(entra.clientId)
  await page.getByTestId('add-cloud-select').selectOption('test')
  const signInTab = context.waitForEvent('page')
  await page.getByRole('button', { name: 'Add and sign in with the browser' }).click()
  const tab = await signInTab
  await tab.locator('input[name="login"]').fill(login)
  await tab.locator('input[name="password"]').fill(entra.password)
  await tab.getByRole('button', { name: 'Sign in' }).click()
}

test('add the second tenant, sign in through the mock page, sync, switch, sign out', async ({ page, context, entra, webApp }) => {
  const second = entra.tenants[1]!
  await addTenantWithBrowserSignIn({ page, context, entra, webApp }, second.domain, `tech@${second.domain}`)
  await expect(page.getByTestId('sign-in-done')).toContainText(`Signed in to`)

  // The new tenant is listed, signed in; switch to it: its own devices sync.
  await expect(page.getByTestId(`tenant-${second.id}`)).toContainText(`tech@${second.domain}`)
  await page.locator('#tenant-switcher-select').selectOption(second.id)
  await expect(page.getByTestId(`tenant-${second.id}`)).toHaveAttribute('data-active', 'true')
  await expect(page.getByTestId('settings-permissions')).toBeVisible()
  await expect(page.getByTestId('status-tenant')).toContainText(second.displayName)
  await expect(page.getByTestId('status-device-count')).toContainText('40 devices')

  // Back to the demo tenant, then sign out of the customer tenant.
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.locator('#tenant-switcher-select').selectOption('demo')
  await expect(page.getByTestId('tenant-demo')).toHaveAttribute('data-active', 'true')
  await expect(page.getByTestId('status-tenant')).toContainText('demo')
  await page.getByTestId(`tenant-${second.id}`).getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByTestId('signed-out-note')).toContainText('browser keeps its own Microsoft session')
  await expect(page.getByTestId(`tenant-${second.id}`).getByTestId('tenant-sign-in-state')).toHaveText('Signed out')
})

test('reader@: lookup works; a write is refused naming the Intune role, then the write controls are off with the reason', async ({
  page,
  context,
  entra,
  webApp,
}) => {
  const first = entra.tenants[0]!
  await addTenantWithBrowserSignIn({ page, context, entra, webApp }, first.id, `reader@${first.domain}`)
  await expect(page.getByTestId('sign-in-done')).toBeVisible()
  await expect(page.getByTestId(`tenant-${first.id}`)).toContainText(`reader@${first.domain}`)
  await page.locator('#tenant-switcher-select').selectOption(first.id)
  await expect(page.getByTestId('status-device-count')).toContainText('40 devices')

  // Lookup: the device list and a card open as usual.
  await page.getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByRole('row').nth(1)).toBeVisible()
  await page.getByTestId('devices-scroller').focus()
  await page.keyboard.press('Enter')
  const actions = page.getByTestId('card-actions')
  await actions.getByRole('button', { name: 'Autopilot sync' }).click()
  await expect(actions.locator('[data-error-code="not-permitted"]')).toContainText('Policy and Profile Manager')
  // Remembered: the write controls are now off, and say why.
  await expect(actions.getByRole('button', { name: 'Autopilot sync' })).toBeDisabled()
  await expect(actions.getByTestId('feature-off').first()).toContainText('Intune role')
  await expect(page.getByTestId('card-editors').getByTestId('feature-off')).toContainText('Intune role')
})

test.describe('a token that expires during the sync', () => {
  // Every Graph answer takes 0.3 s, the devices come in 6 pages of 20 and a token lives 1 s: the first
  // sync of the new tenant outlives its token. The core refreshes silently (MSAL's refresh token) and
  // the sync completes.
  test.use({ mockSetup: { devices: 120, pageSize: 20, faults: 'latency=1:ms=300', entra: { tokenLifetime: 1 } } })

  test('the sync of the new tenant completes with every device', async ({ page, context, entra, webApp }) => {
    const second = entra.tenants[1]!
    await addTenantWithBrowserSignIn({ page, context, entra, webApp }, second.domain, `tech@${second.domain}`)
    await expect(page.getByTestId('sign-in-done')).toBeVisible()
    await page.locator('#tenant-switcher-select').selectOption(second.id)
    await expect(page.getByTestId('status-tenant')).toContainText(second.displayName)
    await expect(page.getByTestId('status-device-count')).toContainText('120 devices', { timeout: 60_000 })
    await expect(page.locator('[data-error-code="needs-sign-in"]')).toHaveCount(0)
  })
})

/**
 * 1366×768 (found by hand): while the sign-in waits for the browser, the "Open the sign-in page" link drawn as
 * a button covered the instruction above it and "Cancel sign-in" below it.
 */
test('on a laptop screen the sign-in page button overlaps neither the instruction nor Cancel sign-in', async ({ page, entra, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(webApp.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByTestId('add-tenant-input').fill(entra.tenants[1]!.domain)
  await page.getByTestId('add-client-input').fill(entra.clientId)
  await page.getByTestId('add-cloud-select').selectOption('test')
  await page.getByRole('button', { name: 'Add and sign in with the browser' }).click()
  const panel = page.getByTestId('sign-in-panel')
  const link = panel.getByTestId('sign-in-link')
  await expect(link).toBeVisible()
  const box = async (locator: ReturnType<Page['locator']>) => (await locator.boundingBox())!
  const button = await box(link)
  const instruction = await box(panel.getByText('Open the sign-in page (it opens in a new tab)'))
  const cancel = await box(panel.getByRole('button', { name: 'Cancel sign-in' }))
  // Stacked, each below the one before: the button starts under the instruction and ends above Cancel.
  expect(button.y).toBeGreaterThanOrEqual(instruction.y + instruction.height - 0.5)
  expect(cancel.y).toBeGreaterThanOrEqual(button.y + button.height - 0.5)
  await panel.getByRole('button', { name: 'Cancel sign-in' }).click()
})
