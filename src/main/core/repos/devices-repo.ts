import type Database from 'better-sqlite3'
import type { DeviceSummary, ListDevicesResponse, DeviceCursor } from '@shared/device-schemas'
import { countCap, searchFilter, searchText, type SearchFilter } from './device-search'
import { createSearchIndexer } from './devices-search-index'
import { createDenseWalk, maxWalkRows, walkableWord } from './device-dense-walk'
import { createBucketPlan } from './device-bucket-plan'
import { deviceRowidOf } from './device-search-buckets'
import { bumpDeviceGeneration, deviceCount, keyAtPosition, serialRanks } from './device-anchors'
import { isSearchBehind } from './search-coverage'
import { ensureIdIndex, idIndexCheck } from './devices-bulk-repo'
import type { DeviceRowFull } from '../card/card-facts'

/** A device as the cache stores it (derived columns only, no raw JSON copy). */
export interface DeviceRow {
  id: string
  serialNumber: string
  manufacturer: string
  model: string
  groupTag: string
  purchaseOrder: string
  userPrincipalName: string
  addressableUserName: string
  displayName: string
  profileStatus: DeviceSummary['profileStatus']
  /**
   * Graph's `deploymentProfileAssignmentStatus` as sent ('' when absent): `profileStatus` is the admin center's word,
   * which shows assignedInSync, assignedOutOfSync and assignedUnkownSyncState all as Assigned.
   */
  profileAssignmentStatus: string
  profileAssignedAt: string | null
  enrollmentState: string
  remediationState: string
  profileId: string
  userlessEnrollmentStatus: string
  managedDeviceId: string
  entraDeviceId: string
  lastContactedAt: string | null
}

const summaryColumns = `id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag,
  user_principal_name AS userPrincipalName, display_name AS displayName, profile_status AS profileStatus,
  enrollment_state AS enrollmentState, synced_at AS syncedAt`

export function createDevicesRepo(db: Database.Database) {
  /** The written columns, in the order of `values()` below. */
  const columns = [
    'id',
    'serial_number',
    'manufacturer',
    'model',
    'group_tag',
    'purchase_order',
    'user_principal_name',
    'addressable_user_name',
    'display_name',
    'profile_status',
    'profile_assignment_status',
    'profile_id',
    'profile_assigned_at',
    'enrollment_state',
    'remediation_state',
    'userless_enrollment_status',
    'managed_device_id',
    'entra_device_id',
    'last_contacted_at',
    'synced_at',
    'seen_in_run',
  ]
  /** What a write does to a device the cache holds (`excluded`: the values written). */
  const updateSet = `serial_number = excluded.serial_number, manufacturer = excluded.manufacturer,
      model = excluded.model, group_tag = excluded.group_tag, purchase_order = excluded.purchase_order,
      user_principal_name = excluded.user_principal_name, addressable_user_name = excluded.addressable_user_name,
      display_name = excluded.display_name, profile_status = excluded.profile_status,
      profile_assignment_status = excluded.profile_assignment_status,
      profile_assigned_at = excluded.profile_assigned_at, enrollment_state = excluded.enrollment_state,
      remediation_state = excluded.remediation_state, userless_enrollment_status = excluded.userless_enrollment_status,
      managed_device_id = excluded.managed_device_id, entra_device_id = excluded.entra_device_id,
      last_contacted_at = excluded.last_contacted_at,
      -- The list has no profile id (only GET by id with $expand does): keep the one we know, unless
      -- Intune now says no profile is assigned (a group tag whose group has none): the old id named a
      -- profile beside "Not assigned" on the card, and readiness judged by it.
      profile_id = CASE WHEN excluded.profile_id <> '' THEN excluded.profile_id
        WHEN excluded.profile_status = 'notAssigned' THEN '' ELSE devices.profile_id END,
      search_dirty = CASE
        WHEN devices.search_dirty = 1 THEN 1
        WHEN devices.serial_number IS NOT excluded.serial_number OR devices.user_principal_name IS NOT excluded.user_principal_name
          OR devices.group_tag IS NOT excluded.group_tag OR devices.model IS NOT excluded.model
          OR devices.manufacturer IS NOT excluded.manufacturer OR devices.display_name IS NOT excluded.display_name THEN 2
        ELSE devices.search_dirty END,
      synced_at = excluded.synced_at, seen_in_run = COALESCE(excluded.seen_in_run, devices.seen_in_run)`
  const insertSql = `INSERT INTO devices (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  /**
   * Prepared when first needed: its conflict target is the unique id index, which a first load drops
   * until its end build (devices-bulk-repo.ts), and SQLite refuses to prepare an upsert without it.
   */
  let upsertStatement: Database.Statement | undefined
  const upsert = () => (upsertStatement ??= db.prepare(`${insertSql} ON CONFLICT (id) DO UPDATE SET ${updateSet} RETURNING rowid, search_dirty AS dirty`))
  /**
   * The upsert's update without its conflict target, for a technician's save while a first load has the
   * id index dropped: it finds the device by reading every row (tens of ms at 1M rows, as a serial lookup
   * does then) instead of building the index (a second or more) while the technician waits.
   */
  const updateFound = db.prepare(`UPDATE devices SET ${updateSet}
    FROM (SELECT ${columns.map((column) => `? AS ${column}`).join(', ')}) AS excluded
    WHERE devices.id = excluded.id RETURNING rowid, search_dirty AS dirty`)
  /**
   * A first load writes with a plain INSERT (no conflict target to resolve, nothing returned) and
   * falls back to the upsert only for an id it already holds (once the id index exists): the same rows,
   * 1–2.5 CPU seconds less at 1M rows (issue 19). Without the id index a device listed twice, or saved
   * by a technician and then listed, is inserted twice, and the end build keeps the later row.
   */
  const insertNew = db.prepare(insertSql)
  /** Positional binding: measurably cheaper than named parameters for the sync's hot loop. */
  const values = (r: DeviceRow, runId: string | null, syncedAt: string) => [
    r.id,
    r.serialNumber,
    r.manufacturer,
    r.model,
    r.groupTag,
    r.purchaseOrder,
    r.userPrincipalName,
    r.addressableUserName,
    r.displayName,
    r.profileStatus,
    r.profileAssignmentStatus,
    r.profileId,
    r.profileAssignedAt,
    r.enrollmentState,
    r.remediationState,
    r.userlessEnrollmentStatus,
    r.managedDeviceId,
    r.entraDeviceId,
    r.lastContactedAt,
    syncedAt,
    runId,
  ]
  const idIndexed = idIndexCheck(db)
  type Written = { rowid: number; dirty: number }
  const write = (r: DeviceRow, runId: string | null, syncedAt: string, indexed: boolean): Written => {
    const args = values(r, runId, syncedAt)
    if (indexed) return upsert().get(args) as Written
    return (updateFound.get(args) as Written | undefined) ?? { rowid: Number(insertNew.run(args).lastInsertRowid), dirty: 1 }
  }
  const getOne = db.prepare(`SELECT ${summaryColumns} FROM devices WHERE id = ?`)
  const getFull = db.prepare(`SELECT id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name, addressable_user_name,
    display_name, profile_status, profile_assignment_status, profile_id, profile_assigned_at, enrollment_state, remediation_state,
    userless_enrollment_status, managed_device_id, entra_device_id, last_contacted_at, synced_at FROM devices WHERE id = ?`)
  const bySerial = db.prepare(`SELECT ${summaryColumns} FROM devices WHERE serial_number = ? COLLATE NOCASE ORDER BY id LIMIT 2`)
  const indexer = createSearchIndexer(db)
  const serialOf = db.prepare('SELECT serial_number FROM devices WHERE id = ?').pluck()
  const serialAsCached = db.prepare('SELECT serial_number FROM devices WHERE serial_number = ? COLLATE NOCASE LIMIT 1').pluck()
  /** Up to one past the cap: all matches when there are few, or proof that there are many. */
  const matchRowids = db.prepare(`SELECT ${deviceRowidOf('rowid')} FROM devices_fts WHERE devices_fts MATCH ? LIMIT ${countCap + 1}`).pluck()
  const rowsByRowid = db.prepare(`SELECT rowid, ${summaryColumns} FROM devices WHERE rowid IN (SELECT value FROM json_each(?))`)
  /** The keyset test exactly as the SQL list applies it (SQLite's BINARY order, not JavaScript's). */
  const isAfter = db.prepare('SELECT (serial_number, id) > (?, ?) FROM devices WHERE rowid = ?').pluck()
  const denseWalk = createDenseWalk(db, summaryColumns)
  const bucketPage = createBucketPlan(db, summaryColumns)
  const countAll = () => deviceCount(db)
  /** Total for the list: exact without a search, capped (with a flag) with one. */
  const totalFor = (filter: SearchFilter | null) => {
    if (!filter) return { total: countAll(), totalCapped: false }
    const n = (db.prepare(filter.countSql).get(filter.params) as { n: number }).n
    return n > countCap ? { total: countCap, totalCapped: true } : { total: n, totalCapped: false }
  }

  const repo = {
    /**
     * Bulk path (sync). Returns the rowids whose search entry must be (re)built; they become
     * searchable once the caller hands them to the search indexer.
     */
    upsertMany: db.transaction((rows: DeviceRow[], runId: string | null, syncedAt: string): number[] => {
      // A pass over a cache that has rows writes with the id index (only a first load stopped before its build, by a crash or a full disk, leaves it unbuilt).
      if (!idIndexed()) ensureIdIndex(db)
      const dirty: number[] = []
      for (const row of rows) {
        const written = write(row, runId, syncedAt, true)
        if (written.dirty !== 0) dirty.push(written.rowid)
      }
      bumpDeviceGeneration(db)
      return dirty
    }),
    /**
     * Bulk path of a first load (rows new to the table): the same writes as upsertMany, and the same
     * rowids to index. A load that indexes by range at the end ignores them; one that indexes as it
     * loads hands them to the indexer (sync/bulk-writer.ts). About 2.4× faster per row than the upsert
     * with the serial and group-tag B-trees in place (issue 19).
     */
    loadMany: db.transaction((rows: DeviceRow[], runId: string, syncedAt: string): number[] => {
      const dirty: number[] = []
      for (const row of rows) {
        const args = values(row, runId, syncedAt)
        try {
          dirty.push(Number(insertNew.run(args).lastInsertRowid))
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error
          const written = upsert().get(args) as { rowid: number; dirty: number }
          if (written.dirty !== 0) dirty.push(written.rowid)
        }
      }
      bumpDeviceGeneration(db)
      return dirty
    }),
    /** Single-row path (scan refresh, verified writes): saved and searchable in one transaction. */
    save: db.transaction((rows: DeviceRow[], syncedAt: string) => {
      const indexed = idIndexed()
      // Refreshing a known device moves no row: only a new one or a new serial shifts positions (anchors, ranks, count).
      const moves = rows.some((row) => serialOf.get(row.id) !== row.serialNumber)
      const dirty = rows
        .map((row) => write(row, null, syncedAt, indexed))
        .filter((w) => w.dirty !== 0)
        .map((w) => w.rowid)
      if (moves) bumpDeviceGeneration(db)
      indexer.indexRows(dirty)
    }),
    get: (id: string) => (getOne.get(id) as DeviceSummary | undefined) ?? null,
    /** Every stored column of one device, as the table names them (the card and its online checks). */
    getRow: (id: string) => (getFull.get(id) as DeviceRowFull | undefined) ?? null,
    count: countAll,
    /** Exact, case-insensitive serial lookup; serials are not unique across OEMs, so callers get every match (max 2). */
    findBySerial: (serial: string) => bySerial.all(serial.trim()) as DeviceSummary[],
    /**
     * The cached serial that is these digits with zeros in front ("12345" → "0012345"), if any: what
     * Excel leaves of a numeric serial it read as a number. Up to `longest` characters, one index look each.
     */
    serialWithLeadingZeros: (digits: string, longest: number): string | null => {
      for (let padded = `0${digits}`; padded.length <= longest; padded = `0${padded}`) {
        const found = serialAsCached.get(padded) as string | undefined
        if (found !== undefined) return found
      }
      return null
    },
    remove: (id: string) => {
      const changes = db.prepare('DELETE FROM devices WHERE id = ?').run(id).changes
      bumpDeviceGeneration(db)
      return changes
    },
    /** Deletes rows a complete sync pass did not see. Only call after a pass that reached the last page. */
    deleteNotSeenIn: (runId: string) => {
      const changes = db.prepare('DELETE FROM devices WHERE seen_in_run IS NOT ?').run(runId).changes
      bumpDeviceGeneration(db)
      return changes
    },
    /**
     * A page in serial order: after a keyset cursor, or starting at an absolute `position` (the
     * virtualized list jumping anywhere; anchors make that cheap for the unfiltered list).
     */
    list(search: string, limit: number, after: DeviceCursor | null, position: number | null = null): ListDevicesResponse {
      const filter = searchFilter(search)
      if (!filter?.phrase) return listWhere(filter, limit, after, position)
      const page = listMatches({ ...filter, phrase: filter.phrase }, search, limit, after, position)
      // One or two characters read the serial column itself, which a first load's rows are in from the start.
      return isSearchBehind(db) ? { ...page, searchBehind: true } : page
    },
  }
  return repo

  /** A page of a text search (three characters and more) through the trigram index, by the plan its match count calls for. */
  function listMatches(
    filter: SearchFilter & { phrase: string },
    search: string,
    limit: number,
    after: DeviceCursor | null,
    position: number | null,
  ): ListDevicesResponse {
    const rowids = matchRowids.all(filter.phrase) as number[]
    if (rowids.length > countCap) {
      const capped = { total: countCap, totalCapped: true }
      const offset = position !== null && position > 0 ? position : 0
      // The index keyed in serial buckets (device-bucket-plan.ts); without buckets, the walk that tests rows.
      const dense =
        bucketPage(filter.phrase, limit, offset > 0 ? null : after, offset) ?? listDense(searchText(search), filter.phrase, rowids, limit, after, offset)
      if (dense) return pageOf(dense, limit, capped)
      // Walk the serial index in order and stop at the page (`+rowid` keeps SQLite from fetching
      // and sorting every match instead); count capped as ever.
      return listWhere({ ...filter, where: `+${filter.where}` }, limit, after, position, capped)
    }
    const total = { total: rowids.length, totalCapped: false }
    const ranks = serialRanks(db)
    // Ranks stale (a change since they were taken): the same query over the match rowids.
    if (!ranks)
      return listWhere(
        { where: 'rowid IN (SELECT value FROM json_each(@ids))', params: { ids: JSON.stringify(rowids) }, countSql: '' },
        limit,
        after,
        position,
        total,
      )
    return listRanked(rowids, ranks, limit, after, position, total)
  }

  /** One page of a filtered or unfiltered list in SQL: keyset after a cursor, or from an absolute position. */
  function listWhere(
    filter: SearchFilter | null,
    limit: number,
    after: DeviceCursor | null,
    position: number | null,
    knownTotal?: { total: number; totalCapped: boolean },
  ): ListDevicesResponse {
    const where = filter?.where ?? '1'
    const total = () => knownTotal ?? totalFor(filter)
    let from: DeviceCursor | null = null
    if (position !== null && position > 0) {
      from = filter
        ? ((db
            .prepare(`SELECT serial_number AS serialNumber, id FROM devices WHERE ${filter.where} ORDER BY serial_number, id LIMIT 1 OFFSET @offset`)
            .get({ ...filter.params, offset: position }) as DeviceCursor | undefined) ?? null)
        : keyAtPosition(db, position)
      if (!from) return { items: [], ...total(), next: null }
    }
    const keyset = from ? 'AND (serial_number, id) >= (@afterSerial, @afterId)' : after ? 'AND (serial_number, id) > (@afterSerial, @afterId)' : ''
    const cursor = from ?? after
    const params = { ...filter?.params, ...(cursor ? { afterSerial: cursor.serialNumber, afterId: cursor.id } : {}) }
    const rows = db
      .prepare(`SELECT ${summaryColumns} FROM devices WHERE ${where} ${keyset} ORDER BY serial_number, id LIMIT @limit`)
      .all({ ...params, limit: limit + 1 }) as DeviceSummary[]
    return pageOf(rows, limit, total())
  }

  /**
   * A word in many rows (device-dense-walk.ts): the page by testing rows in serial order, if the
   * first matches by rowid say it is dense enough to fill the page within the walk's budget (null:
   * use the FTS plan). It serves caches whose entries are in the catch-all bucket (no serial buckets
   * yet), where match rowids ascend, so the last of the capped ones tells the density.
   */
  function listDense(word: string, phrase: string, rowids: number[], limit: number, after: DeviceCursor | null, offset: number) {
    if (!walkableWord(word)) return null
    const expectedRows = ((offset + limit + 1) * rowids[rowids.length - 1]!) / rowids.length
    if (expectedRows * 2 > maxWalkRows) return null
    return denseWalk(word, phrase, limit, offset > 0 ? null : after, offset, Math.ceil(Math.min(maxWalkRows, Math.max(1000, 3 * expectedRows))))
  }

  /**
   * The same page from the match rowids sorted by serial rank in memory: no lookup and sort of every
   * match in SQL (≈ 6 ms for 4,000 matches at 1M devices), only of the rows on the page.
   */
  function listRanked(
    rowids: number[],
    ranks: Int32Array,
    limit: number,
    after: DeviceCursor | null,
    position: number | null,
    total: { total: number; totalCapped: boolean },
  ): ListDevicesResponse {
    rowids.sort((a, b) => ranks[a]! - ranks[b]!)
    let start = 0
    if (position !== null && position > 0) start = position
    else if (after) {
      // The first match past the cursor, by binary search (matches are in serial order now).
      let high = rowids.length
      while (start < high) {
        const middle = (start + high) >>> 1
        if (isAfter.get(after.serialNumber, after.id, rowids[middle]) === 1) high = middle
        else start = middle + 1
      }
    }
    const page = rowids.slice(start, start + limit + 1)
    const byRowid = new Map<number, DeviceSummary>()
    for (const { rowid, ...row } of rowsByRowid.all(JSON.stringify(page)) as Array<DeviceSummary & { rowid: number }>) byRowid.set(rowid, row)
    return pageOf(
      page.map((rowid) => byRowid.get(rowid)!),
      limit,
      total,
    )
  }

  function pageOf(rows: DeviceSummary[], limit: number, total: { total: number; totalCapped: boolean }): ListDevicesResponse {
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    return { items, ...total, next: rows.length > limit && last ? { serialNumber: last.serialNumber, id: last.id } : null }
  }
}

export type DevicesRepo = ReturnType<typeof createDevicesRepo>
