import { bandpass, frameKind, toLuma, type BufferPool, type FrameInput, type LumaImage } from '../image/luma'
import { toLumaWithHalf } from '../image/luma-half'
import { downscaleTwoThirds } from '../image/downscale-two-thirds'
import type { ImageKernels } from '../image/simd/simd-kernels'

/**
 * The pipeline's image steps that have a WebAssembly SIMD version: with `kernels` they run there,
 * without (no SIMD in this runtime, or the bench's `-js` configurations) the JS versions run. Both
 * give the same pixels, so results never depend on which ran. A kernel that throws (its memory
 * could not grow: the machine is out of memory) falls back to the JS step for that frame.
 */

/** The frame's luma and, when `halfTag` is given, its 2× box downscale (tagged so in the pool). */
export function lumaOf(frame: FrameInput, pool: BufferPool, kernels: ImageKernels | null, halfTag: string | null): { luma: LumaImage; half: LumaImage | null } {
  const { width, height } = frame
  if (kernels && frameKind(frame) === 'rgba') {
    try {
      const luma = { data: pool.u8('luma', width * height), width, height }
      if (halfTag === null) {
        kernels.luma(frame.data, width * height, luma.data)
        return { luma, half: null }
      }
      const half = { data: pool.u8(halfTag, (width >> 1) * (height >> 1)), width: width >> 1, height: height >> 1 }
      kernels.lumaWithHalf(frame.data, width, height, luma.data, half.data)
      return { luma, half }
    } catch {
      // the JS steps below
    }
  }
  if (halfTag === null) return { luma: toLuma(frame, pool), half: null }
  return toLumaWithHalf(frame, pool, halfTag)
}

/** `bandpass()` — into the pool's `tag` buffer when a pool is given, else a new buffer. */
export function bandpassOf(
  kernels: ImageKernels | null,
  image: LumaImage,
  inner: number,
  outer: number,
  amount: number,
  pool?: BufferPool,
  tag = 'bandpass',
): LumaImage {
  if (kernels) {
    const out = pool ? pool.u8(tag, image.width * image.height) : new Uint8Array(image.width * image.height)
    try {
      if (kernels.bandpass(image, inner, outer, amount, out)) return { data: out, width: image.width, height: image.height }
    } catch {
      // the JS filter below
    }
  }
  return bandpass(image, inner, outer, amount, pool, tag)
}

/** `downscaleTwoThirds()` into the pool's `tag` buffer, by the SIMD kernel when there is one. */
export function twoThirdsOf(kernels: ImageKernels | null, image: LumaImage, pool: BufferPool, tag: string): LumaImage {
  if (kernels) {
    const width = 2 * Math.floor(image.width / 3)
    const height = 2 * Math.floor(image.height / 3)
    const out = pool.u8(tag, width * height)
    try {
      kernels.twoThirds(image, out)
      return { data: out, width, height }
    } catch {
      // the JS step below
    }
  }
  return downscaleTwoThirds(image, pool, tag)
}

/**
 * `read` of the image binarised as zxing's local-average binariser would (0 black, 255 white), by the
 * SIMD kernel; null where the caller should let zxing binarise: no kernels (zxing's own binariser
 * beats the JS one), an image zxing binarises otherwise, or a kernel failure. The binarised image is
 * a view of the kernels' memory, so `read` must be done with it when it returns (zxing's read copies
 * it into its heap at once).
 */
export function readBinarized<T>(kernels: ImageKernels | null, image: LumaImage, read: (binarized: LumaImage) => T): { value: T } | null {
  if (!kernels) return null
  let binarized: LumaImage | null
  try {
    binarized = kernels.binarizedView(image)
  } catch {
    return null
  }
  return binarized ? { value: read(binarized) } : null
}
