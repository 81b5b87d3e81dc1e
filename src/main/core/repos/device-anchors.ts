import type Database from 'better-sqlite3'
import type { DeviceCursor } from '@shared/device-schemas'

/**
 * Jumping to row N of a million-row list: keyset paging cannot seek by position and OFFSET walks N
 * index entries (≈70 ms at the end of 1M rows). We keep every 1000th key of the serial order in
 * memory and walk at most 999 entries from the nearest one. The anchors are rebuilt (one index scan)
 * only when the table changed since they were taken.
 */
const spacing = 1000
/** Beyond this rowid the rank array (4 bytes per rowid) is not kept; searches then sort in SQL. */
const maxRankedRowid = 16_000_000
const generations = new WeakMap<Database.Database, number>()
/** When each connection's devices last moved (performance.now()). */
const changedAt = new WeakMap<Database.Database, number>()
/**
 * Stale anchors are rebuilt only once the table has been still this long. While a sync writes (a page
 * every 0.3–1 s from Graph), a rebuild per page, a walk of the whole serial index (~0.4 s at 1M rows),
 * took the worker from the sync each time the list showed a window past the top (1M devices at 300 ms:
 * 1.37 of the latency floor in bench:ui-sync); the walk to the one position (OFFSET over the covering
 * index, ≤ 16 ms at the end of 1M rows) answers instead.
 */
const stillForMs = 1000
interface Anchors {
  generation: number
  anchors: DeviceCursor[]
  /** rowid → position in serial order, taken in the same walk (device-search.ts sorts matches with it). */
  ranks: Int32Array | null
}
const cache = new WeakMap<Database.Database, Anchors>()
const maxRowid = (db: Database.Database) => (db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM devices').get() as { m: number }).m
const newRanks = (db: Database.Database) => {
  const max = maxRowid(db)
  return max <= maxRankedRowid ? new Int32Array(max + 1) : null
}

/** Any insert, delete or serial change of devices moves positions: callers that do one bump this. */
export function bumpDeviceGeneration(db: Database.Database): void {
  generations.set(db, (generations.get(db) ?? 0) + 1)
  changedAt.set(db, performance.now())
}

/**
 * The walk reads only rowids (from the covering serial index) and looks up a key every `spacing` rows:
 * a string pair and an object per row made it 4× slower (1.8–2.7 s instead of 0.43–0.50 s at 1M rows).
 */
const keyOfRowid = (db: Database.Database) => db.prepare('SELECT serial_number AS serialNumber, id FROM devices WHERE rowid = ?')

function anchorsFor(db: Database.Database): DeviceCursor[] {
  const generation = generations.get(db) ?? 0
  const cached = cache.get(db)
  if (cached && cached.generation === generation) return cached.anchors
  const anchors: DeviceCursor[] = []
  const ranks = newRanks(db)
  const keyOf = keyOfRowid(db)
  let index = 0
  for (const rowid of db.prepare('SELECT rowid FROM devices ORDER BY serial_number, id').pluck().iterate() as IterableIterator<number>) {
    if (index % spacing === 0) anchors.push(keyOf.get(rowid) as DeviceCursor)
    if (ranks) ranks[rowid] = index
    index++
  }
  cache.set(db, { generation, anchors, ranks })
  return anchors
}

/**
 * Each device's position in serial order by rowid, if taken since the last change (after a sync
 * they are warmed with the anchors); null when stale. Never rebuilt here: a search must not wait
 * for a walk of the whole table.
 */
export function serialRanks(db: Database.Database): Int32Array | null {
  const cached = cache.get(db)
  return cached && cached.generation === (generations.get(db) ?? 0) ? cached.ranks : null
}

/**
 * Takes the anchors in slices with yields in between, so a fresh 1M-row cache does not make the
 * first jump after a sync wait a second. Kept only if nothing changed meanwhile.
 */
export async function warmAnchors(db: Database.Database, yieldToOthers: () => Promise<void>, sliceRows = 50_000): Promise<void> {
  const generation = generations.get(db) ?? 0
  if (cache.get(db)?.generation === generation) return
  const next = db.prepare(`SELECT rowid FROM devices WHERE (serial_number, id) > (?, ?) ORDER BY serial_number, id LIMIT ${sliceRows}`).pluck()
  const keyOf = keyOfRowid(db)
  const anchors: DeviceCursor[] = []
  // Sized now: a row added later bumps the generation, and then nothing below is kept.
  const ranks = newRanks(db)
  let index = 0
  let last: DeviceCursor = { serialNumber: '', id: '' }
  for (;;) {
    const rowids = next.all(last.serialNumber, last.id) as number[]
    for (const rowid of rowids) {
      if (index % spacing === 0) anchors.push(keyOf.get(rowid) as DeviceCursor)
      if (ranks) ranks[rowid] = index
      index++
    }
    if (rowids.length < sliceRows) break
    last = keyOf.get(rowids[rowids.length - 1]) as DeviceCursor
    await yieldToOthers()
    if ((generations.get(db) ?? 0) !== generation) return
  }
  // The first slice starts after ('', ''): serials are never empty, so no row is skipped.
  cache.set(db, { generation, anchors, ranks })
}

/** The key of the row at `position` in serial order (unfiltered list), or null past the end. */
export function keyAtPosition(db: Database.Database, position: number): DeviceCursor | null {
  const fresh = cache.get(db)?.generation === (generations.get(db) ?? 0)
  if (!fresh && performance.now() - (changedAt.get(db) ?? -Infinity) < stillForMs && hasSerialIndex(db)) {
    return (
      (db.prepare('SELECT serial_number AS serialNumber, id FROM devices ORDER BY serial_number, id LIMIT 1 OFFSET ?').get(position) as
        DeviceCursor | undefined) ?? null
    )
  }
  const anchors = anchorsFor(db)
  const anchor = anchors[Math.floor(position / spacing)]
  if (!anchor) return null
  const offset = position % spacing
  if (offset === 0) return anchor
  return (
    (db
      .prepare(
        `SELECT serial_number AS serialNumber, id FROM devices WHERE (serial_number, id) >= (?, ?)
    ORDER BY serial_number, id LIMIT 1 OFFSET ?`,
      )
      .get(anchor.serialNumber, anchor.id, offset) as DeviceCursor | undefined) ?? null
  )
}

/**
 * A first load builds the serial index after its last page (sync/bulk-writer.ts). Without it an OFFSET
 * sorts the whole table (2.8 s at 900,000 rows), twice what the anchors' walk costs.
 */
const hasSerialIndex = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'devices_by_serial'").get() !== undefined

const counts = new WeakMap<Database.Database, { generation: number; count: number }>()

/** count(*) walks a whole index (≈10 ms at 1M rows); the list asks on every page, so remember it per generation. */
export function deviceCount(db: Database.Database): number {
  const generation = generations.get(db) ?? 0
  const cached = counts.get(db)
  if (cached && cached.generation === generation) return cached.count
  const count = (db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number }).n
  counts.set(db, { generation, count })
  return count
}
