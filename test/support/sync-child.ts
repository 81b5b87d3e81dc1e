/**
 * A whole app core in a child process, for the kill tests: queue one change (printing `queued` once
 * it is acknowledged), then run a full sync (printing `synced`). The parent SIGKILLs it at random.
 */
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'

async function main() {
  const env = process.env
  const core = await createCore({
    dataDir: env.AB_DATA_DIR!,
    workerPath: env.AB_WORKER!,
    appVersion: 'kill-test',
    transport: 'http',
    tenant: {
      id: 'kill',
      displayName: 'Kill test',
      kind: 'graph',
      graphBaseUrl: env.AB_GRAPH!,
      getToken: async () => env.AB_TOKEN!,
      close: async () => undefined,
    },
  })
  const handlers = createHandlers(core)
  const ctx = { correlationId: `run-${env.AB_RUN}`, log: core.log }
  // Each run changes two devices of its own, so queued changes never fold into each other.
  const run = Number(env.AB_RUN)
  const devices = (await handlers['devices:list-devices']({ search: '', limit: 2, after: null, position: run * 2 }, ctx)).items
  if (devices.length === 2) {
    await handlers['changes:queue-change']({ deviceId: devices[0]!.id, change: { kind: 'group-tag', groupTag: `RUN-${run}` } }, ctx)
    await handlers['changes:queue-change']({ deviceId: devices[1]!.id, change: { kind: 'device-name', displayName: `KILL-${run}` } }, ctx)
    console.log('queued')
  }
  await core.sync.start('kill-sync')
  await core.sync.idle()
  const status = await core.sync.status()
  console.log(status.lastError ? `failed ${status.lastError.message}` : 'synced')
  await core.close()
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
