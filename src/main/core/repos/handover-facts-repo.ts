import type Database from 'better-sqlite3'

/** What the hand-over shows of a device from the cache: its group tag, user, name and assigned profile. */
export interface DeviceFacts {
  deviceId: string
  serialNumber: string
  groupTag: string
  userPrincipalName: string
  displayName: string
  profileName: string | null
}

const columns = `d.id AS deviceId, d.serial_number AS serialNumber, d.group_tag AS groupTag, d.user_principal_name AS userPrincipalName,
  d.display_name AS displayName, p.display_name AS profileName`
const from = 'FROM devices d LEFT JOIN profiles p ON p.id = d.profile_id'

export function createHandoverFactsRepo(db: Database.Database) {
  const byId = db.prepare(`SELECT ${columns} ${from} WHERE d.id = ?`)
  // Serials are not unique across OEMs; a manifest names a serial only, so the first cached match stands for it.
  const bySerial = db.prepare(`SELECT ${columns} ${from} WHERE d.serial_number = ? COLLATE NOCASE ORDER BY d.id LIMIT 1`)
  return {
    byId: (deviceId: string) => (byId.get(deviceId) as DeviceFacts | undefined) ?? null,
    bySerial: (serial: string) => (bySerial.get(serial.trim()) as DeviceFacts | undefined) ?? null,
  }
}
