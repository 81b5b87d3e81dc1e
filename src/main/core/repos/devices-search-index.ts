import type Database from 'better-sqlite3'

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
  const removeChanged = db.prepare('DELETE FROM devices_fts WHERE rowid IN (SELECT rowid FROM temp.search_batch WHERE dirty = 2)')
  const insert = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT d.rowid, ${searchIndexColumns.map((c) => `d.${c}`).join(', ')} FROM temp.search_batch b JOIN devices d ON d.rowid = b.rowid`)
  const clean = db.prepare('UPDATE devices SET search_dirty = 0 WHERE rowid IN (SELECT rowid FROM temp.search_batch)')
  const empty = db.prepare('DELETE FROM temp.search_batch')
  const removeChangedIn = db.prepare('DELETE FROM devices_fts WHERE rowid IN (SELECT rowid FROM devices WHERE rowid > ? AND rowid <= ? AND search_dirty = 2)')
  const insertIn = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT rowid, ${columns} FROM devices WHERE rowid > ? AND rowid <= ? AND search_dirty <> 0`)
  const cleanIn = db.prepare('UPDATE devices SET search_dirty = 0 WHERE rowid > ? AND rowid <= ? AND search_dirty <> 0')
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

  return {
    indexRows,
    indexRange,
    /** Rows left dirty by a crash between a sync's commit and its indexing; checked once at start-up. */
    pendingRowids: () => allPending.all() as number[],
  }
}
