import { parse } from 'csv-parse/sync'
import type { ManifestRow } from '@shared/bench-schemas'
import { validateDeviceName } from '@shared/domain'
import { AppFailure } from '../app-error'
import { isExcelNumber } from '../registration/hash-csv-values'
import { expectedHeaders, mapColumns, unusedColumnIndexes } from './manifest-columns'

export interface ManifestParseResult {
  rows: ManifestRow[]
  /** By CSV line (1 = header); these rows are left out, the others kept. */
  errors: Array<{ line: number; message: string }>
  /**
   * Header names of the columns the manifest does not read, in file order (a column with data under an
   * empty header is "column N"). Said before the import: a misspelt header used to empty a field on every row.
   */
  unusedColumns: string[]
}

const resave = 'Save it from Excel as "CSV UTF-8 (Comma delimited)" and import it again.'
const invalid = (message: string) => new AppFailure('invalid', message)

/** The delimiter Excel used: ";" in locales with a decimal comma, "," elsewhere; counted on the header line, outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? ''
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++
  }
  const best = (Object.keys(counts) as Array<keyof typeof counts>).sort((a, b) => counts[b] - counts[a])[0]!
  return counts[best] > 0 ? best : ','
}

/** Binary or UTF-16 files read as text carry NULs, replacement characters or many control characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  let odd = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) odd++
  }
  return odd > Math.max(3, text.length / 100)
}

// Docs are silent on UPN syntax beyond name@domain; the domain needs a dot (contoso.com, *.onmicrosoft.com).
const upnPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_SERIAL_LENGTH = 100

const textAfterClosingQuote = 'a quoted cell has more text after its closing quote (a " inside a cell is written twice: "")'
/** csv-parse's quoting errors in words a technician can act on; others keep the library's own words. */
const quotingWords: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: textAfterClosingQuote,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: textAfterClosingQuote,
  CSV_QUOTE_NOT_CLOSED: 'a quote (") is opened and never closed',
  CSV_INVALID_OPENING_QUOTE: 'a quote (") is in the middle of a cell that does not start with one',
}

/**
 * Reads a job manifest CSV: a header row naming the columns (any order, see manifest-columns.ts),
 * then one device per row. Whole-file problems (binary, no serial column, broken quoting) throw
 * `invalid` so nothing is written; row problems are listed by line and only those rows are skipped.
 * Line numbers are where a record ends (a quoted cell can span lines).
 */
export function parseManifestCsv(input: string): ManifestParseResult {
  const text = input.replace(/^\uFEFF/, '')
  if (text.trim() === '') throw invalid(`The file is empty. A manifest needs a header row (${expectedHeaders}) and one device per row.`)
  if (looksBinary(text)) throw invalid(`This is not a CSV text file (it contains binary data or is not UTF-8). ${resave}`)
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    // With `info: true` each record comes as { record, info }; the typings only model the plain form.
    records = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as typeof records
  } catch (error) {
    const line = (error as { lines?: number }).lines
    const why = quotingWords[(error as { code?: string }).code ?? ''] ?? (error as Error).message.replace(/\.$/, '')
    throw invalid(`The CSV cannot be read${line ? ` (line ${line})` : ''}: ${why}. ${resave}`)
  }
  const [header, ...body] = records
  const columns = mapColumns(header?.record ?? [])
  if (columns.serialNumber === undefined) {
    throw invalid(
      `No serial number column in the first row (found: ${(header?.record ?? []).slice(0, 6).join(', ') || 'nothing'}). Expected a header row such as: ${expectedHeaders}.`,
    )
  }
  const cell = (record: string[], index: number | undefined) => (index === undefined ? '' : (record[index] ?? '').trim())
  const headers = header?.record ?? []
  const unusedColumns = unusedColumnIndexes(headers, columns)
    // A trailing delimiter (Excel's "serial;upn;") makes an empty, nameless column: nothing is lost there.
    .filter((index) => headers[index]!.trim() !== '' || body.some(({ record }) => cell(record, index) !== ''))
    .map((index) => headers[index]!.trim() || `column ${index + 1}`)
  const rows: ManifestRow[] = []
  const errors: ManifestParseResult['errors'] = []
  const firstLineOf = new Map<string, number>()
  for (const { record, info } of body) {
    if (record.every((value) => value.trim() === '')) continue // Excel writes ";;;" for blank rows
    const line = info.lines
    const row: ManifestRow = {
      serialNumber: cell(record, columns.serialNumber).toUpperCase(),
      userPrincipalName: cell(record, columns.userPrincipalName),
      addressableUserName: cell(record, columns.addressableUserName),
      displayName: cell(record, columns.displayName),
    }
    const problems = rowProblems(row, firstLineOf.get(row.serialNumber))
    if (problems.length > 0) {
      errors.push({ line, message: problems.join(' ') })
      continue
    }
    firstLineOf.set(row.serialNumber, line)
    rows.push(row)
  }
  return { rows, errors, unusedColumns }
}

/** A row's problems (serial, duplicate, UPN, device name); shared by the CSV import and the row editor. */
export function rowProblems(row: ManifestRow, duplicateOf: number | undefined): string[] {
  const problems: string[] = []
  if (row.serialNumber === '') problems.push('No serial number.')
  else if (row.serialNumber.length > MAX_SERIAL_LENGTH) problems.push(`The serial number is longer than ${MAX_SERIAL_LENGTH} characters.`)
  else if (isExcelNumber(row.serialNumber)) {
    // Excel shows a long all-digit serial (a Surface's 12) as 1.23457E+11 and saves it so: the serial is lost,
    // and no scanned device would ever match the row (the hash CSV check refuses it alike, serial-excel-number).
    problems.push(
      `The serial number "${row.serialNumber}" is a number Excel rounded (scientific notation); the real serial is lost. Copy the serials from the original file, or format the column as Text in Excel before pasting them in.`,
    )
  } else if (duplicateOf !== undefined) problems.push(`Serial number ${row.serialNumber} is already on line ${duplicateOf}; only that row is imported.`)
  if (row.userPrincipalName !== '' && !upnPattern.test(row.userPrincipalName)) {
    problems.push(`"${row.userPrincipalName}" is not a user principal name (name@domain, for example anna@contoso.com).`)
  }
  if (row.displayName !== '') {
    const name = validateDeviceName(row.displayName)
    if (!name.valid) problems.push(`Device name "${row.displayName}": ${name.errors.map((issue) => issue.message).join(' ')}`)
  }
  return problems
}
