import { describe, expect, it } from 'vitest'
import { LzxDecoder, LzxError } from '@core/diagnostics/cab/lzx'
import { writeCab } from '@support/cab-writer'
import { lzxCompress } from '@support/lzx-writer'

/** The LZX stream of a one-folder cabinet the test writer made (its data blocks joined). */
function lzxStream(data: Uint8Array, mode: 'lzx-literals' | 'lzx-uncompressed', windowBits = 15) {
  const cab = Buffer.from(writeCab([{ name: 'x', data }], { compression: mode, windowBits }))
  let p = cab.readUInt32LE(36)
  const blocks: Buffer[] = []
  const frames: number[] = []
  for (let i = 0; i < cab.readUInt16LE(40); i++) {
    const size = cab.readUInt16LE(p + 4)
    frames.push(cab.readUInt16LE(p + 6))
    blocks.push(cab.subarray(p + 8, p + 8 + size))
    p += 8 + size
  }
  return { stream: new Uint8Array(Buffer.concat(blocks)), frames }
}

describe('LzxDecoder', () => {
  const data = new Uint8Array(70_001).map((_, i) => (i * 7919) >>> 3)

  it.each(['lzx-literals', 'lzx-uncompressed'] as const)('decodes %s frames in order, the last one short (odd-length uncompressed block)', (mode) => {
    const { stream, frames } = lzxStream(data, mode)
    expect(frames).toEqual([32_768, 32_768, 4465])
    const decoder = new LzxDecoder(15, stream)
    const out = Buffer.concat(frames.map((f) => decoder.decodeFrame(f)))
    expect(out.equals(Buffer.from(data))).toBe(true)
  })

  it('decodes matches, repeated offsets, verbatim and aligned blocks and E8 translation (lzx-writer.ts) in every window size', () => {
    // x86-like bytes: an E8 every 13 bytes, so the translation matters; repeats, so matches do.
    const x86 = new Uint8Array(100_000).map((_, i) => (i % 13 === 0 ? 0xe8 : ((i % 4000) * 2654435761) >>> 27))
    for (const windowBits of [15, 16, 17, 18, 19, 20, 21]) {
      const blocks = lzxCompress(x86, windowBits)
      const decoder = new LzxDecoder(windowBits, new Uint8Array(Buffer.concat(blocks)))
      const out = Buffer.concat(blocks.map((_, i) => decoder.decodeFrame(Math.min(32_768, x86.length - i * 32_768))))
      expect(out.equals(Buffer.from(x86))).toBe(true)
      // Real compression: far fewer bytes than literals alone would need.
      expect(blocks.reduce((n, b) => n + b.length, 0)).toBeLessThan(x86.length / 4)
    }
  })

  it('refuses window sizes outside 2^15..2^21 and frames larger than 32 KiB', () => {
    expect(() => new LzxDecoder(14, new Uint8Array(10))).toThrow(/outside the format's 2\^15\.\.2\^21/)
    expect(() => new LzxDecoder(22, new Uint8Array(10))).toThrow(LzxError)
    expect(() => new LzxDecoder(15, new Uint8Array(10)).decodeFrame(32_769)).toThrow(/outside 1\.\.32768/)
  })

  it('says a cut stream is truncated instead of reading past its end', () => {
    const { stream } = lzxStream(data, 'lzx-uncompressed')
    const decoder = new LzxDecoder(15, stream.subarray(0, 1000))
    expect(() => decoder.decodeFrame(32_768)).toThrow(/ends inside an uncompressed block \(truncated\)/)
    const literals = lzxStream(data, 'lzx-literals').stream
    expect(() => new LzxDecoder(15, literals.subarray(0, 2000)).decodeFrame(32_768)).toThrow(/truncated LZX stream/)
  })

  it('calls the deadline check before every block, so many tiny blocks cannot stall one frame', () => {
    const { stream, frames } = lzxStream(data, 'lzx-literals')
    let calls = 0
    const decoder = new LzxDecoder(15, stream, () => {
      calls += 1
      if (calls === 2) throw new Error('deadline')
    })
    decoder.decodeFrame(frames[0]!)
    expect(() => decoder.decodeFrame(frames[1]!)).toThrow('deadline')
  })
})
