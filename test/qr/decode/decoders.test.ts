import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { createDecoder, createShippedDecoder, shippedPipeline } from '@qr/decode/decoders'
import { createZxingEngine } from '@qr/decode/zxing-engine'
import { FrameError, toLuma } from '@qr/image/luma'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { encodeCode128, encodeCode39 } from '@qr/synth/barcodes-1d'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'
import { qrMatrix } from '@qr/encode/qr-matrix'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'

const wasm = loadZxingWasm()
const hash = (data: Uint8ClampedArray) => createHash('sha256').update(data).digest('hex')

/** A clean, axis-aligned rendering of `modules` (true = dark), `scale` px each, quiet zone around. */
function render(width: number, rows: number, dark: (x: number, y: number) => boolean, scale: number, quiet: number) {
  const w = (width + 2 * quiet) * scale
  const h = (rows + 2 * quiet) * scale
  const data = new Uint8Array(w * h).fill(240)
  for (let y = 0; y < rows * scale; y++)
    for (let x = 0; x < width * scale; x++) if (dark(Math.floor(x / scale), Math.floor(y / scale))) data[(y + quiet * scale) * w + x + quiet * scale] = 15
  return { data, width: w, height: h }
}

describe('synthetic frames', () => {
  it('are deterministic per seed, different across seeds, and carry their expected payload', () => {
    const [spec] = frameSpecs({ seed: 42, perCell: 1, categories: ['webcam'], resolutions: [{ width: 640, height: 480 }] })
    const [other] = frameSpecs({ seed: 43, perCell: 1, categories: ['webcam'], resolutions: [{ width: 640, height: 480 }] })
    const a = synthesizeFrame(spec!)
    expect(hash(synthesizeFrame(spec!).data)).toBe(hash(a.data))
    expect(hash(synthesizeFrame(other!).data)).not.toBe(hash(a.data))
    expect(a.data.length).toBe(640 * 480 * 4)
    expect(a.expected).toMatch(/"ZtdId"|BlockSequence/)
    const empty = synthesizeFrame(frameSpecs({ seed: 42, perCell: 1, categories: ['empty'], resolutions: [{ width: 640, height: 480 }] })[0]!)
    expect(empty.expected).toBeNull()
  })

  it('selects subsets without changing frames (per-frame seeds depend on the cell, not the list)', () => {
    const all = frameSpecs({ seed: 5, perCell: 2 })
    const some = frameSpecs({ seed: 5, perCell: 2, categories: ['glare'], resolutions: [{ width: 1280, height: 720 }] })
    expect(some.map((s) => s.seed)).toEqual(all.filter((s) => s.category === 'glare' && s.width === 1280).map((s) => s.seed))
  })
})

describe('1D barcode encoders (box labels)', () => {
  it('Code 128 and Code 39 round-trip through zxing-cpp, every character of their alphabets', async () => {
    const engine = await createZxingEngine(wasm)
    const read = (bars: boolean[]) => {
      // 40 rows of bars, 3 px per module, 12-module quiet zones.
      const image = render(bars.length, 40, (x) => bars[x] === true, 3, 12)
      return engine.read(image, shippedPipeline.passes.find((p) => p.name === 'full-linear')!.options).find((s) => s.valid)
    }
    for (const text of ['PF3ABCDE', '5CG1234XYZ', '0012-3456-7890', 'abc xyz ~!@#$%^&*()_+{}|:"<>?']) {
      expect(read(encodeCode128(text))).toMatchObject({ text, format: 'Code128' })
    }
    for (const text of ['0123456789', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '-. $/+%']) {
      expect(read(encodeCode39(text))).toMatchObject({ text, format: 'Code39' })
    }
    expect(() => encodeCode39('lower')).toThrow(RangeError)
    expect(() => encodeCode128('é')).toThrow(RangeError)
    engine.dispose()
  })
})

describe('the decoder pipeline', () => {
  const payload = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b', serialNumber: 'PF3ABCDE' })
  const matrix = qrMatrix(payload)
  const clean = render(matrix.size, matrix.size, (x, y) => matrix.modules[y * matrix.size + x] === 1, 4, 4)

  it('takes grey or RGBA {data, width, height} and reports the symbol corners in frame pixels', async () => {
    const decoder = await createDecoder('shipped', wasm)
    const grey = decoder.decode(clean)
    expect(grey).toMatchObject({ text: payload, format: 'QRCode', pass: 'fit640' })
    const rgba = new Uint8ClampedArray(clean.width * clean.height * 4)
    clean.data.forEach((v, i) => rgba.set([v, v, v, 255], i * 4))
    expect(decoder.decode({ data: rgba, width: clean.width, height: clean.height })?.text).toBe(payload)
    const [topLeft, , bottomRight] = grey!.position
    expect(topLeft.x).toBeCloseTo(16, -1)
    expect(bottomRight.x).toBeCloseTo(clean.width - 16, -1)
    decoder.dispose()
  })

  it('refuses malformed frames with a FrameError instead of reading out of bounds', () => {
    expect(() => toLuma({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(FrameError)
    expect(() => toLuma({ data: new Uint8Array(0), width: 0, height: 0 })).toThrow(FrameError)
    expect(() => toLuma({ data: new Uint8Array(16), width: 2.5, height: 4 })).toThrow(FrameError)
    expect(() => toLuma({ data: new Uint8Array(4), width: 100_000, height: 100_000 })).toThrow(/too large/)
  })

  it('falls back to jsQR when the wasm cannot be instantiated, and the fallback reads clean codes', async () => {
    // Emscripten prints the compile error itself; keep the test output clean.
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const broken = await createShippedDecoder(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]))
    quiet.mockRestore()
    expect(broken.decoder.engine).toBe('jsqr')
    expect(broken.fallbackReason).toBeTruthy()
    expect(broken.decoder.decode(clean)?.text).toBe(payload)
    const missing = await createShippedDecoder(null)
    expect(missing.decoder.engine).toBe('jsqr')
    const shipped = await createShippedDecoder(wasm)
    expect(shipped).toMatchObject({ fallbackReason: null, decoder: { engine: 'zxing-wasm', name: 'shipped' } })
  })

  it('finds nothing in a blank or noise-only frame', async () => {
    const decoder = await createDecoder('shipped', wasm)
    expect(decoder.decode({ data: new Uint8Array(640 * 480).fill(128), width: 640, height: 480 })).toBeNull()
    let state = 1
    const noise = new Uint8Array(640 * 480).map(() => (state = (state * 1103515245 + 12345) >>> 0) >>> 24)
    expect(decoder.decode({ data: noise, width: 640, height: 480 })).toBeNull()
  })
})
