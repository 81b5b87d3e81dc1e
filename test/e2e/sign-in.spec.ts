import { test as base, expect } from '@playwright/test'
import { startEntraMock, type EntraMock } from '@mock-intune/entra/start-entra-mock'
import { startBuiltWebApp, type RunningWebApp } from '@support/built-web-app'

/**
 * Customer tenants in Chromium: the app (browser mode) signs in to the mock's second tenant with auth
 * code + PKCE through the mock's sign-in page in a new tab, syncs it, switches tenants, signs out.
 * The browser tab trusts the mock's own CA (ignoreHTTPSErrors: it plays the technician's browser); the
 * app itself trusts it only through AB_EXTRA_CA_FILE and never relaxes its TLS checks.
 */
const test = base.extend<{ entra: EntraMock; webApp: RunningWebApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument
  entra: async ({}, use) => {
    const mock = await startEntraMock({ devices: 40, throttle: 'off', seed: 11 })
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
  },
})
test.use({ ignoreHTTPSErrors: true })

test('add the second tenant, sign in through the mock page, sync, switch, sign out', async ({ page, context, entra, webApp }) => {
  const second = entra.tenants[1]!
  await page.goto(webApp.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByTestId('add-tenant-input').fill(second.domain)
  await page.getByTestId('add-client-input').fill(entra.clientId)
  await page.getByTestId('add-cloud-select').selectOption('test')

  const signInTab = context.waitForEvent('page')
  await page.getByRole('button', { name: 'Add and sign in with the browser' }).click()
  const tab = await signInTab
  await tab.locator('input[name="login"]').fill(`tech@${second.domain}`)
  await tab.locator('input[name="password"]').fill(entra.password)
  await tab.getByRole('button', { name: 'Sign in' }).click()
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
  await page.goto(webApp.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  await page.getByTestId('add-tenant-input').fill(first.id)
  await page.getByTestId('add-client-input').fill(entra.clientId)
  await page.getByTestId('add-cloud-select').selectOption('test')
  const signInTab = context.waitForEvent('page')
  await page.getByRole('button', { name: 'Add and sign in with the browser' }).click()
  const tab = await signInTab
  await tab.locator('input[name="login"]').fill(`reader@${first.domain}`)
  await tab.locator('input[name="password"]').fill(entra.password)
  await tab.getByRole('button', { name: 'Sign in' }).click()
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
