import type { ManifestDiff, ManifestRow } from '@shared/bench-schemas'

const same = (a: ManifestRow, b: ManifestRow) =>
  a.userPrincipalName === b.userPrincipalName && a.addressableUserName === b.addressableUserName && a.displayName === b.displayName

/**
 * What importing `incoming` over `current` would do, by serial number: rows added, rows whose user or
 * names change, and rows the new file no longer lists (removed when the import replaces the manifest).
 * A second import must never silently shrink an order, so the screen shows this before anything is written.
 */
export function diffManifest(
  current: readonly ManifestRow[],
  incoming: readonly ManifestRow[],
): Omit<ManifestDiff, 'errors' | 'unusedColumns' | 'leadingZerosLost' | 'leadingZerosRestored'> {
  const before = new Map(current.map((row) => [row.serialNumber.toUpperCase(), row]))
  const after = new Map(incoming.map((row) => [row.serialNumber.toUpperCase(), row]))
  const added: ManifestRow[] = []
  const changed: ManifestDiff['changed'] = []
  let unchanged = 0
  for (const [serial, row] of after) {
    const old = before.get(serial)
    if (!old) added.push(row)
    else if (same(old, row)) unchanged++
    else changed.push({ before: old, after: row })
  }
  const removed = [...before].filter(([serial]) => !after.has(serial)).map(([, row]) => row)
  return { added, changed, removed, unchanged }
}
