import type { HashCsvRow } from '@shared/registration-schemas'
import { EXACT_HEADERS } from './hash-csv-columns'
import { encodeAnsi, fitsAnsi } from './hash-csv-values'

/**
 * A CSV Intune's own upload accepts (docs/reference/autopilot.md §5.2): the exact, case-sensitive
 * header, no quotes, no commas in values, ANSI (Windows-1252) bytes without a BOM, CRLF line ends
 * as Notepad writes them, and at most 500 rows per file. Group Tag is written when any row has a tag
 * or a user (Assigned User comes after it); Assigned User only when some row has one.
 * Rows come from the check, so their values are already repaired and free of commas and quotes.
 */
export const MAX_ROWS_PER_FILE = 500

export interface CleanCsvFile {
  name: string
  bytes: Uint8Array
  rows: number
}

export interface CleanCsvExport {
  files: CleanCsvFile[]
  /** Rows left out because a value cannot be written in ANSI, by file and line. */
  skipped: Array<{ file: string; line: number; serialNumber: string; reason: string }>
}

export function exportCleanCsv(rows: readonly HashCsvRow[], baseName = 'autopilot-devices'): CleanCsvExport {
  const skipped: CleanCsvExport['skipped'] = []
  const writable = rows.filter((row) => {
    const values = [row.serialNumber, row.productKey, row.hardwareHash, row.groupTag, row.assignedUser]
    const notAnsi = values.find((value) => !fitsAnsi(value))
    const breaksCsv = values.find((value) => /[,"\r\n]/.test(value))
    const reason =
      notAnsi !== undefined
        ? `"${notAnsi}" has characters outside ANSI (Windows-1252).`
        : breaksCsv !== undefined
          ? `"${breaksCsv}" contains a comma, quote or line break, which Intune's CSV cannot hold.`
          : null
    if (reason) skipped.push({ file: row.file, line: row.line, serialNumber: row.serialNumber, reason })
    return reason === null
  })
  const withUser = writable.some((row) => row.assignedUser !== '')
  const withTag = withUser || writable.some((row) => row.groupTag !== '')
  const header = [EXACT_HEADERS.serialNumber, EXACT_HEADERS.productKey, EXACT_HEADERS.hardwareHash]
  if (withTag) header.push(EXACT_HEADERS.groupTag)
  if (withUser) header.push(EXACT_HEADERS.assignedUser)
  const count = Math.max(1, Math.ceil(writable.length / MAX_ROWS_PER_FILE))
  const files: CleanCsvFile[] = []
  for (let part = 0; part < count; part++) {
    const slice = writable.slice(part * MAX_ROWS_PER_FILE, (part + 1) * MAX_ROWS_PER_FILE)
    const lines = [header.join(',')]
    for (const row of slice) {
      const cells = [row.serialNumber, row.productKey, row.hardwareHash]
      if (withTag) cells.push(row.groupTag)
      if (withUser) cells.push(row.assignedUser)
      lines.push(cells.join(','))
    }
    const name = count === 1 ? `${baseName}.csv` : `${baseName}-${part + 1}-of-${count}.csv`
    files.push({ name, bytes: encodeAnsi(lines.join('\r\n') + '\r\n'), rows: slice.length })
  }
  return { files, skipped }
}
