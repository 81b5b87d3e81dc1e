import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '@core/create-core'
import { graphRootTenant } from '@core/tenant'
import { startHostileServer } from '@support/hostile-server'
import { useTempDirs, workerPath } from '@support/temp-dir'

/**
 * The status bar's Online/Offline follows whether Intune was reached. A captive portal answering
 * with a web page is not Intune: after such a sync the app says Offline (and does not try to deliver
 * the outbox), while a cancelled sync says nothing either way.
 */
describe('connectivity after a sync', () => {
  const tempDir = useTempDirs()
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })

  const coreOn = async (answer: Parameters<typeof startHostileServer>[0]): Promise<Core> => {
    const server = await startHostileServer(answer)
    closers.push(server.close)
    const core = await createCore({
      dataDir: tempDir(),
      tenant: graphRootTenant({ graphRoot: server.origin, id: 'portal-test', displayName: 'Portal test', getToken: async () => 'test-token-1234567890' }),
      workerPath: workerPath(),
      appVersion: 'test',
      transport: 'http',
    })
    closers.push(() => core.close())
    return core
  }

  it('says Offline when a sign-in portal answered instead of Graph', async () => {
    const core = await coreOn((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Hotel Wi-Fi: sign in</body></html>'))
    await core.sync.start('portal')
    await core.sync.idle()
    expect((await core.sync.status()).lastError).toMatchObject({ code: 'not-graph' })
    expect(core.connectivity.online).toBe(false)
  })

  it('says Online when Intune answered, even with an error', async () => {
    const core = await coreOn((_req, res) =>
      res
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'Forbidden', message: 'Application is not authorized' } })),
    )
    await core.sync.start('forbidden')
    await core.sync.idle()
    expect((await core.sync.status()).lastError).not.toBeNull()
    expect(core.connectivity.online).toBe(true)
  })
})
