import { keyboardLayouts, untypeThroughLayout } from './keyboard-layouts'

/**
 * Parses what a scan produced — a camera QR/barcode read, a USB scanner typing into the wedge field,
 * or a paste — into a device reference. Pure and total: any string gives a result or a structured
 * error in bounded time (input length is capped before any work, nesting depth before JSON.parse).
 *
 * Accepted (docs/reference/graph-api.md §A1.4, docs/reference/autopilot.md A.3):
 * - the Windows payload `{Version, Id, ZtdId, PKID, SerialNumber, SequenceBlockNumber, TotalBlocks}`
 *   in any key order and case, with anything before the first `{` (a scanner's symbology prefix,
 *   the legacy `Data to encode`) and after the last `}` ignored;
 * - the legacy `{ "BlockSequence": { … } }` form;
 * - multi-block payloads (`TotalBlocks` > 1), returned as blocks for `BlockAssembler`;
 * - the same typed by a keyboard-wedge scanner through a non-US layout (braces, quotes, colons,
 *   hyphens, digits or letters moved), undone by trying the known layouts;
 * - a bare ZtdId GUID (with or without braces), or a serial number.
 * `Id` is ignored: Windows draws a fresh random one for every render.
 */
export type PayloadFormat = 'windows' | 'legacy' | 'guid'

export interface DevicePayload {
  kind: 'device'
  /** Lower-case GUID: the Autopilot device id (windowsAutopilotDeviceIdentity.id). */
  ztdId: string
  /** As the device reported it; null when absent or empty (cross-check against the record). */
  serialNumber: string | null
  format: PayloadFormat
  /** The keyboard layout whose mangling was undone ('unknown': one not in the table), or null if the text was read as it is. */
  layout: string | null
  /**
   * Picked out of part of a code: the JSON around the ZtdId was cut off or damaged (a pasted fragment, a
   * partial read), with the id itself as Windows wrote it. The scan result says so instead of blaming a layout.
   */
  partial?: boolean
}

export interface BlockPayload {
  kind: 'block'
  sequence: number
  total: number
  /** Blocks of one render share this key (their `Id` when present). */
  groupKey: string
  ztdId: string | null
  serialNumber: string | null
  format: Exclude<PayloadFormat, 'guid'>
  layout: string | null
}

export interface SerialPayload {
  kind: 'serial'
  serialNumber: string
  /** The same serial with a keyboard layout's mangling undone, to try in turn if the first misses. */
  alternatives: string[]
}

export type ScanPayload = DevicePayload | BlockPayload | SerialPayload

export const parseErrorCodes = [
  'empty',
  'too-long',
  'not-text',
  'control-characters',
  'url',
  'wifi',
  'other-code',
  'invalid-json',
  'too-deep',
  'missing-ztdid',
  'invalid-ztdid',
  'ambiguous',
  'invalid-blocks',
  'unrecognised',
] as const
export type ParseErrorCode = (typeof parseErrorCodes)[number]

export interface ParseError {
  code: ParseErrorCode
  /** One sentence for the technician: what this was, what to do. */
  message: string
}

export type ParseResult = { ok: true; value: ScanPayload } | { ok: false; error: ParseError }

/** Longest input considered: a QR holds at most ~3 KB, the Windows payload ~200 bytes. */
export const maxPayloadLength = 4096
const maxDepth = 8
const maxBlocks = 16

const fail = (code: ParseErrorCode, message: string): ParseResult => ({ ok: false, error: { code, message } })

const guidPattern = /^\{?([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})\}?$/
const nilGuid = '00000000-0000-0000-0000-000000000000'

/** A lower-case canonical GUID, or null. The nil GUID is not a device id. */
export function normaliseGuid(value: string): string | null {
  const match = guidPattern.exec(value.trim())
  if (!match) return null
  const guid = match.slice(1).join('-').toLowerCase()
  return guid === nilGuid ? null : guid
}

/** Serial numbers as vendors print them: letters, digits and `- . _ /`, 3–64 characters, no spaces. */
const serialPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{1,62}[A-Za-z0-9]$/

/**
 * Strips what scanners add around the data: CR/LF/Tab suffixes, an AIM symbology identifier
 * (`]Q1`, `]C0`, `]A0`…) and a GS1 group separator.
 */
const groupSeparator = String.fromCharCode(0x1d)

function stripScannerFraming(text: string): string {
  let out = text.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '')
  out = out.replace(/^\][A-Za-z][0-9A-Za-z]/, '')
  while (out.startsWith(groupSeparator)) out = out.slice(1)
  while (out.endsWith(groupSeparator)) out = out.slice(0, -1)
  return out.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '')
}

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true
  }
  return false
}

/** Deepest bracket nesting outside strings; stops counting past `limit`. */
function nestingDepth(json: string, limit: number): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const char = json[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    else if (char === '{' || char === '[') {
      depth++
      if (depth > max) max = depth
      if (max > limit) return max
    } else if (char === '}' || char === ']') depth--
  }
  return max
}

type JsonObject = Record<string, unknown>
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The value of `key` compared case-insensitively; `ambiguous` if two spellings disagree. */
function field(object: JsonObject, key: string): { value: unknown; ambiguous: boolean } {
  const wanted = key.toLowerCase()
  let found: unknown = undefined
  let seen = false
  for (const [name, value] of Object.entries(object)) {
    if (name.trim().toLowerCase() !== wanted) continue
    if (seen && JSON.stringify(value) !== JSON.stringify(found)) return { value: undefined, ambiguous: true }
    found = value
    seen = true
  }
  return { value: found, ambiguous: false }
}

const asBlockNumber = (value: unknown): number | null => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : NaN
  return Number.isInteger(number) && number >= 1 && number <= maxBlocks ? number : null
}

interface Extracted {
  format: Exclude<PayloadFormat, 'guid'>
  ztdId: string | null
  serialNumber: string | null
  id: string | null
  sequence: number
  total: number
}

/** Reads the payload object (flat or under BlockSequence); a ParseResult error if it is not one. */
function extract(root: unknown): Extracted | ParseResult {
  if (!isObject(root)) return fail('missing-ztdid', 'This code holds JSON, but not an Autopilot device payload (no ZtdId).')
  let object = root
  let format: Extracted['format'] = 'windows'
  const legacy = field(root, 'BlockSequence')
  if (legacy.ambiguous) return fail('ambiguous', 'The payload has two different BlockSequence entries.')
  if (isObject(legacy.value)) {
    object = legacy.value
    format = 'legacy'
  }
  const ztd = field(object, 'ZtdId')
  const serial = field(object, 'SerialNumber')
  const id = field(object, 'Id')
  const sequence = field(object, 'SequenceBlockNumber')
  const total = field(object, 'TotalBlocks')
  if (ztd.ambiguous || serial.ambiguous || sequence.ambiguous || total.ambiguous) {
    return fail('ambiguous', 'The payload names the same field twice with different values; scan the code again.')
  }
  const totalBlocks = total.value === undefined ? 1 : asBlockNumber(total.value)
  const sequenceNumber = sequence.value === undefined ? 1 : asBlockNumber(sequence.value)
  if (totalBlocks === null || sequenceNumber === null || sequenceNumber > totalBlocks) {
    return fail('invalid-blocks', `The block numbers are not valid (block ${String(sequence.value)} of ${String(total.value)}).`)
  }
  let ztdId: string | null = null
  if (ztd.value !== undefined && ztd.value !== '') {
    if (typeof ztd.value !== 'string') return fail('invalid-ztdid', 'The ZtdId in this code is not text, so it is not an Autopilot device id.')
    ztdId = normaliseGuid(ztd.value)
    if (!ztdId) return fail('invalid-ztdid', `The ZtdId “${truncate(ztd.value)}” is not a valid device id (a GUID is expected).`)
  } else if (totalBlocks === 1) {
    return fail('missing-ztdid', 'This code holds JSON, but not an Autopilot device payload (no ZtdId).')
  }
  const serialNumber = typeof serial.value === 'string' && serial.value.trim() !== '' ? serial.value.trim() : null
  return {
    format,
    ztdId,
    serialNumber,
    id: typeof id.value === 'string' ? id.value : null,
    sequence: sequenceNumber,
    total: totalBlocks,
  }
}

const truncate = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text)

function fromJson(text: string, layout: string | null): ParseResult | null {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start < 0 || end < start) return null
  const json = text.slice(start, end + 1)
  if (nestingDepth(json, maxDepth) > maxDepth) return fail('too-deep', 'This code holds deeply nested data, not an Autopilot device payload.')
  let root: unknown
  try {
    root = JSON.parse(json)
  } catch {
    return null
  }
  const extracted = extract(root)
  if ('ok' in extracted) return extracted
  if (extracted.total > 1) {
    return {
      ok: true,
      value: {
        kind: 'block',
        sequence: extracted.sequence,
        total: extracted.total,
        groupKey: extracted.id ?? `total-${extracted.total}`,
        ztdId: extracted.ztdId,
        serialNumber: extracted.serialNumber,
        format: extracted.format,
        layout,
      },
    }
  }
  return { ok: true, value: { kind: 'device', ztdId: extracted.ztdId as string, serialNumber: extracted.serialNumber, format: extracted.format, layout } }
}

const looksLikeJson = (text: string) => text.includes('{') || /"\s*ztdid\s*"/i.test(text)

/** Keys of the payload as a wedge scanner may have typed them (y/z swap, case changes). */
const ztdKey = /[zy]td[\s_-]?id/i

/**
 * Last resort for layouts not in the table: a GUID whose four separators are the same character
 * (the hyphen typed through an unknown layout), right after something that reads like "ZtdId".
 */
function salvageGuid(text: string): { ztdId: string; separator: string } | null {
  const key = ztdKey.exec(text)
  if (!key) return null
  const rest = text.slice(key.index + key[0].length, key.index + key[0].length + 80)
  const match = /([0-9a-fA-F]{8})(.)([0-9a-fA-F]{4})\2([0-9a-fA-F]{4})\2([0-9a-fA-F]{4})\2([0-9a-fA-F]{12})/.exec(rest)
  if (!match) return null
  const ztdId = normaliseGuid([match[1], match[3], match[4], match[5], match[6]].join('-'))
  return ztdId ? { ztdId, separator: match[2] as string } : null
}

function classifyNonPayload(text: string): ParseResult | null {
  if (/^WIFI:/i.test(text)) return fail('wifi', 'This is a Wi-Fi network code, not an Autopilot device code.')
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(text) || /^www\./i.test(text)) {
    return fail('url', `This code is a web address (${truncate(text, 50)}), not an Autopilot device code.`)
  }
  if (/^(BEGIN:VCARD|MECARD:|mailto:|tel:|sms:|smsto:|geo:|BEGIN:VEVENT|otpauth:|bitcoin:)/i.test(text)) {
    return fail('other-code', 'This code holds contact, message or other data, not an Autopilot device code.')
  }
  return null
}

export function parsePayload(input: string): ParseResult {
  if (typeof input !== 'string') return fail('not-text', 'The scan did not produce text.')
  if (input.length > maxPayloadLength) {
    return fail('too-long', `This is ${input.length.toLocaleString('en')} characters long; an Autopilot code is about 200. Scan or paste only the device code.`)
  }
  if (/\uFFFD/.test(input) || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(input)) {
    return fail('not-text', 'This code holds binary data that is not valid UTF-8 text, so it is not an Autopilot device code.')
  }
  const text = stripScannerFraming(input)
  if (text === '') return fail('empty', 'Nothing to look up: scan the QR code on the device, or type its serial number.')
  // Control characters other than line breaks/tabs inside the data: not a payload.
  if (hasControlCharacters(text)) {
    return fail('control-characters', 'This code contains control characters, so it is not an Autopilot device code.')
  }
  const other = classifyNonPayload(text)
  if (other) return other

  // 1. As it is.
  const bare = normaliseGuid(text)
  if (bare) return { ok: true, value: { kind: 'device', ztdId: bare, serialNumber: null, format: 'guid', layout: null } }
  if (looksLikeJson(text)) {
    // Valid JSON is final: right or wrong, a keyboard layout did not produce it.
    const direct = fromJson(text, null)
    if (direct) return direct
  }

  // 2. Typed by a wedge scanner through a non-US keyboard layout.
  for (const layout of keyboardLayouts) {
    const candidate = untypeThroughLayout(text, layout)
    if (candidate === text) continue
    const guid = normaliseGuid(candidate)
    if (guid) return { ok: true, value: { kind: 'device', ztdId: guid, serialNumber: null, format: 'guid', layout: layout.id } }
    if (candidate.includes('{')) {
      const parsed = fromJson(candidate, layout.id)
      if (parsed?.ok) return parsed
    }
  }

  // 3. A payload we could not fully repair, but whose ZtdId is still recognisable.
  const salvaged = salvageGuid(text)
  if (salvaged) {
    const serial = /serial\s*number\W{1,6}([A-Za-z0-9-]{3,40})/i.exec(text)?.[1] ?? null
    // Hyphens typed as hyphens: no layout changed this text, it is a fragment of a code (its "{" cut off, say).
    const layout = salvaged.separator === '-' ? null : 'unknown'
    return { ok: true, value: { kind: 'device', ztdId: salvaged.ztdId, serialNumber: serial, format: 'windows', layout, partial: true } }
  }
  if (looksLikeJson(text)) return fail('invalid-json', 'This looks like a device code but could not be read completely; scan it again.')

  // 4. A serial number (typed, pasted, or a 1D barcode on the box label), possibly typed through a
  //    non-US layout: the text as it is first, then each layout's repair.
  const serials = serialCandidates(text)
  if (serials.length > 0) {
    return { ok: true, value: { kind: 'serial', serialNumber: serials[0] as string, alternatives: serials.slice(1) } }
  }
  if (/^\{?[0-9a-f]{8}.[0-9a-f]{4}.[0-9a-f]{4}.[0-9a-f]{4}.[0-9a-f]{12}\}?$/i.test(text)) {
    return fail('invalid-ztdid', `“${truncate(text)}” is not a valid device id (a GUID such as 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b).`)
  }
  return fail('unrecognised', `“${truncate(text)}” is neither an Autopilot QR payload, a device id nor a serial number.`)
}

/** The text as a serial, then as each keyboard layout would have typed it back (distinct, valid). */
function serialCandidates(text: string): string[] {
  const out = new Set<string>()
  if (serialPattern.test(text)) out.add(text)
  for (const layout of keyboardLayouts) {
    const candidate = untypeThroughLayout(text, layout)
    if (serialPattern.test(candidate)) out.add(candidate)
  }
  return [...out]
}
