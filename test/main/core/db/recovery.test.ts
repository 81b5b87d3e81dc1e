import Database from 'better-sqlite3'
import { existsSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, checkIntegrity } from '@core/db/open-database'
import { checkCache, runCacheCheck } from '@core/db/cache-check'
import { damageMarkerPath } from '@core/db/damage-marker'
import { latestSchemaVersion, migrate } from '@core/db/migrations'
import { useTempDirs } from '@support/temp-dir'
import { queuedChange, seedDamageable, smashRootOf } from '@support/damaged-db'

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
const allUserTablesKept = {
  outbox: 1,
  audit_log: 1,
  bench_jobs: 0,
  job_manifest: 0,
  bench_devices: 0,
  bench_job_devices: 0,
  bench_scans: 0,
  attempts: 1,
  attempt_events: 0,
  preferences: 1,
  registration_imports: 0,
  registration_rows: 0,
}

describe('integrity check and recovery', () => {
  const tempDir = useTempDirs()

  it('checks the schema and user-made tables after a clean exit, the whole file after an unclean one', () => {
    const file = join(tempDir(), 'cache.db')
    openDatabase(file, { uncleanExit: false }).db.close()
    const clean = openDatabase(file, { uncleanExit: false })
    expect(clean.report).toMatchObject({ check: 'quick-user-tables', fullCheckBecause: null, cacheCheckPending: true, recovered: null })
    clean.db.close()
    const { db, report } = openDatabase(file, { uncleanExit: true })
    expect(report).toMatchObject({ check: 'full', fullCheckBecause: 'unclean-exit', cacheCheckPending: false, recovered: null })
    db.close()
  })

  it('checks the whole file before a migration (it reads and rewrites cache tables)', () => {
    const file = join(tempDir(), 'cache.db')
    const old = new Database(file)
    migrate(old, latestSchemaVersion - 1)
    old.close()
    const { db, report } = openDatabase(file, { uncleanExit: false })
    expect(report).toMatchObject({ check: 'full', fullCheckBecause: 'upgrade', cacheCheckPending: false, migratedFrom: latestSchemaVersion - 1 })
    db.close()
  })

  it('rebuilds a corrupt cache after an unclean exit and keeps outbox, attempts, audit log and preferences', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'devices')

    const { db, report } = openDatabase(file, { uncleanExit: true })
    expect(report.recovered).not.toBeNull()
    expect(report.recovered!.keptRows).toEqual(allUserTablesKept)
    expect(existsSync(report.recovered!.corruptCopy)).toBe(true)
    expect(checkIntegrity(db, true)).toEqual([])
    expect((db.prepare('SELECT payload FROM outbox').get() as { payload: string }).payload).toBe(queuedChange)
    expect((db.prepare('SELECT error_code FROM attempts').get() as { error_code: string }).error_code).toBe('0x80180014')
    // The cache itself is rebuilt empty; the next sync refills it.
    expect(count(db, 'devices')).toBe(0)
    db.close()
  })

  it('catches a damaged user-made table at a clean start and rebuilds, keeping the other user-made rows', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'audit_log')

    const { db, report } = openDatabase(file, { uncleanExit: false })
    expect(report.check).toBe('quick-user-tables')
    expect(report.recovered).not.toBeNull()
    expect(report.recovered!.lostTables).toEqual(['audit_log'])
    expect(report.recovered!.keptRows).toMatchObject({ outbox: 1, attempts: 1, preferences: 1 })
    expect(report.cacheCheckPending).toBe(false) // the file is new: nothing left to check after start
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('checks the indexes of the user-made tables at a clean start too', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'outbox_by_state')

    const { db, report } = openDatabase(file, { uncleanExit: false })
    expect(report.recovered).not.toBeNull()
    expect(report.recovered!.keptRows).toEqual(allUserTablesKept)
    expect(checkIntegrity(db, true)).toEqual([])
    db.close()
  })

  it('leaves a damaged cache page to the check after start, which marks the file; the next start rebuilds the cache, keeping user-made rows', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'users')

    const first = openDatabase(file, { uncleanExit: false })
    expect(first.report).toMatchObject({ check: 'quick-user-tables', cacheCheckPending: true, recovered: null })
    expect(count(first.db, 'devices')).toBe(2000)
    // The check after start, on its own read-only connection while the app's connection is open.
    const result = runCacheCheck(file, () => new Date('2026-03-01T10:00:00Z'))
    expect(result).toMatchObject({ outcome: 'damaged', userMadeDamaged: false })
    expect(result.damaged).toContain('users')
    expect(result.problems.length).toBeGreaterThan(0)
    expect(existsSync(damageMarkerPath(file))).toBe(true)
    expect(count(first.db, 'outbox')).toBe(1) // the app's connection still works
    first.db.close()

    const next = openDatabase(file, { uncleanExit: false })
    expect(next.report).toMatchObject({ check: 'full', fullCheckBecause: 'cache-check-marked', cacheCheckPending: false })
    expect(next.report.recovered).not.toBeNull()
    expect(next.report.recovered!.keptRows).toEqual(allUserTablesKept)
    expect(existsSync(damageMarkerPath(file))).toBe(false)
    expect(checkIntegrity(next.db, true)).toEqual([])
    expect(count(next.db, 'users')).toBe(0) // rebuilt empty; the next sync refills it
    next.db.close()
  })

  it('names a damaged user-made table when the check after start finds one', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'outbox')
    const result = checkCache(file)
    expect(result).toMatchObject({ outcome: 'damaged', userMadeDamaged: true })
    expect(result.damaged).toContain('outbox')
  })

  it('the check after start passes a sound file and marks nothing', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    const { db } = openDatabase(file, { uncleanExit: false })
    expect(runCacheCheck(file)).toMatchObject({ outcome: 'ok', problems: [], damaged: [] })
    expect(existsSync(damageMarkerPath(file))).toBe(false)
    db.close()
  })

  it('a marker on a file that turns out sound: the full check passes, nothing is rebuilt, the marker goes', () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    writeFileSync(damageMarkerPath(file), 'not json')
    const { db, report } = openDatabase(file, { uncleanExit: false })
    expect(report).toMatchObject({ check: 'full', fullCheckBecause: 'cache-check-marked', recovered: null })
    expect(count(db, 'devices')).toBe(2000)
    expect(existsSync(damageMarkerPath(file))).toBe(false)
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
      'bench_job_devices',
      'bench_scans',
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
