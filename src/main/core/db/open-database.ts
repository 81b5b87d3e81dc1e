import Database from 'better-sqlite3'
import { existsSync, statSync, rmSync } from 'node:fs'
import { migrate, latestSchemaVersion, schemaVersionOf, userMadeTables } from './migrations'
import { recoverDatabase } from './recover-database'
import { applyPragmas } from './pragmas'
import { ensurePrivateFile, tightenFile } from '../private-files'
import { clearDamageMarker, readDamageMarker } from './damage-marker'

export { applyPragmas } from './pragmas'

export interface OpenReport {
  schemaVersion: number
  migratedFrom: number | null
  backupPath: string | null
  /**
   * What was checked before the database was used. 'quick-user-tables' (a clean start): the schema and
   * the user-made tables, which exist nowhere else; the rebuildable device cache is checked after
   * start, in the background (`cacheCheckPending`, cache-check.ts). 'full': integrity_check of the
   * whole file, for `fullCheckBecause`.
   */
  check: 'quick-user-tables' | 'full'
  /** The previous run did not close cleanly, the last run's cache check found damage (or could not run: damage-marker.ts), or a migration is due. Null at a clean start. */
  fullCheckBecause: 'unclean-exit' | 'cache-check-marked' | 'upgrade' | null
  /** The device cache has not been checked yet: the caller runs the background check (db-client). */
  cacheCheckPending: boolean
  recovered: { corruptCopy: string; keptRows: Record<string, number>; lostTables: string[] } | null
}

export interface OpenOptions {
  /** The previous run did not close cleanly: run the full integrity_check of the whole file before use. */
  uncleanExit: boolean
  now?: () => Date
}

/** No problems, or the first ones SQLite reports. */
export function checkIntegrity(db: Database.Database, full: boolean): string[] {
  return problemsOf(db, full ? 'integrity_check(20)' : 'quick_check(20)')
}

/**
 * The clean-start check: only what people made and what cannot be rebuilt. `PRAGMA quick_check(T)`
 * checks the B-tree of table T and of each of its indexes, with quick_check's row checks (NOT NULL,
 * index entry counts); `quick_check(sqlite_schema)` checks the schema table and the freelist
 * (sqlite.org/pragma.html#pragma_integrity_check; sqlite3.c PragTyp_INTEGRITY_CHECK and
 * sqlite3BtreeIntegrityCheck: a named table puts only its own B-trees in the list, and the freelist
 * only with the schema). Preparing the pragma parses the whole schema, so an unreadable schema is a
 * problem here too. Under 1 ms per table, against 1.9 s for quick_check of a 1M-device file (issue 19).
 *
 * Why this is safe: everything else in the file is the device cache (devices, its search index,
 * profiles, users, everything synced from Graph). It is checked a moment later by a read-only
 * connection in another thread (cache-check.ts), and damage there is rebuilt at the next start by a
 * re-sync from Intune, keeping these tables (recover-database.ts).
 */
export function checkUserTables(db: Database.Database): string[] {
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[])
  const tables = ['sqlite_schema', ...userMadeTables.filter((table) => present.has(table))]
  return tables.flatMap((table) => problemsOf(db, `quick_check(${table})`)).slice(0, 20)
}

/** The rows of an integrity pragma (`quick_check(…)`, `integrity_check(…)`): none when SQLite says ok. */
export function problemsOf(db: Database.Database, pragma: string): string[] {
  const rows = db.pragma(pragma) as Array<Record<string, string>>
  const messages = rows.map((row) => Object.values(row)[0] ?? '')
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}

/**
 * Opens (creating if needed) the tenant's database: pragmas, integrity check, backup, migrations.
 * A corrupt file is moved aside and rebuilt, keeping the user-made tables (recover-database.ts).
 * After a clean exit only the schema and user-made tables are checked here (checkUserTables); the
 * caller then checks the cache in the background (report.cacheCheckPending).
 */
export function openDatabase(file: string, options: OpenOptions): { db: Database.Database; report: OpenReport } {
  removeOrphanedWal(file)
  // The file exists 0600 before SQLite opens it: SQLite gives -wal, -shm and -journal the mode of
  // their database file, so they are 0600 too, now and whenever it recreates them (private-files.ts).
  ensurePrivateFile(file)
  const marker = readDamageMarker(file)
  let recovered: OpenReport['recovered'] = null
  let db = tryOpen(file)
  const fullCheckBecause: OpenReport['fullCheckBecause'] = options.uncleanExit
    ? 'unclean-exit'
    : marker
      ? 'cache-check-marked'
      : // A migration reads and rewrites cache tables (and VACUUM INTO copies every page): check them all first.
        db && schemaVersionOf(db) > 0 && schemaVersionOf(db) < latestSchemaVersion
        ? 'upgrade'
        : null
  const check = fullCheckBecause ? 'full' : 'quick-user-tables'
  const problems = db ? safeCheck(() => (check === 'full' ? checkIntegrity(db!, true) : checkUserTables(db!))) : ['file is not a database']
  if (problems.length > 0) {
    db?.close()
    recovered = recoverDatabase(file, problems, options.now?.() ?? new Date())
    db = new Database(file)
  }
  const opened = db as Database.Database
  applyPragmas(opened)
  // Left by an older version, before the database file was private.
  for (const suffix of ['-wal', '-shm']) tightenFile(`${file}${suffix}`)
  let backupPath: string | null = null
  const from = migrate(opened, latestSchemaVersion, (version) => {
    if (version === 0) return
    backupPath = `${file}.v${version}.bak`
    rmSync(backupPath, { force: true })
    // VACUUM INTO writes a consistent, compact copy from inside the open connection.
    opened.prepare('VACUUM INTO ?').run(backupPath)
    tightenFile(backupPath) // a new database file: SQLite made it with the default mode
  })
  // Checked fully (and rebuilt if it had to be): the finding is dealt with.
  if (marker) clearDamageMarker(file)
  return {
    db: opened,
    report: {
      schemaVersion: latestSchemaVersion,
      migratedFrom: from === latestSchemaVersion ? null : from,
      backupPath,
      check,
      fullCheckBecause,
      cacheCheckPending: check === 'quick-user-tables' && recovered === null,
      recovered,
    },
  }
}

/** Closes the connection after letting SQLite refresh its query-planner statistics (PRAGMA optimize). */
export function closeDatabase(db: Database.Database): void {
  db.pragma('optimize')
  db.close()
}

function tryOpen(file: string): Database.Database | null {
  try {
    const db = new Database(file)
    db.pragma('user_version') // forces SQLite to read the header
    return db
  } catch {
    return null
  }
}

function safeCheck(run: () => string[]): string[] {
  try {
    return run()
  } catch (error) {
    return [(error as Error).message]
  }
}

/** A -wal/-shm pair without its database (or beside an empty one) would be replayed into a fresh file. */
function removeOrphanedWal(file: string): void {
  const mainMissing = !existsSync(file) || statSync(file).size === 0
  if (!mainMissing) return
  rmSync(`${file}-wal`, { force: true })
  rmSync(`${file}-shm`, { force: true })
}
