import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test, expect } from './web-app-fixture'

test('the printed URL opens the app, which shows the synced demo devices and filters them by search', async ({ page, webApp }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  await page.goto(webApp.url)
  // The app opens on the Bench (home); the Devices screen is one click away.
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  // The token moved from the address bar into memory at once.
  await expect.poll(() => page.url()).not.toContain('token')

  const rows = page.getByRole('table').getByRole('row')
  await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBeGreaterThan(20)
  await expect(page.getByTestId('status-bar')).toContainText(/demo tenant/i)

  // Pick a real serial from the table and search for a piece of it.
  const firstSerial = (await rows.nth(1).getByRole('cell').first().textContent())!.trim()
  const fragment = firstSerial.slice(-5)
  const search = page.getByLabel('Search serial number, user, group tag, model')
  await search.fill(fragment)
  await expect.poll(async () => rows.count()).toBeLessThan(20)
  for (const text of await rows.allTextContents()) {
    if (!/Serial number/.test(text)) expect(text.toLowerCase()).toContain(fragment.toLowerCase())
  }
  await search.fill('no-such-device-zzz')
  await expect(page.getByText(/No devices match/)).toBeVisible()

  // Ctrl+K returns to the search box from anywhere.
  await page.getByRole('button', { name: 'Sync', exact: true }).focus()
  await page.keyboard.press('Control+K')
  await expect(search).toBeFocused()
  expect(violations).toEqual([])
})

test('Sync shows progress and finishes with the device count', async ({ page, webApp }) => {
  await page.goto(webApp.url)
  // The app opens on the Bench; Sync is on the Devices screen.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  const sync = page.getByRole('button', { name: 'Sync', exact: true })
  await expect(sync).toBeEnabled({ timeout: 30_000 })
  await sync.click()
  await expect(page.getByRole('progressbar')).toBeVisible()
  await expect(sync).toBeEnabled({ timeout: 30_000 })
  await expect(page.getByTestId('status-bar')).toContainText(/2,?000/)
})

test('unauthenticated API calls are refused: 401 without a token, 403 from a foreign origin', async ({ request, webApp }) => {
  const noToken = await request.post(`${webApp.origin}/api/rpc/devices:list-devices`, { data: {} })
  expect(noToken.status()).toBe(401)
  const foreign = await request.post(`${webApp.origin}/api/rpc/devices:list-devices`, {
    data: {},
    headers: { origin: 'http://evil.example', authorization: `Bearer ${webApp.token}` },
  })
  expect(foreign.status()).toBe(403)
  const good = await request.post(`${webApp.origin}/api/rpc/devices:list-devices`, {
    data: {},
    headers: { authorization: `Bearer ${webApp.token}` },
  })
  expect(good.status()).toBe(200)
})

test('a page opened without the token explains how to get in', async ({ page, webApp }) => {
  await page.goto(webApp.origin)
  await expect(page.getByRole('heading', { name: 'Session token missing' })).toBeVisible()
})

test('SIGTERM closes the database cleanly: lock released, clean exit, no token in the log', async ({ page, webApp }) => {
  await page.goto(webApp.url)
  // The app opens on the Bench (home); the Devices screen is one click away.
  await expect(page.getByRole('heading', { name: 'Bench', level: 1 })).toBeVisible()
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Autopilot devices' })).toBeVisible()
  expect(existsSync(join(webApp.dataDir, 'autopilot-bench.lock'))).toBe(true)
  expect(await webApp.stop('SIGTERM')).toBe(0)
  expect(existsSync(join(webApp.dataDir, 'autopilot-bench.lock'))).toBe(false)
  const log = readFileSync(join(webApp.dataDir, 'logs', 'app.log'), 'utf8')
  expect(log).toContain('core closed')
  expect(log).not.toContain(webApp.token)
})
