import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import type { Tenant } from '@core/tenant'
import { startMockIntune, type MockIntune } from '@mock-intune'
import { useTempDirs, workerPath } from '@support/temp-dir'

describe('changes made offline reach the mock Intune API once after reconnection', () => {
  const tempDir = useTempDirs()

  it('queues while the tenant is down, then delivers each change with exactly one successful write', async () => {
    const stateFile = join(tempDir(), 'mock-state.json')
    const options = { seed: 21, devices: 30, stateFile, throttle: 'off' as const }
    let mock: MockIntune = await startMockIntune({ port: 0, ...options })
    const port = Number(new URL(mock.url).port)
    const tenant: Tenant = {
      id: 'reconnect',
      displayName: 'Reconnect',
      kind: 'embedded-mock',
      graphBaseUrl: `${mock.url}/beta`,
      getToken: async () => mock.token,
      close: async () => undefined,
    }
    const core = await createCore({
      dataDir: tempDir(),
      tenant,
      workerPath: workerPath(),
      appVersion: 't',
      transport: 'http',
      outboxRetryBaseMs: 20,
      outboxMaxIdleMs: 100,
      graphTimeoutMs: 2000,
    })
    try {
      await core.sync.start('first')
      await core.sync.idle()
      const handlers = createHandlers(core)
      const ctx = { correlationId: 'offline-edit', log: core.log }
      const listed = (await handlers['devices:list-devices']({ search: '', limit: 30, after: null, position: null }, ctx)).items
      const withUser = listed.filter((d) => d.userPrincipalName !== '')
      const withoutUser = listed.filter((d) => d.userPrincipalName === '')
      const [a, b, c] = withoutUser
      const [d, e] = withUser
      expect([a, b, c, d, e].every(Boolean), 'the seeded tenant has devices with and without users').toBe(true)
      const user = (await handlers['users:search-users']({ query: 'a', limit: 5 }, ctx)).users[0]!

      await mock.close() // the bench network goes down
      await handlers['changes:queue-change']({ deviceId: a!.id, change: { kind: 'group-tag', groupTag: 'OFFLINE-TAG' } }, ctx)
      await handlers['changes:queue-change'](
        { deviceId: b!.id, change: { kind: 'assign-user', userPrincipalName: user.userPrincipalName, addressableUserName: user.displayName } },
        ctx,
      )
      await handlers['changes:queue-change']({ deviceId: c!.id, change: { kind: 'device-name', displayName: 'OFFLINE-PC01' } }, ctx)
      await handlers['changes:queue-change']({ deviceId: d!.id, change: { kind: 'user-friendly-name', addressableUserName: 'Offline Friendly' } }, ctx)
      await handlers['changes:queue-change']({ deviceId: e!.id, change: { kind: 'unassign-user' } }, ctx)
      await core.outbox.kick()
      expect(await handlers['changes:get-summary']({}, ctx)).toMatchObject({ pending: 5 })
      expect((await handlers['sync:get-status']({}, ctx)).online).toBe(false)

      mock = await startMockIntune({ port, ...options }) // and comes back, state intact
      for (let i = 0; i < 100 && (await core.db.call('outbox.summary', {})).pending > 0; i++) {
        await core.outbox.kick()
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const items = await handlers['changes:list-changes']({ deviceId: null, includeFinished: true }, ctx)
      expect(items.map((i) => [i.change.kind, i.state, i.lastError?.message ?? ''])).toEqual(
        expect.arrayContaining([
          ['group-tag', 'done', ''],
          ['assign-user', 'done', ''],
          ['device-name', 'done', ''],
          ['user-friendly-name', 'done', ''],
          ['unassign-user', 'done', ''],
        ]),
      )
      expect(items).toHaveLength(5)
      // Each change reached Intune exactly once.
      const writes = mock.requestLog.filter((r) => r.method === 'POST' && r.status >= 200 && r.status < 300)
      expect(writes.map((w) => w.path.split('/').pop()?.toLowerCase()).sort()).toEqual([
        'assignusertodevice',
        'unassignuserfromdevice',
        'updatedeviceproperties',
        'updatedeviceproperties',
        'updatedeviceproperties',
      ])
      const deviceA = await handlers['devices:refresh-device']({ id: a!.id }, ctx)
      expect(deviceA.device).toMatchObject({ groupTag: 'OFFLINE-TAG', pending: [] })
      const deviceB = await handlers['devices:refresh-device']({ id: b!.id }, ctx)
      expect(deviceB.device?.userPrincipalName.toLowerCase()).toBe(user.userPrincipalName.toLowerCase())
      expect((await handlers['devices:refresh-device']({ id: c!.id }, ctx)).device).toMatchObject({ displayName: 'OFFLINE-PC01', pending: [] })
      expect((await handlers['devices:refresh-device']({ id: e!.id }, ctx)).device).toMatchObject({ userPrincipalName: '', pending: [] })
      const cardD = await handlers['devices:get-device-card']({ id: d!.id, jobId: null }, ctx)
      expect(cardD?.device.addressableUserName).toBe('Offline Friendly')
    } finally {
      await core.close()
      await mock.close()
    }
  }, 60_000)
})
