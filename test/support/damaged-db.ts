import Database from 'better-sqlite3'
import { closeSync, openSync, writeSync } from 'node:fs'
import { openDatabase } from '@core/db/open-database'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createSearchIndexer } from '@core/repos/devices-search-index'
import { syntheticDevice } from '../../bench/support/synthetic-devices'

/** Writes garbage over one page of the file, as a torn write or a bad disk sector would. */
export function smashPage(file: string, page: number, pageSize: number) {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize)
  closeSync(fd)
}

/** Smashes the root page of a table or index of a closed, checkpointed database. */
export function smashRootOf(file: string, name: string) {
  const db = new Database(file, { readonly: true })
  const root = (db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(name) as { rootpage: number } | undefined)?.rootpage
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  if (!root) throw new Error(`no B-tree named ${name}`)
  smashPage(file, root, pageSize)
}

/** The queued change every seeded database holds (a group tag waiting for Intune). */
export const queuedChange = JSON.stringify({ kind: 'group-tag', groupTag: 'X' })

/**
 * A database with 2,000 cached devices (plus `syntheticDevices` indexed for search), 300 cached users and one row in each of outbox, attempts,
 * audit log and preferences; checkpointed and closed, so the main file holds every page.
 */
export function seedDamageable(file: string, syntheticDevices = 0) {
  const { db } = openDatabase(file, { uncleanExit: false })
  // Synthetic devices as a sync stores them, with their search index: a cache the check takes a while to read.
  const repo = createDevicesRepo(db)
  const indexer = createSearchIndexer(db)
  for (let start = 0; start < syntheticDevices; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, syntheticDevices - start) }, (_, k) => syntheticDevice(start + k))
    indexer.indexRows(repo.upsertMany(rows, 'seed', '2026-01-01T00:00:00Z'))
  }
  const insert = db.prepare("INSERT INTO devices (id, serial_number, synced_at) VALUES (?, ?, '2026-01-01T00:00:00Z')")
  const user = db.prepare("INSERT INTO users (id, user_principal_name, display_name, fetched_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')")
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`id-${i}`, `SER${String(i).padStart(6, '0')}`)
    for (let i = 0; i < 300; i++) user.run(`u-${i}`, `user${i}@contoso.com`, `User ${i}`)
  })()
  db.prepare("INSERT INTO outbox (device_id, kind, payload, created_at, updated_at) VALUES ('id-1', 'group-tag', ?, 'a', 'a')").run(queuedChange)
  db.prepare("INSERT INTO attempts (device_id, started_at, outcome, error_code) VALUES ('id-1', 'a', 'failed', '0x80180014')").run()
  db.prepare("INSERT INTO audit_log (at, action, device_id) VALUES ('a', 'assign-user', 'id-1')").run()
  db.prepare(`INSERT INTO preferences (key, value) VALUES ('devices.search', '"abc"')`).run()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}
