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

  it('holds the latest version’s own fixture on a new database', () => {
    const db = new Database(':memory:')
    migrate(db)
    fixtures[latestSchemaVersion]!.insert(db)
    fixtures[latestSchemaVersion]!.verify(db)
    db.close()
  })

  it('v10 rebuilds devices with the same rowids, indexes and delete trigger as a new database, ids unique through devices_by_id', () => {
    const schemaOf = (db: Database.Database) =>
      db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'devices' ORDER BY type, name").all() as Array<{
        name: string
        sql: string | null
      }>
    const fresh = new Database(':memory:')
    migrate(fresh)
    const old = new Database(':memory:')
    migrate(old, 9)
    const insert = old.prepare("INSERT INTO devices (id, serial_number, synced_at, search_dirty) VALUES (?, ?, 'a', 0) RETURNING rowid").pluck()
    const rowids = ['x1', 'x2', 'x3'].map((id) => insert.get(id, `SER-${id}`) as number)
    old.prepare('DELETE FROM devices WHERE id = ?').run('x2') // a gap in the rowids, which must stay
    for (const rowid of [rowids[0], rowids[2]]) old.prepare("INSERT INTO devices_fts (rowid, serial_number) VALUES (?, 'SER-KEPT')").run(rowid)
    migrate(old)

    // Indexes and trigger normalised for whitespace: the migration writes them as a new database has them.
    const normal = (rows: Array<{ name: string; sql: string | null }>) => rows.map((r) => ({ ...r, sql: r.sql?.replace(/\s+/g, ' ') }))
    expect(normal(schemaOf(old)).filter((r) => r.name !== 'devices')).toEqual(normal(schemaOf(fresh)).filter((r) => r.name !== 'devices'))
    expect(schemaOf(old).map((r) => r.name)).not.toContain('sqlite_autoindex_devices_1')
    expect(old.prepare('SELECT id, rowid FROM devices ORDER BY rowid').all()).toEqual([
      { id: 'x1', rowid: rowids[0] },
      { id: 'x3', rowid: rowids[2] },
    ])
    // The delete trigger still takes a device's search entry with it.
    old.prepare("DELETE FROM devices WHERE id = 'x1'").run()
    expect(old.prepare(`SELECT rowid FROM devices_fts WHERE devices_fts MATCH '"SER-KEPT"'`).pluck().all()).toEqual([rowids[2]])
    expect(() => old.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES ('x3', 'SER-AGAIN', 'a')").run()).toThrow(/UNIQUE/)
    old.close()
    fresh.close()
  })

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
