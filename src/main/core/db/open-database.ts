import Database from 'better-sqlite3'
import { existsSync, statSync, rmSync } from 'node:fs'
import { migrate, latestSchemaVersion } from './migrations'
import { recoverDatabase } from './recover-database'
import { applyPragmas } from './pragmas'
import { ensurePrivateFile, tightenFile } from '../private-files'

export { applyPragmas } from './pragmas'

export interface OpenReport {
  schemaVersion: number
  migratedFrom: number | null
  backupPath: string | null
  check: 'quick' | 'full'
  recovered: { corruptCopy: string; keptRows: Record<string, number>; lostTables: string[] } | null
}

export interface OpenOptions {
  /** The previous run did not close cleanly: run the full integrity_check instead of quick_check. */
  uncleanExit: boolean
  now?: () => Date
}

/** `ok` or the first problems SQLite reports. */
export function checkIntegrity(db: Database.Database, full: boolean): string[] {
  const rows = db.pragma(full ? 'integrity_check(20)' : 'quick_check(20)') as Array<Record<string, string>>
  const messages = rows.map((row) => Object.values(row)[0] ?? '')
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}

/**
 * Opens (creating if needed) the tenant's database: pragmas, integrity check, backup, migrations.
 * A corrupt file is moved aside and rebuilt, keeping the user-made tables (recover-database.ts).
 */
export function openDatabase(file: string, options: OpenOptions): { db: Database.Database; report: OpenReport } {
  removeOrphanedWal(file)
  // The file exists 0600 before SQLite opens it: SQLite gives -wal, -shm and -journal the mode of
  // their database file, so they are 0600 too, now and whenever it recreates them (private-files.ts).
  ensurePrivateFile(file)
  const check = options.uncleanExit ? 'full' : 'quick'
  let recovered: OpenReport['recovered'] = null
  let db = tryOpen(file)
  const problems = db ? safeCheck(db, check === 'full') : ['file is not a database']
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
  return {
    db: opened,
    report: {
      schemaVersion: latestSchemaVersion,
      migratedFrom: from === latestSchemaVersion ? null : from,
      backupPath,
      check,
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

function safeCheck(db: Database.Database, full: boolean): string[] {
  try {
    return checkIntegrity(db, full)
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
