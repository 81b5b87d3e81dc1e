import { rpc } from '@support/built-web-app'
import { test, expect } from './web-app-fixture'

test('the virtualized list jumps to the last device with End, and a change reaches Intune via the Changes screen', async ({ page, webApp }) => {
  await page.goto(webApp.url)
  // The app opens on the Bench; the device list is on the Devices screen.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  const rows = page.getByRole('table').getByRole('row')
  await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBeGreaterThan(20)
  await expect(page.getByRole('button', { name: 'Sync', exact: true })).toBeEnabled({ timeout: 30_000 })

  // The last device in serial order, as the core pages it.
  const { total } = await rpc<{ total: number }>(webApp, 'devices:list-devices', { search: '', limit: 1 })
  const last = await rpc<{ items: { serialNumber: string; id: string }[] }>(webApp, 'devices:list-devices', { search: '', limit: 1, position: total - 1 })
  const lastSerial = last.items[0]!.serialNumber
  await expect(page.getByTestId('devices-count')).toHaveText(`Showing ${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} devices`)
  // Only a window of rows is in the page, whatever the total.
  expect(await rows.count()).toBeLessThan(80)

  await page.getByRole('region', { name: 'Device list' }).focus()
  await page.keyboard.press('End')
  await expect(rows.last().getByRole('cell').first()).toHaveText(lastSerial)
  await page.keyboard.press('Home')
  await expect(page.getByTestId('devices-range')).toHaveText(/^rows 1–/)

  // A change queued for the first device: pending, then delivered and verified by the mock.
  const first = await rpc<{ items: { id: string; groupTag: string }[] }>(webApp, 'devices:list-devices', { search: '', limit: 1 })
  const device = first.items[0]!
  const newTag = device.groupTag === 'E2E-TAG' ? 'E2E-TAG-2' : 'E2E-TAG'
  await rpc(webApp, 'changes:queue-change', { deviceId: device.id, change: { kind: 'group-tag', groupTag: newTag } })

  await page.getByTestId('status-changes').getByRole('button').click()
  await expect(page.getByRole('heading', { name: 'Changes', level: 1 })).toBeVisible()
  await page.getByRole('checkbox', { name: 'Show delivered' }).check()
  const item = page.getByRole('article').filter({ hasText: newTag })
  await expect(item.getByTestId('change-state')).toHaveText('Delivered', { timeout: 30_000 })
  await expect(page.getByTestId('status-changes')).toHaveText('No changes waiting for Intune')

  // Back on the list, Intune's value now is the new one and nothing is marked pending.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Devices', exact: true }).click()
  await expect(rows.nth(1)).toContainText(newTag)
  await expect(rows.nth(1).getByText('Pending')).toHaveCount(0)
})
