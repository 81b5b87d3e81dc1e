import type Database from 'better-sqlite3'
import type { DeviceCursor, DeviceSummary } from '@shared/device-schemas'
import { searchIndexColumns } from './devices-search-index'
import { keyOf } from './device-search-buckets'

/**
 * A search word found in a third of a million rows ("contoso", "ldn"): enumerating every FTS match
 * to sort them costs 30–65 ms, but walking the serial index in order and testing each row meets 100
 * matches after ~300 rows (< 1 ms). The test is exactly the FTS5 trigram match for that row:
 *
 * - the trigram tokenizer (case_sensitive 0, remove_diacritics 0, migrations.ts) folds each code
 *   point on its own and a phrase of n ≥ 3 characters matches n − 2 trigrams at consecutive
 *   positions of one column: a substring of one folded column;
 * - for a printable-ASCII word, an `instr` of it in SQLite's `lower()` (ASCII only, no ICU) of a
 *   column is therefore a match (the matched characters are ASCII, folded the same way);
 * - no `instr` hit is a miss unless a non-ASCII character of the row folds to ASCII — only U+212A
 *   KELVIN SIGN and U+017F LONG S do (device-search-plans.test.ts checks every code point against
 *   the bundled SQLite); such rows, and rows whose index entry is behind their text
 *   (search_dirty 2), ask the FTS index itself for that one rowid;
 * - a row never indexed (search_dirty 1) has no FTS entry, so it is no match.
 *
 * The walk reads at most `budget` index entries; when they hold too few matches (the word clusters
 * elsewhere in serial order, e.g. one OEM's model) it returns null and the caller uses the FTS plan.
 */
export const foldsToAscii = ['\u212a', '\u017f']

// The walk's test must cover exactly the columns the index holds.
const searchColumns = searchIndexColumns
// The row's entry is keyed by the bucket it was indexed under (device-search-buckets.ts).
const probe = `EXISTS (SELECT 1 FROM devices_fts WHERE devices_fts MATCH @phrase AND rowid = ${keyOf()})`
const hit = `CASE
    WHEN search_dirty = 1 THEN 0
    WHEN search_dirty <> 0 THEN ${probe}
    WHEN ${searchColumns.map((c) => `instr(lower(${c}), @word)`).join(' OR ')} THEN 1
    WHEN (${searchColumns.join(' || ')}) GLOB '*[${foldsToAscii.join('')}]*' THEN ${probe}
    ELSE 0 END`

/** Printable ASCII only: control characters and anything beyond take the FTS plan. */
export const walkableWord = (text: string): boolean => /^[\x20-\x7e]+$/.test(text)

/** Most index entries a walk reads (≈ 0.9 µs each at 1M rows with the row lookups) before it gives up. */
export const maxWalkRows = 8000

export function createDenseWalk(db: Database.Database, summaryColumns: string) {
  const statements = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare(sql)))
    return s
  }

  /**
   * Up to `limit + 1` matches of `word` in serial order, after `after` or from the `offset`-th match,
   * exactly as the FTS phrase would select them; null if `budget` index entries were not enough.
   */
  return function walk(word: string, phrase: string, limit: number, after: DeviceCursor | null, offset: number, budget: number): DeviceSummary[] | null {
    const keyset = after ? 'AND (serial_number, id) > (@afterSerial, @afterId)' : ''
    const cursor = after ? { afterSerial: after.serialNumber, afterId: after.id } : {}
    // The key `budget` entries on: the walk stops before it (an index-only read, no row lookups).
    const end = statement(`SELECT serial_number AS serialNumber, id FROM devices WHERE 1 ${keyset} ORDER BY serial_number, id LIMIT 1 OFFSET @budget`).get({
      ...cursor,
      budget,
    }) as DeviceCursor | undefined
    const bound = end ? 'AND (serial_number, id) < (@endSerial, @endId)' : ''
    const rows = statement(
      `SELECT ${summaryColumns} FROM devices WHERE 1 ${keyset} ${bound} AND (${hit}) ORDER BY serial_number, id LIMIT @limit OFFSET @offset`,
    ).all({
      ...cursor,
      ...(end ? { endSerial: end.serialNumber, endId: end.id } : {}),
      word: word.toLowerCase(),
      phrase,
      limit: limit + 1,
      offset,
    }) as DeviceSummary[]
    // Short of a full page before the bound: the rest may lie beyond it.
    return rows.length <= limit && end ? null : rows
  }
}
