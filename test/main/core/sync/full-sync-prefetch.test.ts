import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkIntegrity, openDatabase } from '@core/db/open-database'
import { createGraphClient } from '@core/graph/graph-client'
import { runFullSync } from '@core/sync/full-sync.worker'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createSyncRunsRepo } from '@core/repos/sync-runs-repo'
import type { AppFailure } from '@core/app-error'
import type { SyncProgress } from '@shared/sync-schemas'
import { devicePage } from '@support/scripted-graph-server'
import { useTempDirs } from '@support/temp-dir'

/**
 * The full sync fetches page k+1 while it writes page k (graph/paging.ts prefetchPages), against a
 * slow Graph: the real Graph client over a fetch that answers each page late and counts what is in
 * flight. Order, the one-page bound and cancel in the middle of a prefetch.
 */
const base = 'http://127.0.0.1:9/beta'
const devicesUrl = `${base}/deviceManagement/windowsAutopilotDeviceIdentities`
const perPage = 40
const quiet = { log: () => undefined }

function slowGraph(pageCount: number, latencyMs: number, firstDevice = 0, onFetch?: () => void) {
  const stats = { inFlight: 0, maxInFlight: 0, requested: 0, aborted: 0 }
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    onFetch?.()
    const url = String(input)
    const page = url === devicesUrl ? 0 : Number(new URL(url).searchParams.get('$skiptoken'))
    stats.requested++
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, latencyMs)
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          stats.aborted++
          reject(new DOMException('aborted', 'AbortError'))
        })
      })
    } finally {
      stats.inFlight--
    }
    const body = {
      value: devicePage(firstDevice + page * perPage, perPage),
      ...(page + 1 < pageCount ? { '@odata.nextLink': `${devicesUrl}?$skiptoken=${page + 1}` } : {}),
    }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  const graph = createGraphClient({ baseUrl: base, getToken: async () => 'prefetch-token-01', log: quiet, fetchImpl })
  return { graph, stats }
}

/** A run of `runId` with the quiet log, no progress handler and the given extras (a writer's options, a signal…). */
const syncRun = (
  db: ReturnType<typeof openDatabase>['db'],
  graph: ReturnType<typeof slowGraph>['graph'],
  runId: string,
  more: Partial<Parameters<typeof runFullSync>[0]> = {},
) => runFullSync({ db, graph, log: quiet, runId, correlationId: runId, onProgress: () => undefined, ...more })

const idsInWriteOrder = (db: ReturnType<typeof openDatabase>['db']) => (db.prepare('SELECT id FROM devices ORDER BY rowid').pluck().all() as string[]).slice()

describe('full sync with a slow Graph: the next page is fetched while one is written', () => {
  const tempDir = useTempDirs()

  it('writes every page in nextLink order, asks for page k+1 before writing page k, and never runs more than one page ahead', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const { graph, stats } = slowGraph(6, 40)
    // When page k has been written (its progress event), page k+1 was already asked for and page k+2 not yet.
    const requestedWhenWritten: Array<{ pages: number; requested: number; inFlight: number }> = []
    const onProgress = (progress: SyncProgress) => {
      if (progress.message.startsWith('Downloaded')) requestedWhenWritten.push({ pages: progress.pages, requested: stats.requested, inFlight: stats.inFlight })
    }
    const result = await runFullSync({
      db,
      graph,
      log: quiet,
      runId: 'run-1',
      correlationId: 'run-1',
      onProgress,
      writer: { rowsPerSlice: 10, rowsPerCommit: 50 },
    })

    expect(result).toEqual({ devices: 6 * perPage, pages: 6 })
    expect(idsInWriteOrder(db)).toEqual(devicePage(0, 6 * perPage).map((device) => device.id))
    expect(stats.maxInFlight).toBe(1)
    expect(stats.requested).toBe(6)
    expect(requestedWhenWritten).toEqual([
      { pages: 1, requested: 2, inFlight: 1 },
      { pages: 2, requested: 3, inFlight: 1 },
      { pages: 3, requested: 4, inFlight: 1 },
      { pages: 4, requested: 5, inFlight: 1 },
      { pages: 5, requested: 6, inFlight: 1 },
      { pages: 6, requested: 6, inFlight: 0 },
    ])
    expect(createSyncRunsRepo(db).latest()).toMatchObject({ state: 'complete' })
    db.close()
  })

  it('asks for the first page before it sets up the run, and a run that fails while it sets up leaves no request in flight', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    // The run's sync_runs row is part of its set-up: the first request is handed to fetch before it is
    // written, though the client awaits its token first (a microtask that used to run after the set-up).
    let runRowAtFirstRequest: unknown = 'not asked'
    const { graph: watched } = slowGraph(2, 30, 0, () => {
      if (runRowAtFirstRequest === 'not asked') runRowAtFirstRequest = createSyncRunsRepo(db).latest()
    })
    await runFullSync({ db, graph: watched, log: quiet, runId: 'run-1', correlationId: 'run-1', onProgress: () => undefined })
    expect(runRowAtFirstRequest).toBeNull()
    expect(createSyncRunsRepo(db).latest()).toMatchObject({ id: 'run-1', state: 'complete' })

    const failing = slowGraph(2, 200)
    const outcome = await runFullSync({
      db,
      graph: failing.graph,
      log: quiet,
      runId: 'run-2',
      correlationId: 'run-2',
      onProgress: () => undefined,
      now: () => {
        throw new Error('the clock broke')
      },
    }).then(
      () => null,
      (error: Error) => error.message,
    )
    expect(outcome).toBe('the clock broke')
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(failing.stats).toMatchObject({ requested: 1, aborted: 1, inFlight: 0 })
    db.close()
  })

  it('a device listing the client refuses to address fails the run, recorded like any failed request', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const { graph, stats } = slowGraph(1, 1)
    const refusing = {
      ...graph,
      urlOf: () => {
        throw new Error('not a Graph address')
      },
    }
    const outcome = await runFullSync({ db, graph: refusing, log: quiet, runId: 'run-1', correlationId: 'run-1', onProgress: () => undefined }).then(
      () => null,
      (error: Error) => error.message,
    )
    expect(outcome).toBe('not a Graph address')
    expect(createSyncRunsRepo(db).latest()).toMatchObject({ id: 'run-1', state: 'failed' })
    expect(stats.requested).toBe(0)
    db.close()
  })

  it('tells the device lists to re-read as pages are written, at most once per interval and not in a short run', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const written: number[] = []
    const toldAt: number[] = []
    let startedAt = 0
    const run = (runId: string, everyMs: number) => {
      startedAt = Date.now()
      return runFullSync({
        db,
        graph: slowGraph(6, 30).graph,
        log: quiet,
        runId,
        correlationId: runId,
        onProgress: () => undefined,
        onDevicesWritten: () => {
          // The time first: the count after it took milliseconds on a loaded machine, which shortened the next gap as measured here.
          toldAt.push(Date.now())
          written.push(createDevicesRepo(db).count())
        },
        devicesWrittenEveryMs: everyMs,
      })
    }
    await run('run-1', 60)
    // Six pages ≥ 30 ms apart: told after some pages, never within 60 ms of the start or of the last time,
    // each time with more rows than the last.
    expect(written.length).toBeGreaterThanOrEqual(1)
    // 59: Date.now() is whole milliseconds, read here a moment after the run read it.
    expect(toldAt.map((at, k) => at - (k === 0 ? startedAt : toldAt[k - 1]!)).filter((gap) => gap < 59)).toEqual([])
    expect(new Set(written).size).toBe(written.length)
    expect(written).toEqual([...written].sort((a, b) => a - b))
    written.length = 0
    await run('run-2', 10_000)
    expect(written).toEqual([])
    db.close()
  })

  it('a cancel while the next page is in flight aborts that request and keeps a consistent cache: written pages kept, nothing deleted', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    // A complete earlier pass over devices 1000…1079, which the cancelled pass never reaches.
    const earlier = slowGraph(2, 1, 1000)
    await runFullSync({ db, graph: earlier.graph, log: quiet, runId: 'run-1', correlationId: 'run-1', onProgress: () => undefined })
    expect(createDevicesRepo(db).count()).toBe(80)

    const { graph, stats } = slowGraph(6, 60)
    const controller = new AbortController()
    const onProgress = (progress: SyncProgress) => {
      // Page 2 is written; page 3 has just been asked for and is still on its way.
      if (progress.pages === 2 && progress.message.startsWith('Downloaded')) controller.abort()
    }
    const outcome = await runFullSync({ db, graph, log: quiet, runId: 'run-2', correlationId: 'run-2', onProgress, signal: controller.signal }).then(
      () => null,
      (error: AppFailure) => error,
    )

    expect(outcome).toMatchObject({ code: 'cancelled' })
    expect(stats).toMatchObject({ requested: 3, aborted: 1, inFlight: 0 })
    expect(createSyncRunsRepo(db).latest()).toMatchObject({ state: 'failed', errorCode: 'cancelled' })
    // The earlier pass's 80 devices and the two pages written: in order, none lost, none deleted.
    expect(idsInWriteOrder(db)).toEqual([...devicePage(1000, 80), ...devicePage(0, 2 * perPage)].map((device) => device.id))
    expect(checkIntegrity(db, true)).toEqual([])
    // Every written row is searchable (the writer finished its index on the way out).
    expect(
      createDevicesRepo(db)
        .list('SER000041', 10, null)
        .items.map((device) => device.serialNumber),
    ).toEqual(['SER000041'])

    // Run again to completion: resumable, and only now are rows the full pass did not see removed.
    const again = slowGraph(6, 1)
    expect(await runFullSync({ db, graph: again.graph, log: quiet, runId: 'run-3', correlationId: 'run-3', onProgress: () => undefined })).toEqual({
      devices: 6 * perPage,
      pages: 6,
    })
    expect(createDevicesRepo(db).count()).toBe(6 * perPage)
    db.close()
  })

  it('merges the search index while it waits for a slow Graph’s next page, and finds every device after', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const { graph } = slowGraph(10, 40)
    const segments = () => db.prepare('SELECT count(DISTINCT segid) FROM devices_fts_idx').pluck().get() as number
    // Pages of 40 come 40 ms apart: a first load that waits for Graph, as with pages of 1000 every 300 ms.
    const waiting = { waitForGraphMs: 20 }
    const result = await syncRun(db, graph, 'run-1', { writer: waiting })
    expect(result).toEqual({ devices: 10 * perPage, pages: 10 })
    // Each page's entries are one more segment; unmerged, ten pages left 8; merged in the waits, at most one a level
    // (the last page's is left: no wait follows it).
    expect(segments()).toBeLessThanOrEqual(4)
    const repo = createDevicesRepo(db)
    for (const device of devicePage(0, 10 * perPage).filter((_, index) => index % 37 === 0))
      expect(repo.list(device.serialNumber, 5, null).items.map((row) => row.id)).toContain(device.id)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('a cancel while it merges in the wait for the next page stops at once: the pages written kept and searchable, the cache consistent', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const { graph, stats } = slowGraph(10, 60)
    const controller = new AbortController()
    const onProgress = (progress: SyncProgress) => {
      // Page 6 is written (the load indexes as it loads since page 4): the merges of this wait come next.
      if (progress.pages === 6 && progress.message.startsWith('Downloaded')) setTimeout(() => controller.abort(), 5)
    }
    const waiting = { waitForGraphMs: 20 }
    const outcome = await syncRun(db, graph, 'run-1', { onProgress, signal: controller.signal, writer: waiting }).then(
      () => null,
      (error: AppFailure) => error,
    )
    expect(outcome).toMatchObject({ code: 'cancelled' })
    expect(stats).toMatchObject({ requested: 7, aborted: 1, inFlight: 0 })
    expect(idsInWriteOrder(db)).toEqual(devicePage(0, 6 * perPage).map((device) => device.id))
    expect(checkIntegrity(db, true)).toEqual([])
    const repo = createDevicesRepo(db)
    for (const device of devicePage(0, 6 * perPage).filter((_, index) => index % 23 === 0))
      expect(repo.list(device.serialNumber, 5, null).items.map((row) => row.id)).toContain(device.id)
    db.close()
  })
})
