import Database from 'better-sqlite3'
import { userMadeTables } from './migrations'
import { writeDamageMarker } from './damage-marker'
import { problemsOf } from './open-database'
import { isCorruption } from './damage-found'

/**
 * The check of the device cache after start (issue 19: first launch to a searchable list ≤ 1 s). At a
 * clean start openDatabase checks only the schema and the user-made tables (checkUserTables); this
 * runs the same whole-file `PRAGMA quick_check` the start used to run, on its own read-only
 * connection in its own thread (cache-check.worker.ts), while the database worker already answers.
 * WAL lets a reader work beside the writer without blocking it: the check reads one snapshot, the
 * database worker keeps reading and writing (a checkpoint just stops at the check's snapshot until
 * it ends).
 *
 * Why checking the cache late is safe: nothing in it was made on this PC. Devices, their search
 * index, profiles, users and the rest are copies of Intune/Entra and are re-synced; what people made
 * (outbox, audit log, attempts, preferences, …) was checked before first use. Damage found here is
 * recorded beside the database (damage-marker.ts), so the next start runs the full integrity_check
 * and rebuilds the cache keeping the user-made rows (recover-database.ts); until then the technician
 * is told to restart.
 */
export interface CacheCheckResult {
  /** 'not-checked': the check itself failed to run (not a finding); the next start checks fully anyway. */
  outcome: 'ok' | 'damaged' | 'not-checked'
  /** SQLite's first problems, or why the check did not run. */
  problems: string[]
  /** Tables and indexes the problems name, where SQLite says which (by name or by root page). */
  damaged: string[]
  /** A user-made table (or one of its indexes) is among them: recovery keeps what can still be read of it. */
  userMadeDamaged: boolean
  ms: number
}

/** Checks the whole file on a read-only connection; never writes to the database. */
export function checkCache(dbFile: string): CacheCheckResult {
  const started = performance.now()
  const done = (outcome: CacheCheckResult['outcome'], problems: string[], damaged: string[] = [], userMadeDamaged = false): CacheCheckResult => ({
    outcome,
    problems,
    damaged,
    userMadeDamaged,
    ms: Math.round(performance.now() - started),
  })
  let db: Database.Database | null = null
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    let messages: string[]
    try {
      messages = problemsOf(db, 'quick_check(20)')
    } catch (error) {
      // SQLite stops the whole check at a page it cannot read (SQLITE_CORRUPT): find which tables, one by one.
      if (!isCorruption(error)) throw error
      const found = tablesFailing(db)
      return done('damaged', [(error as Error).message, ...found.problems].slice(0, 20), ...userMade(found.names))
    }
    if (messages.length === 0) return done('ok', [])
    return done('damaged', messages, ...userMade(namesIn(db, messages)))
  } catch (error) {
    const message = (error as Error).message
    // SQLITE_CORRUPT, SQLITE_NOTADB: the file itself is the finding. Anything else (busy, I/O, gone) is not.
    return isCorruption(error) ? done('damaged', [message], [], true) : done('not-checked', [message])
  } finally {
    db?.close()
  }
}

/** Checks, and records anything but `ok` beside the database so the next start runs the full check. */
export function runCacheCheck(dbFile: string, now: () => Date = () => new Date()): CacheCheckResult {
  const result = checkCache(dbFile)
  if (result.outcome !== 'ok') writeDamageMarker(dbFile, { foundAt: now().toISOString(), problems: result.problems })
  return result
}

type SchemaObject = { name: string; tbl_name: string; rootpage: number | null; type: string }

/** Names → [sorted names, whether a user-made table is among them]. Null: the schema is unreadable, so user-made data may be hit. */
function userMade(found: Map<string, string> | null): [string[], boolean] {
  if (!found) return [[], true]
  const tables = new Set<string>(userMadeTables)
  return [[...found.keys()].sort(), [...found.values()].some((table) => tables.has(table))]
}

function schemaOf(db: Database.Database): SchemaObject[] | null {
  try {
    return db.prepare('SELECT name, tbl_name, rootpage, type FROM sqlite_schema').all() as SchemaObject[]
  } catch {
    return null
  }
}

/** "Tree 7 page 12 …" names a B-tree by its root page; index and FTS5 problems name the object. Map: name → its table. */
function namesIn(db: Database.Database, messages: string[]): Map<string, string> | null {
  const objects = schemaOf(db)
  if (!objects) return null
  const byRoot = new Map(objects.map((o) => [o.rootpage, o]))
  const byName = new Map(objects.map((o) => [o.name, o]))
  const found = new Map<string, string>()
  for (const message of messages) {
    for (const match of message.matchAll(/Tree (\d+) page/g)) {
      const object = byRoot.get(Number(match[1]))
      if (object) found.set(object.name, object.tbl_name)
    }
    for (const match of message.matchAll(/(?:in index|FTS5 table (?:\w+\.)?)\s*(\w+)/g)) {
      const object = byName.get(match[1]!)
      if (object) found.set(object.name, object.tbl_name)
    }
  }
  return found
}

/** quick_check(T) of each table (its B-tree and its indexes): the ones that fail or report problems. */
function tablesFailing(db: Database.Database): { names: Map<string, string> | null; problems: string[] } {
  const objects = schemaOf(db)
  if (!objects) return { names: null, problems: [] }
  const names = new Map<string, string>()
  const problems: string[] = []
  for (const { name } of objects.filter((o) => o.type === 'table' && o.rootpage)) {
    let found: string[]
    try {
      found = problemsOf(db, `quick_check("${name.replaceAll('"', '""')}")`)
    } catch (error) {
      found = [(error as Error).message]
    }
    if (found.length === 0) continue
    names.set(name, name)
    problems.push(...found.map((problem) => `${name}: ${problem}`))
  }
  return { names, problems }
}
