import type { ManifestRow } from '@shared/bench-schemas'

/** Longer than any serial number an OEM prints; the look-up stops here. */
const LONGEST_SERIAL = 20
/** Numeric serials looked at in one file (each costs up to ~20 index looks); a file past this is an order of numbers, said by then. */
const MOST_CHECKED = 5000
/** Enough to show the technician the file went through Excel; the same fix mends the rest. */
const MOST_REPORTED = 20

export interface SerialLookup {
  /** Whether the cache has this serial as written. */
  has(serial: string): boolean
  /** The cached serial that is these digits with zeros in front, if any. */
  withLeadingZeros(digits: string, longest: number): string | null
}

/**
 * Manifest serials that look like numbers Excel shortened: all digits, not in the Autopilot cache as
 * written, but in it with zeros in front ("12345" where Intune has "0012345"). Excel reads a cell of
 * digits as a number and drops its leading zeros when the file is opened and saved; the row would
 * then never match the device at the bench (it reads "not on the manifest", the manifest row "not seen").
 * Only the cache can tell: a serial of digits alone may be whole.
 */
export function findLeadingZerosLost(
  rows: readonly ManifestRow[],
  lookup: SerialLookup,
  limits: { mostReported: number; mostChecked: number } = { mostReported: MOST_REPORTED, mostChecked: MOST_CHECKED },
): Array<{ serialNumber: string; inIntune: string }> {
  const found: Array<{ serialNumber: string; inIntune: string }> = []
  let checked = 0
  for (const row of rows) {
    if (found.length >= limits.mostReported || checked >= limits.mostChecked) break
    if (!/^\d+$/.test(row.serialNumber)) continue
    checked++
    if (lookup.has(row.serialNumber)) continue
    const inIntune = lookup.withLeadingZeros(row.serialNumber, LONGEST_SERIAL)
    if (inIntune !== null) found.push({ serialNumber: row.serialNumber, inIntune })
  }
  return found
}

/**
 * The rows with Intune's serials where Excel dropped the zeros, when the technician asks for it: every
 * numeric row is looked at (an explicit action, not a preview's hint). A serial the file already lists
 * as Intune has it, or one two rows would both become, is left as written (and still named as shortened):
 * the manifest keeps one row per serial, and a row must never silently replace another.
 */
export function restoreLeadingZeros(rows: readonly ManifestRow[], lookup: SerialLookup): { rows: ManifestRow[]; restored: number } {
  const taken = new Set(rows.map((row) => row.serialNumber.toUpperCase()))
  const fixes = new Map<string, string>()
  for (const lost of findLeadingZerosLost(rows, lookup, { mostReported: Infinity, mostChecked: Infinity })) {
    const serial = lost.inIntune.toUpperCase()
    if (taken.has(serial)) continue
    taken.add(serial)
    fixes.set(lost.serialNumber, serial)
  }
  return { rows: rows.map((row) => ({ ...row, serialNumber: fixes.get(row.serialNumber) ?? row.serialNumber })), restored: fixes.size }
}
