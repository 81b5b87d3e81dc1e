/**
 * Byte → text decoding for the files Windows writes into a diagnostics archive.
 *
 * Windows writes `.reg` exports as UTF-16LE with a BOM (FF FE); a registry dump edited or re-saved
 * elsewhere is often UTF-8 (with or without EF BB BF). `AutopilotDDSZTDFile.json` has no documented
 * encoding; docs/reference/autopilot.md §7.4 notes that PowerShell's `Out-File` writes "Unicode" (UTF-16LE
 * with BOM) for the sibling AutopilotConfigurationFile.json, so every reader here accepts both.
 *
 * Never throws: odd byte counts (truncated UTF-16) and invalid sequences become warnings and U+FFFD.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'utf-16be'

export interface DecodedText {
  /** The text, without the BOM. */
  text: string
  encoding: TextEncodingName
  warnings: string[]
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
const utf16le = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true })

/** UTF-16LE bytes → string (no BOM handling). An odd trailing byte becomes U+FFFD. */
export function decodeUtf16le(bytes: Uint8Array): string {
  return utf16le.decode(bytes)
}

function swapBytePairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length)
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] ?? 0
    out[i + 1] = bytes[i] ?? 0
  }
  if (bytes.length % 2 === 1) out[bytes.length - 1] = bytes[bytes.length - 1] ?? 0
  return out
}

/**
 * UTF-16 without a BOM (an assumption, not documented for these files): ASCII-heavy text in UTF-16
 * has a zero byte in every other position. Looks at the first 4 KiB only.
 */
function sniffBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096)
  if (n < 4) return null
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven += 1
    if (bytes[i + 1] === 0) zeroOdd += 1
  }
  const pairs = n / 2
  if (zeroOdd / pairs > 0.4 && zeroEven / pairs < 0.05) return 'utf-16le'
  if (zeroEven / pairs > 0.4 && zeroOdd / pairs < 0.05) return 'utf-16be'
  return null
}

function countReplacementChars(text: string): number {
  let count = 0
  let at = text.indexOf('\uFFFD')
  while (at >= 0) {
    count += 1
    at = text.indexOf('\uFFFD', at + 1)
  }
  return count
}

/** Detects the encoding (BOM first, then a UTF-16 sniff, else UTF-8) and decodes. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const warnings: string[] = []
  let encoding: TextEncodingName
  let text: string
  let utf16 = false
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le-bom'
    text = utf16le.decode(bytes.subarray(2))
    utf16 = true
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be-bom'
    text = utf16le.decode(swapBytePairs(bytes.subarray(2)))
    utf16 = true
  } else if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8-bom'
    text = utf8.decode(bytes.subarray(3))
  } else {
    const sniffed = sniffBomlessUtf16(bytes)
    if (sniffed === 'utf-16le') {
      encoding = 'utf-16le'
      text = utf16le.decode(bytes)
      utf16 = true
    } else if (sniffed === 'utf-16be') {
      encoding = 'utf-16be'
      text = utf16le.decode(swapBytePairs(bytes))
      utf16 = true
    } else {
      encoding = 'utf-8'
      text = utf8.decode(bytes)
    }
  }
  const bodyLength = bytes.length - (encoding.endsWith('-bom') ? (encoding === 'utf-8-bom' ? 3 : 2) : 0)
  if (utf16 && bodyLength % 2 === 1)
    warnings.push(`UTF-16 text with an odd number of bytes (${bodyLength}): the file looks truncated; the last byte was dropped.`)
  const replaced = countReplacementChars(text)
  if (replaced > 0) warnings.push(`${replaced} invalid ${utf16 ? 'UTF-16' : 'UTF-8'} sequence(s) replaced with U+FFFD.`)
  return { text, encoding, warnings }
}

/**
 * True when the text looks like binary data rather than a text file: more than 10% NULs, other
 * control characters (except tab, CR, LF, FF) or U+FFFD in the first 64 Ki characters.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 65_536)
  if (n === 0) return false
  let bad = 0
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i)
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) bad += 1
  }
  return bad / n > 0.1
}
