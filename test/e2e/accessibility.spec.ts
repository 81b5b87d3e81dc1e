import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './web-app-fixture'

/** Serious and critical axe findings on the screen as shown now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`)
}

/**
 * Every screen in Chromium, checked by axe (WCAG 2.1 A/AA rules): no serious or critical violations.
 * Status colours are backed by text everywhere, which axe's colour-contrast rule also checks.
 */
test('no serious accessibility violations on any screen', async ({ page, webApp }) => {
  await page.goto(webApp.url)
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  const found: Record<string, string[]> = {}
  found.devices = await seriousViolations(page)

  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  for (const name of ['Bench', 'Changes', 'Scan', 'Jobs', 'Diagnostics', 'Simulator']) {
    await sidebar.getByRole('button', { name, exact: false }).first().click()
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
    found[name] = await seriousViolations(page)
  }

  // The device card, opened from the first row of the device list.
  await sidebar.getByRole('button', { name: /^Devices/ }).click()
  const firstRow = page.getByRole('row').nth(1)
  await firstRow.dblclick()
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible()
  found.deviceCard = await seriousViolations(page)

  expect(found).toEqual({ devices: [], Bench: [], Changes: [], Scan: [], Jobs: [], Diagnostics: [], Simulator: [], deviceCard: [] })
})
