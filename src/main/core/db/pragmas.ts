import type Database from 'better-sqlite3'

/** The connection settings every open uses (first open and recovery alike). */
export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
}
