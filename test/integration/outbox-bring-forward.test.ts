import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '@core/create-core'
import { graphRootTenant } from '@core/tenant'
import { startHostileServer } from '@support/hostile-server'
import { useTempDirs, workerPath } from '@support/temp-dir'

/**
 * A change that waits out a back-off only because Intune did not answer is due again as soon as Intune answers
 * (Offline → Online, or the first answer after a start): a walk's user change waited ~5 minutes after a restart.
 */
describe('outbox: Intune answering again brings the unanswered changes forward', () => {
  const tempDir = useTempDirs()
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })

  it('asks the outbox to bring forward the no-answer/unreachable changes on the first answer and on Offline → Online, not on Online → Offline', async () => {
    const server = await startHostileServer((_req, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"Forbidden"}}'))
    closers.push(server.close)
    const core = await createCore({
      dataDir: tempDir(),
      tenant: graphRootTenant({ graphRoot: server.origin, id: 'bring-forward', displayName: 'Bring forward', getToken: async () => 'test-token-1234567890' }),
      workerPath: workerPath(),
      appVersion: 'test',
      transport: 'http',
    })
    closers.push(() => core.close())
    const asked: unknown[] = []
    const call = core.db.call.bind(core.db)
    core.db.call = ((method: string, args: unknown) => {
      if (method === 'outbox.bring-forward') asked.push(args)
      return call(method as never, args as never)
    }) as typeof core.db.call
    core.setOnline(true)
    core.setOnline(true)
    core.setOnline(false)
    expect(asked).toHaveLength(1)
    core.setOnline(true)
    expect(asked).toEqual([{ codes: expect.arrayContaining(['timeout', 'stalled', 'offline', 'not-graph']) }, expect.anything()])
  })
})
