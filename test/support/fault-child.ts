/**
 * A whole app core in a child process, for the fault suite's kill tests (test/faults). The parent
 * SIGKILLs it at chosen points. Modes (AB_MODE):
 * - `sync`: a full sync, then `synced`.
 * - `deliver`: queue AB_CHANGES group-tag changes on this run's own devices, printing
 *   `queued <deviceId> <groupTag>` once each is acknowledged, then deliver until the outbox is
 *   settled (`settled`).
 * - `settle`: only deliver what waits (after the kills), then `settled`.
 */
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'

async function main() {
  const env = process.env
  const core = await createCore({
    dataDir: env.AB_DATA_DIR!,
    workerPath: env.AB_WORKER!,
    appVersion: 'fault-test',
    transport: 'http',
    graphTimeoutMs: 1_000,
    outboxRetryBaseMs: 20,
    outboxMaxIdleMs: 100,
    tenant: {
      id: 'faults',
      displayName: 'Fault suite',
      kind: 'graph',
      graphBaseUrl: env.AB_GRAPH!,
      getToken: async () => env.AB_TOKEN!,
      close: async () => undefined,
    },
  })
  const handlers = createHandlers(core)
  const ctx = { correlationId: `run-${env.AB_RUN}`, log: core.log }
  const mode = env.AB_MODE
  if (mode === 'sync') {
    await core.sync.start('kill-sync')
    await core.sync.idle()
    const status = await core.sync.status()
    console.log(status.lastError ? `failed ${status.lastError.code}` : 'synced')
  } else {
    if (mode === 'deliver') {
      const run = Number(env.AB_RUN)
      const count = Number(env.AB_CHANGES ?? '2')
      const devices = (await handlers['devices:list-devices']({ search: '', limit: count, after: null, position: run * count }, ctx)).items
      for (const [i, device] of devices.entries()) {
        const groupTag = `K${run}-${i}`
        await handlers['changes:queue-change']({ deviceId: device.id, change: { kind: 'group-tag', groupTag } }, ctx)
        console.log(`queued ${device.id} ${groupTag}`)
      }
    }
    for (let i = 0; i < 600; i++) {
      await core.outbox.kick()
      const open = (await handlers['changes:list-changes']({ deviceId: null, includeFinished: false }, ctx)).filter(
        (item) => item.state !== 'failed' && item.state !== 'conflict',
      )
      if (open.length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    console.log('settled')
  }
  await core.close()
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
