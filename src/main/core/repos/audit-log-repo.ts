import type Database from 'better-sqlite3'

export interface AuditEntry {
  at: string
  action: string
  deviceId: string | null
  correlationId: string | null
  details: unknown
}

/** The audit log: what was done to Intune on the technician's behalf (online actions, delivered changes). */
export function createAuditLogRepo(db: Database.Database) {
  const insert = db.prepare('INSERT INTO audit_log (at, action, device_id, correlation_id, details) VALUES (?, ?, ?, ?, ?)')
  const last = db.prepare('SELECT MAX(at) AS at FROM audit_log WHERE action = ? AND device_id = ?')
  // Every entry's details carry the device's serial (recycle.worker.ts): a serial scan finds it by that.
  const lastOf = db.prepare(`SELECT MAX(at) AS at FROM audit_log WHERE action = @action
    AND (device_id = lower(@deviceId) OR upper(trim(json_extract(details, '$.serialNumber'))) = upper(trim(@serialNumber)))`)
  return {
    /** When `action` was last done to the device; null when never. */
    lastAt: (action: string, deviceId: string): string | null => (last.get(action, deviceId) as { at: string | null } | undefined)?.at ?? null,
    /** When `action` was last done to the device with this id or this serial (case-insensitive); null when never. */
    lastAtOf: (action: string, device: { deviceId: string | null; serialNumber: string | null }): string | null =>
      (lastOf.get({ action, ...device }) as { at: string | null } | undefined)?.at ?? null,
    /** `details` is stored as JSON. */
    add: (entry: AuditEntry) => void insert.run(entry.at, entry.action, entry.deviceId, entry.correlationId, JSON.stringify(entry.details)),
  }
}
