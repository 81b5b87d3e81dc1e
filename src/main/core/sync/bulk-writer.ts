import type Database from 'better-sqlite3'
import { createDevicesRepo, type DeviceRow } from '../repos/devices-repo'
import { createSearchIndexer } from '../repos/devices-search-index'
import { bumpDeviceGeneration } from '../repos/device-anchors'

export interface BulkWriterOptions {
  /** Rows per transaction: larger commits rewrite far fewer pages (docs/reference/performance.md §2). */
  rowsPerCommit?: number
  /** Rows written between yields, so searches from the UI interleave with the sync. */
  rowsPerSlice?: number
  /** Rows indexed for search between yields. */
  indexRowsPerSlice?: number
}

/** Lets other calls queued on the worker (searches, lookups) run between write slices. */
export const yieldToOtherCalls = () => new Promise<void>((resolve) => setImmediate(resolve))

const openWriters = new WeakMap<Database.Database, () => void>()

/**
 * A user-made write (outbox, preferences…) must never sit inside a sync's open transaction, where a
 * crash would take it down with the sync: the worker calls this first, which commits what the sync
 * has written so far. The sync simply opens a new transaction on its next slice.
 */
export function commitOpenBulkWrite(db: Database.Database): void {
  openWriters.get(db)?.()
}

/**
 * Writes a full sync's pages in large transactions cut into short slices, and keeps the search index
 * up to date after each commit, also in slices.
 */
export function createBulkWriter(db: Database.Database, options: BulkWriterOptions = {}) {
  const rowsPerCommit = options.rowsPerCommit ?? 5000
  const rowsPerSlice = options.rowsPerSlice ?? 250
  const indexRowsPerSlice = options.indexRowsPerSlice ?? 1000
  const devices = createDevicesRepo(db)
  const indexer = createSearchIndexer(db)
  let open = false
  let sinceCommit = 0
  /** Rows written (and committed or about to be) whose search entry is not built yet. */
  let toIndex: number[] = []

  const commit = () => {
    if (!open) return
    db.exec('COMMIT')
    open = false
    sinceCommit = 0
    openWriters.delete(db)
  }
  const begin = () => {
    if (open) return
    db.exec('BEGIN IMMEDIATE')
    open = true
    openWriters.set(db, commit)
  }
  const indexSearch = async () => {
    const rowids = toIndex
    toIndex = []
    for (let start = 0; start < rowids.length; start += indexRowsPerSlice) {
      indexer.indexRows(rowids.slice(start, start + indexRowsPerSlice))
      await yieldToOtherCalls()
    }
  }

  return {
    async write(rows: DeviceRow[], runId: string, syncedAt: string) {
      for (let start = 0; start < rows.length; start += rowsPerSlice) {
        begin()
        const slice = rows.slice(start, start + rowsPerSlice)
        toIndex.push(...devices.upsertMany(slice, runId, syncedAt))
        sinceCommit += slice.length
        if (sinceCommit >= rowsPerCommit) {
          commit()
          await indexSearch()
        }
        await yieldToOtherCalls()
      }
    },
    /** Commits and makes every written row searchable. */
    async finish() {
      commit()
      await indexSearch()
    },
    /** Deletes rows the completed pass did not see, in rowid ranges so no slice scans the whole table. */
    async deleteNotSeen(runId: string): Promise<number> {
      commit()
      const max = (db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM devices').get() as { m: number }).m
      const remove = db.prepare('DELETE FROM devices WHERE rowid > ? AND rowid <= ? AND seen_in_run IS NOT ?')
      let removed = 0
      for (let from = 0; from < max; from += 20_000) {
        removed += remove.run(from, from + 20_000, runId).changes
        bumpDeviceGeneration(db)
        await yieldToOtherCalls()
      }
      return removed
    },
    /** After a failure: keep what was written (nothing is deleted by an interrupted pass). */
    abort: commit,
  }
}
