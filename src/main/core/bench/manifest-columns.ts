import type { ManifestRow } from '@shared/bench-schemas'

/**
 * Which manifest column a CSV header names. Headers are compared case-insensitively with spaces,
 * underscores, hyphens and dots removed, so "Serial number", "SerialNumber" and "serial_number" are
 * one column. The Intune hardware-hash CSV's "Device Serial Number" and "Assigned User" are accepted
 * too, so a registration file can double as a manifest. Short spellings technicians type by hand
 * ("friendly", "device") are here because a header nobody recognised used to leave its column empty
 * on every row. "Name" and "User name" stay out: either could be the user or the device.
 */
const aliases: Record<keyof ManifestRow, readonly string[]> = {
  serialNumber: ['serial', 'serialnumber', 'serialno', 'deviceserialnumber', 'sn'],
  userPrincipalName: ['upn', 'user', 'userprincipalname', 'assigneduser', 'email', 'emailaddress', 'mail'],
  addressableUserName: ['friendly', 'friendlyname', 'userfriendlyname', 'addressableusername'],
  displayName: ['device', 'devicename', 'displayname', 'computer', 'computername', 'hostname', 'pcname'],
}

export const normaliseHeader = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, '')

export type ColumnMap = Partial<Record<keyof ManifestRow, number>>

/** Column index per field; the first matching header wins. */
export function mapColumns(headers: readonly string[]): ColumnMap {
  const map: ColumnMap = {}
  headers.forEach((header, index) => {
    const key = normaliseHeader(header)
    for (const field of Object.keys(aliases) as Array<keyof ManifestRow>) {
      if (map[field] === undefined && aliases[field].includes(key)) map[field] = index
    }
  })
  return map
}

/** Header positions the map does not read: unknown names, and a second column of a name already read. */
export function unusedColumnIndexes(headers: readonly string[], map: ColumnMap): number[] {
  const used = new Set(Object.values(map))
  return headers.map((_, index) => index).filter((index) => !used.has(index))
}

export const expectedHeaders = 'Serial number; UPN; User friendly name; Device name'
