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
