/**
 * Cleaning and recognising single CSV values of a hardware-hash file (docs/reference/autopilot.md §5.2:
 * no quotes, no commas in values, ANSI only, edited in Notepad and never in Excel, watch for hidden
 * characters and trailing spaces).
 */

/**
 * Characters that print as nothing but break an exact match: zero-width spaces and joiners, direction
 * marks, word joiner, soft hyphen, and a byte-order mark in the middle of a file (two files pasted together).
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g
/** Spaces other than the ASCII one: no-break space (Excel, web pages), en/em spaces, ideographic space. */
const ODD_SPACE = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g
/** C0 controls but tab; NUL is handled before (a line with NULs is refused). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

export interface CleanValue {
  value: string
  /** Leading or trailing whitespace was removed. */
  trimmed: boolean
  /** Invisible or control characters were removed, or odd spaces made plain. */
  invisible: boolean
}

export function cleanValue(raw: string): CleanValue {
  const visible = raw.replace(INVISIBLE, '').replace(CONTROL, '').replace(ODD_SPACE, ' ')
  const value = visible.trim()
  return { value, trimmed: value !== visible, invisible: visible !== raw }
}

/**
 * What Excel shows for a long number it has turned into a float: `1.23457E+11` (or `1,23457E+11` where
 * the decimal mark is a comma). The original digits are lost; only a fresh export has them. Excel always
 * writes the exponent's sign (`1E+11`), so digits around an E without one (`1E23456`) stay a serial.
 */
export const isExcelNumber = (value: string): boolean => /^[+-]?\d+([.,]\d+)?E[+-]\d+$/i.test(value)

/**
 * Values OEM firmware leaves in the serial field when nobody set it. Docs are silent on these; they are
 * a warning only (Autopilot matches on the hash, but a technician cannot find such a device by serial).
 */
const PLACEHOLDER_SERIALS = new Set([
  'to be filled by o.e.m.',
  'default string',
  'system serial number',
  'none',
  'n/a',
  '0',
  '00000000',
  '123456789',
  '0123456789',
])
export const isPlaceholderSerial = (serial: string): boolean => PLACEHOLDER_SERIALS.has(serial.toLowerCase())

/** name@domain.tld; docs are silent on UPN syntax beyond that (the manifest reader uses the same test). */
export const isUpnShaped = (value: string): boolean => /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(value)

export const upnDomain = (upn: string): string => upn.slice(upn.lastIndexOf('@') + 1).toLowerCase()

/** Windows-1252 ("ANSI" on Western Windows) holds Latin-1 plus these in 0x80–0x9F; Intune's upload wants ANSI (§5.2). */
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'
export const fitsAnsi = (value: string): boolean => {
  for (const char of value) {
    const code = char.codePointAt(0)!
    if (code > 0xff && !CP1252_EXTRA.includes(char)) return false
    if (code >= 0x80 && code <= 0x9f) return false
  }
  return true
}

/** Windows-1252 bytes of a value that fits (see fitsAnsi). */
export function encodeAnsi(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  let n = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    const extra = CP1252_EXTRA.indexOf(char)
    bytes[n++] = code <= 0xff ? code : extra >= 0 ? CP1252_EXTRA_BYTES[extra]! : 0x3f
  }
  return bytes.subarray(0, n)
}
const CP1252_EXTRA_BYTES = [
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e,
  0x9f,
]

/**
 * Windows-1252 bytes to text. Node 20's TextDecoder('windows-1252') decodes 0x80–0x9F as Latin-1
 * control characters, so the 27 differing code points are mapped here.
 */
export function decodeAnsi(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    const extra = byte >= 0x80 && byte <= 0x9f ? CP1252_EXTRA_BYTES.indexOf(byte) : -1
    text += extra >= 0 ? CP1252_EXTRA[extra]! : String.fromCharCode(byte)
  }
  return text
}
