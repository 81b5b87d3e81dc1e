import type Database from 'better-sqlite3'

/** The connection settings every open uses (first open and recovery alike). */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  // Reads straight from the mapped file instead of copying each page through a read() call: fetching
  // thousands of matched rows for a search at 1M devices took 8.4 ms instead of 6.3 ms (issue 19,
  // docs/benchmarks.md). An upper bound on address space, not memory; SQLite maps on demand.
  db.pragma('mmap_size = 1073741824')
}

/**
 * For tests of a full disk (worker hook `test.cap-database`): the file may grow only `extraPages`
 * pages past its size now, and writes beyond fail with SQLITE_FULL as on a full disk; null lifts the cap.
 */
export function capDatabasePages(db: Database.Database, extraPages: number | null): void {
  const pages = db.pragma('page_count', { simple: true }) as number
  db.pragma(`max_page_count = ${extraPages === null ? 4294967294 : pages + Math.max(0, Math.floor(extraPages))}`)
}
