import { describe, expect, it } from 'vitest'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import type { Tenant } from '@core/tenant'
import { startMockIntune, type MockIntune } from '@mock-intune'
import { useTempDirs, workerPath } from '@support/temp-dir'

async function firstDeviceId(mock: MockIntune): Promise<string> {
  const response = await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1`, {
    headers: { authorization: `Bearer ${mock.token}` },
  })
  const body = (await response.json()) as { value: Array<{ id: string }> }
  return body.value[0]!.id
}

/**
 * Issue #15 item 3 and 7: "Online" only when Intune answered. An empty outbox asks Intune nothing, so
 * it must not make the app look online; a refresh that cannot reach Intune makes it Offline; one that
 * reaches it makes it Online.
 */
describe('the status says Online only when Intune answered', () => {
  const tempDir = useTempDirs()

  /** A mock tenant with five devices and a core (HTTP transport, 2 s Graph timeout) on a fresh data folder. */
  async function start(id: string) {
    const mock = await startMockIntune({ port: 0, seed: 3, devices: 5, throttle: 'off' })
    const tenant: Tenant = {
      id,
      displayName: 'Honesty',
      kind: 'embedded-mock',
      graphBaseUrl: `${mock.url}/beta`,
      getToken: async () => mock.token,
      close: async () => undefined,
    }
    const core = await createCore({ dataDir: tempDir(), tenant, workerPath: workerPath(), appVersion: 't', transport: 'http', graphTimeoutMs: 2000 })
    return { mock, core, handlers: createHandlers(core), ctx: { correlationId: 'honesty', log: core.log } }
  }

  it('never synced, empty outbox, Intune down: not online; a failed refresh says offline; a good one online', async () => {
    const { mock, core, handlers, ctx } = await start('honesty')
    try {
      const id = await firstDeviceId(mock)
      await core.outbox.kick()
      expect((await handlers['sync:get-status']({}, ctx)).online).toBeNull()

      await mock.close() // Intune unreachable
      const offline = await handlers['devices:refresh-device']({ id }, ctx)
      expect(offline.device).toBeNull()
      expect((await handlers['sync:get-status']({}, ctx)).online).toBe(false)
    } finally {
      await core.close()
    }
  })

  it('a refresh Intune answers makes it online', async () => {
    const { mock, core, handlers, ctx } = await start('honesty2')
    try {
      const refreshed = await handlers['devices:refresh-device']({ id: await firstDeviceId(mock) }, ctx)
      expect(refreshed.source).toBe('online')
      expect((await handlers['sync:get-status']({}, ctx)).online).toBe(true)
    } finally {
      await core.close()
      await mock.close()
    }
  })
})
