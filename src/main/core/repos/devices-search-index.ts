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
  // indexed with, the new one under its serial's bucket now, which the row then records. New entries go in
  // in key order: FTS5 flushes its pending terms to a new segment whenever a rowid is not above the last
  // one (unsorted, a 300,000-row build took 12.9 s instead of 2.8 s, merging thousands of tiny segments).
  const removeChanged = db.prepare(
    `DELETE FROM devices_fts WHERE rowid IN (SELECT ${keyOf('d')} FROM temp.search_batch b JOIN devices d ON d.rowid = b.rowid WHERE b.dirty = 2)`,
  )
  const insert = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT (${bucketOf('d.serial_number')} << ${bucketShift}) + d.rowid, ${searchIndexColumns.map((c) => `d.${c}`).join(', ')}
    FROM temp.search_batch b JOIN devices d ON d.rowid = b.rowid ORDER BY 1`)
  const clean = db.prepare(
    `UPDATE devices SET search_dirty = 0, search_bucket = ${bucketOf('devices.serial_number')} WHERE rowid IN (SELECT rowid FROM temp.search_batch)`,
  )
  const empty = db.prepare('DELETE FROM temp.search_batch')
  // The build and the re-key go through the serial order a few buckets at a time: each slice's keys then
  // lie above the previous slice's, so FTS5 appends and its segments cover disjoint key ranges. (Built by
  // rowid range, every segment spans all buckets and a UPN-prefix phrase, merging 11 interleaved segments,
  // took 6.1 instead of 3.2 ms to enumerate at 1M rows.)
  const inSerials = 'serial_number >= @lo AND serial_number < @hi'
  const removeChangedIn = db.prepare(`DELETE FROM devices_fts WHERE rowid IN (SELECT ${keyOf()} FROM devices WHERE ${inSerials} AND search_dirty = 2)`)
  const insertIn = db.prepare(`INSERT INTO devices_fts (rowid, ${columns})
    SELECT (${bucketOf('devices.serial_number')} << ${bucketShift}) + rowid, ${columns} FROM devices WHERE ${inSerials} AND search_dirty <> 0
    ORDER BY 1`)
  const cleanIn = db.prepare(
    `UPDATE devices SET search_dirty = 0, search_bucket = ${bucketOf('devices.serial_number')} WHERE ${inSerials} AND search_dirty <> 0`,
  )
  /** Catch-all entries (bucket 0) are keyed by the bare device rowid; docsize has one row per entry, keyed alike. */
  const anyCatchAll = db.prepare(`SELECT 1 FROM devices_fts_docsize WHERE id < ${2 ** bucketShift} LIMIT 1`)
  const anyCatchAllIn = db.prepare(`SELECT 1 FROM devices WHERE ${inSerials} AND search_bucket = 0 AND search_dirty <> 1 LIMIT 1`)
  const removeCatchAllIn = db.prepare(
    `DELETE FROM devices_fts WHERE rowid IN (SELECT rowid FROM devices WHERE ${inSerials} AND search_bucket = 0 AND search_dirty <> 1)`,
  )
  const markCatchAllIn = db.prepare(`UPDATE devices SET search_dirty = 1 WHERE ${inSerials} AND search_bucket = 0 AND search_dirty <> 1`)
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
   * Indexes the dirty rows whose serial is in [lo, hi) — a few buckets of the serial order (hi: the
   * next slice's first serial, or a blob, which sorts after every text): the build after a first
   * load. Returns how many it indexed.
   */
  const indexSerials = db.transaction((lo: string, hi: string | Buffer): number => {
    removeChangedIn.run({ lo, hi })
    const count = insertIn.run({ lo, hi }).changes
    cleanIn.run({ lo, hi })
    return count
  })

  /**
   * Moves the catch-all's entries of the rows whose serial is in [lo, hi) to their serial buckets
   * (after buckets were chosen for a cache that had none), in one transaction, so a search sees each
   * row under one key. Returns how many rows it indexed.
   */
  const rekeySerials = db.transaction((lo: string, hi: string | Buffer): number => {
    removeCatchAllIn.run({ lo, hi })
    markCatchAllIn.run({ lo, hi })
    return indexSerials(lo, hi)
  })

  /**
   * FTS5 rewrites a segment once a tenth of its entries are deleted ('deletemerge', default 10): while
   * the catch-all's entries leave in slices, that rewrote the big old segments over and over (a
   * 300,000-row re-key took 16.8 s; with it off, 4.5 s). Off during a re-key, back on after it.
   */
  const deleteMerge = (percent: number) => db.exec(`INSERT INTO devices_fts (devices_fts, rank) VALUES ('deletemerge', ${percent})`)

  /**
   * After a re-key the old entries' segments are all tombstones, yet every search still reads them (a
   * UPN-prefix phrase took 13 ms instead of 3.3 ms at 1M rows). FTS5's 'merge' with a negative page
   * count merges every segment a step at a time; it wrote fewer than 2 rows when there is nothing
   * left to merge (sqlite.org/fts5.html, "The 'merge' Command"). At 1M rows: ~3 s in all.
   */
  const merge = db.prepare("INSERT INTO devices_fts (devices_fts, rank) VALUES ('merge', ?)")
  const totalChanges = db.prepare('SELECT total_changes()').pluck()
  /** One 'merge' command (`count` pages: negative merges everything, positive only levels of `usermerge`); false when it found nothing to merge. */
  const runMerge = (count: number): boolean => {
    const before = totalChanges.get() as number
    merge.run(count)
    return (totalChanges.get() as number) - before >= 2
  }
  const mergeStep = (pages: number): boolean => runMerge(-pages)

  /**
   * FTS5 merges on its own when a flush leaves `automerge` (4) segments on one level: on a first load
   * that indexes as it loads, in the flush of a page's entries, the last page's included (0–4 merges of
   * ~3 ms each at 5,000 rows, issue 19). 'merge' with a positive page count merges only a level holding
   * `usermerge` segments, or finishes a merge begun (sqlite.org/fts5.html, "The 'merge' Command"); at 2,
   * steps run while the worker waits for Graph leave at most one segment per level, so the next flush
   * stays under automerge's 4. The setting is stored with the index but steers nothing else: every
   * other merge here passes a negative count.
   */
  const setUserMerge = db.prepare("INSERT INTO devices_fts (devices_fts, rank) VALUES ('usermerge', 2)")
  const idleMergeStep = (pages: number): boolean => runMerge(pages)

  return {
    indexRows,
    indexSerials,
    rekeySerials,
    /** Whether any entry is in the catch-all bucket (all of an upgraded cache's, until re-keyed). */
    hasCatchAll: () => anyCatchAll.get() !== undefined,
    /** Whether a row with serial in [lo, hi) has its entry in the catch-all (SQLite's order, not JavaScript's). */
    hasCatchAllIn: (lo: string, hi: string | Buffer) => anyCatchAllIn.get({ lo, hi }) !== undefined,
    /** Tombstone merges off (a re-key deletes every old entry) or back at FTS5's default. */
    setDeleteMerge: (on: boolean): void => void deleteMerge(on ? 10 : 0),
    /** Merges about `pages` pages of the index's segments; false when all are merged into one. */
    mergeStep,
    /** Makes idleMergeStep merge any level with two segments (stored with the index). */
    mergeLevelsOfTwo: (): void => void setUserMerge.run(),
    /** Merges about `pages` pages where a level holds two segments or a merge is under way; false when none is. */
    idleMergeStep,
    /** Rows left dirty by a crash between a sync's commit and its indexing; checked once at start-up. */
    pendingRowids: () => allPending.all() as number[],
  }
}
