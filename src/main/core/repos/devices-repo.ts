import type Database from 'better-sqlite3'
import type { DeviceSummary, ListDevicesResponse, DeviceCursor } from '../../../shared/device-schemas'

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
  profileAssignedAt: string | null
  enrollmentState: string
  remediationState: string
}

const summaryColumns = `id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag,
  user_principal_name AS userPrincipalName, display_name AS displayName, profile_status AS profileStatus,
  enrollment_state AS enrollmentState, synced_at AS syncedAt`

/** Columns the search box matches. Issue 5 replaces this LIKE scan with an FTS5 trigram index. */
const searchWhere = `(serial_number LIKE @pattern ESCAPE '\\' OR user_principal_name LIKE @pattern ESCAPE '\\'
  OR group_tag LIKE @pattern ESCAPE '\\' OR model LIKE @pattern ESCAPE '\\'
  OR manufacturer LIKE @pattern ESCAPE '\\' OR display_name LIKE @pattern ESCAPE '\\')`

const likePattern = (search: string) => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export function createDevicesRepo(db: Database.Database) {
  const upsert = db.prepare(`
    INSERT INTO devices (id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name,
      addressable_user_name, display_name, profile_status, profile_assigned_at, enrollment_state, remediation_state,
      synced_at, seen_in_run)
    VALUES (@id, @serialNumber, @manufacturer, @model, @groupTag, @purchaseOrder, @userPrincipalName,
      @addressableUserName, @displayName, @profileStatus, @profileAssignedAt, @enrollmentState, @remediationState,
      @syncedAt, @runId)
    ON CONFLICT (id) DO UPDATE SET serial_number = excluded.serial_number, manufacturer = excluded.manufacturer,
      model = excluded.model, group_tag = excluded.group_tag, purchase_order = excluded.purchase_order,
      user_principal_name = excluded.user_principal_name, addressable_user_name = excluded.addressable_user_name,
      display_name = excluded.display_name, profile_status = excluded.profile_status,
      profile_assigned_at = excluded.profile_assigned_at, enrollment_state = excluded.enrollment_state,
      remediation_state = excluded.remediation_state, synced_at = excluded.synced_at, seen_in_run = COALESCE(excluded.seen_in_run, devices.seen_in_run)`)
  const getOne = db.prepare(`SELECT ${summaryColumns} FROM devices WHERE id = ?`)
  const bySerial = db.prepare(`SELECT ${summaryColumns} FROM devices WHERE serial_number = ? COLLATE NOCASE ORDER BY id LIMIT 2`)
  const countAll = db.prepare('SELECT count(*) AS n FROM devices')

  return {
    upsertMany: db.transaction((rows: DeviceRow[], runId: string | null, syncedAt: string) => {
      for (const row of rows) upsert.run({ ...row, runId, syncedAt })
    }),
    get: (id: string) => (getOne.get(id) as DeviceSummary | undefined) ?? null,
    count: () => (countAll.get() as { n: number }).n,
    /** Exact, case-insensitive serial lookup; serials are not unique across OEMs, so callers get every match (max 2). */
    findBySerial: (serial: string) => bySerial.all(serial.trim()) as DeviceSummary[],
    remove: (id: string) => db.prepare('DELETE FROM devices WHERE id = ?').run(id).changes,
    /** Deletes rows a complete sync pass did not see. Only call after a pass that reached the last page. */
    deleteNotSeenIn: (runId: string) => db.prepare('DELETE FROM devices WHERE seen_in_run IS NOT ?').run(runId).changes,
    list(search: string, limit: number, after: DeviceCursor | null): ListDevicesResponse {
      const trimmed = search.trim()
      const filter: Record<string, unknown> = trimmed ? { pattern: likePattern(trimmed) } : {}
      const where = trimmed ? searchWhere : '1'
      const keyset = after ? 'AND (serial_number, id) > (@afterSerial, @afterId)' : ''
      const page = after ? { ...filter, afterSerial: after.serialNumber, afterId: after.id } : filter
      const rows = db
        .prepare(`SELECT ${summaryColumns} FROM devices WHERE ${where} ${keyset} ORDER BY serial_number, id LIMIT @limit`)
        .all({ ...page, limit: limit + 1 }) as DeviceSummary[]
      const total = (db.prepare(`SELECT count(*) AS n FROM devices WHERE ${where}`).get(filter) as { n: number }).n
      const items = rows.slice(0, limit)
      const last = items[items.length - 1]
      return { items, total, next: rows.length > limit && last ? { serialNumber: last.serialNumber, id: last.id } : null }
    },
  }
}

export type DevicesRepo = ReturnType<typeof createDevicesRepo>
