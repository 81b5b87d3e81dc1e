import type Database from 'better-sqlite3'
import type { DeviceCursor } from '@shared/device-schemas'

/**
 * Jumping to row N of a million-row list: keyset paging cannot seek by position and OFFSET walks N
 * index entries (≈70 ms at the end of 1M rows). We keep every 1000th key of the serial order in
 * memory and walk at most 999 entries from the nearest one. The anchors are rebuilt (one index scan)
 * only when the table changed since they were taken.
 */
const spacing = 1000
const generations = new WeakMap<Database.Database, number>()
const cache = new WeakMap<Database.Database, { generation: number; anchors: DeviceCursor[] }>()

/** Any insert or delete of devices moves positions: callers that change row counts bump this. */
export function bumpDeviceGeneration(db: Database.Database): void {
  generations.set(db, (generations.get(db) ?? 0) + 1)
}

function anchorsFor(db: Database.Database): DeviceCursor[] {
  const generation = generations.get(db) ?? 0
  const cached = cache.get(db)
  if (cached && cached.generation === generation) return cached.anchors
  const anchors: DeviceCursor[] = []
  let index = 0
  for (const row of db
    .prepare('SELECT serial_number AS serialNumber, id FROM devices ORDER BY serial_number, id')
    .iterate() as IterableIterator<DeviceCursor>) {
    if (index % spacing === 0) anchors.push(row)
    index++
  }
  cache.set(db, { generation, anchors })
  return anchors
}

/**
 * Takes the anchors in slices with yields in between, so a fresh 1M-row cache does not make the
 * first jump after a sync wait a second. Kept only if nothing changed meanwhile.
 */
export async function warmAnchors(db: Database.Database, yieldToOthers: () => Promise<void>, sliceRows = 50_000): Promise<void> {
  const generation = generations.get(db) ?? 0
  if (cache.get(db)?.generation === generation) return
  const next = db.prepare(`SELECT serial_number AS serialNumber, id FROM devices WHERE (serial_number, id) > (?, ?)
    ORDER BY serial_number, id LIMIT ${sliceRows}`)
  const anchors: DeviceCursor[] = []
  let index = 0
  let last: DeviceCursor = { serialNumber: '', id: '' }
  for (;;) {
    const rows = next.all(last.serialNumber, last.id) as DeviceCursor[]
    for (const row of rows) {
      if (index % spacing === 0) anchors.push(row)
      index++
    }
    if (rows.length < sliceRows) break
    last = rows[rows.length - 1]!
    await yieldToOthers()
    if ((generations.get(db) ?? 0) !== generation) return
  }
  // The first slice starts after ('', ''): serials are never empty, so no row is skipped.
  cache.set(db, { generation, anchors })
}

/** The key of the row at `position` in serial order (unfiltered list), or null past the end. */
export function keyAtPosition(db: Database.Database, position: number): DeviceCursor | null {
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
