/**
 * `npm run bench:search -- --devices N [--db FILE] [--built-as-it-came]`: SQL time of the device list queries inside the
 * database worker's connection (same migrations, same repo code), p50/p95 per query kind, after the
 * serial ranks are warmed as a sync leaves them (rankWarmSeconds). Also: bytes per row of each
 * B-tree and of the trigram index (dbstat), and a relaunch the way the app does it (launchMs): the
 * database worker opens the file (start-up check, migrations, crash repair) and says ready, then the
 * first page of the list and a first search through it, while the device-cache check runs in its own
 * thread (cacheChecked: when its result arrived). openDatabaseMs: openDatabase alone, in this thread.
 * Prints JSON.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/main/core/db/open-database'
import { createDevicesRepo } from '../src/main/core/repos/devices-repo'
import { createSearchIndexer } from '../src/main/core/repos/devices-search-index'
import { warmAnchors } from '../src/main/core/repos/device-anchors'
import { bucketSlices, chooseBuckets, hasBuckets } from '../src/main/core/repos/device-search-buckets'
import { syntheticDevice } from './support/synthetic-devices'
import { createBulkWriter } from '../src/main/core/sync/bulk-writer'
import { argValue, percentile, round } from './support/stats'
import { bundleDbWorker } from './support/worker-bundle'
import { openDbClient } from '../src/main/core/worker/db-client'
import type { CacheCheckResult } from '../src/main/core/db/cache-check'

async function main() {
  const devices = argValue('devices', 100_000)
  /** `--built-as-it-came`: the cache a first sync that waited on Graph leaves (indexed page by page), not an end build. */
  const builtAsItCame = process.argv.includes('--built-as-it-came')
  const samples = argValue('samples', 200)
  /** `--db FILE` keeps the generated database there and reuses it on the next run with the same --devices (1M rows take minutes to make). */
  const dbArg = process.argv.indexOf('--db')
  const keptFile = dbArg >= 0 ? process.argv[dbArg + 1] : undefined
  const dir = keptFile ? null : mkdtempSync(join(tmpdir(), 'ab-bench-search-'))
  const file = keptFile ?? join(dir!, 'cache.db')
  const reused = keptFile !== undefined && existsSync(keptFile)
  let { db } = openDatabase(file, { uncleanExit: false })
  let repo = createDevicesRepo(db)
  if (reused && repo.count() !== devices) throw new Error(`${file} holds ${repo.count()} devices, not ${devices}: delete it or pass its --devices`)

  const fillStarted = performance.now()
  const indexer = createSearchIndexer(db)
  if (!reused && builtAsItCame) {
    // As a first sync from a distant Graph leaves it (bulk-writer.ts): pages of 1000 in serial order (the
    // synthetic serials are ASCII, so JavaScript's order is SQLite's), each indexed as it came, the last
    // serial bucket split page by page; the writer's clock says each page came 300 ms after the last.
    const all = Array.from({ length: devices }, (_, i) => syntheticDevice(i)).sort((a, b) =>
      a.serialNumber === b.serialNumber ? (a.id < b.id ? -1 : 1) : a.serialNumber < b.serialNumber ? -1 : 1,
    )
    let now = 0
    const writer = createBulkWriter(db, { clock: () => now })
    for (let start = 0; start < devices; start += 1000) {
      now += 300
      await writer.write(all.slice(start, start + 1000), 'bench', '2026-01-01T00:00:00Z')
    }
    await writer.finish()
    await writer.bucketSearchIndex()
    if (!writer.isIndexingAsItLoads()) throw new Error('the load did not index its pages as they came')
  } else if (!reused) {
    // As a first load leaves it: rows, then the serial buckets, then the trigram index by rowid range.
    for (let start = 0; start < devices; start += 5000) {
      const rows = Array.from({ length: Math.min(5000, devices - start) }, (_, k) => syntheticDevice(start + k))
      repo.upsertMany(rows, 'bench', '2026-01-01T00:00:00Z')
    }
    chooseBuckets(db)
    for (const [lo, hi] of bucketSlices(db, 200)) indexer.indexSerials(lo, hi)
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  const fillSeconds = reused ? 0 : (performance.now() - fillStarted) / 1000
  // A database kept from before the serial buckets (schema 6, migrated on open): re-keyed as the app's next sync does.
  const rekeyStarted = performance.now()
  const rekeyed = !hasBuckets(db)
  if (rekeyed) {
    chooseBuckets(db)
    indexer.setDeleteMerge(false)
    for (const [lo, hi] of bucketSlices(db, 200)) indexer.rekeySerials(lo, hi)
    indexer.setDeleteMerge(true)
    for (let more = true; more;) more = indexer.mergeStep(1000)
    db.pragma('wal_checkpoint(TRUNCATE)')
  }
  const rekeySeconds = rekeyed ? (performance.now() - rekeyStarted) / 1000 : 0

  // The cost of each B-tree and of the trigram index, per row.
  const indexBytesPerRow = Object.fromEntries(
    (
      db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name HAVING bytes > 65536 ORDER BY bytes DESC').all() as Array<{
        name: string
        bytes: number
      }>
    ).map((r) => [r.name, round(r.bytes / devices, 1)]),
  )

  db.close()
  const launchMs = await launchThroughWorker(file, await bundleDbWorker())
  /** openDatabase alone in this thread (start-up check, migrations), first page, first search (ranks not warm yet). */
  const openStarted = performance.now()
  ;({ db } = openDatabase(file, { uncleanExit: false }))
  const openMs = performance.now() - openStarted
  repo = createDevicesRepo(db)
  repo.list('', 100, null)
  const openFirstPageMs = performance.now() - openStarted
  repo.list('anna.and', 100, null)
  const openDatabaseMs = { open: round(openMs, 1), firstPage: round(openFirstPageMs, 1), firstSearch: round(performance.now() - openStarted, 1) }

  const warmStarted = performance.now()
  await warmAnchors(db, () => new Promise((resolve) => setImmediate(resolve)))
  const rankWarmSeconds = (performance.now() - warmStarted) / 1000

  const pick = (i: number) => syntheticDevice(Math.floor((i * 7919) % devices))
  /** The i-th device that has a user (two in three have none). */
  const withUser = (i: number) => {
    for (let k = i * 7919; ; k++) {
      const device = syntheticDevice(k % devices)
      if (device.userPrincipalName) return device
    }
  }
  /** Words in a third or more of the rows (group tag, UPN domain, model): more matches than the count cap. */
  const dense = ['ldn', 'contoso', 'elitebook', 'bench-']
  const spread = ['ldn', 'contoso', 'bench-']
  const time = (fn: () => unknown) => {
    const started = performance.now()
    fn()
    return performance.now() - started
  }
  const measure = (make: (i: number) => () => unknown) => {
    const ms = Array.from({ length: samples }, (_, i) => time(make(i)))
    return { p50: round(percentile(ms, 50), 3), p95: round(percentile(ms, 95), 3), max: round(Math.max(...ms), 3) }
  }
  const cursorAt = (position: number) => {
    const row = db.prepare('SELECT serial_number AS serialNumber, id FROM devices ORDER BY serial_number, id LIMIT 1 OFFSET ?').get(position) as {
      serialNumber: string
      id: string
    }
    return row
  }
  const middle = cursorAt(Math.floor(devices / 2))
  const nearEnd = cursorAt(devices - 101)

  const results = {
    serialPrefix2: measure((i) => () => repo.list(pick(i).serialNumber.slice(0, 2), 100, null)),
    serialPrefix6: measure((i) => () => repo.list(pick(i).serialNumber.slice(0, 6), 100, null)),
    substring3: measure((i) => () => repo.list(pick(i).serialNumber.slice(2, 5), 100, null)),
    substring5: measure((i) => () => repo.list(pick(i).serialNumber.slice(1, 6), 100, null)),
    miss: measure((i) => () => repo.list(`zq${i}xw`, 100, null)),
    upnPrefix: measure((i) => () => repo.list(withUser(i).userPrincipalName.slice(0, 8), 100, null)),
    upnPrefixUpperCase: measure((i) => () => repo.list(withUser(i).userPrincipalName.slice(0, 8).toUpperCase(), 100, null)),
    upnSubstring: measure((i) => () => repo.list(withUser(i).userPrincipalName.slice(3, 12), 100, null)),
    denseWord: measure((i) => () => repo.list(dense[i % dense.length]!, 100, null)),
    /** The same words apart: spread over the serial order, and clustered in it (HP's model sits on the '5CG' serials). */
    denseWordSpread: measure((i) => () => repo.list(spread[i % spread.length]!, 100, null)),
    denseWordClustered: measure(() => () => repo.list('elitebook', 100, null)),
    denseWordAfterCursor: measure((i) => () => repo.list(dense[i % dense.length]!, 100, middle)),
    denseWordAtPosition: measure((i) => () => repo.list(dense[i % dense.length]!, 100, null, 100 + ((i * 337) % 2000))),
    pageStart: measure(() => () => repo.list('', 100, null)),
    pageMiddle: measure(() => () => repo.list('', 100, middle)),
    pageEnd: measure(() => () => repo.list('', 100, nearEnd)),
    jumpToPosition: measure((i) => () => repo.list('', 100, null, (i * 104_729) % devices)),
  }
  const bytes = statSync(file).size
  db.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  console.log(
    JSON.stringify(
      {
        devices,
        samples,
        reused,
        builtAsItCame,
        fillSeconds: round(fillSeconds, 1),
        rekeySeconds: round(rekeySeconds, 1),
        dbBytesPerRow: round(bytes / devices, 0),
        indexBytesPerRow,
        launchMs,
        openDatabaseMs,
        rankWarmSeconds: round(rankWarmSeconds, 2),
        results,
      },
      null,
      2,
    ),
  )
}

/**
 * The app's relaunch: the database worker opens the file and says ready (start-up check, crash repair),
 * then the first page and a first search go through it, as the renderer's would. The device-cache
 * check starts in its own thread at ready; `cacheChecked` is when its result arrived.
 */
async function launchThroughWorker(file: string, workerPath: string) {
  const started = performance.now()
  let checked: { at: number; result: CacheCheckResult } | null = null
  const client = await openDbClient({
    workerPath,
    dbFile: file,
    uncleanExit: false,
    log: { log: () => undefined },
    onEvent: () => undefined,
    onCacheCheck: (result) => (checked = { at: performance.now() - started, result }),
  })
  const ready = performance.now() - started
  await client.call('devices:list-devices', { search: '', limit: 100, after: null, position: null })
  const firstPage = performance.now() - started
  await client.call('devices:list-devices', { search: 'anna.and', limit: 100, after: null, position: null })
  const firstSearch = performance.now() - started
  await client.cacheCheckResult()
  await client.close()
  const check = checked as { at: number; result: CacheCheckResult } | null
  return {
    check: client.report.check,
    ready: round(ready, 1),
    firstPage: round(firstPage, 1),
    firstSearch: round(firstSearch, 1),
    cacheChecked: check ? round(check.at, 1) : null,
    cacheCheck: check ? { outcome: check.result.outcome, ms: check.result.ms } : null,
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
