import Database from 'better-sqlite3'

/** What a scan asks another tenant's cache: the serial it read, or the QR's Autopilot device id (ZtdId). */
export interface OtherTenantQuery {
  serialNumber: string | null
  ztdId: string | null
}

/**
 * Whether another tenant's cache file (on this machine, not the active one) holds a device with this
 * serial or id. The file is opened read-only and closed at once: it belongs to a tenant whose core is
 * not running, and nothing here may write to it. A missing, locked, damaged or older file answers
 * false — a hint that cannot be given is simply not given; it never fails the scan.
 */
export function otherTenantCacheHas(file: string, query: OtherTenantQuery): boolean {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 0 })
    if (query.ztdId) {
      const byId = db.prepare('SELECT 1 FROM devices WHERE id = ? LIMIT 1').get(query.ztdId.trim().toLowerCase())
      if (byId) return true
    }
    if (query.serialNumber) {
      const bySerial = db.prepare('SELECT 1 FROM devices WHERE serial_number = ? COLLATE NOCASE LIMIT 1').get(query.serialNumber.trim())
      if (bySerial) return true
    }
    return false
  } catch {
    return false
  } finally {
    try {
      db?.close()
    } catch {
      // closing a file that never opened properly: nothing to do
    }
  }
}
