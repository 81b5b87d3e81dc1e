import { seriousViolations } from './axe'
import { expect, test } from './web-app-fixture'

/**
 * The device card against the embedded mock tenant in Chromium: opened from the list by keyboard,
 * every panel shown, no serious axe findings, a group tag queued with Enter (pending mark, Refresh
 * reminder, live wait), the user picker driven by arrow keys.
 */
test('device card: open by keyboard, readiness, group tag with reminder, user picker, axe', async ({ page, webApp }) => {
  await page.goto(webApp.url)
  // The app opens on the Bench; the device list is on the Devices screen.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  await expect(page.getByRole('row').nth(1)).toBeVisible()

  await page.getByTestId('devices-scroller').focus()
  await page.keyboard.press('Enter')
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toBeFocused()
  await expect(page.getByTestId('card-readiness').locator('[data-verdict]')).toBeVisible()
  await expect(page.getByTestId('card-readiness').locator('[data-item]').first()).toBeVisible()
  await expect(page.getByTestId('card-details')).toContainText('Profile status')
  await expect(page.getByTestId('card-explanation')).toBeVisible()
  // Three panels side by side at a common laptop width: every value stays inside its panel (a status
  // badge that would not wrap once pushed the whole column past the panel's edge, clipping the serial).
  await page.setViewportSize({ width: 1440, height: 900 })
  const pastTheEdge = await page.getByTestId('card-details').evaluate((list) => {
    const edge = list.closest('section')!.getBoundingClientRect().right
    return [...list.querySelectorAll('dd')].filter((value) => value.getBoundingClientRect().right > edge + 0.5).map((value) => value.textContent)
  })
  expect(pastTheEdge).toEqual([])

  expect(await seriousViolations(page)).toEqual([])

  const tag = page.getByTestId('card-editors').getByLabel('Group tag')
  await tag.fill('E2E-TAG-1')
  await tag.press('Enter')
  // The device's current tag puts it in an [OrderID] dynamic group: the change asks first; Enter confirms.
  await expect(page.getByRole('alertdialog', { name: 'Confirm before saving' })).toContainText('takes the device out of')
  await tag.press('Enter')
  await expect(page.getByTestId('card-reminder')).toContainText('Press Refresh on the device')
  // No group with a profile takes E2E-TAG-1: no endless "Waiting for profile assignment", but why there is none to wait for.
  await expect(page.getByTestId('card-no-profile')).toContainText("No deployment profile to wait for — With group tag 'E2E-TAG-1'")
  await expect(page.getByTestId('card-wait')).not.toContainText('Waiting for profile assignment')
  await expect(page.getByTestId('card-wait')).toHaveAttribute('data-phase', 'no-profile', { timeout: 30_000 })
  await expect(page.getByTestId('card-details').locator('[data-pending-field="groupTag"], dd').filter({ hasText: 'E2E-TAG-1' }).first()).toBeVisible({
    timeout: 20_000,
  })

  const picker = page.getByTestId('card-users').getByRole('combobox')
  await picker.fill('a')
  const options = page.getByTestId('card-users').getByRole('option')
  await expect(options.first()).toBeVisible({ timeout: 10_000 })
  await picker.press('ArrowDown')
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true')
})

/**
 * A 1366×768 laptop (found by hand in session 20): the group-tag question, which the next Enter in the field
 * answers, and the user picker's list, whose highlighted user Enter assigns, opened below the window's
 * foot, out of sight. Both are now brought into view with their field.
 */
test('device card on a laptop screen: the group-tag question and the user list open in view', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 640 })
  await page.goto(webApp.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  // A tag a dynamic group's rule uses, so the change asks first.
  await page.getByLabel('Search serial number, user, group tag, model').fill('BENCH-LDN')
  await expect(page.getByRole('row').nth(1)).toContainText('BENCH-LDN')
  await page.getByTestId('devices-scroller').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('card-readiness').locator('[data-verdict]')).toBeVisible()
  const tag = page.getByTestId('card-editors').getByLabel('Group tag')
  await tag.fill('E2E-LAPTOP-1')
  await tag.press('Enter')
  const question = page.getByRole('alertdialog', { name: 'Confirm before saving' })
  await expect(question).toContainText('takes the device out of')
  await expect(question).toBeInViewport({ ratio: 0.99 })
  await expect(tag).toBeInViewport()
  await tag.press('Escape')
  await expect(question).toHaveCount(0)

  // The user picker: Enter assigns the highlighted user, so its list opens in view with the field.
  const picker = page.getByTestId('card-users').getByRole('combobox')
  await picker.fill('a')
  const options = page.getByTestId('card-users').getByRole('option')
  await expect(options.first()).toBeVisible({ timeout: 10_000 })
  await expect(options.first()).toBeInViewport({ ratio: 0.99 })
  await expect(picker).toBeInViewport({ ratio: 0.99 })
  await picker.press('Escape')
})

/**
 * 1366×768 (found by hand with fault injection): a change Intune keeps refusing shows Intune's words, ids and
 * all, under the change; they ran past the panel's right edge. The list's answer is replaced here so the
 * words are long and fixed; everything else is the real card.
 */
test('device card on a laptop screen: a long Intune error under a change wraps inside its panel', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const error =
    'Intune answered 503 ServiceUnavailable: {"_version":3,"Message":"An internal server error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7c9e6679-7425-40de-944b-e07fc1f45ad1 - Url: https://fef.msua06.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/windowsAutopilotDeviceIdentities"} (request-id 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0)'
  await page.route('**/api/rpc/changes:list-changes', async (route) => {
    const { deviceId } = route.request().postDataJSON() as { deviceId: string }
    const item = {
      id: 1,
      deviceId,
      serialNumber: 'SERIAL',
      change: { kind: 'group-tag', groupTag: 'E2E-LONG-ERROR' },
      base: { groupTag: '' },
      intended: { groupTag: 'E2E-LONG-ERROR' },
      server: null,
      state: 'pending',
      attempts: 1,
      lastError: { code: 'upstream', message: error },
      nextAttemptAt: null,
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T09:01:00.000Z',
    }
    await route.fulfill({ json: { ok: true, value: [item] } })
  })
  await page.goto(webApp.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  await page.getByTestId('devices-scroller').focus()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('card-pending')
  // The sentence on the line; Intune's long text under "Details for support", opened here to check it wraps too.
  await expect(panel.getByRole('listitem')).toContainText('Intune was temporarily unavailable (HTTP 503).')
  await panel.getByText('Details for support').click()
  await expect(panel.getByTestId('support-details')).toContainText('request-id 0b1c2d3e')
  const overflow = await panel.evaluate((section) => {
    const edge = section.getBoundingClientRect().right
    const page = document.documentElement
    return {
      pastPanel: [...section.querySelectorAll('li, li span, li dd, li summary')].filter((node) => node.getBoundingClientRect().right > edge + 0.5).length,
      pastWindow: edge > page.clientWidth + 0.5 || page.scrollWidth > page.clientWidth,
    }
  })
  expect(overflow).toEqual({ pastPanel: 0, pastWindow: false })
})

test('device card and list on a laptop screen: a change whose tries fail still shows its value, the marker gives way', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const error =
    'Intune answered 500 InternalServerError: {"_version":3,"Message":"An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: 7c9e6679-7425-40de-944b-e07fc1f45ad1 - Url: https://fef.msua06.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService/deviceManagement/windowsAutopilotDeviceIdentities"}'
  const withPending = <T extends { pending: unknown[] }>(device: T): T => ({
    ...device,
    pending: [
      { field: 'groupTag', value: 'E2E-FAILING-TAG', state: 'pending', error },
      { field: 'userPrincipalName', value: 'anna.moreau@contoso.com', state: 'pending', error },
    ],
  })
  // Intune's answer to every try is a long 500: what the card and the list show of the value being changed.
  await page.route('**/api/rpc/devices:get-device-card', async (route) => {
    const answer = (await (await route.fetch()).json()) as { ok: boolean; value: { device: { pending: unknown[] } } }
    await route.fulfill({ json: { ...answer, value: { ...answer.value, device: withPending(answer.value.device) } } })
  })
  await page.route('**/api/rpc/devices:list-devices', async (route) => {
    const answer = (await (await route.fetch()).json()) as { ok: boolean; value: { items: Array<{ pending: unknown[] }> } }
    await route.fulfill({ json: { ...answer, value: { ...answer.value, items: answer.value.items.map(withPending) } } })
  })
  await page.goto(webApp.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  const widths = (root: string) =>
    page.locator(root).evaluate((element) =>
      [...element.querySelectorAll('.pending-value')].slice(0, 4).map((value) => {
        const text = value.querySelector('.cell-text')!.getBoundingClientRect()
        const marker = value.querySelector('.pending-marker')!.getBoundingClientRect()
        return { text: Math.round(text.width), pastWindow: marker.right > document.documentElement.clientWidth + 0.5 }
      }),
    )
  await expect(page.locator('.pending-value').first()).toBeVisible()
  for (const cell of await widths('[data-testid="devices-scroller"]')) {
    expect(cell.text).toBeGreaterThan(30)
    expect(cell.pastWindow).toBe(false)
  }
  await page.getByTestId('devices-scroller').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('card-details')).toContainText('E2E-FAILING-TAG')
  const card = await widths('[data-testid="card-details"]')
  expect(card.length).toBeGreaterThan(1)
  for (const field of card) {
    expect(field.text).toBeGreaterThan(30)
    expect(field.pastWindow).toBe(false)
  }
  // The whole reason is still there for whoever points at it or reads it out.
  await expect(page.getByTestId('card-details').locator('.pending-marker').first()).toHaveAttribute('title', /Intune had an internal error \(HTTP 500\)/)
})

/**
 * Found by hand at 1366×768: Unassign user took its own button away and the keyboard fell to <body>; and
 * Unblock device was offered (and "Unblocked" reported) for a device Intune never blocked.
 */
test('device card by keyboard: Unassign user leaves the keyboard on the user search; no Unblock for a never-blocked device', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(webApp.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/, { timeout: 30_000 })
  // A Fujitsu that never enrolled, with a user.
  await page.getByRole('searchbox').fill('DSCB059535')
  await expect(page.getByRole('row', { name: /DSCB059535/ })).toBeVisible()
  await page.getByRole('searchbox').press('Enter')
  const users = page.getByTestId('card-users')
  const unassign = users.getByRole('button', { name: 'Unassign user' })
  await unassign.focus()
  await page.keyboard.press('Enter')
  await expect(unassign).toHaveCount(0)
  await expect(users.getByRole('combobox', { name: 'Find a user' })).toBeFocused()

  const actions = page.getByTestId('card-actions')
  await expect(actions.getByRole('button', { name: 'Unblock device' })).toBeDisabled()
  await expect(actions.getByTestId('card-unblock-note')).toContainText('Nothing to unblock: Intune does not report this device as blocked')
})
