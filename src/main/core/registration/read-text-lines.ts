import { decodeAnsi } from './hash-csv-values'

/**
 * Splits a file into physical lines without holding it whole: bytes come in chunks, one line at a time
 * is decoded. Hash CSVs arrive in every encoding Windows tools write: PowerShell 5's Out-File and
 * `>` write UTF-16 LE with a BOM, Export-Csv writes ASCII or UTF-8 (PowerShell 7: no BOM), Notepad
 * and Excel write UTF-8 with a BOM or ANSI (Windows-1252), and files get pasted together. So:
 * - a BOM, or NULs at every other byte of the first 4 KiB, selects UTF-16 (LE or BE) for the file;
 * - otherwise each line is decoded on its own: UTF-8 when it is valid UTF-8, else Windows-1252, so one
 *   pasted-in ANSI line does not turn the rest of the file into replacement characters.
 */
export type FileKind =
  | { kind: 'text'; encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: boolean }
  | { kind: 'zip' }
  | { kind: 'cab' }
  | { kind: 'ole' }
  | { kind: 'binary' }
  | { kind: 'empty' }

export interface TextLine {
  /** 1-based physical line number (CR LF, LF and a lone CR each end one line). */
  line: number
  text: string
  /** Not valid UTF-8, so read as Windows-1252. */
  ansi: boolean
  /** Longer than the limit: its text is not kept (empty here). */
  tooLong: boolean
}

const SNIFF_BYTES = 4096

export function sniffFile(head: Uint8Array): FileKind {
  if (head.length === 0) return { kind: 'empty' }
  const [a, b, c, d] = head
  if (a === 0xef && b === 0xbb && c === 0xbf) return { kind: 'text', encoding: 'utf-8', bom: true }
  if (a === 0xff && b === 0xfe) return { kind: 'text', encoding: 'utf-16le', bom: true }
  if (a === 0xfe && b === 0xff) return { kind: 'text', encoding: 'utf-16be', bom: true }
  if (a === 0x50 && b === 0x4b && (c === 0x03 || c === 0x05) && (d === 0x04 || d === 0x06)) return { kind: 'zip' }
  if (a === 0x4d && b === 0x53 && c === 0x43 && d === 0x46) return { kind: 'cab' }
  // Compound File Binary: Excel 97-2003 .xls (and .msg, .doc) saved under another name.
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0) return { kind: 'ole' }
  const n = Math.min(head.length, SNIFF_BYTES) & ~1
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++
    if (head[i + 1] === 0) oddNul++
  }
  const pairs = n / 2
  if (pairs >= 2 && oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return { kind: 'text', encoding: 'utf-16le', bom: false }
  if (pairs >= 2 && evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return { kind: 'text', encoding: 'utf-16be', bom: false }
  // Text has next to no control characters; random or compressed bytes have about one in nine.
  let controls = 0
  const sniffed = Math.min(head.length, SNIFF_BYTES)
  for (let i = 0; i < sniffed; i++) {
    const byte = head[i]!
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) controls++
  }
  if (controls > Math.max(2, sniffed * 0.05)) return { kind: 'binary' }
  return { kind: 'text', encoding: 'utf-8', bom: false }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeLineBytes(bytes: Uint8Array): { text: string; ansi: boolean } {
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'), ansi: false }
  try {
    return { text: utf8.decode(bytes), ansi: false }
  } catch {
    return { text: decodeAnsi(bytes), ansi: true }
  }
}

/** Lines of a byte-oriented file (UTF-8, ANSI or a mix). A UTF-8 BOM stays on line 1's text; the reader strips it. */
function* byteLines(chunks: Iterable<Uint8Array>, maxLineBytes: number): Generator<TextLine> {
  let parts: Uint8Array[] = []
  let length = 0
  let tooLong = false
  let line = 1
  let pendingCr = false
  const take = (slice: Uint8Array) => {
    if (slice.length === 0 || tooLong) return
    if (length + slice.length > maxLineBytes) {
      tooLong = true
      parts = []
      return
    }
    parts.push(slice.slice())
    length += slice.length
  }
  const emit = (): TextLine => {
    const whole = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length)
    const decoded = tooLong ? { text: '', ansi: false } : decodeLineBytes(whole)
    const result = { line: line++, text: decoded.text, ansi: decoded.ansi, tooLong }
    parts = []
    length = 0
    tooLong = false
    return result
  }
  for (const chunk of chunks) {
    let start = 0
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!
      if (pendingCr) {
        pendingCr = false
        if (byte === 0x0a) {
          start = i + 1
          continue
        }
      }
      if (byte === 0x0a || byte === 0x0d) {
        take(chunk.subarray(start, i))
        yield emit()
        pendingCr = byte === 0x0d
        start = i + 1
      }
    }
    take(chunk.subarray(start))
  }
  if (length > 0 || tooLong) yield emit()
}

/** Lines of a UTF-16 file, decoded as a stream (a character may straddle two chunks). */
function* utf16Lines(chunks: Iterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be', maxLineChars: number): Generator<TextLine> {
  const decoder = new TextDecoder(encoding)
  let current = ''
  let tooLong = false
  let line = 1
  let pendingCr = false
  const take = (piece: string) => {
    if (piece === '' || tooLong) return
    if (current.length + piece.length > maxLineChars) {
      tooLong = true
      current = ''
      return
    }
    current += piece
  }
  const emit = (): TextLine => {
    const result = { line: line++, text: tooLong ? '' : current, ansi: false, tooLong }
    current = ''
    tooLong = false
    return result
  }
  const split = function* (text: string): Generator<TextLine> {
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (pendingCr) {
        pendingCr = false
        if (code === 0x0a) {
          start = i + 1
          continue
        }
      }
      if (code === 0x0a || code === 0x0d) {
        take(text.slice(start, i))
        yield emit()
        pendingCr = code === 0x0d
        start = i + 1
      }
    }
    take(text.slice(start))
  }
  for (const chunk of chunks) yield* split(decoder.decode(chunk, { stream: true }))
  yield* split(decoder.decode())
  if (current.length > 0 || tooLong) yield emit()
}

export function readTextLines(chunks: Iterable<Uint8Array>, kind: FileKind & { kind: 'text' }, maxLineLength: number): Generator<TextLine> {
  return kind.encoding === 'utf-8' ? byteLines(chunks, maxLineLength) : utf16Lines(chunks, kind.encoding, maxLineLength)
}
