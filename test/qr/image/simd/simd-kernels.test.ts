import { describe, expect, it } from 'vitest'
import { createDecoder, shippedPipeline, zxingPipelines } from '@qr/decode/decoders'
import { createPipelineDecoder } from '@qr/decode/pipeline'
import { createZxingEngine, type RawSymbol, type ZxingEngine, type ZxingPassOptions } from '@qr/decode/zxing-engine'
import { bandpass, createBufferPool, FrameError, toLuma } from '@qr/image/luma'
import { downscaleTwoThirds } from '@qr/image/downscale-two-thirds'
import { toLumaWithHalf } from '@qr/image/luma-half'
import { bandpassKernel } from '@qr/image/simd/kernel-bandpass'
import { halfKernel, lumaKernel } from '@qr/image/simd/kernel-luma'
import { twoThirdsKernel } from '@qr/image/simd/kernel-two-thirds'
import { applyThresholdsKernel, blockThresholdsKernel } from '@qr/image/simd/kernel-binarize'
import { createSimdKernels, type ImageKernels } from '@qr/image/simd/simd-kernels'
import { sleb, uleb, writeModule } from '@qr/image/simd/wasm-writer'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'
import { naiveBandpass, rgba } from '../../support/reference-images'

const kernels = createSimdKernels()

describe('the wasm writer', () => {
  it('encodes LEB128 as the spec does', () => {
    expect(uleb(0)).toEqual([0])
    expect(uleb(127)).toEqual([0x7f])
    expect(uleb(128)).toEqual([0x80, 0x01])
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26])
    expect(sleb(-1)).toEqual([0x7f])
    expect(sleb(63)).toEqual([0x3f])
    expect(sleb(64)).toEqual([0xc0, 0x00])
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78])
  })

  it('writes a module the runtime validates, exporting the memory and the six kernels', () => {
    const bytes = writeModule([lumaKernel, halfKernel, bandpassKernel, twoThirdsKernel, blockThresholdsKernel, applyThresholdsKernel], 1)
    expect(WebAssembly.validate(bytes)).toBe(true)
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.kind}:${e.name}`)
    expect(names).toEqual([
      'memory:memory',
      'function:luma',
      'function:half',
      'function:bandpass',
      'function:twoThirds',
      'function:blockThresholds',
      'function:applyThresholds',
    ])
    expect(kernels).not.toBeNull() // Node 20 and Electron's Chromium both have WebAssembly SIMD
  })
})

describe('SIMD kernels give exactly the pixels of the JS image steps', () => {
  const sizes: [number, number][] = [
    [1, 1],
    [2, 2],
    [3, 3],
    [1, 7],
    [17, 9],
    [64, 36],
    [65, 37],
    [641, 361],
    [1280, 720],
  ]

  it.each(sizes)('RGBA → luma and its 2× downscale (%i×%i)', (width, height) => {
    const data = rgba(width, height, width * 13 + height)
    const reference = toLumaWithHalf({ data, width, height }, createBufferPool(), 'half')
    const luma = new Uint8Array(width * height)
    const half = new Uint8Array((width >> 1) * (height >> 1))
    kernels!.lumaWithHalf(data, width, height, luma, half)
    expect(Buffer.from(luma).equals(Buffer.from(reference.luma.data))).toBe(true)
    expect(Buffer.from(half).equals(Buffer.from(reference.half.data))).toBe(true)
    const lumaOnly = new Uint8Array(width * height)
    kernels!.luma(data, width * height, lumaOnly)
    expect(Buffer.from(lumaOnly).equals(Buffer.from(toLuma({ data, width, height }).data))).toBe(true)
  })

  it.each(sizes)('2/3 area downscale (%i×%i)', (width, height) => {
    const image = toLuma({ data: rgba(width, height, width * 5 + height), width, height })
    const reference = downscaleTwoThirds(image, createBufferPool(), 'two-thirds')
    const out = new Uint8Array(reference.width * reference.height)
    kernels!.twoThirds(image, out)
    expect(Buffer.from(out).equals(Buffer.from(reference.data))).toBe(true)
  })

  it('2/3 area downscale keeps the extremes (sums up to 2295 in 16-bit lanes)', () => {
    for (const level of [0, 255]) {
      const image = { data: new Uint8Array(48 * 9).fill(level), width: 48, height: 9 }
      const out = new Uint8Array(32 * 6)
      kernels!.twoThirds(image, out)
      expect(new Set(out)).toEqual(new Set([level]))
    }
  })

  it.each([
    [1, 5, 2, 641, 361],
    [1, 5, 2, 40, 30],
    [0, 3, 8, 17, 9],
    [0, 1, 8, 1, 1],
    [1, 1, 4, 3, 2],
    [2, 7, 3, 23, 31],
    [1, 4, 4, 2, 7],
    [0, 7, 8, 9, 1],
  ])('band-pass inner %i outer %i amount %i on %i×%i', (inner, outer, amount, width, height) => {
    const image = toLuma({ data: rgba(width, height, inner * 7 + outer + width), width, height })
    const out = new Uint8Array(width * height)
    expect(kernels!.bandpass(image, inner, outer, amount, out)).toBe(true)
    expect(Array.from(out)).toEqual(Array.from(bandpass(image, inner, outer, amount).data))
    expect(Array.from(out)).toEqual(Array.from(naiveBandpass(image, inner, outer, amount)))
  })

  it('declines what 16-bit lanes cannot hold (the JS filter runs instead) and writes nothing', () => {
    const image = toLuma({ data: rgba(20, 20, 3), width: 20, height: 20 })
    const out = new Uint8Array(400).fill(7)
    expect(kernels!.bandpass(image, 2, 9, 3, out)).toBe(false)
    expect(kernels!.bandpass(image, 0, 3, 70, out)).toBe(false)
    expect(kernels!.bandpass(image, 0.5, 3, 2, out)).toBe(false)
    expect(out.every((v) => v === 7)).toBe(true)
  })

  it('stays exact when its memory grows between calls of different sizes', () => {
    for (const [width, height] of [
      [8, 8],
      [1920, 1080],
      [5, 3],
      [2560, 1440],
      [31, 17],
    ] as const) {
      const data = rgba(width, height, width + height)
      const luma = new Uint8Array(width * height)
      const half = new Uint8Array((width >> 1) * (height >> 1))
      kernels!.lumaWithHalf(data, width, height, luma, half)
      expect(Buffer.from(luma).equals(Buffer.from(toLuma({ data, width, height }).data))).toBe(true)
    }
  })
})

describe('the shipped pipeline with and without the SIMD kernels', () => {
  it('returns the same result from the same pass for every frame (same pixels, same decisions)', async () => {
    const wasm = loadZxingWasm()
    const simd = await createDecoder('shipped', wasm)
    const js = await createDecoder('shipped-js', wasm)
    expect(js.name).toBe('shipped-js')
    // A malformed frame is refused before any kernel runs, as with the JS steps.
    expect(() => simd.decode({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(FrameError)
    expect(() => js.decode({ data: new Uint8Array(10), width: 4, height: 4 })).toThrow(FrameError)
    const specs = frameSpecs({
      seed: 314,
      perCell: 1,
      resolutions: [
        { width: 1280, height: 720 },
        { width: 640, height: 480 },
      ],
    })
    for (const spec of specs) {
      const frame = synthesizeFrame(spec)
      const a = simd.decode(frame)
      const b = js.decode(frame)
      expect({ category: spec.category, text: a?.text ?? null, pass: a?.pass ?? null }).toEqual({
        category: spec.category,
        text: b?.text ?? null,
        pass: b?.pass ?? null,
      })
    }
    simd.dispose()
    js.dispose()
  }, 60_000)
})

describe('refine right after the 640 px passes', () => {
  /** A fake zxing: the first 640 px pass locates a QR symbol it cannot read; refine reads it. */
  function fakeEngine(reads: { width: number; options: ZxingPassOptions }[]): ZxingEngine {
    const quad = [
      { x: 200, y: 100 },
      { x: 440, y: 100 },
      { x: 440, y: 340 },
      { x: 200, y: 340 },
    ] as RawSymbol['position']
    const symbol = (valid: boolean): RawSymbol => ({
      valid,
      error: valid ? '' : 'ChecksumError',
      text: valid ? 'payload' : '',
      bytes: new Uint8Array(),
      format: 'QRCode',
      version: '10',
      position: quad,
      inverted: false,
    })
    return {
      read(image, options) {
        reads.push({ width: image.width, options })
        // The first pass reads for one symbol, then (something located) for all of them.
        if (reads.length <= 2) return [symbol(false)]
        // Only the refine stage's reads (QR, no error reporting) succeed.
        return options.returnErrors || !options.formats.includes('QRCode') ? [] : [symbol(true)]
      },
      dispose() {},
    }
  }
  const frame = { data: new Uint8Array(1280 * 720).fill(128), width: 1280, height: 720 }

  it('skips the full-resolution and 1D passes once a QR symbol is located', () => {
    const reads: { width: number; options: ZxingPassOptions }[] = []
    const result = createPipelineDecoder(fakeEngine(reads), shippedPipeline, { kernels }).decode(frame)
    expect(result?.pass).toMatch(/^refine:/)
    expect(reads.some((r) => r.options.formats.includes('Code128'))).toBe(false)
    expect(reads.filter((r) => r.width === 1280)).toEqual([])
  })

  it('ran every pass first in the order it replaced (kept as a bench configuration)', () => {
    const reads: { width: number; options: ZxingPassOptions }[] = []
    const result = createPipelineDecoder(fakeEngine(reads), zxingPipelines['shipped-late-refine']!, { kernels }).decode(frame)
    expect(result?.pass).toMatch(/^refine:/)
    expect(reads.some((r) => r.options.formats.includes('Code128'))).toBe(true)
  })
})

describe('when a kernel fails (its memory cannot grow)', () => {
  it('the frame is still decoded, by the JS steps, with the same result', async () => {
    const wasm = loadZxingWasm()
    const failing: ImageKernels = {
      luma: () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
      },
      lumaWithHalf: () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
      },
      bandpass: () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
      },
      twoThirds: () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
      },
      binarizedView: () => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')
      },
    }
    const decoder = createPipelineDecoder(await createZxingEngine(wasm), shippedPipeline, { kernels: failing })
    const reference = await createDecoder('shipped-js', wasm)
    for (const category of ['clean', 'dimwebcam', 'blur'] as const) {
      const frame = synthesizeFrame(frameSpecs({ seed: 99, perCell: 1, categories: [category], resolutions: [{ width: 1280, height: 720 }] })[0]!)
      expect(decoder.decode(frame)?.text ?? null).toEqual(reference.decode(frame)?.text ?? null)
    }
    decoder.dispose()
    reference.dispose()
  })
})
