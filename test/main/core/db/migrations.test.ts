import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { latestSchemaVersion, migrate, migrations, NewerSchemaError, schemaVersionOf } from '@core/db/migrations'
import { openDatabase } from '@core/db/open-database'
import { fixtures } from '@support/migration-fixtures'
import { createSearchIndexer } from '@core/repos/devices-search-index'
import { useTempDirs } from '@support/temp-dir'

describe('migrations', () => {
  const tempDir = useTempDirs()

  it('numbers migrations 1..N without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
  })

  it('creates the latest schema on an empty database', () => {
    const db = new Database(':memory:')
    expect(migrate(db)).toBe(0)
    expect(schemaVersionOf(db)).toBe(latestSchemaVersion)
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => (r as { name: string }).name)
    expect(tables).toEqual(expect.arrayContaining(['devices', 'sync_runs', 'preferences', 'outbox', 'audit_log', 'attempts']))
  })

  it('has an upgrade fixture for every version', () => {
    for (const m of migrations) expect(fixtures[m.version], `fixture for v${m.version}`).toBeDefined()
  })

  for (const start of migrations.map((m) => m.version).filter((v) => v < latestSchemaVersion)) {
    it(`upgrades a v${start} database with data in it to v${latestSchemaVersion}, keeping the data and a backup`, () => {
      const file = join(tempDir(), 'cache.db')
      const old = new Database(file)
      migrate(old, start)
      for (let v = 1; v <= start; v++) fixtures[v]!.insert(old)
      old.close()

      const { db, report } = openDatabase(file, { uncleanExit: false })
      expect(report.migratedFrom).toBe(start)
      expect(schemaVersionOf(db)).toBe(latestSchemaVersion)
      // Rows written straight into a v3+ devices table wait for the worker's start-up index catch-up.
      const indexer = createSearchIndexer(db)
      indexer.indexRows(indexer.pendingRowids())
      for (let v = 1; v <= start; v++) fixtures[v]!.verify(db)
      expect(report.backupPath && existsSync(report.backupPath)).toBeTruthy()
      const backup = new Database(report.backupPath!, { readonly: true })
      expect(schemaVersionOf(backup)).toBe(start)
      backup.close()
      db.close()
    })
  }

  it('refuses a database written by a newer app and leaves it untouched', () => {
    const file = join(tempDir(), 'cache.db')
    const future = new Database(file)
    future.pragma(`user_version = ${latestSchemaVersion + 1}`)
    future.exec('CREATE TABLE from_the_future (x)')
    future.close()
    expect(() => openDatabase(file, { uncleanExit: false })).toThrow(NewerSchemaError)
    const again = new Database(file)
    expect(schemaVersionOf(again)).toBe(latestSchemaVersion + 1)
    again.close()
  })

  it('rolls a failing migration back as a whole', () => {
    const db = new Database(':memory:')
    migrate(db, 1)
    db.exec('CREATE TABLE outbox (x)') // makes migration 2 fail halfway
    expect(() => migrate(db)).toThrow()
    expect(schemaVersionOf(db)).toBe(1)
    const columns = db
      .prepare('PRAGMA table_info(devices)')
      .all()
      .map((c) => (c as { name: string }).name)
    expect(columns).not.toContain('remediation_state')
  })

  it('opens with WAL, foreign keys and synchronous=NORMAL', () => {
    const { db } = openDatabase(join(tempDir(), 'cache.db'), { uncleanExit: false })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    db.close()
  })
})
