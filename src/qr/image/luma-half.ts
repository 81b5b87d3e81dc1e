import { downscale, frameKind, toLuma, type BufferPool, type FrameInput, type LumaImage } from './luma'

/**
 * RGBA → full-resolution luma *and* its 2× box downscale in one sweep over the frame. At 1280×720
 * the first decoder passes read the 640×360 image and the later ones the full one; converting and
 * downscaling separately walks the 3.7 MB frame and then the 0.9 MB luma again (about 1 ms of the
 * ~12 ms a frame without a code costs here). Output is identical to `downscale(toLuma(frame), 2)`.
 */
export interface LumaPair {
  luma: LumaImage
  half: LumaImage
}

const y601 = (v: number): number => (306 * (v & 0xff) + 601 * ((v >>> 8) & 0xff) + 117 * ((v >>> 16) & 0xff) + 512) >> 10

export function toLumaWithHalf(frame: FrameInput, pool: BufferPool, halfTag: string): LumaPair {
  const { data, width, height } = frame
  if (frameKind(frame) === 'grey' || data.byteOffset % 4 !== 0) {
    const luma = toLuma(frame, pool)
    return { luma, half: downscale(luma, 2, pool, halfTag) }
  }
  const out = pool.u8('luma', width * height)
  const hw = width >> 1
  const hh = height >> 1
  const half = pool.u8(halfTag, hw * hh)
  // Little-endian 32-bit reads: R in the low byte; alpha ignored.
  const words = new Uint32Array(data.buffer, data.byteOffset, width * height)
  for (let y = 0; y < hh; y++) {
    const r0 = 2 * y * width
    const r1 = r0 + width
    const o = y * hw
    for (let x = 0; x < hw; x++) {
      const i = r0 + 2 * x
      const j = r1 + 2 * x
      const a = y601(words[i]!)
      const b = y601(words[i + 1]!)
      const c = y601(words[j]!)
      const d = y601(words[j + 1]!)
      out[i] = a
      out[i + 1] = b
      out[j] = c
      out[j + 1] = d
      half[o + x] = (a + b + c + d + 2) >> 2
    }
    // An odd width leaves one column the downscale drops; the full image still needs it.
    if (width & 1) {
      out[r0 + width - 1] = y601(words[r0 + width - 1]!)
      out[r1 + width - 1] = y601(words[r1 + width - 1]!)
    }
  }
  if (height & 1) {
    const row = (height - 1) * width
    for (let x = 0; x < width; x++) out[row + x] = y601(words[row + x]!)
  }
  return { luma: { data: out, width, height }, half: { data: half, width: hw, height: hh } }
}
