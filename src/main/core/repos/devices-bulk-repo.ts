import type Database from 'better-sqlite3'

/**
 * The full sync's write-path statements around the devices upsert (devices-repo upsertMany): the
 * explicit transactions the bulk writer (sync/bulk-writer.ts) slices its pages into, and the ranged
 * delete of rows a completed pass did not see. Statements are prepared once per writer and reused
 * for every batch.
 */
/**
 * The devices B-trees besides rowid, exactly as migrations 3, 8 and 10 made them. A first load into an
 * empty table drops them and builds them once after its rows (one sort instead of a random insert per
 * row); IF NOT EXISTS makes this the start-up repair after a crash in between. The unique id index comes
 * first: the upsert's conflict target (devices-repo), which every later write needs.
 */
const idIndex = ['devices_by_id', 'CREATE UNIQUE INDEX IF NOT EXISTS devices_by_id ON devices (id)'] as const
/** The B-trees after the id index, which a plain `CREATE INDEX` builds. */
const plainIndexes = [
  ['devices_by_serial', 'CREATE INDEX IF NOT EXISTS devices_by_serial ON devices (serial_number, id)'],
  ['devices_by_group_tag', 'CREATE INDEX IF NOT EXISTS devices_by_group_tag ON devices (group_tag)'],
  ['devices_by_serial_nocase', 'CREATE INDEX IF NOT EXISTS devices_by_serial_nocase ON devices (serial_number COLLATE NOCASE)'],
] as const
const secondaryIndexes = [idIndex, ...plainIndexes] as const

/**
 * Builds the unique id index if it is missing. Without it a first load inserts a device Graph listed
 * twice (a repeated page) as a second row; the later row holds the later page, as the upsert would
 * have made it, so the earlier ones go (their search entries with them, by the delete trigger) and the
 * index is built again. The sort for that runs only when the build met a repeat.
 */
export function ensureIdIndex(db: Database.Database): void {
  try {
    db.exec(idIndex[1])
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
    db.exec(`DELETE FROM devices WHERE rowid IN (
      SELECT rowid FROM (SELECT rowid, row_number() OVER (PARTITION BY id ORDER BY rowid DESC) AS newer FROM devices) WHERE newer > 1)`)
    db.exec(idIndex[1])
  }
}

/**
 * Whether device ids are indexed (false only while a first load runs, or after one stopped before its
 * build), its statement prepared once: a re-sync asks before every slice.
 */
export function idIndexCheck(db: Database.Database): () => boolean {
  const found = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?")
  return () => found.get(idIndex[0]) !== undefined
}

export const hasIdIndex = (db: Database.Database): boolean => idIndexCheck(db)()

export function createDevicesBulkRepo(db: Database.Database) {
  /**
   * One step per secondary index, each building it if it is missing (the id index first): one sort
   * each, a second or so at 1M rows, so the caller can let other calls run between them.
   */
  const secondaryIndexSteps = (): Array<() => void> => [
    () => ensureIdIndex(db),
    ...plainIndexes.map(([, sql]) => () => {
      db.exec(sql)
    }),
  ]
  const maxRowid = db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM devices')
  const anyRow = db.prepare('SELECT 1 FROM devices LIMIT 1')
  const removeRange = db.prepare('DELETE FROM devices WHERE rowid > ? AND rowid <= ? AND seen_in_run IS NOT ?')
  return {
    isEmpty: () => anyRow.get() === undefined,
    dropSecondaryIndexes: () => {
      for (const [name] of secondaryIndexes) db.exec(`DROP INDEX IF EXISTS ${name}`)
    },
    secondaryIndexSteps,
    /** Builds whichever secondary index is missing; a no-op when all exist. */
    createSecondaryIndexes: () => {
      for (const buildIndex of secondaryIndexSteps()) buildIndex()
    },
    /** SQLite's `cache_size` for this connection: pages when positive, KiB when negative (sqlite.org/pragma.html#pragma_cache_size). */
    cacheSize: () => db.pragma('cache_size', { simple: true }) as number,
    /** Shrinking it frees the cached pages beyond the new size. */
    setCacheSize: (size: number) => void db.pragma(`cache_size = ${Math.trunc(size)}`),
    begin: () => void db.exec('BEGIN IMMEDIATE'),
    commit: () => void db.exec('COMMIT'),
    rollback: () => void db.exec('ROLLBACK'),
    /** False once SQLite ended the transaction itself: it rolls the whole one back on a full disk or an I/O error. */
    inTransaction: () => db.inTransaction,
    /** The highest rowid in devices (0 when empty). */
    maxRowid: () => (maxRowid.get() as { m: number }).m,
    /** Deletes rows with rowid in (after, upTo] not seen in `runId`; returns how many. */
    deleteNotSeenBetween: (after: number, upTo: number, runId: string) => removeRange.run(after, upTo, runId).changes,
  }
}
