import { deflateRawSync } from 'node:zlib'
import { lzxCompress } from './lzx-writer'

/**
 * A small CAB writer for tests (docs/reference/cab-format.md): stored and MSZIP folders the way
 * makecab/gcab write them (32 KiB blocks, `CK` + a Deflate stream per block that may refer to the
 * previous block), and two simple but valid LZX encodings — literals only, and uncompressed LZX
 * blocks — so the LZX frame, block and tree-delta handling is exercised end to end. Real LZX
 * from Microsoft's compressor is tested with the public fixtures in test/main/core/diagnostics/cab/fixtures.
 */

/** `lzx`: real LZX (matches, verbatim and aligned blocks, E8) from lzx-writer.ts; the other two are the simplest valid LZX streams. */
export type CabWriterCompression = 'stored' | 'mszip' | 'lzx' | 'lzx-literals' | 'lzx-uncompressed' | 'quantum'

export interface CabWriterFile {
  name: string
  data: Uint8Array
  /** Default 0: every file in one folder, like MDMDiagnosticsTool's CABs. */
  folder?: number
}

export interface CabWriterOptions {
  compression?: CabWriterCompression
  /** LZX window, 2^15..2^21 (default 2^16). */
  windowBits?: number
  /** Write CFDATA checksums (default true). */
  checksums?: boolean
  /** Uncompressed bytes per data block (default 32768, the format's maximum). */
  blockSize?: number
  /** Mark names as UTF-8 (attribute 0x80). */
  utf8Names?: boolean
}

const MAX_BLOCK = 32_768

export function cabChecksumForTest(data: Uint8Array, size: number, uncompressed: number): number {
  let sum = 0
  const words = data.length >>> 2
  for (let i = 0; i < words; i++) sum ^= data[i * 4]! | (data[i * 4 + 1]! << 8) | (data[i * 4 + 2]! << 16) | (data[i * 4 + 3]! << 24)
  let tail = 0
  for (let o = words * 4; o < data.length; o++) tail = (tail << 8) | data[o]!
  return (sum ^ tail ^ (size | (uncompressed << 16))) >>> 0
}

/** Writes MSB-first bits into little-endian 16-bit words, as LZX reads them. */
class LzxBitWriter {
  private readonly out: number[] = []
  private word = 0
  private used = 0
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.word = (this.word << 1) | ((value >>> i) & 1)
      if (++this.used === 16) this.flushWord()
    }
  }
  private flushWord(): void {
    this.out.push(this.word & 0xff, (this.word >>> 8) & 0xff)
    this.word = 0
    this.used = 0
  }
  /** Pads to the next 16-bit boundary (frame end). */
  align(): void {
    if (this.used > 0) this.write(0, 16 - this.used)
  }
  /** Before an uncompressed block's raw bytes: 1..16 bits of padding. */
  alignForRaw(): void {
    if (this.used === 0) this.write(0, 16)
    else this.align()
  }
  bytes(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.out.push(values[i]!)
  }
  take(): Uint8Array {
    const bytes = Uint8Array.from(this.out)
    this.out.length = 0
    return bytes
  }
}

const POSITION_SLOTS: Record<number, number> = { 15: 30, 16: 32, 17: 34, 18: 36, 19: 38, 20: 42, 21: 50 }

/** One LZX frame per block; returns each block's compressed bytes. */
function lzxBlocks(data: Uint8Array, windowBits: number, mode: 'literals' | 'uncompressed'): Uint8Array[] {
  const w = new LzxBitWriter()
  const mainElements = 256 + POSITION_SLOTS[windowBits]! * 8
  const blocks: Uint8Array[] = []
  let first = true
  for (let at = 0; at < data.length; at += MAX_BLOCK) {
    const frame = data.subarray(at, Math.min(data.length, at + MAX_BLOCK))
    if (at === 0) w.write(0, 1) // no E8 translation
    if (mode === 'uncompressed') {
      w.write(3, 3)
      w.write(frame.length >>> 8, 16)
      w.write(frame.length & 0xff, 8)
      w.alignForRaw()
      w.bytes([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
      w.bytes(frame)
      if (frame.length & 1) w.bytes([0])
    } else {
      w.write(1, 3)
      w.write(frame.length >>> 8, 16)
      w.write(frame.length & 0xff, 8)
      // Pretree: symbols 0 ("same as before") and 9 ("previous - 9 mod 17", i.e. 0 → 8) with 1-bit codes 0 and 1.
      const pretree = () => {
        for (let i = 0; i < 20; i++) w.write(i === 0 || i === 9 ? 1 : 0, 4)
      }
      pretree()
      for (let i = 0; i < 256; i++) w.write(first ? 1 : 0, 1) // literals: length 8 (then unchanged)
      pretree()
      for (let i = 256; i < mainElements; i++) w.write(0, 1) // matches: unused
      pretree()
      for (let i = 0; i < 249; i++) w.write(0, 1) // length tree: empty
      // Every literal has an 8-bit code: with all 256 the same length, the code is the byte itself.
      for (const byte of frame) w.write(byte, 8)
      first = false
    }
    w.align()
    blocks.push(w.take())
  }
  return blocks
}

interface Block {
  data: Uint8Array
  uncompressed: number
}

function folderBlocks(data: Uint8Array, compression: CabWriterCompression, windowBits: number, blockSize: number): Block[] {
  const sizes: number[] = []
  for (let at = 0; at < data.length; at += blockSize) sizes.push(Math.min(blockSize, data.length - at))
  if (compression === 'lzx') return lzxCompress(data, windowBits).map((b, i) => ({ data: b, uncompressed: Math.min(MAX_BLOCK, data.length - i * MAX_BLOCK) }))
  if (compression === 'lzx-literals' || compression === 'lzx-uncompressed') {
    const blocks = lzxBlocks(data, windowBits, compression === 'lzx-literals' ? 'literals' : 'uncompressed')
    return blocks.map((b, i) => ({ data: b, uncompressed: Math.min(MAX_BLOCK, data.length - i * MAX_BLOCK) }))
  }
  let history: Uint8Array | null = null
  let at = 0
  return sizes.map((size) => {
    const raw = data.subarray(at, at + size)
    at += size
    if (compression !== 'mszip') return { data: raw, uncompressed: size }
    const deflated = deflateRawSync(raw, history ? { dictionary: history } : {})
    history = raw
    return { data: Uint8Array.from([0x43, 0x4b, ...deflated]), uncompressed: size }
  })
}

function typeCompress(compression: CabWriterCompression, windowBits: number): number {
  switch (compression) {
    case 'stored':
      return 0
    case 'mszip':
      return 1
    case 'quantum':
      return 2 | (4 << 4) | (21 << 8)
    case 'lzx':
    case 'lzx-literals':
    case 'lzx-uncompressed':
      return 3 | (windowBits << 8)
  }
}

/** Builds a single cabinet: one folder per distinct `folder` index, files in the order given. */
export function writeCab(files: readonly CabWriterFile[], options: CabWriterOptions = {}): Uint8Array {
  const compression = options.compression ?? 'mszip'
  const windowBits = options.windowBits ?? 16
  const blockSize = Math.min(MAX_BLOCK, options.blockSize ?? MAX_BLOCK)
  const folderCount = Math.max(1, ...files.map((f) => (f.folder ?? 0) + 1))
  const streams: Uint8Array[][] = Array.from({ length: folderCount }, () => [])
  const offsets = files.map((file) => {
    const stream = streams[file.folder ?? 0]!
    const offset = stream.reduce((n, b) => n + b.length, 0)
    stream.push(file.data)
    return offset
  })
  const folders = streams.map((parts) => {
    const joined = new Uint8Array(parts.reduce((n, b) => n + b.length, 0))
    let at = 0
    for (const p of parts) {
      joined.set(p, at)
      at += p.length
    }
    return folderBlocks(joined, compression, windowBits, blockSize)
  })
  const names = files.map((f) => Buffer.from(f.name, options.utf8Names ? 'utf8' : 'latin1'))
  const headerSize = 36
  const folderTableSize = folderCount * 8
  const fileTableSize = names.reduce((n, name) => n + 16 + name.length + 1, 0)
  const dataStart = headerSize + folderTableSize + fileTableSize
  const dataSize = folders.reduce((n, blocks) => n + blocks.reduce((m, b) => m + 8 + b.data.length, 0), 0)
  const out = Buffer.alloc(dataStart + dataSize)
  out.write('MSCF', 0, 'latin1')
  out.writeUInt32LE(out.length, 8)
  out.writeUInt32LE(headerSize + folderTableSize, 16)
  out[24] = 3
  out[25] = 1
  out.writeUInt16LE(folderCount, 26)
  out.writeUInt16LE(files.length, 28)
  let p = headerSize
  let data = dataStart
  for (const blocks of folders) {
    out.writeUInt32LE(data, p)
    out.writeUInt16LE(blocks.length, p + 4)
    out.writeUInt16LE(typeCompress(compression, windowBits), p + 6)
    p += 8
    for (const block of blocks) {
      const checksum = options.checksums === false ? 0 : cabChecksumForTest(block.data, block.data.length, block.uncompressed)
      out.writeUInt32LE(checksum, data)
      out.writeUInt16LE(block.data.length, data + 4)
      out.writeUInt16LE(block.uncompressed, data + 6)
      out.set(block.data, data + 8)
      data += 8 + block.data.length
    }
  }
  files.forEach((file, i) => {
    out.writeUInt32LE(file.data.length, p)
    out.writeUInt32LE(offsets[i]!, p + 4)
    out.writeUInt16LE(file.folder ?? 0, p + 8)
    out.writeUInt16LE(0x5a82, p + 10) // 2024-12-02
    out.writeUInt16LE(0x4800, p + 12) // 09:00
    out.writeUInt16LE(0x20 | (options.utf8Names ? 0x80 : 0), p + 14)
    out.set(names[i]!, p + 16)
    p += 16 + names[i]!.length + 1
  })
  return new Uint8Array(out.buffer, out.byteOffset, out.length)
}
