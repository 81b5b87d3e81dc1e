import type Database from 'better-sqlite3'

/**
 * The trigram index keyed in serial order (migration 7). FTS5 returns matches in rowid order, and a
 * word in a quarter of a million rows that all sit in one stretch of the serial order ("elitebook":
 * HP's '5CG' serials) had to be enumerated whole (≈ 100 ms) to find the first page. So each entry's
 * FTS rowid is `(bucket << 40) + device rowid`, where the bucket is a range of serials:
 *
 * - `search_buckets` holds each bucket's first serial; bucket numbers ascend with it, so a row's
 *   bucket never decreases along the list's order (serial_number, id in BINARY collation);
 * - a search reads matches bucket by bucket from the bucket of the cursor (`MATCH … AND rowid >= …`,
 *   which FTS5 answers by seeking), and sorts only the few buckets a page needs exactly, in SQL;
 * - bucket 0 is the catch-all: rows indexed before any buckets existed (an upgraded cache until its
 *   next sync re-keys them, a cache that has only ever held a few saved devices). Its matches are in
 *   no order, so a search adds them to every candidate set (or gives up when there are many);
 * - a row whose text changed after indexing (search_dirty 2) keeps its old entry, under the bucket of
 *   its old serial, until re-indexed: searches find those through a partial index and add them too.
 *
 * Buckets are chosen only when no row is keyed under one (search_buckets empty), so every keyed
 * entry agrees with the current boundaries; after that only extendBuckets adds any (splitting the last
 * bucket), and it marks the entries it moves for re-indexing. Device rowids stay below 2^40 (one per device ever seen).
 */
export const bucketShift = 40
/** Rows per bucket when choosing them: a page of a word in every row of a stretch reads ~2 buckets. */
export const rowsPerBucket = 250

/** The bucket of a serial under the current boundaries (0 when there are none): one B-tree seek. */
export const bucketOf = (serial: string) =>
  `coalesce((SELECT bucket FROM search_buckets WHERE first_serial <= ${serial} ORDER BY first_serial DESC LIMIT 1), 0)`

/** A devices row's FTS rowid, under the bucket it is keyed by now. */
export const keyOf = (table = 'devices') => `((${table}.search_bucket << ${bucketShift}) + ${table}.rowid)`

/** The device rowid inside an FTS rowid. */
export const deviceRowidOf = (ftsRowid: string) => `(${ftsRowid} & ${2 ** bucketShift - 1})`

export const hasBuckets = (db: Database.Database): boolean => db.prepare('SELECT 1 FROM search_buckets LIMIT 1').get() !== undefined

/**
 * Chooses the boundaries over the rows present: every `rowsPerBucket`-th serial of the serial index,
 * the first bucket starting at '' so every serial has one. Only valid while no row is keyed under a
 * bucket, which holds whenever search_buckets is empty (rows take bucket 0 then, and the table is
 * emptied only with the devices: clearBuckets). Returns how many buckets it made.
 */
export function chooseBuckets(db: Database.Database, spacing = rowsPerBucket): number {
  return db.transaction(() => {
    db.exec('DELETE FROM search_buckets')
    db.prepare("INSERT INTO search_buckets (first_serial, bucket) VALUES ('', 1)").run()
    return addBoundaries(db, { serial: '', bucket: 1 }, spacing, false).bucket
  })()
}

/**
 * Boundaries after the bucket starting at `from`, stepping through the serial index `spacing` entries at
 * a time (rows 0, spacing, 2 × spacing… from its first row): no row reaches JavaScript but the
 * boundaries. A serial that starts two buckets starts one (all its rows go there). `fullOnly`: no
 * boundary with fewer than `spacing` rows from it on. Returns the last bucket number and the first
 * serial added (null: none).
 */
function addBoundaries(db: Database.Database, from: { serial: string; bucket: number }, spacing: number, fullOnly: boolean) {
  const insert = db.prepare('INSERT OR IGNORE INTO search_buckets (first_serial, bucket) VALUES (?, ?)')
  const nth = db.prepare('SELECT serial_number, id FROM devices WHERE (serial_number, id) > (?, ?) ORDER BY serial_number, id LIMIT 1 OFFSET ?').raw()
  let bucket = from.bucket
  let firstNew: string | null = null
  // Rows of the bucket's first serial sort after (serial, ''): the first key is `spacing` rows on from its first row.
  for (
    let key = nth.get(from.serial, '', spacing) as [string, string] | undefined;
    key;
    key = nth.get(key[0], key[1], spacing - 1) as [string, string] | undefined
  ) {
    if (fullOnly && spacing > 1 && !nth.get(key[0], key[1], spacing - 2)) break
    if (insert.run(key[0], bucket + 1).changes === 0) continue
    bucket++
    firstNew ??= key[0]
  }
  return { bucket, firstNew }
}

/**
 * Splits the last bucket every `spacing` rows, as chooseBuckets would have cut it, but only into full
 * buckets (the last one keeps `spacing` to 2 × `spacing` rows): a load that indexes each page as it
 * comes (bulk-writer.ts) keeps buckets of about `spacing` rows while Graph pages arrive in serial order
 * (its keyset paging). Rows that arrive below the last bucket land in the buckets already there,
 * which grow.
 *
 * The entries already keyed under the last bucket with a serial in a new bucket (a device a technician
 * saved during the load, beyond the serials loaded so far; rows that came out of order) are marked
 * search_dirty 2, as if their text had changed: re-indexing them deletes the entry under the old key
 * and inserts it under the new one, and until then searches treat them as rows whose entry is behind
 * (device-bucket-plan.ts). Returns those rows' rowids, for the caller to index.
 */
export function extendBuckets(db: Database.Database, spacing = rowsPerBucket): number[] {
  return db.transaction((): number[] => {
    const last = db.prepare('SELECT first_serial AS serial, bucket FROM search_buckets ORDER BY first_serial DESC LIMIT 1').get() as
      { serial: string; bucket: number } | undefined
    if (!last) return []
    // Only full buckets: a lone row far above the rest (a device saved mid-load) must not start the last
    // one, or every row loaded below it later would pile into the bucket before, which is never split.
    const { firstNew } = addBoundaries(db, last, spacing, true)
    if (firstNew === null) return []
    return db
      .prepare('UPDATE devices SET search_dirty = 2 WHERE serial_number >= ? AND search_bucket = ? AND search_dirty = 0 RETURNING rowid')
      .pluck()
      .all(firstNew, last.bucket) as number[]
  })()
}

/** Forgets the boundaries; only while devices is empty (a first load), so no entry is keyed under them. */
export const clearBuckets = (db: Database.Database): void => void db.exec('DELETE FROM search_buckets')

/** Sorts after every text value (SQLite orders all BLOBs after all TEXT): the open end of the last slice. */
export const afterEverySerial = Buffer.from([0xff])

/**
 * The serial order cut into slices of `bucketsPerSlice` buckets, as [first serial, next slice's first
 * serial or afterEverySerial): what the index build and the re-key walk through, in key order.
 */
export function bucketSlices(db: Database.Database, bucketsPerSlice: number): Array<[string, string | Buffer]> {
  const firsts = db.prepare('SELECT first_serial FROM search_buckets ORDER BY first_serial').pluck().all() as string[]
  const slices: Array<[string, string | Buffer]> = []
  for (let k = 0; k < firsts.length; k += bucketsPerSlice) slices.push([firsts[k]!, firsts[k + bucketsPerSlice] ?? afterEverySerial])
  return slices
}
