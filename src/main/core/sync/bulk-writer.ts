import type Database from 'better-sqlite3'
import { createDevicesRepo, type DeviceRow } from '../repos/devices-repo'
import { createSearchIndexer } from '../repos/devices-search-index'
import { bumpDeviceGeneration } from '../repos/device-anchors'
import { createDevicesBulkRepo } from '../repos/devices-bulk-repo'
import { bucketSlices, chooseBuckets, clearBuckets, extendBuckets, hasBuckets, rowsPerBucket } from '../repos/device-search-buckets'
import { isSearchBehind, markSearchBehind } from '../repos/search-coverage'

export interface BulkWriterOptions {
  /** Rows per transaction: larger commits rewrite far fewer pages (docs/reference/performance.md §2). */
  rowsPerCommit?: number
  /**
   * Rows per transaction while loading into an empty table: each commit rewrites every page it
   * touched. At 1M rows 50,000 per commit instead of 5,000 took the load from ~26 s to ~15 s, and
   * 100,000 with the first load's page cache (below) took 9–18 % off a 1M sync, both while the id
   * B-tree was still kept during the load (issue 19, docs/benchmarks.md). Slices and yields stay as
   * small as ever.
   */
  firstLoadRowsPerCommit?: number
  /**
   * SQLite's page cache, in KiB, while a first load writes as fast as SQLite allows and builds its
   * indexes; the connection's own size is put back when it ends. With the connection's 16 MB
   * (better-sqlite3's build) a 100,000-row transaction spills dirty pages to the WAL and reads them
   * back; 128 MiB took ~3 s off a 1M sync (37.0–37.6 s against 40.0–40.8 s, issue 19), and more
   * while the random-GUID id B-tree was still written during the load. The memory is only taken as
   * pages are touched (a small tenant's load never reaches it) and freed when the size goes back.
   */
  firstLoadCacheKiB?: number
  /** Rows written between yields, so searches from the UI interleave with the sync. */
  rowsPerSlice?: number
  /** Rows indexed for search between yields. */
  indexRowsPerSlice?: number
  /**
   * A first load whose pages each came at least this long after the previous one was written (and
   * mostly waited for) is bound by Graph, not by SQLite: it indexes as it goes (see the writer).
   */
  waitForGraphMs?: number
  /** Milliseconds, for telling a wait for Graph from a busy writer (a test seam). */
  clock?: () => number
}

/** Pages a first load watches, and keeps watching, before it decides to index as it loads. */
const pagesBeforeDeciding = 3

/**
 * At start-up, after a crash: a first load leaves the secondary B-trees unbuilt, and any sync can leave
 * committed rows not yet indexed for search. Builds what is missing; otherwise two schema lookups and
 * one scan for unindexed rows.
 */
export function repairDeviceCache(db: Database.Database): void {
  createDevicesBulkRepo(db).createSecondaryIndexes()
  const indexer = createSearchIndexer(db)
  const pending = indexer.pendingRowids()
  for (let start = 0; start < pending.length; start += 5000) indexer.indexRows(pending.slice(start, start + 5000))
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
 *
 * A first load (the table is empty when the first page arrives) builds the id, serial and group-tag
 * B-trees and the trigram index once, after the last page, instead of row by row: a sort and a bulk
 * insert instead of a million random inserts (about 1.8× faster at 1M rows, and the id B-tree over
 * random GUIDs another ~7–8 s, issue 19). Until then its rows are listed, but unsorted lists, searches and
 * lookups by id are slow (a read of every row) and text searches do not find them. A
 * cancelled or failed first load builds them too (finish); a crash leaves them to the start-up repair
 * (repairDeviceCache).
 *
 * That end build suits a load bound by SQLite (the local mock, 1M rows in ~30 s). On a distant Graph
 * the worker waits 300 ms–1 s for every page and writes it in a few, and the build then came after
 * the last page as pure extra time (185 ms at 20,000 rows, seconds at 1M). So once three pages in a row
 * spent most of their time waiting, never less than `waitForGraphMs` before each, a first load builds
 * the indexes over what it has and then indexes each page as it comes, during the next wait; the last
 * bucket is split as it grows (extendBuckets), which keeps buckets ~250 rows while Graph pages in
 * serial order. It switches once: a load that sped up later keeps indexing as it goes.
 */
export function createBulkWriter(db: Database.Database, options: BulkWriterOptions = {}) {
  const rowsPerCommit = options.rowsPerCommit ?? 5000
  const firstLoadRowsPerCommit = options.firstLoadRowsPerCommit ?? 100_000
  const firstLoadCacheKiB = options.firstLoadCacheKiB ?? 128 * 1024
  const rowsPerSlice = options.rowsPerSlice ?? 250
  const indexRowsPerSlice = options.indexRowsPerSlice ?? 1000
  const waitForGraphMs = options.waitForGraphMs ?? 100
  const clock = options.clock ?? (() => performance.now())
  /** FTS5 pages merged per slice after a re-key (~1,000 pages took up to 364 ms at 1M rows). */
  const mergePagesPerSlice = 200
  /** FTS5 pages merged per step while waiting for Graph (mergeWhileWaiting): ~3 ms a step at 5,000 rows. */
  const idleMergePagesPerStep = 64
  const devices = createDevicesRepo(db)
  const indexer = createSearchIndexer(db)
  const bulk = createDevicesBulkRepo(db)
  let open = false
  let sinceCommit = 0
  /** null until the first write decides; true while the indexes wait for the end of a first load. */
  let firstLoad: boolean | null = null
  let loadedEmptyTable = false
  /** The connection's `cache_size` before a first load raised it (firstLoadCacheKiB), until the load ends. */
  let cacheSizeBefore: number | null = null
  /** A first load that found itself waiting for Graph: each page is indexed after it is written. */
  let indexingAsItLoads = false
  /** How the last pages came: time inside write() for each, and the wait before each (most recent last). */
  const pace = { writingMs: [] as number[], waitingMs: [] as number[], lastEnd: null as number | null }
  const recent = (list: number[], value: number) => {
    list.push(value)
    if (list.length > pagesBeforeDeciding) list.shift()
  }
  const sum = (list: number[]) => list.reduce((total, value) => total + value, 0)
  /** The last three pages each waited for Graph, and waited three times longer than they were written. */
  const waitsForGraph = () =>
    pace.waitingMs.length === pagesBeforeDeciding && Math.min(...pace.waitingMs) >= waitForGraphMs && sum(pace.waitingMs) >= 3 * sum(pace.writingMs)
  /** Rows written (and committed or about to be) whose search entry is not built yet. */
  let toIndex: number[] = []
  /** Time spent in SQLite for this pass (writes, commits, indexing, deletes), for the sync log and bench:sync. */
  let busyMs = 0
  const timed = <T>(work: () => T): T => {
    const started = performance.now()
    try {
      return work()
    } finally {
      busyMs += performance.now() - started
    }
  }

  /**
   * Ends the open transaction, and in every case leaves this writer holding none: a technician's write
   * calls this first (commitOpenBulkWrite), so a writer that still thought itself open after SQLite
   * rolled back on a full disk made every later write fail ("cannot commit - no transaction is active")
   * until a restart. The statement that met the full disk has already failed the pass.
   */
  const commit = () => {
    if (!open) return
    open = false
    sinceCommit = 0
    openWriters.delete(db)
    if (!bulk.inTransaction()) return
    try {
      bulk.commit()
    } catch (error) {
      // A COMMIT that failed (full disk) can leave the transaction open: end it, or it would hold the next write.
      if (bulk.inTransaction()) bulk.rollback()
      throw error
    }
  }
  const begin = () => {
    if (open) return
    bulk.begin()
    open = true
    openWriters.set(db, commit)
  }
  const indexSearch = async () => {
    const rowids = toIndex
    toIndex = []
    for (let start = 0; start < rowids.length; start += indexRowsPerSlice) {
      timed(() => indexer.indexRows(rowids.slice(start, start + indexRowsPerSlice)))
      await yieldToOtherCalls()
    }
  }

  /**
   * After a first load: the B-trees, one sort each with a yield between them (at 1M rows the id index
   * takes 1.3–1.4 s, the longest wait a technician's change can meet, and the other three 1.6–1.7 s
   * together), then the trigram index by rowid range, in slices inside large transactions (each
   * commit makes FTS5 write and later merge one more segment).
   */
  const buildAfterFirstLoad = async () => {
    for (const buildIndex of bulk.secondaryIndexSteps()) {
      timed(buildIndex)
      await yieldToOtherCalls()
    }
    // Rows the technician saved during the load were indexed without buckets (catch-all): bucketSearchIndex moves them.
    // Buckets already chosen (a build that failed part-way, finished later) stay: rows indexed under them keep their keys.
    if (!timed(() => hasBuckets(db))) timed(() => chooseBuckets(db))
    await bySerialSlices(indexer.indexSerials)
    markSearchBehind(db, false)
  }
  /** `work` over the serial order a few buckets at a time (in FTS key order), in slices inside large transactions. */
  const bySerialSlices = async (work: (lo: string, hi: string | Buffer) => number, only = (_lo: string, _hi: string | Buffer) => true) => {
    for (const [lo, hi] of timed(() => bucketSlices(db, Math.max(1, Math.round(indexRowsPerSlice / rowsPerBucket))))) {
      if (!timed(() => only(lo, hi))) continue
      timed(() => {
        begin()
        sinceCommit += work(lo, hi)
        if (sinceCommit >= firstLoadRowsPerCommit) commit()
      })
      await yieldToOtherCalls()
    }
    timed(commit)
  }
  /**
   * A cache with rows but no serial buckets (upgraded from schema 6, or a first load cut short by a
   * crash) keys its search entries under the catch-all, which the dense-word plan cannot use: after a
   * complete sync, buckets are chosen and the catch-all's entries re-keyed, in slices inside large
   * transactions like the build after a first load. A crash part-way leaves the rest in the
   * catch-all (and FTS5's tombstone merges off), and the next sync goes on with them; so do rows
   * saved during a first load. Then the index is merged into one segment, also in slices.
   */
  const bucketSearchIndex = async () => {
    if (bulk.isEmpty()) return
    if (!hasBuckets(db)) timed(() => chooseBuckets(db))
    if (!timed(() => indexer.hasCatchAll())) return
    timed(() => indexer.setDeleteMerge(false))
    // Only the slices holding catch-all rows (a first load's few saved rows need not re-index a million).
    await bySerialSlices(indexer.rekeySerials, indexer.hasCatchAllIn)
    timed(() => {
      begin()
      indexer.setDeleteMerge(true)
      commit()
    })
    // The old entries' segments, all tombstones now, still cost every search until merged away.
    for (let more = true; more;) {
      more = timed(() => {
        begin()
        const left = indexer.mergeStep(mergePagesPerSlice)
        commit()
        return left
      })
      await yieldToOtherCalls()
    }
  }

  /** Gives the connection its own page cache back after a first load (a no-op otherwise). */
  const restoreCacheSize = () => {
    if (cacheSizeBefore === null) return
    bulk.setCacheSize(cacheSizeBefore)
    cacheSizeBefore = null
  }

  /**
   * Builds the indexes over the rows so far; from now on each page is indexed as it is written. Such a
   * load waits on Graph, not on SQLite: it goes on with the connection's own cache.
   */
  const startIndexingAsItLoads = async () => {
    timed(commit)
    await buildAfterFirstLoad()
    restoreCacheSize()
    firstLoad = false
    indexingAsItLoads = true
    // For the merges in the waits from now on (mergeWhileWaiting).
    timed(indexer.mergeLevelsOfTwo)
  }

  return {
    async write(rows: DeviceRow[], runId: string, syncedAt: string) {
      const startedAt = clock()
      if (pace.lastEnd !== null) recent(pace.waitingMs, startedAt - pace.lastEnd)
      // Watched at every page, not only the first three: those came while the app was starting (the
      // window, a browser), and a load once judged bound by SQLite that then waits on Graph page after
      // page would otherwise leave its list unsorted and its search blind to the end (bench:ui-sync).
      if (firstLoad && waitsForGraph()) await startIndexingAsItLoads()
      if (firstLoad === null) {
        firstLoad = bulk.isEmpty()
        loadedEmptyTable = firstLoad
        if (firstLoad) {
          cacheSizeBefore = bulk.cacheSize()
          bulk.setCacheSize(-firstLoadCacheKiB)
          begin()
          bulk.dropSecondaryIndexes()
          // The serial ranges are chosen over the rows this load brings.
          clearBuckets(db)
          // Text searches miss this load's rows until the index is built (after the last page, or after three if Graph is slow).
          markSearchBehind(db, true)
        }
      }
      const perCommit = firstLoad ? firstLoadRowsPerCommit : rowsPerCommit
      for (let start = 0; start < rows.length; start += rowsPerSlice) {
        const slice = rows.slice(start, start + rowsPerSlice)
        const full = timed(() => {
          begin()
          // A first load's rows are new: the insert-first path. Any other pass upserts (most of its rows exist).
          const written = loadedEmptyTable ? devices.loadMany(slice, runId, syncedAt) : devices.upsertMany(slice, runId, syncedAt)
          // Until a first load decides to index as it loads, its rows are indexed by range at the end.
          if (!firstLoad) toIndex.push(...written)
          sinceCommit += slice.length
          if (sinceCommit < perCommit) return false
          commit()
          return true
        })
        if (full) await indexSearch()
        await yieldToOtherCalls()
      }
      if (indexingAsItLoads) {
        // Searchable before the next page comes: the last bucket split first, its moved entries re-indexed with the page.
        timed(commit)
        toIndex.push(...timed(() => extendBuckets(db)))
        await indexSearch()
      }
      pace.lastEnd = clock()
      recent(pace.writingMs, pace.lastEnd - startedAt)
    },
    /** Commits and makes every written row searchable (after a first load: builds the indexes). */
    async finish() {
      try {
        timed(commit)
        if (firstLoad) {
          await buildAfterFirstLoad()
          firstLoad = false
        }
        await indexSearch()
        // An earlier first load whose end build failed (a full disk, say) left its rows unindexed and the
        // list saying so. A later pass indexes only what it writes, so it finishes that build here rather
        // than leave search blind to those rows until the next start's repair.
        if (!loadedEmptyTable && isSearchBehind(db)) await buildAfterFirstLoad()
      } catch (error) {
        // A build that failed inside one of its transactions (a full disk) must not leave it open on the
        // connection, where the next sync's first BEGIN would fail: keep what fits, or roll it back.
        try {
          commit()
        } catch {
          // commit() has rolled it back; the error that stopped the build is the one to report.
        }
        throw error
      } finally {
        // Also after a failed build: the worker does not keep a first load's cache for the rest of the session.
        restoreCacheSize()
      }
    },
    /**
     * While a first load that indexes as it loads waits for Graph's next page: merges the search index's
     * segments a step at a time until none is left to merge or the page has come (`arrived`), so the next
     * page's flush, the last page's included, no longer carries FTS5's own merges (idleMergeStep). The
     * last page of 5,000 devices took ~5 ms less, of 100,000 ~10 ms (issue 19, docs/benchmarks.md). Each
     * step is a transaction of its own, and other calls (searches, a technician's write) run between steps.
     */
    async mergeWhileWaiting(arrived: () => boolean): Promise<void> {
      if (!indexingAsItLoads || open) return
      for (let more = true; more;) {
        await yieldToOtherCalls()
        if (arrived()) return
        more = timed(() => indexer.idleMergeStep(idleMergePagesPerStep))
      }
    },
    /** After a complete pass: keys the search index in serial buckets if the cache has none yet (bucketSearchIndex). */
    bucketSearchIndex,
    /** Deletes rows the completed pass did not see, in rowid ranges so no slice scans the whole table. */
    async deleteNotSeen(runId: string): Promise<number> {
      commit()
      const max = bulk.maxRowid()
      let removed = 0
      for (let from = 0; from < max; from += 20_000) {
        removed += timed(() => bulk.deleteNotSeenBetween(from, from + 20_000, runId))
        bumpDeviceGeneration(db)
        await yieldToOtherCalls()
      }
      return removed
    },
    /** After a failure: keep what was written (nothing is deleted by an interrupted pass). */
    abort: commit,
    /** Seconds spent in SQLite so far (not waiting for pages, not yielding). */
    busySeconds: () => busyMs / 1000,
    /** Whether this pass loaded an empty table (indexes built at the end, or as it went). */
    isFirstLoad: () => loadedEmptyTable,
    /** Whether this first load waited for Graph and so indexed each page as it came. */
    isIndexingAsItLoads: () => indexingAsItLoads,
  }
}
