import { bandpassWeights, type LumaImage } from '../luma'
import { blockGrid, minBinarizeSide, smoothBlockThresholds } from '../hybrid-binarize'
import { applyThresholdsKernel, blockThresholdsKernel } from './kernel-binarize'
import { bandpassKernel } from './kernel-bandpass'
import { halfKernel, lumaKernel } from './kernel-luma'
import { twoThirdsKernel } from './kernel-two-thirds'
import { writeModule } from './wasm-writer'

/**
 * The decoder's costliest image steps — RGBA → luma (+ its 2× downscale), the band-pass filter, the
 * 2/3 area downscale and zxing's local-average binarisation — as WebAssembly SIMD kernels, producing
 * exactly the pixels of the JS versions in luma.ts, luma-half.ts, downscale-two-thirds.ts and
 * hybrid-binarize.ts (tested), several times faster (bench:qr, docs/benchmarks.md). Inputs are copied
 * into the module's memory and results copied out, so callers keep plain Uint8Arrays and a
 * `memory.grow` can never detach a buffer the pipeline still holds — except `binarizedView`, whose
 * caller hands the view to zxing's read (which copies it) before any other kernel runs.
 *
 * `createSimdKernels()` returns null where WebAssembly SIMD is unavailable; the pipeline then uses
 * the JS versions. Compiling needs the CSP's 'wasm-unsafe-eval', which the zxing decoder needs too.
 */
export interface ImageKernels {
  /** `toLuma` for a 4-byte-per-pixel frame, into `luma` (w·h). */
  luma(rgba: Uint8Array | Uint8ClampedArray, pixels: number, luma: Uint8Array): void
  /** `toLumaWithHalf` for a 4-byte-per-pixel frame, into `luma` (w·h) and `half` (⌊w/2⌋·⌊h/2⌋). */
  lumaWithHalf(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, luma: Uint8Array, half: Uint8Array): void
  /** `bandpass(image, inner, outer, amount)` into `out`; false (nothing written) when outside the 16-bit lanes. */
  bandpass(image: LumaImage, inner: number, outer: number, amount: number, out: Uint8Array): boolean
  /** `downscaleTwoThirds(image)` into `out` (2·⌊w/3⌋ · 2·⌊h/3⌋). */
  twoThirds(image: LumaImage, out: Uint8Array): void
  /**
   * zxing's local-average binarisation (`hybridBinarize`: 0 black, 255 white), left in the module's
   * memory: a view that the next call of any kernel may overwrite (or detach, if its memory grows),
   * for a caller that copies it at once — zxing's read copies the image into its own heap first thing,
   * so the binarised image is copied once. Null where zxing would binarise by its global histogram.
   */
  binarizedView(image: LumaImage): LumaImage | null
}

interface KernelExports {
  memory: WebAssembly.Memory
  luma(src: number, dst: number, pixels: number): void
  half(src: number, width: number, height: number, dst: number): void
  bandpass(
    src: number,
    width: number,
    height: number,
    inner: number,
    outer: number,
    ki: number,
    ko: number,
    dst: number,
    colInner: number,
    colOuter: number,
  ): void
  twoThirds(src: number, width: number, height: number, dst: number): void
  blockThresholds(src: number, width: number, height: number, raw: number, stride: number): void
  applyThresholds(src: number, width: number, height: number, thresholds: number, columns: number, rows: number, dst: number, line: number): void
}

/** Bytes past every region the kernels may read or write beyond its end. */
const slack = 64
const align = (offset: number): number => (offset + 15) & ~15
const pageBytes = 65_536
const bandRows = 16

let compiled: WebAssembly.Module | null | undefined
function compile(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(writeModule([lumaKernel, halfKernel, bandpassKernel, twoThirdsKernel, blockThresholdsKernel, applyThresholdsKernel], 1))
    } catch {
      compiled = null // no SIMD (or no WebAssembly at all): the JS image operations are used
    }
  }
  return compiled
}

export function createSimdKernels(): ImageKernels | null {
  const module = compile()
  if (!module) return null
  const kernels = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports
  const { memory } = kernels
  /** Grows the memory to `bytes` and returns a view of all of it (fresh after a grow). */
  const heap = (bytes: number): Uint8Array => {
    const missing = bytes - memory.buffer.byteLength
    if (missing > 0) memory.grow(Math.ceil(missing / pageBytes))
    return new Uint8Array(memory.buffer)
  }
  /**
   * RGBA → luma (and its 2× downscale when `half` is given) a band of `bandRows` rows at a time: the
   * frame's 3.7 MB (720p) pass through a 100 KB stretch of the module's memory that stays in the CPU
   * cache, instead of a frame-sized copy that pushed the decoder's working set out of it before every
   * frame (single-shot decodes 4–6 % faster in all, docs/benchmarks.md). Bands start on even rows, so
   * the downscale's row pairs never straddle two bands: the same pixels as the whole-frame kernels.
   * `total` pixels in all (the last band of a bare pixel count may be short).
   */
  const lumaBands = (rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, lumaOut: Uint8Array, half: Uint8Array | null, total: number) => {
    const halfWidth = width >> 1
    const rgbaAt = slack
    const lumaAt = align(rgbaAt + 4 * width * bandRows + slack)
    const halfAt = align(lumaAt + width * bandRows + slack)
    const memoryView = heap(halfAt + halfWidth * (bandRows >> 1) + slack)
    for (let y0 = 0; y0 < height; y0 += bandRows) {
      const rows = Math.min(bandRows, height - y0)
      const pixels = Math.min(rows * width, total - y0 * width)
      memoryView.set(rgba.subarray(4 * y0 * width, 4 * (y0 * width + pixels)), rgbaAt)
      kernels.luma(rgbaAt, lumaAt, pixels)
      lumaOut.set(memoryView.subarray(lumaAt, lumaAt + pixels), y0 * width)
      const pairs = rows >> 1
      if (half && pairs > 0 && halfWidth > 0) {
        kernels.half(lumaAt, width, 2 * pairs, halfAt)
        half.set(memoryView.subarray(halfAt, halfAt + halfWidth * pairs), (y0 >> 1) * halfWidth)
      }
    }
  }
  /** The binarised image in the module's memory (a view: valid until the next kernel call), or null. */
  const binarizedView = (image: LumaImage): LumaImage | null => {
    const { width, height } = image
    if (width < minBinarizeSide || height < minBinarizeSide) return null
    const { columns, rows } = blockGrid(width, height)
    const pixels = width * height
    // One spare threshold per block row: the kernel's last pair of blocks may write past the row.
    const stride = columns + 1
    const srcAt = slack
    const rawAt = align(srcAt + pixels + slack)
    const smoothAt = align(rawAt + stride * rows + slack)
    const lineAt = align(smoothAt + columns * rows + slack)
    const dstAt = align(lineAt + width + slack)
    const memoryView = heap(dstAt + pixels + slack)
    memoryView.set(image.data.subarray(0, pixels), srcAt)
    kernels.blockThresholds(srcAt, width, height, rawAt, stride)
    // The smoothing works on a grid of a few thousand blocks: in JS, straight into the module's memory.
    const raw = memoryView.subarray(rawAt, rawAt + stride * rows)
    if (!smoothBlockThresholds(raw, columns, rows, stride, memoryView.subarray(smoothAt, smoothAt + columns * rows))) return null
    kernels.applyThresholds(srcAt, width, height, smoothAt, columns, rows, dstAt, lineAt)
    return { data: memoryView.subarray(dstAt, dstAt + pixels), width, height }
  }
  return {
    // Without the downscale rows do not matter: chunks of 16 rows of 1024 pixels.
    luma: (rgba, pixels, out) => lumaBands(rgba, 1024, Math.ceil(pixels / 1024), out, null, pixels),
    lumaWithHalf: (rgba, width, height, lumaOut, half) => lumaBands(rgba, width, height, lumaOut, half, width * height),
    bandpass(image, inner, outer, amount, out) {
      const { ki, ko } = bandpassWeights(inner, outer, amount)
      const lanesHoldIt =
        Number.isInteger(inner) && Number.isInteger(outer) && inner >= 0 && outer >= inner && outer <= 7 && ki <= 0xffff && ko >= 0 && ko <= 0xffff
      if (!lanesHoldIt) return false
      const { width, height } = image
      const pixels = width * height
      const lanes = width + 2 * outer + 26
      const srcAt = slack
      const colInnerAt = align(srcAt + pixels + slack)
      const colOuterAt = align(colInnerAt + 2 * lanes)
      const dstAt = align(colOuterAt + 2 * lanes)
      const memoryView = heap(dstAt + pixels + slack)
      memoryView.set(image.data.subarray(0, pixels), srcAt)
      memoryView.fill(0, colInnerAt, dstAt)
      kernels.bandpass(srcAt, width, height, inner, outer, ki, ko, dstAt, colInnerAt, colOuterAt)
      out.set(memoryView.subarray(dstAt, dstAt + pixels))
      return true
    },
    twoThirds(image, out) {
      const { width, height } = image
      const pixels = width * height
      const outPixels = 2 * Math.floor(width / 3) * 2 * Math.floor(height / 3)
      const srcAt = slack
      const dstAt = align(srcAt + pixels + slack)
      const memoryView = heap(dstAt + outPixels + slack)
      memoryView.set(image.data.subarray(0, pixels), srcAt)
      kernels.twoThirds(srcAt, width, height, dstAt)
      out.set(memoryView.subarray(dstAt, dstAt + outPixels))
    },
    binarizedView,
  }
}
