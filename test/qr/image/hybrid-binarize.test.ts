import { describe, expect, it } from 'vitest'
import { shippedPipeline } from '@qr/decode/decoders'
import { createPipelineDecoder } from '@qr/decode/pipeline'
import { createZxingEngine, type ZxingEngine } from '@qr/decode/zxing-engine'
import { hybridBinarize } from '@qr/image/hybrid-binarize'
import { toLuma, type LumaImage } from '@qr/image/luma'
import { createSimdKernels } from '@qr/image/simd/simd-kernels'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { isAutopilotCode } from '@qr/payload/choose-code'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'
import { naiveHybridBinarize, rgba } from '../support/reference-images'

/** Grey images with noise, a gradient, flat patches (blocks without contrast) and a flat edge. */
function testImage(width: number, height: number, seed: number): LumaImage {
  const grey = toLuma({ data: rgba(width, height, seed), width, height })
  const data = new Uint8Array(grey.data)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      // Flat corners (top left, bottom right) in the larger images: windows without any contrast at
      // the start and the end of the grid, which take their neighbours' thresholds.
      const corner = width >= 90 && height >= 90 && ((x < 44 && y < 44) || (x >= width - 44 && y >= height - 44))
      if (corner) data[i] = 60
      else if (((x >> 5) + (y >> 5) + seed) % 3 === 0)
        data[i] = 90 + ((seed + x) % 7) // a flat patch
      else if (x > width - 12)
        data[i] = 200 // a flat band at the right edge
      else data[i] = Math.min(255, (data[i]! >> 1) + (x % 97))
    }
  }
  return { data, width, height }
}

const sizes: [number, number][] = [
  [40, 40],
  [41, 47],
  [48, 40],
  [57, 93],
  [63, 41],
  [269, 269],
  [640, 360],
  [852, 480],
  [1280, 720],
]

describe("zxing's local-average binariser, reproduced", () => {
  it.each(sizes)('the JS reference gives the pixels of zxing-cpp written out directly (%i×%i)', (width, height) => {
    for (const seed of [1, 2, 3]) {
      const image = testImage(width, height, width + seed)
      const expected = naiveHybridBinarize(image)
      expect(expected).not.toBeNull()
      expect(Buffer.from(hybridBinarize(image)!.data).equals(Buffer.from(expected!))).toBe(true)
    }
  })

  it.each(sizes)('the SIMD kernel gives the same pixels (%i×%i)', (width, height) => {
    const kernels = createSimdKernels()!
    for (const seed of [1, 2, 3]) {
      const image = testImage(width, height, height + seed)
      // The view left in the kernels' memory (what the pipeline hands zxing).
      const view = kernels.binarizedView(image)!
      expect([view.width, view.height]).toEqual([width, height])
      expect(Buffer.from(view.data).equals(Buffer.from(naiveHybridBinarize(image)!))).toBe(true)
    }
  })

  it('declines where zxing binarises by its global histogram: under 40 px, or no block with contrast', () => {
    const kernels = createSimdKernels()!
    for (const image of [testImage(39, 200, 5), testImage(200, 39, 5), { data: new Uint8Array(100 * 80).fill(128), width: 100, height: 80 }]) {
      expect(hybridBinarize(image)).toBeNull()
      expect(naiveHybridBinarize(image)).toBeNull()
      expect(kernels.binarizedView(image)).toBeNull()
    }
  })

  it('zxing reads the binarised image exactly as it reads the grey one: same symbols, errors, positions and polarity', async () => {
    const engine = await createZxingEngine(loadZxingWasm())
    const kernels = createSimdKernels()!
    // Every local-average read the shipped pipeline makes (zxing binarising itself), replayed on the kernel's image.
    const reads: { image: LumaImage; options: Parameters<ZxingEngine['read']>[1] }[] = []
    const recording: ZxingEngine = {
      read: (image, options) => {
        if (options.binarizer === 'LocalAverage') reads.push({ image: { ...image, data: image.data.slice() }, options })
        return engine.read(image, options)
      },
      dispose: () => undefined,
    }
    const decoder = createPipelineDecoder(recording, shippedPipeline, {
      kernels: { ...kernels, binarizedView: () => null },
      wanted: isAutopilotCode,
      lookAround: true,
      restoreFinders: true,
    })
    const categories = ['clean', 'inverted', 'webcam', 'mjpeg', 'finger', 'steep', 'second', 'twocodes', 'darkglare', 'empty'] as const
    for (const spec of frameSpecs({ seed: 77, perCell: 3, categories: [...categories], resolutions: [{ width: 1280, height: 720 }] })) {
      decoder.scan(synthesizeFrame(spec))
    }
    expect(reads.length).toBeGreaterThan(40)
    let located = 0
    for (const { image, options } of reads) {
      const binarized = kernels.binarizedView(image)
      if (!binarized) continue
      const cast = engine.read(binarized, { ...options, binarizer: 'BoolCast' })
      const grey = engine.read(image, options)
      expect(cast).toEqual(grey)
      located += grey.length
    }
    expect(located).toBeGreaterThan(10)
    engine.dispose()
  }, 60_000)
})
