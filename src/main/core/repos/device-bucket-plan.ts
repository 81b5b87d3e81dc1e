import type Database from 'better-sqlite3'
import type { DeviceCursor, DeviceSummary } from '@shared/device-schemas'
import { bucketShift, deviceRowidOf } from './device-search-buckets'

/** Catch-all rows a search adds to every candidate set; beyond this many the FTS plan is cheaper. */
export const maxExtraRows = 1000

/**
 * A page of a word with more matches than the count cap, from the trigram index keyed in serial order
 * (device-search-buckets.ts): the matches are read bucket by bucket from the cursor's bucket (FTS5
 * seeks to it), until the buckets read hold the page; only those buckets' matches are looked up and
 * sorted, in SQL, bounded above by the first serial of the next bucket holding a match. Exact:
 *
 * - an indexed row keyed under bucket b ≥ 1 has a serial in b's range, so every match between the
 *   cursor and that bound is in a bucket read, except catch-all rows — those are added to the
 *   candidates (few, or the plan gives up: null);
 * - a row whose entry is behind its text (search_dirty 2) may sit under its old serial's bucket: while
 *   there is one (between a sync's commit and its indexing slice) the plan gives up;
 * - from a position (no cursor) the matches before it are counted by bucket, which is exact only
 *   without catch-all matches: otherwise null.
 *
 * Null also when the page came out short before the bound (rows changed under the plan): the caller
 * then uses the FTS plan.
 */
export function createBucketPlan(db: Database.Database, summaryColumns: string) {
  const anyBucket = db.prepare('SELECT 1 FROM search_buckets LIMIT 1')
  const catchAll = db
    .prepare(`SELECT ${deviceRowidOf('rowid')} FROM devices_fts WHERE devices_fts MATCH ? AND rowid < ${2 ** bucketShift} LIMIT ${maxExtraRows + 1}`)
    .pluck()
  /** Through the partial index devices_search_changed: one seek. */
  const anyChanged = db.prepare('SELECT 1 FROM devices WHERE search_dirty = 2 LIMIT 1')
  const bucketAt = db.prepare('SELECT bucket FROM search_buckets WHERE first_serial <= ? ORDER BY first_serial DESC LIMIT 1').pluck()
  const firstSerialOf = db.prepare('SELECT first_serial FROM search_buckets WHERE bucket = ?').pluck()
  const matches = db.prepare(`SELECT rowid >> ${bucketShift}, ${deviceRowidOf('rowid')} FROM devices_fts WHERE devices_fts MATCH ? AND rowid >= ?`).raw()
  const pageSql = (keyset: boolean, bound: boolean) =>
    `SELECT ${summaryColumns} FROM (SELECT value AS r FROM json_each(@ids)) AS j CROSS JOIN devices ON devices.rowid = j.r
    WHERE 1 ${keyset ? 'AND (serial_number, id) > (@afterSerial, @afterId)' : ''} ${bound ? 'AND serial_number < @bound' : ''}
    ORDER BY serial_number, id LIMIT @limit OFFSET @offset`
  const pages = new Map<string, Database.Statement>()
  const page = (keyset: boolean, bound: boolean) => {
    const sql = pageSql(keyset, bound)
    let statement = pages.get(sql)
    if (!statement) pages.set(sql, (statement = db.prepare(sql)))
    return statement
  }

  /** Up to `limit + 1` matches of `phrase` in serial order after `after`, or from the `offset`-th match; null: use the FTS plan. */
  return function bucketPage(phrase: string, limit: number, after: DeviceCursor | null, offset: number): DeviceSummary[] | null {
    if (!anyBucket.get()) return null
    const extras = catchAll.all(phrase) as number[]
    if (extras.length > maxExtraRows) return null
    // Entries behind their rows' text: asking FTS5 about each one costs ~0.5 ms (it reads the phrase's doclists
    // again per probe), and they last only until the sync's next indexing slice.
    if (anyChanged.get()) return null
    if (offset > 0 && extras.length > 0) return null
    const from = after ? ((bucketAt.get(after.serialNumber) as number | undefined) ?? 1) : 1
    // Matches needed from whole buckets: past the cursor's bucket (whose rows may lie before the cursor), or up to the position.
    const needed = after ? limit + 1 : offset + limit + 1
    const ids: number[] = []
    let counted = 0
    let current = -1
    /** Where in `ids` the buckets from the one holding the position start, and how many matches lie before them. */
    let firstUsed = 0
    let before = 0
    let stop: number | null = null
    for (const [bucket, rowid] of matches.iterate(phrase, BigInt(from) << BigInt(bucketShift)) as IterableIterator<[number, number]>) {
      if (bucket !== current) {
        if (counted >= needed) {
          stop = bucket
          break
        }
        current = bucket
        if (!after && counted <= offset) {
          firstUsed = ids.length
          before = counted
        }
      }
      ids.push(rowid)
      if (!after || bucket !== from) counted++
    }
    const bound = stop === null ? null : ((firstSerialOf.get(stop) as string | undefined) ?? null)
    if (stop !== null && bound === null) return null
    const candidates = ids.slice(firstUsed).concat(extras)
    const rows = page(after !== null, bound !== null).all({
      ids: JSON.stringify(candidates),
      ...(after ? { afterSerial: after.serialNumber, afterId: after.id } : {}),
      ...(bound !== null ? { bound } : {}),
      limit: limit + 1,
      offset: after ? 0 : offset - before,
    }) as DeviceSummary[]
    return rows.length <= limit && bound !== null ? null : rows
  }
}
