import { beforeAll, describe, expect, it } from 'vitest'
import { codeContrast, findFinderPatterns, insideQuad } from '@qr/decode/finder-patterns'
import { createDecoder } from '@qr/decode/decoders'
import type { FrameDecoder } from '@qr/decode/pipeline'
import { qrMatrix } from '@qr/encode/qr-matrix'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { chooseCode, frameVerdict, unreadableCodes } from '@qr/payload/choose-code'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { createRng } from '@qr/synth/random'

const payloadOf = (serialNumber: string, n: number) =>
  buildWindowsQrPayload({ id: `3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e1${n}`, ztdId: `e13be37b-1913-4983-9bc4-0d6ccfe0153${n}`, serialNumber })

/** A grey canvas with QR symbols drawn at (x, y) with `px` pixels per module, dark 30 on light 220; parts outside are cut. */
function canvas(width: number, height: number, codes: Array<{ text: string; x: number; y: number; px: number }>, noise = 0, inverted = false) {
  const data = new Uint8Array(width * height).fill(inverted ? 30 : 220)
  for (const code of codes) {
    const m = qrMatrix(code.text)
    // The label around the symbol: a light quiet zone of 4 modules.
    for (let y = -4 * code.px; y < (m.size + 4) * code.px; y++) {
      for (let x = -4 * code.px; x < (m.size + 4) * code.px; x++) {
        const fx = code.x + x
        const fy = code.y + y
        if (fx < 0 || fy < 0 || fx >= width || fy >= height) continue
        const mx = Math.floor(x / code.px)
        const my = Math.floor(y / code.px)
        const dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.modules[my * m.size + mx] === 1
        data[fy * width + fx] = dark !== inverted ? 30 : 220
      }
    }
  }
  if (noise > 0) {
    const rng = createRng(7)
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + (rng.next() - 0.5) * 2 * noise)))
  }
  return { data, width, height }
}

describe('QR finder patterns on their own', () => {
  const text = payloadOf('PF3ABCDE', 1)
  const size = qrMatrix(text).size

  it('finds the three finder patterns of a symbol at their centres (3.5 modules in from the corners)', () => {
    const px = 3
    const patterns = findFinderPatterns(canvas(400, 300, [{ text, x: 40, y: 30, px }]), { minModule: 2, maxModule: 5 })
    const centres = patterns.map((p) => [Math.round((p.x - 40) / px), Math.round((p.y - 30) / px)]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)
    expect(centres).toEqual(
      [
        [3, 3],
        [3, size - 4],
        [size - 4, 3],
      ].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    )
    for (const p of patterns) expect(p.module).toBeCloseTo(px, 0)
  })

  it('finds what is left of a symbol cut off by the edge, light-on-dark symbols when asked, and nothing in noise', () => {
    const cut = findFinderPatterns(canvas(200, 300, [{ text, x: 40, y: 30, px: 3 }]), { minModule: 2, maxModule: 5 })
    expect(cut.map((p) => Math.round((p.x - 40) / 3))).toEqual([3, 3])
    const dark = canvas(400, 300, [{ text, x: 40, y: 30, px: 3 }], 0, true)
    expect(findFinderPatterns(dark, { minModule: 2, maxModule: 5 })).toHaveLength(0)
    expect(findFinderPatterns(dark, { minModule: 2, maxModule: 5, inverted: true })).toHaveLength(3)
    expect(findFinderPatterns(canvas(400, 300, [], 40), { minModule: 1, maxModule: 8 })).toEqual([])
  })

  it("a faint pattern is refused when the caller asks for more contrast than it has; codeContrast reads a code's own", () => {
    const image = canvas(400, 300, [{ text, x: 40, y: 30, px: 3 }])
    // The same symbol at a tenth of the contrast: dark 120, light 139.
    const faint = { ...image, data: image.data.map((v) => Math.round(120 + ((v - 30) * 19) / 190)) }
    expect(findFinderPatterns(faint, { minModule: 2, maxModule: 5 })).toHaveLength(3)
    expect(findFinderPatterns(faint, { minModule: 2, maxModule: 5, minContrast: 40 })).toEqual([])
    const quad = [
      { x: 40, y: 30 },
      { x: 40 + size * 3, y: 30 },
      { x: 40 + size * 3, y: 30 + size * 3 },
      { x: 40, y: 30 + size * 3 },
    ]
    expect(codeContrast(image, quad)).toBe(190)
    expect(codeContrast(faint, quad)).toBeLessThan(25)
  })

  it('ignores patterns outside the module range it is given', () => {
    const image = canvas(600, 400, [{ text, x: 40, y: 30, px: 6 }])
    expect(findFinderPatterns(image, { minModule: 2, maxModule: 4 })).toEqual([])
    expect(findFinderPatterns(image, { minModule: 4, maxModule: 8 })).toHaveLength(3)
  })

  it('insideQuad grows the quad by a margin', () => {
    const quad = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ]
    expect(insideQuad({ x: 5, y: 5 }, quad)).toBe(true)
    expect(insideQuad({ x: 12, y: 5 }, quad)).toBe(false)
    expect(insideQuad({ x: 12, y: 5 }, quad, 3)).toBe(true)
  })
})

describe('a neighbouring code cut off by the edge of the picture', () => {
  let decoder: FrameDecoder
  beforeAll(async () => {
    decoder = await createDecoder('shipped', loadZxingWasm())
  })
  const deviceA = payloadOf('PF3ABCDE', 1)
  const deviceB = payloadOf('5CG1234XYZ', 2)
  const px = 5

  it('is not acted on blindly: the app asks, listing the code it read and one it could not', () => {
    const size = qrMatrix(deviceA).size
    // A fully in view on the left; B to its right with its right-hand finder column past the edge.
    const frame = canvas(1280, 720, [
      { text: deviceA, x: 200, y: 200, px },
      { text: deviceB, x: 200 + (size + 10) * px, y: 200, px },
    ])
    frame.width = 200 + (size + 10) * px + (size - 6) * px
    const cropped = { data: new Uint8Array(frame.width * 720), width: frame.width, height: 720 }
    for (let y = 0; y < 720; y++) cropped.data.set(frame.data.subarray(y * 1280, y * 1280 + frame.width), y * frame.width)
    const scan = decoder.scan(cropped)
    expect(scan.symbols.map((s) => s.text)).toEqual([deviceA])
    expect(scan.partial.length).toBeGreaterThanOrEqual(1)
    const verdict = frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan)))
    expect(verdict).toMatchObject({ text: null, candidates: [deviceA] })
  })

  it('a lone code with nothing beside it is acted on as before', () => {
    const scan = decoder.scan(canvas(1280, 720, [{ text: deviceA, x: 200, y: 200, px }], 6))
    expect(scan.partial).toEqual([])
    expect(frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan))).text).toBe(deviceA)
  })
})
