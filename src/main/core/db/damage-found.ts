/**
 * Damage met by an ordinary request. At a clean start the device cache is checked after the app is
 * ready (cache-check.ts); a search, a page read or a sync write can reach a damaged page first. SQLite
 * then fails that statement with SQLITE_CORRUPT (or SQLITE_NOTADB when the header is gone). That is
 * the same finding the background check would make, so it is handled the same way: the database
 * worker writes the damage marker and the core raises the notice (db-worker.worker.ts, create-core.ts),
 * and the request answers `db-damaged` in plain words instead of SQLite's message.
 *
 * The hook lives here, not in each method, because methods turn errors into answers in many places
 * (a sync records its failure, a refresh answers from the cache with a notice, delivery reschedules):
 * all of them go through toEnvelopeError, which calls reportDamage.
 */

/** better-sqlite3 names the extended result code: SQLITE_CORRUPT, SQLITE_CORRUPT_VTAB (FTS5), _INDEX, _SEQUENCE; SQLITE_NOTADB. */
export const isCorruption = (error: unknown): boolean => {
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
}

/** The request's own message (the error code's text says what to do): what happened, with SQLite's code for support. */
export const damagedRequestMessage = (error: unknown): string =>
  `A damaged part of the database file was met while doing this (${String((error as { code?: unknown }).code)}). ` +
  'It has been noted: the next start checks the whole database and repairs it.'

let reporter: ((error: Error) => void) | null = null

/** The database worker's handler for damage found by a request; nowhere else sets one (the core's thread has no SQLite). */
export function onDamageFound(handler: ((error: Error) => void) | null): void {
  reporter = handler
}

/** Tells the handler about a corruption error; anything else is ignored. Never throws: it runs while an error is being answered. */
export function reportDamage(error: unknown): void {
  if (!reporter || !isCorruption(error)) return
  try {
    reporter(error as Error)
  } catch {
    // the handler logs its own failures; the request's answer must still go out
  }
}
