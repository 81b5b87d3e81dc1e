/**
 * Substitution values of a template instance: type byte + byte size from the descriptor, then the
 * bytes (docs/reference/evtx-format.md §values). Every value is decoded from its own slice, so a
 * wrong size can never read into the next value. Text follows what Windows' own rendered XML shows:
 * GUIDs in braces upper-case, hex integers as `0x…` lower-case, FILETIME as ISO 8601 UTC with 100 ns.
 */
import { EvtxFormatError } from './evtx-error'

export type SubstitutionValue = { kind: 'null' } | { kind: 'text'; text: string } | { kind: 'xml'; nodes: unknown[] }

const utf16 = new TextDecoder('utf-16le')
const latin1 = new TextDecoder('latin1')

const hex2 = (n: number) => n.toString(16).padStart(2, '0')

/** UTF-16LE text, without the terminating NULs Windows stores with it. */
export function utf16Text(bytes: Uint8Array, start: number, end: number): string {
  let stop = end - ((end - start) & 1)
  while (stop - 2 >= start && bytes[stop - 2] === 0 && bytes[stop - 1] === 0) stop -= 2
  return utf16.decode(bytes.subarray(start, stop))
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`; null when out of the Date range. */
export function filetimeToIso(low: number, high: number): string | null {
  const ticks = BigInt(high >>> 0) * 0x100000000n + BigInt(low >>> 0)
  const unixTicks = ticks - 116444736000000000n
  const ms = unixTicks >= 0n ? unixTicks / 10000n : -((-unixTicks + 9999n) / 10000n)
  const rest = Number(unixTicks - ms * 10000n) // 0..9999 ticks below the millisecond
  if (ms > 8640000000000000n || ms < -8640000000000000n) return null
  const date = new Date(Number(ms))
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1601 || date.getUTCFullYear() > 9999) return null
  const iso = date.toISOString() // …T…:ss.mmmZ
  return `${iso.slice(0, 23)}${String(rest).padStart(4, '0')}Z`
}

function systemtimeToIso(view: DataView, at: number): string | null {
  const w = (i: number) => view.getUint16(at + i * 2, true)
  const [y, mo, d, h, mi, s, ms] = [w(0), w(1), w(3), w(4), w(5), w(6), w(7)]
  if (y < 1601 || y > 30827 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || ms > 999) return null
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}.${p(ms, 3)}Z`
}

function guidText(b: Uint8Array, at: number): string {
  const x = (i: number) => hex2(b[at + i]!)
  return `{${x(3)}${x(2)}${x(1)}${x(0)}-${x(5)}${x(4)}-${x(7)}${x(6)}-${x(8)}${x(9)}-${x(10)}${x(11)}${x(12)}${x(13)}${x(14)}${x(15)}}`.toUpperCase()
}

function sidText(b: Uint8Array, view: DataView, at: number, size: number): string {
  if (size < 8) throw new EvtxFormatError(`a SID value of ${size} bytes is too short`)
  const count = b[at + 1]!
  if (8 + count * 4 > size) throw new EvtxFormatError(`a SID value claims ${count} sub-authorities but has ${size} bytes`)
  let authority = 0
  for (let i = 2; i < 8; i++) authority = authority * 256 + b[at + i]!
  const parts = [`S-${b[at]}`, String(authority)]
  for (let i = 0; i < count; i++) parts.push(String(view.getUint32(at + 8 + i * 4, true)))
  return parts.join('-')
}

/** Fixed byte size of the scalar types (for arrays and checks); 0 = variable. */
const FIXED: Record<number, number> = { 3: 1, 4: 1, 5: 2, 6: 2, 7: 4, 8: 4, 9: 8, 10: 8, 11: 4, 12: 8, 13: 4, 15: 16, 17: 8, 18: 16, 20: 4, 21: 8 }

function scalar(type: number, b: Uint8Array, view: DataView, at: number, size: number): string {
  const need = FIXED[type]
  if (need !== undefined && size < need) throw new EvtxFormatError(`a value of type 0x${hex2(type)} needs ${need} bytes, has ${size}`)
  switch (type) {
    case 0x01:
      return utf16Text(b, at, at + size)
    case 0x02:
      return latin1.decode(b.subarray(at, at + size)).replace(/\0+$/, '')
    case 0x03:
      return String(view.getInt8(at))
    case 0x04:
      return String(b[at])
    case 0x05:
      return String(view.getInt16(at, true))
    case 0x06:
      return String(view.getUint16(at, true))
    case 0x07:
      return String(view.getInt32(at, true))
    case 0x08:
      return String(view.getUint32(at, true))
    case 0x09:
      return String(view.getBigInt64(at, true))
    case 0x0a:
      return String(view.getBigUint64(at, true))
    case 0x0b:
      return String(view.getFloat32(at, true))
    case 0x0c:
      return String(view.getFloat64(at, true))
    case 0x0d:
      // Windows writes 1 for true; any other non-zero value is read as true too.
      return view.getUint32(at, true) === 0 ? 'false' : 'true'
    case 0x0e:
      return Array.from(b.subarray(at, at + size), hex2)
        .join('')
        .toUpperCase()
    case 0x0f:
      return guidText(b, at)
    case 0x10: // SizeT: 4 or 8 bytes, whichever the writer used
      return size >= 8 ? `0x${view.getBigUint64(at, true).toString(16)}` : size >= 4 ? `0x${view.getUint32(at, true).toString(16)}` : ''
    case 0x11:
      return filetimeToIso(view.getUint32(at, true), view.getUint32(at + 4, true)) ?? `FILETIME 0x${view.getBigUint64(at, true).toString(16)}`
    case 0x12:
      return systemtimeToIso(view, at) ?? 'invalid SYSTEMTIME'
    case 0x13:
      return sidText(b, view, at, size)
    case 0x14:
      return `0x${view.getUint32(at, true).toString(16)}`
    case 0x15:
      return `0x${view.getBigUint64(at, true).toString(16)}`
    case 0x20: // EvtHandle, EvtXml: no text form in a log file; shown as bytes
    case 0x23:
      return Array.from(b.subarray(at, at + size), hex2)
        .join('')
        .toUpperCase()
    default:
      throw new EvtxFormatError(`unknown value type 0x${hex2(type)}`)
  }
}

function arrayText(type: number, b: Uint8Array, view: DataView, at: number, size: number): string {
  if (type === 0x01) {
    const items = utf16Text(b, at, at + size).split('\0')
    return items.join(', ')
  }
  if (type === 0x02)
    return latin1
      .decode(b.subarray(at, at + size))
      .replace(/\0+$/, '')
      .split('\0')
      .join(', ')
  const width = type === 0x10 ? (size % 8 === 0 ? 8 : 4) : FIXED[type]
  if (!width) throw new EvtxFormatError(`an array of value type 0x${hex2(type)} is not readable`)
  const items: string[] = []
  for (let i = 0; i + width <= size && items.length < 4096; i += width) items.push(scalar(type, b, view, at + i, width))
  return items.join(', ')
}

/**
 * Decodes one substitution value from `bytes[at, at + size)`. `nested` parses a BinXml value (type
 * 0x21): an XML fragment at that place in the chunk, itself perhaps a template instance.
 */
export function decodeValue(
  type: number,
  bytes: Uint8Array,
  view: DataView,
  at: number,
  size: number,
  nested: (at: number, end: number) => unknown[],
): SubstitutionValue {
  if (type === 0x00 || size === 0) return { kind: 'null' }
  if (type === 0x21) return { kind: 'xml', nodes: nested(at, at + size) }
  if (type & 0x80) return { kind: 'text', text: arrayText(type & 0x7f, bytes, view, at, size) }
  return { kind: 'text', text: scalar(type, bytes, view, at, size) }
}
