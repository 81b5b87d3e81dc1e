import type { ManifestRow } from '@shared/bench-schemas'

/**
 * Which manifest column a CSV header names. Headers are compared case-insensitively with spaces,
 * underscores, hyphens and dots removed, so "Serial number", "SerialNumber" and "serial_number" are
 * one column. The Intune hardware-hash CSV's "Device Serial Number" and "Assigned User" are accepted
 * too, so a registration file can double as a manifest.
 */
const aliases: Record<keyof ManifestRow, readonly string[]> = {
  serialNumber: ['serial', 'serialnumber', 'serialno', 'deviceserialnumber', 'sn'],
  userPrincipalName: ['upn', 'user', 'userprincipalname', 'assigneduser', 'email', 'mail'],
  addressableUserName: ['friendlyname', 'userfriendlyname', 'addressableusername'],
  displayName: ['devicename', 'displayname', 'computername', 'hostname'],
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

export const expectedHeaders = 'Serial number; UPN; User friendly name; Device name'
