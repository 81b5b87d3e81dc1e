import Database from 'better-sqlite3'
import { userMadeTables } from './migrations'
import { writeDamageMarker } from './damage-marker'
import { problemsOf } from './open-database'
import { isCorruption } from './damage-found'

/**
 * The check of the device cache after start (issue 19: first launch to a searchable list ≤ 1 s). At a
 * clean start openDatabase checks only the schema and the user-made tables (checkUserTables); this
 * checks the whole file as the `PRAGMA quick_check` the start used to run did, in short steps
 * (checkCache), on its own read-only connection in its own thread (cache-check.worker.ts), while the
 * database worker already answers.
 * WAL lets a reader work beside the writer without blocking it: each step reads one snapshot, the
 * database worker keeps reading and writing (a checkpoint just stops at the step's snapshot until
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
  /** The tables (with their indexes) whose step found problems. */
  damaged: string[]
  /** A user-made table (or one of its indexes) is among them: recovery keeps what can still be read of it. */
  userMadeDamaged: boolean
  ms: number
}

/** What the check's thread says (cache-check.worker.ts): it has started checking, then its result. */
export type CacheCheckMessage = { type: 'started' } | { type: 'result'; result: CacheCheckResult }

/**
 * Checks the whole file on a read-only connection, in short steps; never writes to the database.
 *
 * Why steps and not one `PRAGMA quick_check`: a thread cannot be stopped inside a SQLite call
 * (worker.terminate() lands when the thread is back in JavaScript), and quitting in the first seconds
 * waited for the rest of a 2 s call at 1M devices. Each step below returns to JavaScript, so a stop
 * lands at the end of the current step: at most the largest table's quick_check (0.34 s at 1M).
 * Together they check what the one pragma did:
 * - `quick_check(sqlite_schema)`: the schema table and the freelist;
 * - `quick_check(T)` for each ordinary table (the FTS5 shadow tables among them): T's B-tree and its
 *   indexes, with quick_check's row checks;
 * - the page accounting the whole-file pragma adds (every page in exactly one B-tree or the freelist),
 *   by walking dbstat a row at a time;
 * - FTS5: every term and doclist of the index, read through an fts5vocab table a row at a time, instead
 *   of FTS5's own integrity check (one 1.5 s call at 1M). What that leaves out: FTS5's cross-check of
 *   its term index (_idx) against its leaves, whose pages quick_check(_idx) still reads; damage there a
 *   search meets is reported by that search (damage-found.ts).
 * Other virtual tables get `quick_check(V)`, their module's own check, in one step.
 */
export function checkCache(dbFile: string): CacheCheckResult {
  const started = performance.now()
  const done = (outcome: CacheCheckResult['outcome'], problems: string[], damaged: string[] = [], userMadeDamaged = false): CacheCheckResult => ({
    outcome,
    problems: problems.slice(0, 20),
    damaged: [...new Set(damaged)].sort(),
    userMadeDamaged,
    ms: Math.round(performance.now() - started),
  })
  let db: Database.Database | null = null
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    // Each step reads its own snapshot (WAL): the database worker writes meanwhile, and each step is
    // consistent in itself. Not one transaction around all of them: after SQLITE_CORRUPT SQLite fails
    // every later read of the same transaction, which would hide what the other steps would find.
    const objects = schemaOf(db)
    if (!objects) return done('damaged', ['the schema could not be read'], [], true)
    const connection = db
    const problems = problemsOf(connection, 'quick_check(sqlite_schema)')
    const damaged: string[] = []
    const step = (table: string, check: () => string[]) => {
      const found = stepProblems(check)
      if (found.length === 0) return
      damaged.push(table)
      problems.push(...found.map((problem) => `${table}: ${problem}`))
    }
    const quickCheck = (table: string) => () => problemsOf(connection, `quick_check(${quoted(table)})`)
    const tables = objects.filter((o) => o.type === 'table')
    for (const { name } of tables.filter((o) => o.rootpage)) step(name, quickCheck(name))
    // A tree that cannot be read was named above; counting its pages would only repeat it.
    if (damaged.length === 0) problems.push(...pageAccounting(connection))
    for (const { name, sql } of tables.filter((o) => !o.rootpage)) {
      step(name, /USING\s+fts5\b/i.test(sql ?? '') ? () => readFts5Index(connection, name) : quickCheck(name))
    }
    if (problems.length === 0) return done('ok', [])
    const userMade = new Set<string>(userMadeTables)
    return done(
      'damaged',
      problems,
      damaged,
      damaged.some((table) => userMade.has(table)),
    )
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

type SchemaObject = { name: string; tbl_name: string; rootpage: number | null; type: string; sql: string | null }

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`

function schemaOf(db: Database.Database): SchemaObject[] | null {
  try {
    return db.prepare('SELECT name, tbl_name, rootpage, type, sql FROM sqlite_schema').all() as SchemaObject[]
  } catch {
    return null
  }
}

/** A step's problems; SQLite stops a step at a page it cannot read (SQLITE_CORRUPT): that is its problem. */
function stepProblems(step: () => string[]): string[] {
  try {
    return step()
  } catch (error) {
    if (!isCorruption(error)) throw error
    return [(error as Error).message]
  }
}

/**
 * What the whole-file quick_check adds to the per-table ones: every page is in exactly one B-tree
 * (dbstat lists each tree's pages, overflow pages included) or on the freelist. A row at a time, so a
 * stop lands between rows. The freelist is counted, not listed (this build of SQLite has no
 * sqlite_dbpage to read its pages with): a page both free and in a tree shows as one page too many,
 * unless another page went missing from the count at the same time. An auto-vacuum file also has
 * pointer-map pages; ours never turn it on, so such a file is only checked for pages used twice.
 */
function pageAccounting(db: Database.Database): string[] {
  // The counts and the walk from one snapshot: the database worker may grow the file meanwhile.
  db.exec('BEGIN')
  try {
    return countPages(db)
  } catch (error) {
    if (!isCorruption(error)) throw error
    return [(error as Error).message]
  } finally {
    db.exec('ROLLBACK')
  }
}

function countPages(db: Database.Database): string[] {
  const pageCount = db.pragma('page_count', { simple: true }) as number
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const freelist = db.pragma('freelist_count', { simple: true }) as number
  const seen = new Uint8Array(pageCount + 1)
  const problems: string[] = []
  let used = 0
  for (const [page, name] of db.prepare('SELECT pageno, name FROM dbstat').raw().iterate() as IterableIterator<[number, string]>) {
    if (page < 1 || page > pageCount) problems.push(`${name}: page ${page} is past the end of the file`)
    else if (seen[page]) problems.push(`${name}: 2nd reference to page ${page}`)
    else {
      seen[page] = 1
      used++
    }
    if (problems.length >= 20) return problems
  }
  // SQLite never uses the page holding byte 2^30 (its lock bytes) when the file reaches it.
  const lockPage = Math.floor(0x40000000 / pageSize) + 1
  const expected = pageCount - freelist - (lockPage <= pageCount ? 1 : 0)
  const autoVacuum = db.pragma('auto_vacuum', { simple: true }) !== 0
  if (used < expected && !autoVacuum) problems.push(`${expected - used} pages never used`)
  // More pages in B-trees than the file has room for beside its freelist: a page is in both.
  if (used > expected) problems.push(`${used - expected} pages both in a B-tree and on the freelist`)
  return problems
}

/** Reads every term and doclist of an FTS5 index, a term at a time; FTS5 fails the read (SQLITE_CORRUPT_VTAB) where its records are damaged. */
function readFts5Index(db: Database.Database, table: string): string[] {
  const vocab = quoted(`cache_check_vocab_${table}`)
  db.exec(`CREATE VIRTUAL TABLE temp.${vocab} USING fts5vocab(main, ${quoted(table)}, 'row')`)
  try {
    // Each row is one term: FTS5 merges its doclists from every segment and counts its positions.
    for (const _row of db.prepare(`SELECT term FROM temp.${vocab}`).raw().iterate()) void _row
    return []
  } finally {
    db.exec(`DROP TABLE temp.${vocab}`)
  }
}
