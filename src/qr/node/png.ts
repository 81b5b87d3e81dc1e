import { deflateSync, inflateSync } from 'node:zlib'

/**
 * A small PNG codec over node:zlib for the QR CLIs and the benchmark: decodes every standard PNG
 * (grey, RGB, palette, grey+alpha, RGBA; 1–16 bits; Adam7 interlaced) to 8-bit RGBA, and encodes
 * 8-bit grey or RGBA. Chunk CRCs are checked.
 */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8Array
}

export class PngError extends Error {
  override name = 'PngError'
}

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Refuse images whose pixels alone would need more than ~400 MB of RGBA. */
const maxPixels = 100_000_000

const crcTable = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }
const allowedDepths: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] }

export function decodePng(file: Uint8Array): RgbaImage {
  if (file.length < 8 || signature.some((b, i) => file[i] !== b)) throw new PngError('not a PNG file (bad signature)')
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  let offset = 8
  let header: { width: number; height: number; depth: number; color: number; interlace: number } | null = null
  let palette: Uint8Array | null = null
  let transparency: Uint8Array | null = null
  const idat: Uint8Array[] = []
  let ended = false
  while (offset + 12 <= file.length) {
    const length = view.getUint32(offset)
    const type = String.fromCharCode(file[offset + 4]!, file[offset + 5]!, file[offset + 6]!, file[offset + 7]!)
    const dataStart = offset + 8
    const dataEnd = dataStart + length
    if (length > 0x7fffffff || dataEnd + 4 > file.length) throw new PngError(`truncated ${type} chunk`)
    if (crc32(file, offset + 4, dataEnd) !== view.getUint32(dataEnd)) throw new PngError(`CRC mismatch in ${type} chunk`)
    const data = file.subarray(dataStart, dataEnd)
    if (type === 'IHDR') {
      if (length !== 13) throw new PngError('bad IHDR length')
      header = {
        width: view.getUint32(dataStart),
        height: view.getUint32(dataStart + 4),
        depth: data[8]!,
        color: data[9]!,
        interlace: data[12]!,
      }
    } else if (type === 'PLTE') palette = data
    else if (type === 'tRNS') transparency = data
    else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') {
      ended = true
      break
    }
    offset = dataEnd + 4
  }
  if (!header) throw new PngError('missing IHDR chunk')
  if (!ended) throw new PngError('missing IEND chunk (truncated file)')
  const { width, height, depth, color, interlace } = header
  const channels = channelsOf[color]
  if (!channels || !allowedDepths[color]?.includes(depth)) throw new PngError(`unsupported colour type ${color} with bit depth ${depth}`)
  if (width === 0 || height === 0 || width * height > maxPixels) throw new PngError(`unsupported size ${width}×${height}`)
  if (interlace > 1) throw new PngError(`unknown interlace method ${interlace}`)
  if (color === 3 && !palette) throw new PngError('palette image without PLTE')
  let raw: Uint8Array
  try {
    raw = inflateSync(concat(idat))
  } catch (error) {
    throw new PngError(`corrupt image data: ${(error as Error).message}`)
  }
  const out = new Uint8Array(width * height * 4)
  const bitsPerPixel = channels * depth
  const bytesPerPixel = Math.max(1, bitsPerPixel >> 3)
  const passes =
    interlace === 1
      ? [
          [0, 0, 8, 8],
          [4, 0, 8, 8],
          [0, 4, 4, 8],
          [2, 0, 4, 4],
          [0, 2, 2, 4],
          [1, 0, 2, 2],
          [0, 1, 1, 2],
        ]
      : [[0, 0, 1, 1]]
  let position = 0
  for (const [x0, y0, dx, dy] of passes as Array<[number, number, number, number]>) {
    const passWidth = Math.ceil((width - x0) / dx)
    const passHeight = Math.ceil((height - y0) / dy)
    if (passWidth <= 0 || passHeight <= 0) continue
    const stride = Math.ceil((passWidth * bitsPerPixel) / 8)
    let previous = new Uint8Array(stride)
    for (let row = 0; row < passHeight; row++) {
      if (position + 1 + stride > raw.length) throw new PngError('image data too short')
      const filter = raw[position]!
      const line = raw.slice(position + 1, position + 1 + stride)
      position += 1 + stride
      unfilter(filter, line, previous, bytesPerPixel)
      const y = y0 + row * dy
      for (let col = 0; col < passWidth; col++) {
        const x = x0 + col * dx
        writePixel(out, (y * width + x) * 4, line, col, color, depth, channels, palette, transparency)
      }
      previous = line
    }
  }
  return { width, height, data: out }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0)
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function unfilter(filter: number, line: Uint8Array, previous: Uint8Array, bpp: number): void {
  switch (filter) {
    case 0:
      return
    case 1:
      for (let i = bpp; i < line.length; i++) line[i] = (line[i]! + line[i - bpp]!) & 0xff
      return
    case 2:
      for (let i = 0; i < line.length; i++) line[i] = (line[i]! + previous[i]!) & 0xff
      return
    case 3:
      for (let i = 0; i < line.length; i++) line[i] = (line[i]! + (((i >= bpp ? line[i - bpp]! : 0) + previous[i]!) >> 1)) & 0xff
      return
    case 4:
      for (let i = 0; i < line.length; i++) {
        const a = i >= bpp ? line[i - bpp]! : 0
        const b = previous[i]!
        const c = i >= bpp ? previous[i - bpp]! : 0
        const p = a + b - c
        const pa = Math.abs(p - a)
        const pb = Math.abs(p - b)
        const pc = Math.abs(p - c)
        line[i] = (line[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff
      }
      return
    default:
      throw new PngError(`unknown filter type ${filter}`)
  }
}

function sampleAt(line: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return line[index]!
  if (depth === 16) return line[index * 2]! // the high byte is the 8-bit value
  const perByte = 8 / depth
  const byte = line[Math.floor(index / perByte)]!
  const shift = 8 - depth * ((index % perByte) + 1)
  return (byte >> shift) & ((1 << depth) - 1)
}

function writePixel(
  out: Uint8Array,
  o: number,
  line: Uint8Array,
  col: number,
  color: number,
  depth: number,
  channels: number,
  palette: Uint8Array | null,
  transparency: Uint8Array | null,
): void {
  const scale = depth < 8 ? 255 / ((1 << depth) - 1) : 1
  const base = col * channels
  switch (color) {
    case 0: {
      const raw = sampleAt(line, base, depth)
      const v = Math.round(raw * scale)
      out[o] = out[o + 1] = out[o + 2] = v
      const key = transparency && transparency.length >= 2 ? (transparency[0]! << 8) | transparency[1]! : -1
      const rawFull = depth === 16 ? (line[base * 2]! << 8) | line[base * 2 + 1]! : raw
      out[o + 3] = key === rawFull ? 0 : 255
      return
    }
    case 2:
      out[o] = sampleAt(line, base, depth)
      out[o + 1] = sampleAt(line, base + 1, depth)
      out[o + 2] = sampleAt(line, base + 2, depth)
      out[o + 3] = 255
      return
    case 3: {
      const index = sampleAt(line, base, depth)
      const p = palette as Uint8Array
      if (index * 3 + 2 >= p.length) throw new PngError('palette index out of range')
      out[o] = p[index * 3]!
      out[o + 1] = p[index * 3 + 1]!
      out[o + 2] = p[index * 3 + 2]!
      out[o + 3] = transparency && index < transparency.length ? transparency[index]! : 255
      return
    }
    case 4: {
      const v = sampleAt(line, base, depth)
      out[o] = out[o + 1] = out[o + 2] = v
      out[o + 3] = sampleAt(line, base + 1, depth)
      return
    }
    default:
      out[o] = sampleAt(line, base, depth)
      out[o + 1] = sampleAt(line, base + 1, depth)
      out[o + 2] = sampleAt(line, base + 2, depth)
      out[o + 3] = sampleAt(line, base + 3, depth)
  }
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length))
  return out
}

/** Encodes 8-bit grey (`channels` 1) or RGBA (`channels` 4) pixels; filter "Up" per row. */
export function encodePng(image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }, channels: 1 | 4 = 4): Uint8Array {
  const { width, height, data } = image
  if (data.length !== width * height * channels) throw new PngError(`expected ${width * height * channels} bytes, got ${data.length}`)
  const stride = width * channels
  const raw = new Uint8Array((stride + 1) * height)
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1)
    raw[o] = 2
    for (let i = 0; i < stride; i++) {
      const above = y > 0 ? data[(y - 1) * stride + i]! : 0
      raw[o + 1 + i] = (data[y * stride + i]! - above) & 0xff
    }
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  ihdr[8] = 8
  ihdr[9] = channels === 1 ? 0 : 6
  return concat([Uint8Array.from(signature), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))])
}
