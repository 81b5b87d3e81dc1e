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

const rows = (from: number, count: number): DeviceRow[] => Array.from({ length: count }, (_, k) => syntheticDevice(from + k))

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

  it('commits a sync’s open transaction before a technician’s write, so a crash cannot take the change with it', async () => {
    const file = join(tempDir(), 'cache.db')
    const { db } = openDatabase(file, { uncleanExit: false })
    const writer = createBulkWriter(db, { rowsPerCommit: 100_000, rowsPerSlice: 100 })
    const writing = writer.write(rows(0, 500), 'run-1', 'now')
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(db.inTransaction).toBe(true)
    commitOpenBulkWrite(db)
    createPreferencesRepo(db).set('devices.search', 'must survive')
    // Another connection sees only what is committed, as the next start after a crash would.
    const other = new Database(file, { readonly: true })
    expect((other.prepare("SELECT value FROM preferences WHERE key = 'devices.search'").get() as { value: string }).value).toBe('"must survive"')
    other.close()
    await writing
    await writer.finish()
    expect(createDevicesRepo(db).count()).toBe(500)
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
  const unindexed = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM devices WHERE search_dirty <> 0').get() as { n: number }).n

  it('builds the secondary B-trees and the trigram index once after a first load, exactly as migrations define them', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    const writer = createBulkWriter(db, { firstLoadRowsPerCommit: 1000, rowsPerSlice: 100, indexRowsPerSlice: 300 })
    const data = rows(0, 2500)
    await writer.write(data.slice(0, 1200), 'run-1', 'now')
    // Mid-load: no serial or group-tag B-tree, nothing in the trigram index, yet every row is listed.
    expect(deviceIndexes(db)).toEqual([])
    expect((db.prepare('SELECT count(*) AS n FROM devices_fts_docsize').get() as { n: number }).n).toBe(0)
    const repo = createDevicesRepo(db)
    expect(repo.list('', 5000, null).items).toHaveLength(1200)
    // The pass repeats a row with new text before the end (Graph paging may).
    await writer.write([...data.slice(1200), { ...data[7]!, groupTag: 'REPEATED-TAG' }], 'run-1', 'now')
    await writer.finish()
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(unindexed(db)).toBe(0)
    expect(repo.count()).toBe(2500)
    expect(repo.list('repeated-tag', 5, null).items.map((d) => d.id)).toEqual([data[7]!.id])
    for (const probe of [data[0]!, data[1234]!, data[2499]!]) expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    expect(db.prepare('EXPLAIN QUERY PLAN SELECT id FROM devices ORDER BY serial_number, id LIMIT 5').all()).toEqual(
      expect.arrayContaining([expect.objectContaining({ detail: expect.stringContaining('devices_by_serial') })]),
    )
    expect(checkIntegrity(db, true)).toEqual([])
    // A second pass finds rows: it keeps the indexes all along and indexes row by row as before.
    const second = createBulkWriter(db, { rowsPerCommit: 500, rowsPerSlice: 100 })
    await second.write(rows(2400, 200), 'run-2', 'later')
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    await second.finish()
    expect(unindexed(db)).toBe(0)
    db.close()
  })

  it('keeps a technician’s write made during a first load, searchable at once and after the build', async () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    const writer = createBulkWriter(db, { firstLoadRowsPerCommit: 100_000, rowsPerSlice: 100 })
    const repo = createDevicesRepo(db)
    await writer.write(rows(0, 600), 'run-1', 'now')
    commitOpenBulkWrite(db)
    const scanned = { ...syntheticDevice(42), groupTag: 'SCANNED-AT-BENCH' }
    repo.save([scanned], 'now')
    expect(repo.list('scanned-at', 5, null).items.map((d) => d.id)).toEqual([scanned.id])
    // The pass then brings the same device with its Intune text, and more rows.
    await writer.write(rows(600, 400), 'run-1', 'now')
    await writer.write([syntheticDevice(42)], 'run-1', 'now')
    await writer.finish()
    expect(repo.list('scanned-at', 5, null).items).toEqual([])
    expect(repo.list(syntheticDevice(42).serialNumber, 5, null).items.map((d) => d.id)).toContain(scanned.id)
    expect(unindexed(db)).toBe(0)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('repairs a first load cut short by a crash at the next start: B-trees built, every committed row searchable', async () => {
    const file = join(tempDir(), 'cache.db')
    const first = openDatabase(file, { uncleanExit: false }).db
    const writer = createBulkWriter(first, { firstLoadRowsPerCommit: 500, rowsPerSlice: 100 })
    const data = rows(0, 1500)
    await writer.write(data, 'run-1', 'now')
    commitOpenBulkWrite(first)
    first.close() // no finish: the process died here
    const { db } = openDatabase(file, { uncleanExit: true })
    expect(deviceIndexes(db)).toEqual([])
    repairDeviceCache(db)
    expect(deviceIndexes(db)).toEqual(migratedIndexes())
    expect(unindexed(db)).toBe(0)
    const repo = createDevicesRepo(db)
    expect(repo.count()).toBe(1500)
    for (const probe of [data[3]!, data[1499]!]) expect(repo.list(probe.serialNumber, 5, null).items.map((d) => d.id)).toContain(probe.id)
    expect(checkIntegrity(db, true)).toEqual([])
    // And it does nothing on a healthy cache.
    const before = deviceIndexes(db)
    repairDeviceCache(db)
    expect(deviceIndexes(db)).toEqual(before)
    db.close()
  })
})
