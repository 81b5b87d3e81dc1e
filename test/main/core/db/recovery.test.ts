import Database from 'better-sqlite3'
import { existsSync, openSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, checkIntegrity } from '@core/db/open-database'
import { useTempDirs } from '@support/temp-dir'

/** Writes garbage over one page of the file, as a torn write or a bad disk sector would. */
function smashPage(file: string, page: number, pageSize: number) {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize)
  closeSync(fd)
}

function seed(file: string) {
  const { db } = openDatabase(file, { uncleanExit: false })
  const insert = db.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES (?, ?, '2026-01-01T00:00:00Z')")
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`id-${i}`, `SER${String(i).padStart(6, '0')}`)
  })()
  db.prepare("INSERT INTO outbox (device_id, kind, payload, created_at, updated_at) VALUES ('id-1', 'groupTag', '{\"groupTag\":\"X\"}', 'a', 'a')").run()
  db.prepare("INSERT INTO attempts (device_id, started_at, outcome, error_code) VALUES ('id-1', 'a', 'failed', '0x80180014')").run()
  db.prepare("INSERT INTO audit_log (at, action, device_id) VALUES ('a', 'assign-user', 'id-1')").run()
  db.prepare(`INSERT INTO preferences (key, value) VALUES ('devices.search', '"abc"')`).run()
  const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'devices'").get() as { rootpage: number }).rootpage
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { root, pageSize }
}

describe('integrity check and recovery', () => {
  const tempDir = useTempDirs()

  it('runs only quick_check after a clean exit and the full check after an unclean one', () => {
    const file = join(tempDir(), 'cache.db')
    openDatabase(file, { uncleanExit: false }).db.close()
    expect(openDatabase(file, { uncleanExit: false }).report.check).toBe('quick')
    const { db, report } = openDatabase(file, { uncleanExit: true })
    expect(report.check).toBe('full')
    expect(report.recovered).toBeNull()
    db.close()
  })

  it('rebuilds a corrupt cache and keeps outbox, attempts, audit log and preferences', () => {
    const file = join(tempDir(), 'cache.db')
    const { root, pageSize } = seed(file)
    smashPage(file, root, pageSize)

    const { db, report } = openDatabase(file, { uncleanExit: true })
    expect(report.recovered).not.toBeNull()
    expect(report.recovered!.keptRows).toEqual({
      outbox: 1,
      audit_log: 1,
      bench_jobs: 0,
      job_manifest: 0,
      bench_devices: 0,
      attempts: 1,
      attempt_events: 0,
      preferences: 1,
      registration_imports: 0,
      registration_rows: 0,
    })
    expect(existsSync(report.recovered!.corruptCopy)).toBe(true)
    expect(checkIntegrity(db, true)).toEqual([])
    expect((db.prepare('SELECT payload FROM outbox').get() as { payload: string }).payload).toBe('{"groupTag":"X"}')
    expect((db.prepare('SELECT error_code FROM attempts').get() as { error_code: string }).error_code).toBe('0x80180014')
    // The cache itself is rebuilt empty; the next sync refills it.
    expect((db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n).toBe(0)
    db.close()
  })

  it('replaces a file that is not a database at all', () => {
    const file = join(tempDir(), 'cache.db')
    const fd = openSync(file, 'w')
    writeSync(fd, 'this is not sqlite, just text that happens to be here'.repeat(100))
    closeSync(fd)
    const { db, report } = openDatabase(file, { uncleanExit: false })
    expect(report.recovered?.lostTables).toEqual([
      'outbox',
      'audit_log',
      'bench_jobs',
      'job_manifest',
      'bench_devices',
      'attempts',
      'attempt_events',
      'preferences',
      'registration_imports',
      'registration_rows',
    ])
    expect(new Database(report.recovered!.corruptCopy).name).toContain('corrupt')
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })
})
