import { expect, test } from './web-app-fixture'
import { bootToWin5, openApp } from './walkthrough-steps'

/**
 * The Simulator screen drives a demo-tenant PC to the Win×5 page and shows its QR code; the QR text,
 * typed into the scan field as a USB keyboard-wedge scanner would, lands on that device's card — from
 * the local cache first, then refreshed online.
 */
test('the OOBE simulator shows a device QR whose payload, scanned with a USB scanner, lands on the device', async ({ page, webApp }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  await openApp(page, webApp.url)
  await page.getByRole('button', { name: 'Simulator' }).click()
  await expect(page.getByRole('heading', { name: 'OOBE simulator' })).toBeVisible()
  const { pc, payload } = await bootToWin5(page, 'ready-win11')
  await expect(pc).toContainText('Pre-provision with Windows Autopilot')
  await expect(pc.getByRole('button', { name: 'Refresh' })).toBeVisible()
  await expect(pc.getByRole('button', { name: 'Next' })).toBeVisible()
  const qr = pc.getByRole('img', { name: /QR code of device/ })
  const { ZtdId: ztdId, SerialNumber: serial } = JSON.parse(payload) as { ZtdId: string; SerialNumber: string }

  // Refresh renders the page again: a new random Id, the same device.
  await pc.getByRole('button', { name: 'Refresh' }).click()
  await expect.poll(async () => JSON.parse((await qr.getAttribute('data-qr-text'))!).ZtdId).toBe(ztdId)

  await page.keyboard.press('F2')
  const field = page.getByTestId('scan-input')
  await expect(field).toBeFocused()
  await field.pressSequentially(payload, { delay: 0 })
  await field.press('Enter')
  const card = page.locator('[data-testid="scan-result"][data-status="found"]')
  await expect(card).toHaveAttribute('data-device-id', ztdId)
  await expect(card).toContainText(serial)
  // From the cache first ("shown in N ms" is only set for a cached card), then refreshed online by id.
  // The ≤ 50 ms target is measured by `npm run bench:scan`; here only a hang would fail.
  const shownIn = await page.getByTestId('scan-source').textContent()
  const ms = Number(/shown in (\d+) ms/.exec(shownIn ?? '')?.[1] ?? NaN)
  test.info().annotations.push({ type: 'scan to card ms', description: String(ms) })
  expect(ms).toBeGreaterThanOrEqual(0)
  expect(ms).toBeLessThan(1000)
  await expect(page.getByTestId('scan-source')).toHaveAttribute('data-source', 'online')
  expect(violations).toEqual([])
})

/**
 * A 1366×768 laptop (found in a hands-on walk): a long unbroken text that is not a device code ran the
 * "Not a device code" card off the window's right edge. It wraps inside the card now.
 */
test('a long unbroken non-code stays inside the window at 1366×768', async ({ page, webApp }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.goto(webApp.url)
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page.keyboard.press('F2')
  const field = page.getByTestId('scan-input')
  await expect(field).toBeFocused()
  await field.fill('"PKID":"","SerialNumber":"010300119182","SequenceBlockNumber":1,"TotalBlocks":1,"Extra":"' + 'A'.repeat(120) + '"')
  await field.press('Enter')
  const card = page.getByTestId('scan-rejected')
  await expect(card).toContainText('Not a device code')
  const main = page.locator('.app__main')
  const [cardRight, mainRight] = await Promise.all([
    card.evaluate((element) => element.getBoundingClientRect().right),
    main.evaluate((element) => element.getBoundingClientRect().right),
  ])
  expect(cardRight).toBeLessThanOrEqual(mainRight)
  expect(await main.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true)
})
