import { seriousViolations } from './axe'
import { expect, test } from './web-app-fixture'

/**
 * Every screen in Chromium, checked by axe (WCAG 2.1 A/AA rules): no serious or critical violations.
 * Status colours are backed by text everywhere, which axe's colour-contrast rule also checks.
 */
test('no serious accessibility violations on any screen', async ({ page, webApp }) => {
  // Every screen also loads without a failed request (a missing favicon was a 404 on every load) or a console error.
  const failures: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${new URL(response.url()).pathname}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console: ${message.text()}`)
  })
  await page.goto(webApp.url)
  // The app opens on the Bench (home); the Devices screen is one click away.
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  const found: Record<string, string[]> = {}
  found.devices = await seriousViolations(page)

  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  for (const name of ['Bench', 'Changes', 'Scan', 'Jobs', 'Diagnostics', 'Settings', 'Simulator']) {
    await sidebar.getByRole('button', { name, exact: false }).first().click()
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
    found[name] = await seriousViolations(page)
  }

  // The simulated PC's screens have their own colours: a dark one (off) and the red "no profile" page.
  const pc = page.getByTestId('sim-screen')
  await page
    .getByRole('navigation', { name: 'Simulated devices' })
    .getByRole('button', { name: /no-profile/ })
    .click()
  await expect(pc).toHaveAttribute('data-screen', /.+/)
  found.simulatorDark = (await pc.getAttribute('data-screen')) === 'off' ? await seriousViolations(page) : ['the no-profile PC did not start off']
  await pc.getByRole('button', { name: 'Power on' }).click()
  await pc.getByRole('button', { name: 'Press Windows key ×5' }).click()
  await expect(pc).toHaveAttribute('data-screen', 'whatToDo')
  await pc.getByRole('button', { name: 'Next' }).click()
  await expect(pc).toHaveClass(/oobe--no-profile/)
  found.simulatorNoProfile = await seriousViolations(page)

  // The device card, opened from the first row of the device list.
  await sidebar.getByRole('button', { name: /^Devices/ }).click()
  const firstRow = page.getByRole('row').nth(1)
  await firstRow.dblclick()
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  found.deviceCard = await seriousViolations(page)

  expect(found).toEqual({
    devices: [],
    Bench: [],
    Changes: [],
    Scan: [],
    Jobs: [],
    Diagnostics: [],
    Settings: [],
    Simulator: [],
    simulatorDark: [],
    simulatorNoProfile: [],
    deviceCard: [],
  })
  expect(failures).toEqual([])
})
