import { describe, expect, it } from 'vitest'
import { decodeValue, filetimeToIso } from '@core/diagnostics/evtx/binxml-values'
import { EvtxFormatError } from '@core/diagnostics/evtx'

const value = (type: number, bytes: number[]) => {
  const b = new Uint8Array(bytes)
  return decodeValue(type, b, new DataView(b.buffer), 0, b.length, () => ['nested'])
}
const text = (type: number, bytes: number[]) => {
  const v = value(type, bytes)
  if (v.kind !== 'text') throw new Error(`expected text, got ${v.kind}`)
  return v.text
}
const le = (n: bigint, size: number) => Array.from({ length: size }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
const utf16 = (s: string) => Array.from(s).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])

describe('substitution values as Windows renders them', () => {
  it.each([
    ['UTF-16 string without its NULs', 0x01, [...utf16('Autopilot'), 0, 0], 'Autopilot'],
    ['ANSI string', 0x02, [0x41, 0x42, 0], 'AB'],
    ['Int8', 0x03, [0xff], '-1'],
    ['UInt16', 0x06, le(807n, 2), '807'],
    ['Int32', 0x07, le(0xfffffffen, 4), '-2'],
    ['UInt64', 0x0a, le(18446744073709551615n, 8), '18446744073709551615'],
    ['Bool, 1', 0x0d, [1, 0, 0, 0], 'true'],
    ['Bool, irregular non-zero', 0x0d, [0, 2, 0, 0], 'true'],
    ['Binary', 0x0e, [0xde, 0xad, 0x01], 'DEAD01'],
    [
      'GUID in braces',
      0x0f,
      [0x03, 0x4f, 0xeb, 0x70, 0xde, 0xc1, 0x73, 0x4f, 0xa0, 0x51, 0x33, 0xd1, 0x3d, 0x54, 0x13, 0xbd],
      '{70EB4F03-C1DE-4F73-A051-33D13D5413BD}',
    ],
    ['SizeT of 8 bytes', 0x10, le(0x1234n, 8), '0x1234'],
    ['SizeT of 4 bytes', 0x10, le(0xffn, 4), '0xff'],
    ['FILETIME to 100 ns', 0x11, le(132539328001234567n, 8), '2021-01-01T00:00:00.1234567Z'],
    ['SYSTEMTIME', 0x12, [0xea, 0x07, 1, 0, 0, 0, 5, 0, 10, 0, 30, 0, 15, 0, 0x7b, 0], '2026-01-05T10:30:15.123Z'],
    ['SID', 0x13, [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0], 'S-1-5-32-544'],
    ['HexInt32', 0x14, le(0x81039001n, 4), '0x81039001'],
    ['HexInt64', 0x15, le(0x8000000000000000n, 8), '0x8000000000000000'],
    ['string array', 0x81, [...utf16('a'), 0, 0, ...utf16('b'), 0, 0], 'a, b'],
    ['UInt16 array', 0x86, [...le(1n, 2), ...le(2n, 2)], '1, 2'],
  ])('%s', (_name, type, bytes, expected) => {
    expect(text(type, bytes)).toBe(expected)
  })

  it('reads null and empty values as no value, and BinXml (0x21) as a nested fragment', () => {
    expect(value(0x00, [1, 2])).toEqual({ kind: 'null' })
    expect(value(0x01, [])).toEqual({ kind: 'null' })
    expect(value(0x21, [0x0f, 1, 1, 0, 0])).toEqual({ kind: 'xml', nodes: ['nested'] })
  })

  it('refuses values too short for their type, a SID claiming more than it has, and unknown types', () => {
    expect(() => value(0x0a, [1, 2, 3])).toThrow(EvtxFormatError)
    expect(() => value(0x13, [1, 9, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0])).toThrow(/claims 9 sub-authorities/)
    expect(() => value(0x1f, [1])).toThrow(/unknown value type 0x1f/)
  })

  it('keeps FILETIMEs outside the Date range readable instead of failing', () => {
    expect(filetimeToIso(0, 0)).toBe('1601-01-01T00:00:00.0000000Z')
    expect(filetimeToIso(0xffffffff, 0xffffffff)).toBeNull()
  })
})
