import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, checkIntegrity } from '@core/db/open-database'
import { createBulkWriter, commitOpenBulkWrite, repairDeviceCache } from '@core/sync/bulk-writer'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { createPreferencesRepo } from '@core/repos/preferences-repo'
import { syntheticDevice } from '../../../../bench/support/synthetic-devices'
import { useTempDirs } from '@support/temp-dir'
import { bucketOf, bucketSlices, chooseBuckets, hasBuckets, rowsPerBucket } from '@core/repos/device-search-buckets'
import { createSearchIndexer } from '@core/repos/devices-search-index'
import { hasIdIndex } from '@core/repos/devices-bulk-repo'

const rows = (from: number, count: number): DeviceRow[] => Array.from({ length: count }, (_, k) => syntheticDevice(from + k))
const cacheSize = (db: Database.Database) => db.pragma('cache_size', { simple: true }) as number

describe('bulk writer (full sync writes)', () => {
  const tempDir = useTempDirs()

  it('writes in slices, lets reads run between them, and makes every row searchable at the end', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const writer = createBulkWriter(db, { rowsPerCommit: 1000, rowsPerSlice: 100 })
    const repo = createDevicesRepo(db)
    let readsDuringWrite = 0
    let stop = false
    const reader = (async () => {
      while (!stop) {
        repo.list('', 10, null)
        readsDuringWrite++
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    })()
    const data = rows(0, 3000)
    await writer.write(data, 'run-1', 'now')
    await writer.finish()
    stop = true
    await reader
    expect(readsDuringWrite).toBeGreaterThan(10)
    expect(repo.count()).toBe(3000)
    const probe = data[1234]!
    expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    expect((db.prepare('SELECT count(*) AS n FROM devices WHERE search_dirty <> 0').get() as { n: number }).n).toBe(0)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  /** A sync's writer one slice into 500 rows, its transaction open (rows per commit far above them). */
  const writerMidTransaction = async () => {
    const file = join(tempDir(), 'cache.db')
    const { db } = openDatabase(file, { uncleanExit: false })
    const writer = createBulkWriter(db, { rowsPerCommit: 100_000, rowsPerSlice: 100 })
    const writing = writer.write(rows(0, 500), 'run-1', 'now')
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(db.inTransaction).toBe(true)
    return { file, db, writer, writing }
  }
  /** A technician's write, then what another connection sees of it: only what is committed, as the next start after a crash would. */
  const savedByTechnician = (file: string, db: Database.Database, value: string) => {
    createPreferencesRepo(db).set('devices.search', value)
    const other = new Database(file, { readonly: true })
    const seen = (other.prepare("SELECT value FROM preferences WHERE key = 'devices.search'").get() as { value: string } | undefined)?.value
    other.close()
    return seen
  }

  it('commits a sync’s open transaction before a technician’s write, so a crash cannot take the change with it', async () => {
    const { file, db, writer, writing } = await writerMidTransaction()
    commitOpenBulkWrite(db)
    expect(savedByTechnician(file, db, 'must survive')).toBe('"must survive"')
    await writing
    await writer.finish()
    expect(createDevicesRepo(db).count()).toBe(500)
    db.close()
  })

  /** Every indexed row has exactly one search entry, keyed under the bucket of its serial now (device-search-buckets.ts). */
  const expectKeysInSerialBuckets = (db: Database.Database) => {
    const entries = db.prepare('SELECT id FROM devices_fts_docsize ORDER BY id').pluck().all()
    const rows = db.prepare('SELECT (search_bucket << 40) + rowid AS k FROM devices WHERE search_dirty = 0 ORDER BY k').pluck().all()
    expect(entries).toEqual(rows)
    expect(
      db
        .prepare(`SELECT count(*) FROM devices WHERE search_bucket <> ${bucketOf('devices.serial_number')}`)
        .pluck()
        .get(),
    ).toBe(0)
    expect(db.prepare('SELECT count(*) FROM devices WHERE search_bucket = 0').pluck().get()).toBe(0)
  }

  it('holds no transaction once SQLite rolled it back on its own (a full disk), so a technician’s write still goes through', async () => {
    const { file, db, writer, writing } = await writerMidTransaction()
    // What SQLite does itself when a commit or a cache spill meets a full disk (SQLITE_FULL, SQLITE_IOERR):
    // the whole transaction is rolled back (sqlite.org/lang_transaction.html, "Response To Errors Within A Transaction").
    db.exec('ROLLBACK')
    commitOpenBulkWrite(db)
    expect(savedByTechnician(file, db, 'after the full disk')).toBe('"after the full disk"')
    // The writer goes on in a transaction of its own and commits it.
    await writing
    await writer.finish()
    expect(db.inTransaction).toBe(false)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('keys search entries in serial buckets after a first load, and keeps them there through changed serials and deletes', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const first = createBulkWriter(db, { rowsPerSlice: 100, indexRowsPerSlice: 300 })
    await first.write(rows(0, 3000), 'run-1', 'now')
    await first.finish()
    expect(db.prepare('SELECT count(*) FROM search_buckets').pluck().get()).toBe(Math.ceil(3000 / rowsPerBucket))
    expectKeysInSerialBuckets(db)
    // Serials that move across buckets, new rows, a technician's save, and rows the pass does not see.
    const moved = rows(0, 40).map((r, k) => ({ ...r, serialNumber: k % 2 ? `0${r.serialNumber}` : `ZZ-${k}-Q` }))
    const repo = createDevicesRepo(db)
    const second = createBulkWriter(db, { rowsPerSlice: 100 })
    await second.write([...moved, ...rows(40, 2500), ...rows(5000, 300)], 'run-2', 'later')
    repo.save([{ ...syntheticDevice(41), serialNumber: 'AAAA-SAVED' }], 'later')
    await second.finish()
    expect(await second.deleteNotSeen('run-2')).toBe(460)
    await second.bucketSearchIndex()
    expectKeysInSerialBuckets(db)
    expect(repo.list('zz-2-q', 5, null).items.map((d) => d.id)).toEqual([moved[2]!.id])
    expect(repo.list('aaaa-saved', 5, null).items.map((d) => d.id)).toEqual([syntheticDevice(41).id])
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('re-keys a cache upgraded from schema 6 into serial buckets after its next complete sync', async () => {
    const file = join(tempDir(), 'cache.db')
    const old = new Database(file)
    migrate(old, 6)
    const insert =
      old.prepare(`INSERT INTO devices (id, serial_number, manufacturer, model, group_tag, user_principal_name, display_name, synced_at, seen_in_run)
      VALUES (@id, @serialNumber, @manufacturer, @model, @groupTag, @userPrincipalName, @displayName, 'then', 'run-1')`)
    for (const row of rows(0, 2000)) insert.run(row)
    // As schema 6 indexed them: each entry under the bare device rowid.
    old.exec(`INSERT INTO devices_fts (rowid, serial_number, user_principal_name, group_tag, model, manufacturer, display_name)
      SELECT rowid, serial_number, user_principal_name, group_tag, model, manufacturer, display_name FROM devices;
      UPDATE devices SET search_dirty = 0`)
    old.close()
    const { db } = openDatabase(file, { uncleanExit: false })
    const repo = createDevicesRepo(db)
    // Upgraded: every entry in the catch-all, found and deletable as before.
    expect(hasBuckets(db)).toBe(false)
    expect(repo.list(syntheticDevice(7).serialNumber, 5, null).items.map((d) => d.id)).toContain(syntheticDevice(7).id)
    expect(repo.list('elitebook', 10_000, null).items).toHaveLength(rows(0, 2000).filter((r) => r.model.startsWith('EliteBook')).length)
    // An earlier sync chose the buckets and re-keyed 500 rows before the process died: the next one goes on.
    expect(chooseBuckets(db)).toBe(8)
    const indexer = createSearchIndexer(db)
    const [lo, hi] = bucketSlices(db, 2)[1]!
    expect(indexer.rekeySerials(lo, hi)).toBe(500)
    expect(db.prepare('SELECT count(*) FROM devices WHERE search_bucket = 0').pluck().get()).toBe(1500)
    expect(repo.list('elitebook', 10_000, null).items).toHaveLength(rows(0, 2000).filter((r) => r.model.startsWith('EliteBook')).length)
    const writer = createBulkWriter(db, { rowsPerSlice: 100, indexRowsPerSlice: 300 })
    await writer.write(rows(0, 1900), 'run-2', 'now')
    await writer.finish()
    expect(await writer.deleteNotSeen('run-2')).toBe(100)
    await writer.bucketSearchIndex()
    expect(indexer.hasCatchAll()).toBe(false)
    // FTS5's tombstone merges, off during the re-key, are back at their default, and the old entries' segments merged away.
    expect(db.prepare("SELECT v FROM devices_fts_config WHERE k = 'deletemerge'").pluck().get()).toBe(10)
    expect(db.prepare('SELECT count(DISTINCT segid) FROM devices_fts_idx').pluck().get()).toBe(1)
    expectKeysInSerialBuckets(db)
    expect(db.prepare('SELECT count(*) FROM devices_fts_docsize').pluck().get()).toBe(1900)
    expect(repo.list('elitebook', 10_000, null).items).toEqual(
      db
        .prepare(
          `SELECT id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag, user_principal_name AS userPrincipalName,
          display_name AS displayName, profile_status AS profileStatus, enrollment_state AS enrollmentState, synced_at AS syncedAt
          FROM devices WHERE model LIKE '%elitebook%' ORDER BY serial_number, id`,
        )
        .all(),
    )
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('deletes only rows the pass did not see, and re-indexes changed text', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const first = createBulkWriter(db)
    await first.write(rows(0, 300), 'run-1', 'now')
    await first.finish()
    const second = createBulkWriter(db)
    const changed = { ...syntheticDevice(5), groupTag: 'RENAMED-TAG' }
    await second.write([...rows(0, 200).filter((r) => r.id !== changed.id), changed], 'run-2', 'later')
    await second.finish()
    expect(await second.deleteNotSeen('run-2')).toBe(100)
    const repo = createDevicesRepo(db)
    expect(repo.count()).toBe(200)
    expect(repo.list('renamed-tag', 5, null).items.map((d) => d.id)).toEqual([changed.id])
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  const deviceIndexes = (db: Database.Database) =>
    db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'devices' AND sql IS NOT NULL ORDER BY name").all()
  /** The index definitions migrations make, to compare a rebuilt schema with. */
  const migratedIndexes = () => {
    const fresh = new Database(':memory:')
    migrate(fresh)
    const indexes = deviceIndexes(fresh)
    fresh.close()
    return indexes
  }
  const keptDuringLoad = () => migratedIndexes().filter((index) => (index as { name: string }).name === 'devices_search_changed')
  const unindexed = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM devices WHERE search_dirty <> 0').get() as { n: number }).n

  it('builds the secondary B-trees and the trigram index once after a first load, exactly as migrations define them', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    const ownCache = cacheSize(db)
    const writer = createBulkWriter(db, { firstLoadRowsPerCommit: 1000, rowsPerSlice: 100, indexRowsPerSlice: 300, firstLoadCacheKiB: 65_536 })
    const data = rows(0, 2500)
    await writer.write(data.slice(0, 1200), 'run-1', 'now')
    // The load writes with its own, larger page cache (for the end build's B-trees and trigram index).
    expect(cacheSize(db)).toBe(-65_536)
    // Mid-load: no id, serial or group-tag B-tree (only the partial index of changed rows, which a load's new rows never enter),
    // nothing in the trigram index, yet every row is listed.
    expect(deviceIndexes(db)).toEqual(keptDuringLoad())
    expect((db.prepare('SELECT count(*) AS n FROM devices_fts_docsize').get() as { n: number }).n).toBe(0)
    const repo = createDevicesRepo(db)
    expect(repo.list('', 5000, null).items).toHaveLength(1200)
    // …and a text search says it cannot see them yet, rather than only "no match"; a serial prefix (one
    // or two characters, read from the column itself) finds them already and says nothing.
    expect(repo.list(data[5]!.serialNumber, 5, null)).toMatchObject({ items: [], searchBehind: true })
    expect(repo.list(data[5]!.serialNumber.slice(0, 2), 5000, null).items.map((d) => d.id)).toContain(data[5]!.id)
    expect(repo.list(data[5]!.serialNumber.slice(0, 2), 5, null).searchBehind).toBeUndefined()
    // The pass repeats a row with new text before the end (Graph paging may).
    await writer.write([...data.slice(1200), { ...data[7]!, groupTag: 'REPEATED-TAG' }], 'run-1', 'now')
    expect(repo.list('repeated-tag', 5, null).searchBehind).toBe(true)
    await writer.finish()
    expect(cacheSize(db)).toBe(ownCache)
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(unindexed(db)).toBe(0)
    expect(repo.count()).toBe(2500)
    expect(repo.list('repeated-tag', 5, null)).toEqual(expect.objectContaining({ items: [expect.objectContaining({ id: data[7]!.id })] }))
    expect(repo.list('repeated-tag', 5, null).searchBehind).toBeUndefined()
    for (const probe of [data[0]!, data[1234]!, data[2499]!]) expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    expect(db.prepare('EXPLAIN QUERY PLAN SELECT id FROM devices ORDER BY serial_number, id LIMIT 5').all()).toEqual(
      expect.arrayContaining([expect.objectContaining({ detail: expect.stringContaining('devices_by_serial') })]),
    )
    expect(checkIntegrity(db, true)).toEqual([])
    // A second pass finds rows: it keeps the indexes all along and indexes row by row as before.
    const second = createBulkWriter(db, { rowsPerCommit: 500, rowsPerSlice: 100 })
    await second.write(rows(2400, 200), 'run-2', 'later')
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(cacheSize(db)).toBe(ownCache)
    await second.finish()
    expect(unindexed(db)).toBe(0)
    db.close()
  })

  it('lets other calls run between the B-trees of a first load’s end build, the id index first', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const writer = createBulkWriter(db, { firstLoadRowsPerCommit: 100_000, rowsPerSlice: 500 })
    await writer.write(rows(0, 2000), 'run-1', 'now')
    const name = (index: unknown) => (index as { name: string }).name
    const seen: string[][] = []
    let done = false
    const finishing = writer.finish().then(() => (done = true))
    // What a call queued on the worker would find at each turn of the build.
    while (!done) {
      seen.push(deviceIndexes(db).map(name))
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    await finishing
    expect(seen).toContainEqual(expect.arrayContaining(['devices_by_id']))
    expect(seen.find((names) => names.includes('devices_by_id'))).not.toContain('devices_by_serial')
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    db.close()
  })

  it('keeps a technician’s write made during a first load, searchable at once and after the build', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const writer = createBulkWriter(db, { firstLoadRowsPerCommit: 100_000, rowsPerSlice: 100 })
    const repo = createDevicesRepo(db)
    await writer.write(rows(0, 600), 'run-1', 'now')
    commitOpenBulkWrite(db)
    const scanned = { ...syntheticDevice(42), groupTag: 'SCANNED-AT-BENCH' }
    expect(hasIdIndex(db)).toBe(false)
    repo.save([scanned], 'now')
    // A device the load already holds, fixed at the bench: the same row, found without the id index the load dropped.
    const fixed = { ...syntheticDevice(5), groupTag: 'FIXED-AT-BENCH' }
    repo.save([fixed], 'now')
    expect(hasIdIndex(db)).toBe(false)
    expect(db.prepare('SELECT count(*) FROM devices WHERE id = ?').pluck().get(fixed.id)).toBe(1)
    expect(repo.list('fixed-at-bench', 5, null).items.map((d) => d.id)).toEqual([fixed.id])
    expect(repo.list('scanned-at', 5, null).items.map((d) => d.id)).toEqual([scanned.id])
    // The pass then brings the same device with its Intune text, and more rows.
    await writer.write(rows(600, 400), 'run-1', 'now')
    await writer.write([syntheticDevice(42)], 'run-1', 'now')
    await writer.finish()
    expect(repo.count()).toBe(1000)
    expect(repo.list('fixed-at-bench', 5, null).items.map((d) => d.id)).toEqual([fixed.id])
    expect(repo.list('scanned-at', 5, null).items).toEqual([])
    expect(repo.list(syntheticDevice(42).serialNumber, 5, null).items.map((d) => d.id)).toContain(scanned.id)
    expect(unindexed(db)).toBe(0)
    await writer.bucketSearchIndex()
    expectKeysInSerialBuckets(db)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  /** The boundaries chooseBuckets picks over the rows there now (it rewrites search_buckets: call last). */
  const bucketsChosenAtTheEnd = (db: Database.Database) => {
    chooseBuckets(db)
    return db.prepare('SELECT first_serial FROM search_buckets ORDER BY first_serial').pluck().all()
  }
  /** Graph pages Autopilot devices in serial order (keyset paging); the synthetic serials are ASCII. */
  const inSerialOrder = (list: DeviceRow[]) => [...list].sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : a.serialNumber > b.serialNumber ? 1 : 0))

  /** A first load on a clock where each page comes `waitMs` after the last was written (writing takes no time on it). */
  const paced = () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    let now = 0
    const writer = createBulkWriter(db, { clock: () => now })
    const page = async (rows: DeviceRow[], waitMs = 300) => {
      now += waitMs
      await writer.write(rows, 'run-1', 'now')
    }
    return { db, writer, page, repo: createDevicesRepo(db) }
  }

  it('indexes each page as it comes when a first load waits on Graph, with the buckets an end build would choose', async () => {
    const { db, writer, page: write, repo } = paced()
    const ownCache = cacheSize(db)
    const data = inSerialOrder(rows(0, 8000))
    for (let page = 0; page < 8; page++) {
      await write(data.slice(page * 1000, page * 1000 + 1000))
      // It decides after three pages; from then on each page is searchable before the next one comes.
      expect(writer.isIndexingAsItLoads(), `after page ${page + 1}`).toBe(page >= 3)
      // Bound by Graph, not SQLite: it goes on with the connection's own page cache.
      expect(cacheSize(db)).toBe(page >= 3 ? ownCache : -128 * 1024)
      expect(repo.list(data[page * 1000]!.serialNumber, 5, null).searchBehind, `after page ${page + 1}`).toBe(page < 3 ? true : undefined)
      if (page < 3) continue
      expect(deviceIndexes(db)).toEqual(migratedIndexes())
      expect(unindexed(db)).toBe(0)
      const probe = data[page * 1000 + 617]!
      expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
      expectKeysInSerialBuckets(db)
    }
    await writer.finish()
    expect(writer.isFirstLoad()).toBe(true)
    await writer.deleteNotSeen('run-1')
    expect(repo.count()).toBe(8000)
    expectKeysInSerialBuckets(db)
    expect(checkIntegrity(db, true)).toEqual([])
    const built = db.prepare('SELECT first_serial FROM search_buckets ORDER BY first_serial').pluck().all()
    expect(built.length).toBeGreaterThan(8000 / rowsPerBucket - 2)
    expect(bucketsChosenAtTheEnd(db)).toEqual(built)
    db.close()
  })

  /** The search index's segments (FTS5 b-trees): each flush of pending entries writes one. */
  const segments = (db: Database.Database) => db.prepare('SELECT count(DISTINCT segid) FROM devices_fts_idx').pluck().get() as number

  it('merges the search index while a first load that indexes as it loads waits for Graph, and stops once the page has come', async () => {
    /** Twelve pages in serial order, `between` run in each wait for the next; the segments after each wait. */
    const load = async (between: (writer: ReturnType<typeof paced>['writer']) => Promise<void>) => {
      const loaded = paced()
      const data = inSerialOrder(rows(0, 12_000))
      const after: number[] = []
      for (let page = 0; page < 12; page++) {
        await loaded.page(data.slice(page * 1000, page * 1000 + 1000))
        if (page < 11) await between(loaded.writer)
        after.push(segments(loaded.db))
      }
      await loaded.writer.finish()
      return { ...loaded, data, after }
    }
    let asked = 0
    const merged = await load((writer) =>
      writer.mergeWhileWaiting(() => {
        asked++
        return false
      }),
    )
    const unmerged = await load(async () => undefined)
    // Nothing to merge before it indexes as it loads (after three pages); then a step at a time, asking between steps.
    expect(asked).toBeGreaterThan(8)
    expect(merged.after.slice(0, 3)).toEqual(unmerged.after.slice(0, 3))
    // Merged in the waits, each level keeps at most one segment: never more than the levels of a binary count.
    for (const [page, count] of merged.after.entries()) if (page >= 3) expect(count, `after page ${page + 1}`).toBeLessThanOrEqual(Math.log2(page + 1) + 2)
    expect(merged.after.at(-1)).toBeLessThan(unmerged.after.at(-1)!)
    expect(merged.db.prepare("SELECT v FROM devices_fts_config WHERE k = 'usermerge'").pluck().get()).toBe(2)
    // Every row is found, the same as without the merges.
    for (const probe of [merged.data[17]!, merged.data[5555]!, merged.data[11_999]!])
      expect(merged.repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    expect(unindexed(merged.db)).toBe(0)
    expect(checkIntegrity(merged.db, true)).toEqual([])

    // A page that has come stops it before its first step.
    const before = segments(unmerged.db)
    await unmerged.writer.mergeWhileWaiting(() => true)
    expect(segments(unmerged.db)).toBe(before)
    merged.db.close()
    unmerged.db.close()
  })

  it('merges nothing while a first load has not found itself waiting for Graph (its indexes come after the last page)', async () => {
    const { db, writer, page } = paced()
    const data = inSerialOrder(rows(0, 3000))
    let asked = 0
    for (let start = 0; start < 3000; start += 1000) {
      await page(data.slice(start, start + 1000))
      await writer.mergeWhileWaiting(() => {
        asked++
        return false
      })
    }
    expect(writer.isIndexingAsItLoads()).toBe(false)
    expect(asked).toBe(0)
    expect(db.prepare("SELECT v FROM devices_fts_config WHERE k = 'usermerge'").pluck().get()).toBeUndefined()
    db.close()
  })

  it('keeps every entry under its serial’s bucket when pages come out of serial order', async () => {
    const { db, writer, page, repo } = paced()
    const sorted = inSerialOrder(rows(0, 6000))
    // The middle third comes last, below every indexed serial; a page also repeats rows with new text.
    const data = [...sorted.slice(0, 2000), ...sorted.slice(4000), ...sorted.slice(2000, 4000)]
    for (let start = 0; start < data.length; start += 1000) await page(data.slice(start, start + 1000))
    await page([
      { ...data[10]!, groupTag: 'MOVED-ON' },
      { ...data[4500]!, serialNumber: '0-NOW-FIRST' },
    ])
    await writer.finish()
    expect(writer.isIndexingAsItLoads()).toBe(true)
    expect(unindexed(db)).toBe(0)
    expectKeysInSerialBuckets(db)
    expect(repo.list('moved-on', 5, null).items.map((d) => d.id)).toEqual([data[10]!.id])
    expect(repo.list('0-now-first', 5, null).items.map((d) => d.id)).toEqual([data[4500]!.id])
    // The late rows went into the buckets already there, which grew.
    const sizes = db.prepare('SELECT count(*) FROM devices GROUP BY search_bucket ORDER BY search_bucket').pluck().all() as number[]
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6000)
    expect(Math.max(...sizes)).toBeGreaterThan(rowsPerBucket)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('moves a device a technician saved mid-load, beyond the serials loaded so far, into the bucket its serial falls in', async () => {
    const { db, writer, page: write, repo } = paced()
    const data = inSerialOrder(rows(0, 9000))
    // A device the pass does not bring, with a serial beside the 8,001st in serial order.
    const scanned = { ...syntheticDevice(90_000), serialNumber: `${data[8000]!.serialNumber}-B`, groupTag: 'SCANNED-MID-LOAD' }
    for (let page = 0; page < 9; page++) {
      await write(data.slice(page * 1000, page * 1000 + 1000))
      if (page !== 4) continue
      // The technician's save is indexed at once, under the last bucket there is: far below its serial's place.
      commitOpenBulkWrite(db)
      repo.save([scanned], 'now')
      expect(repo.list('scanned-mid', 5, null).items.map((d) => d.id)).toEqual([scanned.id])
    }
    await writer.finish()
    expect(writer.isIndexingAsItLoads()).toBe(true)
    expect(unindexed(db)).toBe(0)
    expectKeysInSerialBuckets(db)
    // Its entry moved with the bucket split (expectKeysInSerialBuckets), and it is still found.
    expect(repo.list('scanned-mid', 5, null).items.map((d) => d.id)).toEqual([scanned.id])
    expect(repo.count()).toBe(9001)
    // Buckets stay the size an end build makes: the saved row did not start a bucket far above the rest.
    const sizes = db.prepare('SELECT count(*) FROM devices GROUP BY search_bucket').pluck().all() as number[]
    expect(Math.max(...sizes)).toBeLessThanOrEqual(rowsPerBucket + 1)
    expect(sizes.length).toBeGreaterThanOrEqual(bucketsChosenAtTheEnd(db).length - 1)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('keeps the end build while no three pages in a row came slower than they were written', async () => {
    for (const waits of [
      [20, 20, 20, 20, 20],
      [300, 300, 40, 300, 300, 40, 300],
    ]) {
      const { db, writer, page: write } = paced()
      for (const [page, wait] of waits.entries()) {
        await write(rows(page * 500, 500), wait)
        expect(deviceIndexes(db)).toEqual(keptDuringLoad())
      }
      await writer.finish()
      expect(writer.isIndexingAsItLoads()).toBe(false)
      expect(deviceIndexes(db)).toEqual(migratedIndexes())
      expect(unindexed(db)).toBe(0)
      db.close()
    }
  })

  it('switches to indexing as it loads when, past its first pages, a load waits on Graph page after page', async () => {
    // The first pages came while the app was starting (a busy machine: short waits), then Graph set the pace.
    const { db, writer, page: write, repo } = paced()
    const data = inSerialOrder(rows(0, 5000))
    const waits = [0, 20, 30, 20, 300, 300, 300, 300, 300, 300]
    for (const [page, wait] of waits.entries()) {
      await write(data.slice(page * 500, page * 500 + 500), wait)
      // Three waits of 300 ms in a row: decided as the seventh page came, which is searchable at once like the rest.
      expect(writer.isIndexingAsItLoads(), `after page ${page + 1}`).toBe(page >= 6)
      const probe = data[page * 500 + 17]!
      expect(
        repo
          .list(probe.serialNumber, 5, null)
          .items.map((d) => d.id)
          .includes(probe.id),
        `page ${page + 1} searchable`,
      ).toBe(page >= 6)
    }
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(unindexed(db)).toBe(0)
    await writer.finish()
    expectKeysInSerialBuckets(db)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('finishes at its next sync a first load’s end build that failed part-way (a full disk), and stops saying search is behind', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const repo = createDevicesRepo(db)
    const data = rows(0, 2500)
    const ownCache = cacheSize(db)
    const first = createBulkWriter(db, { firstLoadRowsPerCommit: 500, rowsPerSlice: 100, indexRowsPerSlice: 300 })
    await first.write(data, 'run-1', 'now')
    // The disk fills up during the build: the B-trees and part of the trigram index fit (a real SQLITE_FULL).
    const pages = db.pragma('page_count', { simple: true }) as number
    db.pragma(`max_page_count = ${pages + 150}`)
    await expect(first.finish()).rejects.toThrow(/full/i)
    // The failed build still gave the connection its own page cache back.
    expect(cacheSize(db)).toBe(ownCache)
    expect(hasBuckets(db)).toBe(true)
    expect(unindexed(db)).toBeGreaterThan(0)
    expect(unindexed(db)).toBeLessThan(2500)
    expect(repo.list(data[2400]!.serialNumber, 5, null).searchBehind).toBe(true)

    // Space freed; the next sync sees every row again and writes none of them anew.
    db.pragma('max_page_count = 1073741823')
    const next = createBulkWriter(db, { rowsPerCommit: 1000, rowsPerSlice: 100, indexRowsPerSlice: 300 })
    await next.write(data.slice(0, 1000), 'run-2', 'now')
    await next.finish()
    expect(unindexed(db)).toBe(0)
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expectKeysInSerialBuckets(db)
    for (const probe of [data[3]!, data[1700]!, data[2499]!]) {
      const page = repo.list(probe.serialNumber, 5, null)
      expect(page.searchBehind).toBeUndefined()
      expect(page.items.map((d) => d.id)).toContain(probe.id)
    }
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('builds the id index at the next sync when a full disk stopped the end build before it, and loses no row', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const data = rows(0, 1500)
    const first = createBulkWriter(db, { firstLoadRowsPerCommit: 500, rowsPerSlice: 100 })
    await first.write(data, 'run-1', 'now')
    // No room for even the first B-tree: the build fails on the id index.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`)
    await expect(first.finish()).rejects.toThrow(/full/i)
    expect(hasIdIndex(db)).toBe(false)
    db.pragma('max_page_count = 1073741823')
    // The next sync finds rows, so it upserts: the conflict target it needs is built first.
    const next = createBulkWriter(db, { rowsPerCommit: 1000, rowsPerSlice: 100 })
    await next.write([{ ...data[3]!, groupTag: 'NEXT-SYNC' }, ...data.slice(4, 500)], 'run-2', 'later')
    await next.finish()
    expect(hasIdIndex(db)).toBe(true)
    const repo = createDevicesRepo(db)
    expect(repo.count()).toBe(1500)
    expect(repo.get(data[3]!.id)?.groupTag).toBe('NEXT-SYNC')
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('repairs a first load cut short by a crash at the next start: B-trees built, every committed row searchable', async () => {
    const file = join(tempDir(), 'cache.db')
    const first = openDatabase(file, { uncleanExit: false }).db
    const writer = createBulkWriter(first, { firstLoadRowsPerCommit: 500, rowsPerSlice: 100 })
    const data = rows(0, 1500)
    await writer.write(data, 'run-1', 'now')
    // Graph listed a device twice (a repeated page), the second time with new text: two rows until the id index is built.
    await writer.write([{ ...data[9]!, groupTag: 'LISTED-AGAIN' }], 'run-1', 'now')
    expect(first.prepare('SELECT count(*) FROM devices WHERE id = ?').pluck().get(data[9]!.id)).toBe(2)
    commitOpenBulkWrite(first)
    first.close() // no finish: the process died here
    const { db } = openDatabase(file, { uncleanExit: true })
    expect(deviceIndexes(db)).toEqual(keptDuringLoad())
    repairDeviceCache(db)
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(unindexed(db)).toBe(0)
    const repo = createDevicesRepo(db)
    expect(repo.count()).toBe(1500)
    for (const probe of [data[3]!, data[1499]!]) expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    // The repeated device is one row again, as its later listing had it.
    expect(repo.list('listed-again', 5, null).items.map((d) => d.id)).toEqual([data[9]!.id])
    expect(repo.get(data[9]!.id)?.groupTag).toBe('LISTED-AGAIN')
    expect(checkIntegrity(db, true)).toEqual([])
    // And it does nothing on a healthy cache.
    const before = deviceIndexes(db)
    repairDeviceCache(db)
    expect(deviceIndexes(db)).toEqual(before)
    db.close()
  })
})
