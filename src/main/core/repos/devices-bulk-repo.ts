import type Database from 'better-sqlite3'

/**
 * The full sync's write-path statements around the devices upsert (devices-repo upsertMany): the
 * explicit transactions the bulk writer (sync/bulk-writer.ts) slices its pages into, and the ranged
 * delete of rows a completed pass did not see. Statements are prepared once per writer and reused
 * for every batch.
 */
export function createDevicesBulkRepo(db: Database.Database) {
  const maxRowid = db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM devices')
  const removeRange = db.prepare('DELETE FROM devices WHERE rowid > ? AND rowid <= ? AND seen_in_run IS NOT ?')
  return {
    begin: () => void db.exec('BEGIN IMMEDIATE'),
    commit: () => void db.exec('COMMIT'),
    /** The highest rowid in devices (0 when empty). */
    maxRowid: () => (maxRowid.get() as { m: number }).m,
    /** Deletes rows with rowid in (after, upTo] not seen in `runId`; returns how many. */
    deleteNotSeenBetween: (after: number, upTo: number, runId: string) => removeRange.run(after, upTo, runId).changes,
  }
}
