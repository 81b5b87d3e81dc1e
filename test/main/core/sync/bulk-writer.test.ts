import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, checkIntegrity } from '@core/db/open-database'
import { createBulkWriter, commitOpenBulkWrite } from '@core/sync/bulk-writer'
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
})
