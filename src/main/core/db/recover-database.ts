import Database from 'better-sqlite3'
import { renameSync, existsSync, rmSync } from 'node:fs'
import { migrate, latestSchemaVersion, userMadeTables } from './migrations'
import { applyPragmas } from './pragmas'
import { ensurePrivateFile } from '../private-files'

/**
 * Rebuilds a corrupt database. The device cache is rebuildable from Intune (next sync), but the
 * outbox, audit log, attempts and preferences were made by people and exist nowhere else: we copy
 * every row SQLite can still read into a fresh file, row by row, so one bad page loses as little
 * as possible. The corrupt file is kept beside it for support.
 */
export function recoverDatabase(file: string, problems: string[], now: Date) {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const corruptCopy = `${file}.corrupt-${stamp}`
  renameSync(file, corruptCopy)
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, corruptCopy + suffix)
  }
  const salvaged = salvage(corruptCopy)
  ensurePrivateFile(file) // 0600 before SQLite opens it (private-files.ts)
  const fresh = new Database(file)
  applyPragmas(fresh)
  migrate(fresh, latestSchemaVersion)
  const keptRows: Record<string, number> = {}
  const lostTables: string[] = []
  for (const table of userMadeTables) {
    const rows = salvaged.get(table)
    if (!rows) {
      lostTables.push(table)
      continue
    }
    keptRows[table] = insertRows(fresh, table, rows)
  }
  fresh.close()
  rmSync(`${file}-wal`, { force: true })
  return { corruptCopy, keptRows, lostTables, problems }
}

type Row = Record<string, unknown>

function salvage(file: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch {
    return out
  }
  for (const table of userMadeTables) {
    const rows = readTable(db, table)
    if (rows) out.set(table, rows)
  }
  db.close()
  return out
}

/** Reads by rowid ranges so an unreadable page only costs the rows on it. */
function readTable(db: Database.Database, table: string): Row[] | null {
  try {
    return db.prepare(`SELECT * FROM ${table}`).all() as Row[]
  } catch {
    // fall through to the slower row-by-row read
  }
  const rows: Row[] = []
  try {
    const max = (db.prepare(`SELECT max(rowid) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0
    const one = db.prepare(`SELECT * FROM ${table} WHERE rowid = ?`)
    for (let id = 1; id <= Math.min(max, 1_000_000); id++) {
      try {
        const row = one.get(id) as Row | undefined
        if (row) rows.push(row)
      } catch {
        // unreadable row: skipped
      }
    }
    return rows
  } catch {
    return null
  }
}

function insertRows(db: Database.Database, table: string, rows: Row[]): number {
  const columns = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name))
  let kept = 0
  db.transaction(() => {
    for (const row of rows) {
      const names = Object.keys(row).filter((name) => columns.has(name))
      const sql = `INSERT OR IGNORE INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`
      try {
        kept += db.prepare(sql).run(...names.map((n) => row[n])).changes
      } catch {
        // a row that violates the fresh schema is dropped; the corrupt copy still has it
      }
    }
  })()
  return kept
}
