import type Database from 'better-sqlite3'

const columns = 'serial_number, user_principal_name, group_tag, model, manufacturer, display_name'

/**
 * Brings the FTS5 search index up to date with rows marked `search_dirty` by upserts: 1 = never
 * indexed (insert), 2 = searchable text changed (delete the old entry, insert the new one). Called
 * right after single-row writes, and in bounded slices after each bulk-sync commit so no slice
 * blocks the worker for long.
 */
export function createSearchIndexer(db: Database.Database) {
  const pending = db.prepare('SELECT rowid, search_dirty AS dirty FROM devices WHERE search_dirty <> 0 LIMIT ?')
  const remove = db.prepare('DELETE FROM devices_fts WHERE rowid = ?')
  const insert = db.prepare(`INSERT INTO devices_fts (rowid, ${columns}) SELECT rowid, ${columns} FROM devices WHERE rowid = ?`)
  const clean = db.prepare('UPDATE devices SET search_dirty = 0 WHERE rowid = ?')
  const countPending = db.prepare('SELECT count(*) AS n FROM devices WHERE search_dirty <> 0')

  /** Indexes up to `maxRows` pending rows in one transaction; returns how many it indexed. */
  const indexPending = db.transaction((maxRows: number): number => {
    const rows = pending.all(maxRows) as Array<{ rowid: number; dirty: number }>
    for (const row of rows) {
      if (row.dirty === 2) remove.run(row.rowid)
      insert.run(row.rowid)
      clean.run(row.rowid)
    }
    return rows.length
  })

  return { indexPending, pendingCount: () => (countPending.get() as { n: number }).n }
}
