import type Database from 'better-sqlite3'
import { bucketOf, bucketShift, keyOf } from './device-search-buckets'

/** The devices columns the FTS5 index holds (migrations.ts creates devices_fts with these). */
export const searchIndexColumns = ['serial_number', 'user_principal_name', 'group_tag', 'model', 'manufacturer', 'display_name'] as const
const columns = searchIndexColumns.join(', ')

/**
 * Brings the FTS5 search index up to date with rows marked `search_dirty` by upserts: 1 = never
 * indexed (insert), 2 = searchable text changed (delete the old entry, insert the new one). Called
 * right after single-row writes, and in bounded slices after each bulk-sync commit so no slice
 * blocks the worker for long. Set-based statements over a batch table: per-row statements cost
 * several times more (measured in bench:sync).
 */
export function createSearchIndexer(db: Database.Database) {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS search_batch (rowid INTEGER PRIMARY KEY, dirty INTEGER NOT NULL)')
  const add = db.prepare('INSERT OR IGNORE INTO temp.search_batch (rowid, dirty) SELECT rowid, search_dirty FROM devices WHERE rowid = ? AND search_dirty <> 0')
  // An entry is keyed by the row's bucket (device-search-buckets.ts): the old one under the bucket it was
  // indexed with, the new one under its serial's bucket now, which the row then records.
  const removeChanged = db.prepare(
    `DELETE FROM devices_fts WHERE rowid IN (SELECT ${keyOf('d')} FROM temp.search_batch b JOIN devices d ON d.rowid = b.rowid WHERE b.dirty = 2)`,
  )
  const insert = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT (${bucketOf('d.serial_number')} << ${bucketShift}) + d.rowid, ${searchIndexColumns.map((c) => `d.${c}`).join(', ')}
    FROM temp.search_batch b JOIN devices d ON d.rowid = b.rowid`)
  const clean = db.prepare(
    `UPDATE devices SET search_dirty = 0, search_bucket = ${bucketOf('devices.serial_number')} WHERE rowid IN (SELECT rowid FROM temp.search_batch)`,
  )
  const empty = db.prepare('DELETE FROM temp.search_batch')
  const removeChangedIn = db.prepare(
    `DELETE FROM devices_fts WHERE rowid IN (SELECT ${keyOf()} FROM devices WHERE rowid > ? AND rowid <= ? AND search_dirty = 2)`,
  )
  const insertIn = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT (${bucketOf('devices.serial_number')} << ${bucketShift}) + rowid, ${columns} FROM devices WHERE rowid > ? AND rowid <= ? AND search_dirty <> 0`)
  const cleanIn = db.prepare(
    `UPDATE devices SET search_dirty = 0, search_bucket = ${bucketOf('devices.serial_number')} WHERE rowid > ? AND rowid <= ? AND search_dirty <> 0`,
  )
  /** Catch-all entries (bucket 0) are keyed by the bare device rowid; docsize has one row per entry, keyed alike. */
  const catchAll = db.prepare(`SELECT id FROM devices_fts_docsize WHERE id < ${2 ** bucketShift}`).pluck()
  const markMoving = db.prepare('UPDATE devices SET search_dirty = 2 WHERE rowid = ? AND search_dirty = 0')
  /** No index on search_dirty (it slowed every sync write): a catch-up after a crash scans once. */
  const allPending = db.prepare('SELECT rowid FROM devices WHERE search_dirty <> 0').pluck()

  /** Indexes these rows (those still marked dirty) in one transaction; returns how many it indexed. */
  const indexRows = db.transaction((rowids: number[]): number => {
    empty.run()
    let count = 0
    for (const rowid of rowids) count += add.run(rowid).changes
    if (count === 0) return 0
    removeChanged.run()
    insert.run()
    clean.run()
    empty.run()
    return count
  })

  /**
   * Indexes the dirty rows with rowid in (after, upTo]: the build after a first load, which walks the
   * table by rowid range instead of collecting a million rowids. Returns how many it indexed.
   */
  const indexRange = db.transaction((after: number, upTo: number): number => {
    removeChangedIn.run(after, upTo)
    const count = insertIn.run(after, upTo).changes
    cleanIn.run(after, upTo)
    return count
  })

  /**
   * Moves these catch-all rows' entries to their serial buckets (after buckets were chosen for a cache
   * that had none): marked as changed, then indexed as any changed row, in one transaction, so a
   * search sees each row under one key. Returns how many it re-keyed.
   */
  const rekeyRows = db.transaction((rowids: number[]): number => {
    for (const rowid of rowids) markMoving.run(rowid)
    return indexRows(rowids)
  })

  return {
    indexRows,
    indexRange,
    rekeyRows,
    /** Rows whose entry is in the catch-all bucket (all of an upgraded cache's, until re-keyed). */
    catchAllRowids: () => catchAll.all() as number[],
    /** Rows left dirty by a crash between a sync's commit and its indexing; checked once at start-up. */
    pendingRowids: () => allPending.all() as number[],
  }
}
