/**
 * A tolerant, bounded reader for `.reg` text — in particular `MdmDiagReport_RegistryDump.reg`, the
 * registry dump MDMDiagnosticsTool writes. Pure function over bytes: no Windows, no `reg.exe`.
 *
 * Format facts and where they come from:
 * - The regedit export syntax (header `Windows Registry Editor Version 5.00` or `REGEDIT4`, `[key]`,
 *   `[-key]`, `"name"=…`, `@=…`, `dword:`, `hex:` / `hex(n):` with `\` continuations, `;` comments,
 *   `"name"=-`) is the ordinary regedit format; Microsoft does not document the MDM dump itself
 *   (docs/reference/autopilot.md §10 item 2).
 * - What the dump looks like differs from regedit's output in ways we only know from
 *   Get-AutopilotDiagnostics (docs/reference/community-tools.md §A3; its source, AST:Community Version/
 *   Get-AutopilotDiagnosticsCommunity.ps1, rewrites the dump before `reg.exe import`):
 *   value lines may start with a space (` "name"=`, ` @=`), the type may be upper case (`DWORD:`),
 *   the header may be missing (the tool writes one itself), and string data is NOT escaped —
 *   backslashes and embedded quotes appear verbatim ("so bungled up in the registry export that it
 *   doesn't import without some serious massaging for embedded quotes").
 *   So string data is read in one of two modes, chosen per file (see `stringEscaping`).
 *
 * Never throws. Malformed lines become warnings with their line number. Input size, line count,
 * logical line length and the warning list are capped; exceeding a cap is reported in `error`
 * (with whatever was read before the cap, `complete: false`).
 */
import { decodeText, decodeUtf16le, looksBinary, type TextEncodingName } from './text'

export interface RegParseLimits {
  /** Largest input accepted, in bytes (default 64 MiB). */
  maxBytes: number
  /** Physical lines read before stopping (default 2,000,000). */
  maxLines: number
  /** Longest logical line (after joining `\` continuations), in characters (default 4 Mi). */
  maxLineLength: number
  /** Physical lines an unterminated verbatim string may span (default 1,000). */
  maxStringLines: number
  /** Warnings kept; the rest are only counted (default 500). */
  maxWarnings: number
}

export const DEFAULT_REG_LIMITS: RegParseLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxLines: 2_000_000,
  maxLineLength: 4 * 1024 * 1024,
  maxStringLines: 1_000,
  maxWarnings: 500,
}

export type RegValue = { name: string; line: number } &
  /** A quoted string is unescaped or not according to the file's `stringEscaping`. */
  (
    | { type: 'REG_SZ'; data: string }
    | { type: 'REG_EXPAND_SZ'; data: string }
    | { type: 'REG_MULTI_SZ'; data: string[] }
    | { type: 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN'; data: number }
    /** Decimal string: a QWORD can exceed Number.MAX_SAFE_INTEGER. */
    | { type: 'REG_QWORD'; data: string }
    /** `data` is lower-case hex without separators; `rawType` is the n of `hex(n):` (null for `hex:`). */
    | { type: 'REG_BINARY' | 'REG_NONE' | 'REG_UNKNOWN'; data: string; rawType: number | null }
    /** `"name"=-`: the export asks to delete the value. */
    | { type: 'DELETE'; data: null }
  )

export type RegValueType = RegValue['type']

export interface RegKey {
  /** As written between the brackets, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\…`. */
  path: string
  line: number
  values: RegValue[]
}

export interface RegWarning {
  /** 1-based physical line number; 0 for file-level warnings. */
  line: number
  message: string
}

export type RegErrorCode = 'too-large' | 'too-many-lines' | 'binary' | 'not-reg'

export interface RegFile {
  encoding: TextEncodingName | null
  header: 'Windows Registry Editor Version 5.00' | 'REGEDIT4' | null
  /**
   * `regedit`: `\\` and `\"` were unescaped (a regedit export). `verbatim`: at least one string could
   * not be read with regedit escaping (an invalid escape, text after the closing quote, or a string
   * spanning lines), so — like the MDM dump Get-AutopilotDiagnostics describes — every quoted string
   * of the file is taken literally between its first and last quote.
   */
  stringEscaping: 'regedit' | 'verbatim'
  keys: RegKey[]
  /** `[-HKEY_…]` sections. */
  deletedKeys: string[]
  warnings: RegWarning[]
  /** All warnings, including those beyond `maxWarnings` that were not kept. */
  warningCount: number
  lineCount: number
  valueCount: number
  /** False when a cap stopped the reader early (then `error` says which). */
  complete: boolean
  error: { code: RegErrorCode; message: string } | null
}

const HEADER_V5 = 'Windows Registry Editor Version 5.00'
const HEADER_V4 = 'REGEDIT4'

const ROOT_ALIASES: Record<string, string> = {
  hkey_local_machine: 'hklm',
  hklm: 'hklm',
  hkey_current_user: 'hkcu',
  hkcu: 'hkcu',
  hkey_classes_root: 'hkcr',
  hkcr: 'hkcr',
  hkey_users: 'hku',
  hku: 'hku',
  hkey_current_config: 'hkcc',
  hkcc: 'hkcc',
}

/** Case-insensitive lookup form of a key path: root abbreviated (`hklm`), lower case, no empty segments. */
export function normalizeRegPath(path: string): string {
  const parts = path
    .trim()
    .split('\\')
    .filter((part) => part.length > 0)
  const root = parts[0]?.toLowerCase()
  if (root !== undefined && ROOT_ALIASES[root]) parts[0] = ROOT_ALIASES[root]
  return parts.join('\\').toLowerCase()
}

/** A quoted string read both ways; resolved once the file's escaping mode is known. */
interface QuotedText {
  /** Null when regedit escaping cannot read it. */
  regedit: string | null
  verbatim: string
}

/** Keys with many values get a name index so replacing a repeated value stays cheap. */
const BIG_KEY = 32

const parsedIndex = new WeakMap<RegFile, Map<string, RegKey>>()

function indexOf(reg: RegFile): Map<string, RegKey> {
  let index = parsedIndex.get(reg)
  if (!index) {
    index = new Map()
    for (const key of reg.keys) index.set(normalizeRegPath(key.path), key)
    parsedIndex.set(reg, index)
  }
  return index
}

/** The key at `path` (case-insensitive; `HKLM\…` and `HKEY_LOCAL_MACHINE\…` are the same key). */
export function findRegKey(reg: RegFile, path: string): RegKey | undefined {
  return indexOf(reg).get(normalizeRegPath(path))
}

/** The value `name` of a key (case-insensitive); `''` is the default value (`@`). */
export function findRegValue(key: RegKey | undefined, name: string): RegValue | undefined {
  if (!key) return undefined
  const lower = name.toLowerCase()
  for (let i = key.values.length - 1; i >= 0; i -= 1) {
    const value = key.values[i]
    if (value && value.name.toLowerCase() === lower) return value
  }
  return undefined
}

/**
 * Names of the direct subkeys of `path`, in file order. A subkey counts even when only one of its own
 * subkeys has a section (the dump may omit empty intermediate keys).
 */
export function listRegSubkeys(reg: RegFile, path: string): string[] {
  const prefix = `${normalizeRegPath(path)}\\`
  const depth = prefix.split('\\').length - 1
  const seen = new Set<string>()
  const names: string[] = []
  for (const [normalized, key] of indexOf(reg)) {
    if (!normalized.startsWith(prefix)) continue
    // Take the original spelling of the next segment.
    const original = key.path
      .trim()
      .split('\\')
      .filter((part) => part.length > 0)[depth]
    if (original === undefined) continue
    const lower = original.toLowerCase()
    if (!seen.has(lower)) {
      seen.add(lower)
      names.push(original)
    }
  }
  return names
}

/** A DWORD/QWORD as a number, or a REG_SZ holding a decimal/0x number (tolerated, as some dumps do). */
export function regValueAsNumber(value: RegValue | undefined): number | null {
  if (!value) return null
  if (value.type === 'REG_DWORD' || value.type === 'REG_DWORD_BIG_ENDIAN') return value.data
  if (value.type === 'REG_QWORD') {
    const n = Number(value.data)
    return Number.isSafeInteger(n) ? n : null
  }
  if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') {
    const text = value.data.trim()
    if (/^-?\d{1,15}$/.test(text)) return Number(text)
    if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16)
  }
  return null
}

/** REG_SZ / REG_EXPAND_SZ text; REG_MULTI_SZ joined with newlines; null otherwise. */
export function regValueAsString(value: RegValue | undefined): string | null {
  if (!value) return null
  if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') return value.data
  if (value.type === 'REG_MULTI_SZ') return value.data.join('\n')
  return null
}

/** Reads a regedit-escaped quoted string starting at `start` (the opening quote). */
function readEscaped(text: string, start: number): { value: string; end: number } | null {
  let out = ''
  let i = start + 1
  while (i <= text.length) {
    const quote = text.indexOf('"', i)
    if (quote < 0) return null // unterminated
    const backslash = text.indexOf('\\', i)
    if (backslash < 0 || backslash > quote) return { value: out + text.slice(i, quote), end: quote }
    const next = text[backslash + 1]
    if (next !== '\\' && next !== '"') return null // invalid escape: not regedit-escaped
    out += text.slice(i, backslash) + next
    i = backslash + 2
  }
  return null
}

const HEX_TYPES: Record<number, RegValueType> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
}

function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

const looksLikeKeyLine = (line: string) => /^\s*\[-?HK/i.test(line)
const looksLikeValueLine = (line: string) => /^\s*(@|"[^"\\]*")\s*=/.test(line)

/**
 * Parses `.reg` bytes (UTF-16LE with BOM as Windows writes it, UTF-16 without BOM, or UTF-8 with or
 * without BOM). See the module comment for the tolerated deviations from regedit's format.
 */
export function parseRegFile(bytes: Uint8Array, limits: Partial<RegParseLimits> = {}): RegFile {
  const caps: RegParseLimits = { ...DEFAULT_REG_LIMITS, ...limits }
  const result: RegFile = {
    encoding: null,
    header: null,
    stringEscaping: 'regedit',
    keys: [],
    deletedKeys: [],
    warnings: [],
    warningCount: 0,
    lineCount: 0,
    valueCount: 0,
    complete: true,
    error: null,
  }
  const warn = (line: number, message: string) => {
    result.warningCount += 1
    if (result.warnings.length < caps.maxWarnings) result.warnings.push({ line, message })
  }

  if (bytes.length > caps.maxBytes) {
    result.complete = false
    result.error = {
      code: 'too-large',
      message: `The registry file is ${bytes.length} bytes; the limit is ${caps.maxBytes} bytes. It was not read.`,
    }
    return result
  }

  const decoded = decodeText(bytes)
  result.encoding = decoded.encoding
  for (const message of decoded.warnings) warn(0, message)
  const text = decoded.text
  if (looksBinary(text)) {
    result.complete = false
    result.error = { code: 'binary', message: 'This does not look like a text .reg file (binary data). It was not read.' }
    return result
  }

  const keysByPath = new Map<string, RegKey>()
  // Values whose verbatim reading differs from their regedit reading (only those: saves memory).
  const alternates: Array<{ value: RegValue; name: string | null; data: string | null }> = []
  const bigKeyNames = new Map<RegKey, Map<string, RegValue>>()
  let current: RegKey | null = null
  let sawContent = false
  let verbatimFile = false

  // Physical line iterator with a cap on count.
  const lineBreak = /\r\n|\n|\r/g
  let position = 0
  let lineNo = 0
  let exhausted = false
  const nextLine = (): string | null => {
    if (exhausted) return null
    if (lineNo >= caps.maxLines) {
      if (position < text.length) {
        result.complete = false
        result.error = {
          code: 'too-many-lines',
          message: `The registry file has more than ${caps.maxLines} lines; only the first ${caps.maxLines} were read.`,
        }
      }
      exhausted = true
      return null
    }
    if (position > text.length || (position === text.length && lineNo > 0)) {
      exhausted = true
      return null
    }
    lineBreak.lastIndex = position
    const match = lineBreak.exec(text)
    let line: string
    if (match) {
      line = text.slice(position, match.index)
      position = match.index + match[0].length
    } else {
      line = text.slice(position)
      position = text.length + 1
    }
    lineNo += 1
    return line
  }

  const commit = (key: RegKey, name: QuotedText | '', value: RegValue, data?: QuotedText) => {
    let altName: string | null = null
    let altData: string | null = null
    if (name !== '') {
      value.name = name.regedit ?? name.verbatim
      if (name.regedit === null) verbatimFile = true
      else if (name.regedit !== name.verbatim) altName = name.verbatim
    }
    if (data && value.type === 'REG_SZ') {
      value.data = data.regedit ?? data.verbatim
      if (data.regedit === null) verbatimFile = true
      else if (data.regedit !== data.verbatim) altData = data.verbatim
    }
    if (altName !== null || altData !== null) alternates.push({ value, name: altName, data: altData })
    // A repeated value name replaces the earlier one (as regedit import would).
    const values = key.values
    const lower = value.name.toLowerCase()
    let names = bigKeyNames.get(key)
    if (!names && values.length >= BIG_KEY) {
      names = new Map(values.map((v) => [v.name.toLowerCase(), v]))
      bigKeyNames.set(key, names)
    }
    if (names) {
      const old = names.get(lower)
      if (old) values.splice(values.indexOf(old), 1)
      names.set(lower, value)
    } else {
      const old = values.findIndex((v) => v.name.toLowerCase() === lower)
      if (old >= 0) values.splice(old, 1)
    }
    values.push(value)
    result.valueCount += 1
  }

  for (let raw = nextLine(); raw !== null; raw = nextLine()) {
    const startLine = lineNo
    if (raw.length > caps.maxLineLength) {
      warn(startLine, `Line is ${raw.length} characters long (limit ${caps.maxLineLength}); skipped.`)
      continue
    }
    let line = raw.trim()
    if (line.length === 0 || line.startsWith(';')) continue

    if (!sawContent) {
      sawContent = true
      if (line === HEADER_V5 || line === HEADER_V4) {
        result.header = line
        continue
      }
    } else if ((line === HEADER_V5 || line === HEADER_V4) && result.keys.length === 0) {
      continue // a second header before any key (e.g. one added by a tool in front of the dump's own)
    }

    // Key line
    if (line.startsWith('[')) {
      const close = line.lastIndexOf(']')
      if (close < 0) {
        warn(startLine, 'Key line without a closing "]"; the values that follow are ignored.')
        current = null
        continue
      }
      if (
        close !== line.length - 1 &&
        !line
          .slice(close + 1)
          .trim()
          .startsWith(';')
      ) {
        warn(startLine, 'Text after the closing "]" of a key line was ignored.')
      }
      let path = line.slice(1, close).trim()
      if (path.startsWith('-')) {
        path = path.slice(1).trim()
        if (path) result.deletedKeys.push(path)
        current = null
        continue
      }
      if (!path) {
        warn(startLine, 'Empty key name "[]"; the values that follow are ignored.')
        current = null
        continue
      }
      const root = path.split('\\')[0]?.toLowerCase() ?? ''
      if (!ROOT_ALIASES[root])
        warn(startLine, `Key "${path.slice(0, 80)}" does not start with a known hive (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, …); kept as written.`)
      const normalized = normalizeRegPath(path)
      const existing = keysByPath.get(normalized)
      if (existing) current = existing
      else {
        current = { path, line: startLine, values: [] }
        keysByPath.set(normalized, current)
        result.keys.push(current)
      }
      continue
    }

    if (line[0] !== '"' && line[0] !== '@') {
      warn(startLine, `Unrecognised line: ${JSON.stringify(line.slice(0, 60))}`)
      continue
    }

    // Join `\` continuations of hex data.
    if (line.endsWith('\\') && /=\s*hex(\([0-9a-f]{1,8}\))?:/i.test(line)) {
      let joined = line.slice(0, -1)
      let tooLong = false
      while (true) {
        const more = nextLine()
        if (more === null) {
          warn(startLine, 'Hex data continued with "\\" at the end of the file.')
          break
        }
        const piece = more.trim()
        if (joined.length + piece.length > caps.maxLineLength) tooLong = true
        else joined += piece.endsWith('\\') ? piece.slice(0, -1) : piece
        if (!piece.endsWith('\\')) break
      }
      if (tooLong) {
        warn(startLine, `Hex value longer than ${caps.maxLineLength} characters; skipped.`)
        continue
      }
      line = joined
    }

    if (!current) {
      warn(startLine, 'Value outside of a key section; ignored.')
      continue
    }

    // Name
    let name: QuotedText | ''
    let rest: string
    if (line[0] === '@') {
      name = ''
      rest = line.slice(1).trimStart()
      if (!rest.startsWith('=')) {
        warn(startLine, 'Default value "@" without "="; ignored.')
        continue
      }
      rest = rest.slice(1)
    } else {
      const escaped = readEscaped(line, 0)
      const afterEscaped = escaped ? line.slice(escaped.end + 1).trimStart() : ''
      const verbatimEnd = line.indexOf('"=', 1)
      if (escaped && afterEscaped.startsWith('=')) {
        // Both readings end at the same closing quote; the verbatim one keeps the backslashes.
        name = { regedit: escaped.value, verbatim: line.slice(1, escaped.end) }
        rest = afterEscaped.slice(1)
      } else if (verbatimEnd >= 0) {
        name = { regedit: null, verbatim: line.slice(1, verbatimEnd) }
        rest = line.slice(verbatimEnd + 2)
      } else {
        warn(startLine, 'Value line without "=" after the name; ignored.')
        continue
      }
    }
    rest = rest.trim()

    const key: RegKey = current
    const lowerRest = rest.toLowerCase()

    if (rest.startsWith('"')) {
      const escaped = readEscaped(rest, 0)
      const regedit = escaped && rest.slice(escaped.end + 1).trim() === '' ? escaped.value : null
      if (rest.length >= 2 && rest.endsWith('"')) {
        commit(key, name, { name: '', line: startLine, type: 'REG_SZ', data: '' }, { regedit, verbatim: rest.slice(1, -1) })
        continue
      }
      // Unterminated: a verbatim string with a line break inside (the dump doesn't escape them).
      let joined = rest.slice(1)
      let spanned = 0
      let closed = false
      while (spanned < caps.maxStringLines) {
        const peekPosition = position
        const peekLineNo = lineNo
        const more = nextLine()
        if (more === null) break
        if (looksLikeKeyLine(more) || looksLikeValueLine(more)) {
          position = peekPosition // hand the line back
          lineNo = peekLineNo
          break
        }
        spanned += 1
        if (joined.length + more.length + 1 > caps.maxLineLength) break
        const trimmedEnd = more.trimEnd()
        if (trimmedEnd.endsWith('"')) {
          joined += `\n${trimmedEnd.slice(0, -1)}`
          closed = true
          break
        }
        joined += `\n${more}`
      }
      verbatimFile = true
      if (closed) warn(startLine, `String value spans ${spanned + 1} lines (a line break inside unescaped data); read as one value.`)
      else warn(startLine, 'Unterminated string value; kept what was read up to here.')
      commit(key, name, { name: '', line: startLine, type: 'REG_SZ', data: '' }, { regedit: null, verbatim: joined })
      continue
    }

    if (lowerRest.startsWith('dword:')) {
      const digits = rest.slice(6).trim()
      if (!/^[0-9a-f]{1,8}$/i.test(digits)) {
        warn(startLine, `Invalid dword data ${JSON.stringify(digits.slice(0, 20))}; value ignored.`)
        continue
      }
      commit(key, name, { name: '', line: startLine, type: 'REG_DWORD', data: Number.parseInt(digits, 16) >>> 0 })
      continue
    }

    const hexMatch = /^hex(?:\(([0-9a-f]{1,8})\))?:/i.exec(rest)
    if (hexMatch) {
      const rawType = hexMatch[1] === undefined ? null : Number.parseInt(hexMatch[1], 16)
      const tokens = rest
        .slice(hexMatch[0].length)
        .split(',')
        .map((token) => token.trim())
      if (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop()
      const bytesOut = new Uint8Array(tokens.length)
      let bad: string | null = null
      for (let i = 0; i < tokens.length; i += 1) {
        const token = tokens[i] ?? ''
        if (!/^[0-9a-f]{1,2}$/i.test(token)) {
          bad = token
          break
        }
        bytesOut[i] = Number.parseInt(token, 16)
      }
      if (bad !== null) {
        warn(startLine, `Invalid hex byte ${JSON.stringify(bad.slice(0, 20))}; value ignored.`)
        continue
      }
      const type: RegValueType = rawType === null ? 'REG_BINARY' : (HEX_TYPES[rawType] ?? 'REG_UNKNOWN')
      const base = { name: '', line: startLine }
      let value: RegValue
      switch (type) {
        case 'REG_SZ':
        case 'REG_EXPAND_SZ': {
          if (bytesOut.length % 2 === 1) warn(startLine, 'UTF-16 string data with an odd number of bytes.')
          const data = decodeUtf16le(bytesOut).replace(/\0+$/, '')
          value = { ...base, type, data }
          break
        }
        case 'REG_MULTI_SZ': {
          if (bytesOut.length % 2 === 1) warn(startLine, 'UTF-16 string data with an odd number of bytes.')
          const parts = decodeUtf16le(bytesOut).split('\0')
          while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
          value = { ...base, type, data: parts }
          break
        }
        case 'REG_DWORD':
        case 'REG_DWORD_BIG_ENDIAN': {
          if (bytesOut.length !== 4) {
            warn(startLine, `${type} data must be 4 bytes, got ${bytesOut.length}; kept as raw bytes.`)
            value = { ...base, type: 'REG_UNKNOWN', data: toHex(bytesOut), rawType }
            break
          }
          const view = new DataView(bytesOut.buffer, bytesOut.byteOffset, 4)
          value = { ...base, type, data: view.getUint32(0, type === 'REG_DWORD') }
          break
        }
        case 'REG_QWORD': {
          if (bytesOut.length !== 8) {
            warn(startLine, `REG_QWORD data must be 8 bytes, got ${bytesOut.length}; kept as raw bytes.`)
            value = { ...base, type: 'REG_UNKNOWN', data: toHex(bytesOut), rawType }
            break
          }
          const view = new DataView(bytesOut.buffer, bytesOut.byteOffset, 8)
          value = { ...base, type, data: view.getBigUint64(0, true).toString() }
          break
        }
        default: {
          const binaryType = type === 'REG_NONE' || type === 'REG_BINARY' ? type : 'REG_UNKNOWN'
          value = { ...base, type: binaryType, data: toHex(bytesOut), rawType }
        }
      }
      commit(key, name, value)
      continue
    }

    if (rest === '-') {
      commit(key, name, { name: '', line: startLine, type: 'DELETE', data: null })
      continue
    }

    warn(startLine, `Unrecognised value data ${JSON.stringify(rest.slice(0, 30))}; value ignored.`)
  }

  result.lineCount = lineNo

  // A name or string that regedit escaping cannot read marks the whole file as verbatim (the MDM dump).
  result.stringEscaping = verbatimFile ? 'verbatim' : 'regedit'
  if (verbatimFile) {
    for (const alternate of alternates) {
      if (alternate.name !== null) alternate.value.name = alternate.name
      if (alternate.data !== null && alternate.value.type === 'REG_SZ') alternate.value.data = alternate.data
    }
  }
  parsedIndex.set(result, keysByPath)

  if (result.keys.length === 0 && result.header === null && sawContent && result.error === null) {
    result.error = { code: 'not-reg', message: 'No registry header and no [key] sections: this does not look like a .reg file.' }
  }
  if (result.warningCount > result.warnings.length) {
    result.warnings.push({ line: 0, message: `${result.warningCount - result.warnings.length} more warning(s) not shown.` })
  }
  return result
}
