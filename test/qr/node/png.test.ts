import { describe, expect, it } from 'vitest'
import { deflateSync } from 'node:zlib'
import { decodePng, encodePng, PngError } from '@qr/node/png'

/** A minimal PNG writer for the cases encodePng does not produce (palette, 16-bit, interlaced…). */
function rawPng(opts: {
  width: number
  height: number
  depth: number
  color: number
  interlace?: boolean
  rows: (y: number, pass?: number) => number[]
  palette?: number[]
  trns?: number[]
}): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (bytes: number[]) => {
    let c = 0xffffffff
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
  const chunk = (type: string, data: number[]) => {
    const body = [...type].map((c) => c.charCodeAt(0)).concat(data)
    return [...u32(data.length), ...body, ...u32(crc(body))]
  }
  const ihdr = [...u32(opts.width), ...u32(opts.height), opts.depth, opts.color, 0, 0, opts.interlace ? 1 : 0]
  const raw: number[] = []
  if (opts.interlace) {
    const passes = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ] as const
    passes.forEach(([, y0, , dy], pass) => {
      for (let y = y0; y < opts.height; y += dy) {
        const row = opts.rows(y, pass)
        if (row.length) raw.push(0, ...row)
      }
    })
  } else {
    for (let y = 0; y < opts.height; y++) raw.push(0, ...opts.rows(y))
  }
  const bytes = [
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', ihdr),
    ...(opts.palette ? chunk('PLTE', opts.palette) : []),
    ...(opts.trns ? chunk('tRNS', opts.trns) : []),
    ...chunk('IDAT', [...deflateSync(Uint8Array.from(raw))]),
    ...chunk('IEND', []),
  ]
  return Uint8Array.from(bytes)
}

const pixel = (image: { data: Uint8Array; width: number }, x: number, y: number) => [
  ...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
]

describe('PNG codec (node:zlib)', () => {
  it('round-trips grey and RGBA images through encodePng/decodePng', () => {
    const grey = { width: 7, height: 5, data: Uint8Array.from({ length: 35 }, (_, i) => (i * 37) % 256) }
    const back = decodePng(encodePng(grey, 1))
    expect(back.width).toBe(7)
    expect(pixel(back, 3, 2)).toEqual([grey.data[17], grey.data[17], grey.data[17], 255])
    const rgba = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i * 53) % 256) }
    expect([...decodePng(encodePng(rgba, 4)).data]).toEqual([...rgba.data])
  })

  it('decodes RGB, palette with transparency, 1-bit grey, 16-bit and grey+alpha', () => {
    const rgb = decodePng(rawPng({ width: 2, height: 1, depth: 8, color: 2, rows: () => [10, 20, 30, 40, 50, 60] }))
    expect(pixel(rgb, 1, 0)).toEqual([40, 50, 60, 255])
    const palette = decodePng(
      rawPng({ width: 3, height: 1, depth: 2, color: 3, palette: [255, 0, 0, 0, 255, 0, 0, 0, 255], trns: [128], rows: () => [0b00011000] }),
    )
    expect(pixel(palette, 0, 0)).toEqual([255, 0, 0, 128])
    expect(pixel(palette, 1, 0)).toEqual([0, 255, 0, 255])
    expect(pixel(palette, 2, 0)).toEqual([0, 0, 255, 255])
    const bits = decodePng(rawPng({ width: 9, height: 1, depth: 1, color: 0, rows: () => [0b10100000, 0b10000000] }))
    expect([0, 1, 2, 8].map((x) => pixel(bits, x, 0)[0])).toEqual([255, 0, 255, 255])
    const deep = decodePng(rawPng({ width: 1, height: 1, depth: 16, color: 6, rows: () => [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0] }))
    expect(pixel(deep, 0, 0)).toEqual([0x12, 0x56, 0x9a, 0xde])
    const greyAlpha = decodePng(rawPng({ width: 1, height: 1, depth: 8, color: 4, rows: () => [77, 200] }))
    expect(pixel(greyAlpha, 0, 0)).toEqual([77, 77, 77, 200])
  })

  it('decodes Adam7-interlaced images', () => {
    const width = 5
    const height = 5
    const value = (x: number, y: number) => (x * 40 + y * 7) % 256
    const starts = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ] as const
    const png = rawPng({
      width,
      height,
      depth: 8,
      color: 0,
      interlace: true,
      rows: (y, pass) => {
        const [x0, , dx] = starts[pass!]!
        const row: number[] = []
        for (let x = x0; x < width; x += dx) row.push(value(x, y))
        return row
      },
    })
    const image = decodePng(png)
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) expect(pixel(image, x, y)[0]).toBe(value(x, y))
  })

  it('refuses broken files with a PngError, never a crash', () => {
    const good = encodePng({ width: 2, height: 2, data: new Uint8Array(4) }, 1)
    expect(() => decodePng(new Uint8Array([1, 2, 3]))).toThrow(PngError)
    const flipped = good.slice()
    flipped[40] = flipped[40]! ^ 0xff
    expect(() => decodePng(flipped)).toThrow(/CRC|corrupt|short/)
    expect(() => decodePng(good.subarray(0, good.length - 12))).toThrow(/IEND|truncated/)
    const huge = rawPng({ width: 1, height: 1, depth: 8, color: 0, rows: () => [0] })
    huge.set([0x00, 0x01, 0x00, 0x00], 16) // width 65536…
    huge.set([0x00, 0x01, 0x00, 0x00], 20) // …× 65536: refused (CRC or size check), nothing allocated
    expect(() => decodePng(huge)).toThrow(PngError)
  })
})
