import { test, expect } from './web-app-fixture'

// A walk: with `npm run web` stopped, the open tab still said "● Online", and its first action said
// "Intune cannot be reached" with the real cause in a small Detail line.
test('the local server stops: the tab says so at the top and in the status bar, and a failed action blames the app server, not Intune', async ({
  page,
  webApp,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(webApp.url)
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Devices/ })
    .click()
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  await expect(page.getByTestId('local-server-gone')).toHaveCount(0)
  // The launch sync has finished (Sync is enabled again), so Sync is the tab's first action after the stop.
  await expect(page.getByRole('button', { name: 'Sync', exact: true })).toBeEnabled({ timeout: 30_000 })

  await webApp.stop()
  const banner = page.getByTestId('local-server-gone')
  await expect(banner).toBeVisible({ timeout: 15_000 })
  await expect(banner).toContainText("Autopilot Bench's local server stopped")
  await expect(banner).toContainText('cannot reconnect by itself')
  await expect(page.getByTestId('status-connection')).toHaveText('App server stopped')

  await page.getByRole('button', { name: 'Sync', exact: true }).click()
  const failed = page.locator('.error-message').filter({ hasText: 'The sync could not start' })
  await expect(failed).toContainText("Autopilot Bench's local server stopped, so this was not done (Intune was not asked).")
  await expect(failed).not.toContainText('Intune cannot be reached')
})
