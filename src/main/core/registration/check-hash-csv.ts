import { createHash } from 'node:crypto'
import type { CsvCheckReport, CsvFileSummary, HashCsvRow } from '@shared/registration-schemas'
import { readZipSafely, ArchiveError } from '../diagnostics/safe-unzip'
import { padHardwareHash } from './base64-padding'
import { mapHeader, type HashColumn, type HeaderMap } from './hash-csv-columns'
import { explainError, explainWarning, UNREADABLE, type ErrorCode, type RepairCode, type WarningCode } from './hash-csv-issues'
import { cleanValue, fitsAnsi, isExcelNumber, isPlaceholderSerial, isUpnShaped, upnDomain } from './hash-csv-values'
import { readTextLines, sniffFile, type FileKind } from './read-text-lines'
import { detectDelimiter, splitCells } from './split-cells'
import type { ByteSource } from './byte-source'

/**
 * Checks hardware-hash CSVs before anything is uploaded (docs/registration.md › Check before upload).
 * Files are read as a stream of lines (linear time; memory bounded by the longest line, plus one
 * fingerprint per row for the duplicate check); every finding names its file and physical line.
 * One checker checks a set of files together, so duplicates across the files are found too.
 */
export interface HashCsvCheckOptions {
  /** Serials already registered in the tenant (the app's cache); the CLI has none. */
  isRegistered?: (serial: string) => boolean
  /**
   * A row this PC already uploaded, by serial or by hash (padded), in an upload not ended: Intune registered it or may
   * still (806 ZtdDeviceAlreadyAssigned if sent again), though the device is not in the cache yet. The app only.
   */
  uploadedHere?: (serial: string, hardwareHash: string) => { at: string; upload: string; registered: boolean } | null
  /** The tenant's domains (lower case); when given, an assigned user of another domain is refused. */
  tenantDomains?: readonly string[]
  /** true / false when the user is known to exist or not; undefined when nobody can tell (offline, not cached). */
  userExists?: (upn: string) => boolean | undefined
  /**
   * Where a row's group tag leads in the tenant's cached profiles: the chain when it leads to none (a warning, not a
   * refusal: a tag with no profile yet is legal in Intune), null when it leads to one. The CLI has no tenant.
   */
  tagWithoutProfile?: (tag: string) => { chain: string; certain: boolean } | null
  /** Keep the rows that would be uploaded (the app does; the CLI only counts). */
  keepRows?: boolean
  /** Lines longer than this are refused without being kept (a real row is a few KiB). */
  maxLineLength?: number
}

/** A real 4K hash is a few thousand Base64 characters; docs give no maximum, so this only stops what cannot be one. */
export const MAX_HASH_LENGTH = 65_536
/** Docs are silent on a maximum serial length; the mock tenant refuses longer than 256, and no serial comes close. */
export const MAX_SERIAL_LENGTH = 256
export const MAX_LINE_LENGTH = 1024 * 1024
/** A ZIP (diagnostics export) is read whole, so it is bounded. */
export const MAX_ARCHIVE_BYTES = 200 * 1024 * 1024
/** After this many binary lines, outnumbering the rows, the rest of the file is called binary instead of listed line by line. */
const BINARY_LINES_BEFORE_GIVING_UP = 50

const COLUMN_WORDS: Record<HashColumn, string> = {
  serialNumber: 'serial number',
  productKey: 'Windows Product ID',
  hardwareHash: 'hardware hash',
  groupTag: 'group tag',
  assignedUser: 'assigned user',
}

interface Where {
  file: string
  line: number
}

export class HashCsvChecker {
  readonly errors: CsvCheckReport['errors'] = []
  readonly repaired: CsvCheckReport['repaired'] = []
  readonly warnings: CsvCheckReport['warnings'] = []
  readonly files: CsvFileSummary[] = []
  readonly accepted: HashCsvRow[] = []
  private readonly serials = new Map<string, Where>()
  private readonly hashes = new Map<string, Where>()
  private readonly maxLineLength: number

  constructor(private readonly options: HashCsvCheckOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? MAX_LINE_LENGTH
  }

  get rows(): number {
    return this.files.reduce((sum, file) => sum + file.rows, 0)
  }

  get valid(): number {
    return this.files.reduce((sum, file) => sum + file.valid, 0)
  }

  /** Some file could not be read at all (binary, a workbook, missing…). */
  get anyUnreadable(): boolean {
    return this.files.some((file) => !file.readable)
  }

  report(): CsvCheckReport {
    return { rows: this.rows, valid: this.valid, errors: this.errors, repaired: this.repaired, warnings: this.warnings }
  }

  /** CLI exit code: 2 when a file cannot be read at all, 1 when some row cannot be uploaded, else 0. */
  exitCode(): 0 | 1 | 2 {
    if (this.anyUnreadable) return 2
    return this.errors.length > 0 ? 1 : 0
  }

  /** A file that could not even be opened. */
  notFound(file: string, reason: string): void {
    this.files.push({ file, encoding: '', rows: 0, valid: 0, readable: true })
    this.fileError(this.files.at(-1)!, 1, 'file-not-found', { reason })
  }

  check(source: ByteSource): void {
    const kind = sniffFile(source.head())
    const summary: CsvFileSummary = { file: source.name, encoding: '', rows: 0, valid: 0, readable: true }
    this.files.push(summary)
    switch (kind.kind) {
      case 'empty':
        this.error(source.name, 1, 'empty-file')
        return
      case 'cab':
        return this.fileError(summary, 1, 'cab-not-supported')
      case 'ole':
        return this.fileError(summary, 1, 'excel-workbook')
      case 'binary':
        return this.fileError(summary, 1, 'not-text')
      case 'zip':
        return this.checkArchive(source, summary)
      case 'text':
        return this.checkText(source.name, source.chunks(), kind, summary)
    }
  }

  private checkArchive(source: ByteSource, summary: CsvFileSummary): void {
    if (source.size > MAX_ARCHIVE_BYTES) return this.fileError(summary, 1, 'too-large', { limit: '200 MB' })
    let entries
    try {
      const zip = readZipSafely(source.readAll())
      entries = zip.entries
    } catch (error) {
      return this.fileError(summary, 1, 'archive-unreadable', { reason: error instanceof ArchiveError ? error.message : String(error) })
    }
    const names = new Set(entries.map((entry) => entry.name))
    if (names.has('[Content_Types].xml') && entries.some((entry) => entry.name.startsWith('xl/'))) return this.fileError(summary, 1, 'excel-workbook')
    if (names.has('mimetype') && names.has('content.xml')) return this.fileError(summary, 1, 'spreadsheet')
    let found = 0
    for (const entry of entries.filter((e) => /\.csv$/i.test(e.name))) {
      let bytes: Uint8Array
      try {
        bytes = entry.read()
      } catch (error) {
        this.warning(source.name, 1, 'archive-entry-skipped', { name: `${entry.name} (${(error as Error).message})` })
        continue
      }
      const kind = sniffFile(bytes.subarray(0, 4096))
      if (kind.kind !== 'text' || !looksLikeHashCsv(bytes, kind)) {
        this.warning(source.name, 1, 'archive-entry-skipped', { name: entry.name })
        continue
      }
      found++
      const inner: CsvFileSummary = { file: `${source.name} › ${entry.name}`, encoding: '', rows: 0, valid: 0, readable: true }
      this.files.push(inner)
      this.checkText(inner.file, [bytes], kind, inner)
    }
    if (found === 0) this.fileError(summary, 1, 'no-hash-csv-in-archive')
    else summary.encoding = 'zip'
  }

  private checkText(file: string, chunks: Iterable<Uint8Array>, kind: FileKind & { kind: 'text' }, summary: CsvFileSummary): void {
    summary.encoding = kind.encoding === 'utf-8' ? (kind.bom ? 'utf-8 with BOM' : 'utf-8') : kind.encoding
    let header: (HeaderMap & { line: number; delimiter: string; width: number }) | null = null
    let sawUtf8NonAscii = false
    let sawAnsi = false
    let warnedMixed = false
    let binaryLines = 0
    let headerRepairsDone = false
    let declaredDelimiter: ',' | ';' | '\t' | null = null
    for (const line of readTextLines(chunks, kind, this.maxLineLength)) {
      let text = line.text
      if (line.line === 1 && text.startsWith('\uFEFF')) text = text.slice(1)
      if (line.ansi) sawAnsi = true
      else if (/[\u0080-\uffff]/.test(text)) sawUtf8NonAscii = true
      if (sawAnsi && sawUtf8NonAscii && !warnedMixed) {
        warnedMixed = true
        this.warning(file, line.line, 'mixed-encoding')
      }
      if (header === null) {
        if (line.tooLong || looksBinary(text)) return this.fileError(summary, line.line, 'not-text')
        if (cleanValue(text.replace(/[,;\t"]/g, '')).value === '') continue
        if (/^\s*#TYPE\s/i.test(text)) {
          this.repair(file, line.line, 'type-line-skipped')
          continue
        }
        // Excel's "sep=;" line names the delimiter before the header.
        const sep = /^\s*"?sep=(.)"?\s*$/i.exec(text)
        if (sep) {
          declaredDelimiter = sep[1] === ';' || sep[1] === '\t' ? sep[1] : ','
          this.repair(file, line.line, 'type-line-skipped')
          continue
        }
        const delimiter = declaredDelimiter ?? detectDelimiter(text)
        const split = splitCells(text, delimiter)
        const cells = split.cells.map((cell) => cleanValue(cell).value)
        const map = mapHeader(cells)
        const missing = [map.columns.serialNumber === undefined && 'Device Serial Number', map.columns.hardwareHash === undefined && 'Hardware Hash'].filter(
          Boolean,
        )
        if (missing.length > 0) {
          this.error(file, line.line, 'header-invalid', { missing: missing.join(' and '), found: cells.slice(0, 6).join(', ').slice(0, 200) })
          return
        }
        header = { ...map, line: line.line, delimiter, width: cells.length }
        if (!headerRepairsDone) {
          headerRepairsDone = true
          if (kind.bom && kind.encoding === 'utf-8') this.repair(file, line.line, 'bom-removed')
          if (kind.encoding !== 'utf-8') this.repair(file, line.line, 'utf16-converted')
        }
        if (map.renamed || split.quoted.some(Boolean) || split.cells.some((cell, i) => cell !== cells[i])) this.repair(file, line.line, 'header-renamed')
        if (delimiter !== ',') this.repair(file, line.line, 'delimiter-converted')
        for (const column of map.unknown) this.warning(file, line.line, 'unknown-column', { name: column.name.slice(0, 100) })
        if (map.columns.productKey === undefined) this.warning(file, line.line, 'no-product-id-column')
        continue
      }
      if (line.tooLong) {
        summary.rows++
        this.error(file, line.line, 'line-too-long', { limit: this.maxLineLength.toLocaleString('en-US') })
        continue
      }
      if (looksBinary(text)) {
        summary.rows++
        if (++binaryLines >= BINARY_LINES_BEFORE_GIVING_UP && binaryLines * 2 > summary.rows)
          return this.fileError(summary, line.line, 'not-text', { from: line.line })
        this.error(file, line.line, 'binary-data')
        continue
      }
      if (cleanValue(text.split(header.delimiter).join('')).value === '') continue // blank, or Excel's ",,,," for an empty row
      if (isHeaderAgain(text, header)) {
        // Two captures joined with `copy a.csv+b.csv` repeat the header; as a row it would even pass ("HardwareHash" is Base64).
        this.repair(file, line.line, 'header-repeated')
        continue
      }
      summary.rows++
      if (this.checkRow(file, line.line, text, header)) summary.valid++
    }
    if (header === null) {
      if (summary.rows === 0 && summary.readable) this.error(file, 1, 'empty-file')
      return
    }
    if (summary.rows === 0) this.warning(file, header.line, 'no-rows')
    if (summary.rows > 500) this.warning(file, header.line, 'over-500-rows', { rows: summary.rows.toLocaleString('en-US') })
  }

  /** Checks one data row; true when it will be uploaded. */
  private checkRow(file: string, line: number, text: string, header: HeaderMap & { delimiter: string; width: number }): boolean {
    const split = splitCells(text, header.delimiter)
    if (split.unclosedQuote) return this.error(file, line, 'unclosed-quote')
    const extra = split.cells.slice(header.width).filter((cell) => cleanValue(cell).value !== '')
    if (extra.length > 0) return this.error(file, line, 'extra-values', { found: header.width + extra.length, expected: header.width })
    const repairs = new Set<RepairCode>()
    if (split.quoted.some(Boolean)) repairs.add('quotes-removed')
    const value = (column: HashColumn): string => {
      const index = header.columns[column]
      if (index === undefined) return ''
      const cleaned = cleanValue(split.cells[index] ?? '')
      if (cleaned.trimmed) repairs.add('whitespace-trimmed')
      if (cleaned.invisible) repairs.add('invisible-removed')
      return cleaned.value
    }
    const row = {
      serialNumber: value('serialNumber'),
      productKey: value('productKey'),
      hardwareHash: value('hardwareHash'),
      groupTag: value('groupTag'),
      assignedUser: value('assignedUser'),
    }
    const flush = () => repairs.forEach((code) => this.repair(file, line, code))
    const refuse = (code: ErrorCode, detail: Record<string, string | number> = {}) => {
      flush()
      return this.error(file, line, code, detail)
    }
    // Excel's rounded numbers before the commas: in a comma-decimal locale `1,23E+11` would read as a
    // stray comma, and removing it as that error says would leave a made-up serial that passes.
    if (isExcelNumber(row.serialNumber)) return refuse('serial-excel-number', { value: row.serialNumber })
    if (isExcelNumber(row.productKey)) return refuse('product-id-excel-number', { value: row.productKey })
    for (const column of ['serialNumber', 'productKey', 'groupTag', 'assignedUser'] as const) {
      const v = row[column]
      if (v.includes('"')) return refuse('quote-in-value', { column: COLUMN_WORDS[column] })
      if (v.includes(',') || (header.delimiter !== ',' && v.includes(';')))
        return refuse('value-has-comma', { column: COLUMN_WORDS[column], value: v.slice(0, 100) })
    }
    // Serial number.
    const serial = row.serialNumber
    if (serial === '') return refuse('missing-serial')
    if (serial.length > MAX_SERIAL_LENGTH) return refuse('serial-too-long', { length: serial.length })
    const oddChars = [...new Set(serial.match(/[^\x21-\x7e ]/gu) ?? [])]
    if (oddChars.length > 0) return refuse('serial-characters', { value: serial.slice(0, 100), chars: oddChars.slice(0, 5).map(describeChar).join(', ') })
    // Hardware hash: whitespace inside (a wrapped line) goes, then the documented padding rule.
    if (row.hardwareHash === '') return refuse('missing-hash')
    if (row.hardwareHash.length > MAX_HASH_LENGTH) return refuse('hash-too-long', { length: row.hardwareHash.length.toLocaleString('en-US') })
    const compact = row.hardwareHash.replace(/\s+/g, '')
    if (compact !== row.hardwareHash) repairs.add('hash-whitespace-removed')
    const padded = padHardwareHash(compact)
    if (!padded.ok) {
      const reason =
        padded.reason === 'alphabet' ? describeNonBase64(compact) : padded.reason === 'empty' ? 'only "=" characters' : 'its length cannot be padded'
      return refuse('hash-not-base64', { reason })
    }
    if (padded.padded) repairs.add('hash-padded')
    row.hardwareHash = padded.value
    // Assigned user: Intune checks only the domain; a user who does not exist can leave the device inaccessible (§1.4).
    if (row.assignedUser !== '') {
      const upn = row.assignedUser
      if (!isUpnShaped(upn)) return refuse('upn-invalid', { value: upn.slice(0, 200) })
      const domains = this.options.tenantDomains
      if (domains && domains.length > 0 && !domains.includes(upnDomain(upn))) {
        return refuse('upn-domain-unknown', { domain: upnDomain(upn), domains: domains.slice(0, 5).join(', ') })
      }
      const exists = this.options.userExists?.(upn)
      if (exists === false) return refuse('upn-not-found', { value: upn })
      if (exists === undefined && this.options.userExists) this.warning(file, line, 'user-not-checked', { value: upn })
    }
    if (isPlaceholderSerial(serial)) this.warning(file, line, 'placeholder-serial', { value: serial })
    for (const column of ['groupTag', 'assignedUser'] as const) {
      if (!fitsAnsi(row[column])) this.warning(file, line, 'not-ansi', { column: COLUMN_WORDS[column], value: row[column].slice(0, 100) })
    }
    // Duplicates inside the files, then the tenant's own devices.
    const serialKey = serial.toUpperCase()
    const hashKey = createHash('sha1').update(row.hardwareHash).digest('base64')
    const firstSerial = this.serials.get(serialKey)
    if (firstSerial) return refuse('duplicate-serial', { value: serial, first: this.describe(firstSerial, file) })
    const firstHash = this.hashes.get(hashKey)
    if (firstHash) return refuse('duplicate-hash', { first: this.describe(firstHash, file) })
    if (this.options.isRegistered?.(serial)) return refuse('already-registered', { value: serial })
    const uploaded = this.options.uploadedHere?.(serial, row.hardwareHash)
    if (uploaded) return refuse('already-registered', { value: serial, ...uploaded, registered: uploaded.registered ? 'yes' : 'no' })
    const noProfile = row.groupTag !== '' ? this.options.tagWithoutProfile?.(row.groupTag) : null
    if (noProfile) this.warning(file, line, 'tag-no-profile', { tag: row.groupTag, chain: noProfile.chain, certain: noProfile.certain ? 'yes' : 'no' })
    this.serials.set(serialKey, { file, line })
    this.hashes.set(hashKey, { file, line })
    flush()
    if (this.options.keepRows) this.accepted.push({ file, line, ...row })
    return true
  }

  private describe(where: Where, file: string): string {
    return where.file === file ? `line ${where.line}` : `line ${where.line} of ${where.file}`
  }

  private error(file: string, line: number, code: ErrorCode, detail: Record<string, string | number> = {}): false {
    this.errors.push({ file, line, code, ...explainError(code, detail) })
    return false
  }

  /** The whole file is refused: nothing of it is uploaded (rows already counted stay counted, none valid). */
  private fileError(summary: CsvFileSummary, line: number, code: ErrorCode, detail: Record<string, string | number> = {}): void {
    if (UNREADABLE.has(code)) summary.readable = false
    summary.valid = 0
    if (this.options.keepRows) {
      for (let i = this.accepted.length - 1; i >= 0; i--) if (this.accepted[i]!.file === summary.file) this.accepted.splice(i, 1)
    }
    this.error(summary.file, line, code, detail)
  }

  private repair(file: string, line: number, code: RepairCode): void {
    this.repaired.push({ file, line, code })
  }

  private warning(file: string, line: number, code: WarningCode, detail: Record<string, string | number> = {}): void {
    this.warnings.push({ file, line, code, message: explainWarning(code, detail) })
  }
}

function isHeaderAgain(text: string, header: HeaderMap & { delimiter: string }): boolean {
  const cells = splitCells(text, header.delimiter).cells.map((cell) => cleanValue(cell).value)
  const map = mapHeader(cells)
  return map.columns.serialNumber === header.columns.serialNumber && map.columns.hardwareHash === header.columns.hardwareHash
}

/** NULs, replacement characters or several control characters: not a line of text. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000') || text.includes('\uFFFD')) return true
  let controls = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) if (++controls > 2) return true
  }
  return false
}

function looksLikeHashCsv(bytes: Uint8Array, kind: FileKind & { kind: 'text' }): boolean {
  for (const line of readTextLines([bytes.subarray(0, 64 * 1024)], kind, 64 * 1024)) {
    const text = line.text.replace(/^\uFEFF/, '')
    if (text.trim() === '' || /^\s*#TYPE\s/i.test(text)) continue
    const map = mapHeader(splitCells(text, detectDelimiter(text)).cells.map((cell) => cleanValue(cell).value))
    return map.columns.serialNumber !== undefined && map.columns.hardwareHash !== undefined
  }
  return false
}

const describeChar = (char: string): string =>
  `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${/\p{L}|\p{N}|\p{P}|\p{S}/u.test(char) ? ` "${char}"` : ''}`

function describeNonBase64(hash: string): string {
  const bad = hash.search(/[^A-Za-z0-9+/=]/)
  if (bad >= 0) return `character ${describeChar(hash[bad]!)} at position ${bad + 1}`
  return '"=" in the middle or more than two at the end'
}
