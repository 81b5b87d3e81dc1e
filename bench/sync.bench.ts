/**
 * `npm run bench:sync -- --devices N`: a full sync from the standalone mock Intune API over loopback,
 * through the real core, database worker and schema. Prints JSON: devices, seconds, rowsPerSec,
 * ceilingRowsPerSec (the same rows written straight into an in-memory database with the same
 * schema, in this run), ratioToCeiling, maxEventLoopBlockMs (event-loop delay of this process, which
 * hosts the core as the Electron main would) and dbBytesPerRow.
 *
 * The ceiling runs the app's own bulk writer (sync/bulk-writer.ts: same slices, commits, first-load
 * index build and deletes) on an in-memory database, pages of 1000 in random order, no HTTP, no
 * worker. writeSeconds is the time the sync's writer spent in SQLite (from the sync's log line), so
 * writePathRatio = ceilingSeconds / writeSeconds compares the write path alone with its ceiling;
 * ratioToCeiling compares the whole sync (paging, parsing, the mock's own CPU on the same cores).
 * eventLoopP999Ms / maxEventLoopBlockMs: this process's event-loop delay (p99.9 and max).
 *
 * `--page-latency-ms L` makes the mock answer every Graph request L ms late (its `latency` fault, real
 * milliseconds), as a distant Graph does (300 ms to 1 s for a page of 1000): the device pages and the
 * profiles, assignments, groups, ESPs, apps and settings the sync reads alongside them. The sync then
 * is bound by the network, not the disk: the JSON adds pages (device pages), pageLatencyMs,
 * latencyFloorSeconds (pages × latency, the least any client that follows nextLinks one after another
 * can take) and indexedAsItLoaded (a first load that waited on Graph indexes each page as it comes), and
 * ratioToLatencyFloor (target ≤ 1.05: fetching and writing overlap fully). devicePagesSeconds is the part
 * spent on the device pages, before the finishing phase (profiles, groups, last index slices, deletes).
 * bareClientSeconds: the same pages fetched by a bare fetch-and-JSON.parse loop (no worker, no writes)
 * in this run — what this machine's loopback, timers and parsing cost on top of the latency by
 * themselves — and ratioToBareClient = devicePagesSeconds / bareClientSeconds (1.0: writing costs
 * the sync nothing).
 *
 * `--resync` then runs a second full sync over the cache the first one left, as the app does every
 * time it opens (nothing changed in the tenant): resyncSeconds, and with a latency
 * resyncRatioToLatencyFloor. A re-sync knows the groups the directory's assignments target and asks
 * for them alongside the first requests (sync-profiles.worker.ts).
 */
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore } from '../src/main/core/create-core'
import { migrate } from '../src/main/core/db/migrations'
import { type DeviceRow } from '../src/main/core/repos/devices-repo'
import { createBulkWriter } from '../src/main/core/sync/bulk-writer'
import { bundleDbWorker } from './support/worker-bundle'
import { startStandaloneMock } from './support/standalone-mock'
import { argValue, round } from './support/stats'

const devices = argValue('devices', 100_000)
const pageLatencyMs = process.argv.includes('--page-latency-ms') ? argValue('page-latency-ms', 1) : 0
const resync = process.argv.includes('--resync')
const token = 'bench-token-0123456789'
/** The device pages followed by the plainest client there is: fetch, JSON.parse, next link. */
async function bareClientSeconds(url: string): Promise<number> {
  const started = performance.now()
  let next: string | null = `${url}/beta/deviceManagement/windowsAutopilotDeviceIdentities`
  while (next) {
    const response: Response = await fetch(next, { headers: { authorization: `Bearer ${token}` } })
    const body = JSON.parse(await response.text()) as { '@odata.nextLink'?: string }
    next = body['@odata.nextLink'] ?? null
  }
  return (performance.now() - started) / 1000
}

async function main() {
  // Every request is late: the directory's small reads are round trips too (they go alongside the device pages).
  const faults = pageLatencyMs > 0 ? `latency=always:ms=${Math.round(pageLatencyMs)}` : ''
  const mock = await startStandaloneMock(['--devices', String(devices), '--seed', '7', '--token', token, '--throttle', 'off', '--faults', faults])
  // One request before the clock: Graph is never cold, and the mock's first answer (its own code still
  // cold: 3–6 ms in the trace) is not the app's to pay.
  await (await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotSettings`, { headers: { authorization: `Bearer ${token}` } })).text()
  const dataDir = mkdtempSync(join(tmpdir(), 'ab-bench-sync-'))
  try {
    const core = await createCore({
      dataDir,
      workerPath: await bundleDbWorker(),
      appVersion: 'bench',
      transport: 'http',
      tenant: { id: 'bench', displayName: 'Bench', kind: 'graph', graphBaseUrl: `${mock.url}/beta`, getToken: async () => token, close: async () => undefined },
    })
    // The last progress event of the run carries its page count (status() forgets progress once idle).
    let pages = 0
    let devicesDoneAt = 0
    core.bus.subscribe((name, payload) => {
      if (name !== 'sync:progress') return
      const progress = payload as { pages: number; phase: string }
      pages = Math.max(pages, progress.pages)
      if (progress.phase === 'finishing' && devicesDoneAt === 0) devicesDoneAt = performance.now()
    })
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    const started = performance.now()
    await core.sync.start('bench-sync')
    await core.sync.idle()
    const seconds = (performance.now() - started) / 1000
    loop.disable()
    const status = await core.sync.status()
    if (status.lastError) throw new Error(`sync failed: ${status.lastError.message}`)
    let resyncSeconds = 0
    if (resync) {
      const again = performance.now()
      await core.sync.start('bench-resync')
      await core.sync.idle()
      resyncSeconds = (performance.now() - again) / 1000
      const after = await core.sync.status()
      if (after.lastError) throw new Error(`re-sync failed: ${after.lastError.message}`)
    }
    await core.close()

    const file = join(dataDir, 'cache-bench.db')
    const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)
    const source = new Database(file, { readonly: true })
    const rows = source
      .prepare(
        `SELECT id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag, purchase_order AS purchaseOrder,
      user_principal_name AS userPrincipalName, addressable_user_name AS addressableUserName, display_name AS displayName, profile_status AS profileStatus, profile_assignment_status AS profileAssignmentStatus,
      profile_assigned_at AS profileAssignedAt, enrollment_state AS enrollmentState, remediation_state AS remediationState, profile_id AS profileId,
      userless_enrollment_status AS userlessEnrollmentStatus, managed_device_id AS managedDeviceId, entra_device_id AS entraDeviceId,
      last_contacted_at AS lastContactedAt FROM devices ORDER BY random()`,
      )
      .all() as DeviceRow[]
    source.close()

    // The first sync's own account of its SQLite time (its 'sync complete' line in the app log).
    const syncLog = readFileSync(join(dataDir, 'logs', 'app.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"sync complete"'))
      .map(
        (line) =>
          JSON.parse(line) as {
            writeSeconds?: number
            firstLoad?: boolean
            indexedAsItLoaded?: boolean
            fields?: { writeSeconds?: number; firstLoad?: boolean; indexedAsItLoaded?: boolean }
          },
      )
      .at(0)
    const writeSeconds = syncLog?.writeSeconds ?? syncLog?.fields?.writeSeconds ?? NaN
    const firstLoad = syncLog?.firstLoad ?? syncLog?.fields?.firstLoad ?? null
    const indexedAsItLoaded = syncLog?.indexedAsItLoaded ?? syncLog?.fields?.indexedAsItLoaded ?? null

    // The ceiling: the same rows through the app's bulk writer into an empty in-memory database with
    // the same schema, pages of 1000, no HTTP, no worker.
    const memory = new Database(':memory:')
    migrate(memory)
    const ceilingStarted = performance.now()
    const writer = createBulkWriter(memory)
    for (let i = 0; i < rows.length; i += 1000) await writer.write(rows.slice(i, i + 1000), 'ceiling', 'now')
    await writer.finish()
    await writer.deleteNotSeen('ceiling')
    const ceilingSeconds = (performance.now() - ceilingStarted) / 1000
    memory.close()

    const bare = pageLatencyMs > 0 ? await bareClientSeconds(mock.url) : 0
    const rowsPerSec = status.deviceCount / seconds
    const ceilingRowsPerSec = rows.length / ceilingSeconds
    console.log(
      JSON.stringify(
        {
          devices: status.deviceCount,
          seconds: round(seconds, 2),
          rowsPerSec: Math.round(rowsPerSec),
          ceilingRowsPerSec: Math.round(ceilingRowsPerSec),
          ratioToCeiling: round(rowsPerSec / ceilingRowsPerSec, 2),
          ceilingSeconds: round(ceilingSeconds, 2),
          writeSeconds,
          writePathRatio: round(ceilingSeconds / writeSeconds, 2),
          firstLoad,
          indexedAsItLoaded,
          eventLoopP999Ms: round(loop.percentile(99.9) / 1e6, 1),
          maxEventLoopBlockMs: round(loop.max / 1e6, 1),
          dbBytesPerRow: Math.round(bytes / status.deviceCount),
          pages,
          // The device pages alone; the rest is profiles, groups, the last search index slices and the deletes.
          devicePagesSeconds: round((devicesDoneAt - started) / 1000, 2),
          ...(pageLatencyMs > 0
            ? {
                pageLatencyMs,
                latencyFloorSeconds: round((pages * pageLatencyMs) / 1000, 2),
                ratioToLatencyFloor: round(seconds / ((pages * pageLatencyMs) / 1000), 3),
                bareClientSeconds: round(bare, 2),
                ratioToBareClient: round((devicesDoneAt - started) / 1000 / bare, 3),
              }
            : {}),
          ...(resync
            ? {
                resyncSeconds: round(resyncSeconds, 2),
                ...(pageLatencyMs > 0 ? { resyncRatioToLatencyFloor: round(resyncSeconds / ((pages * pageLatencyMs) / 1000), 3) } : {}),
              }
            : {}),
        },
        null,
        2,
      ),
    )
  } finally {
    await mock.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
